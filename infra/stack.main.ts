import { createLogger } from '@app/logging';
import { Stack } from './stack';

async function main(): Promise<void> {
  const log = createLogger('stack');
  const started = Date.now();
  const stack = new Stack();
  let exiting = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (exiting) return;
    exiting = true;
    log.info(`received ${signal}`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stopping failed', { err: error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    const urls = await stack.start();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log.info('stack is up', { seconds, ...urls });
    process.stderr.write(
      [
        '',
        `  Secondment engine is up (${seconds} s)`,
        `  Web UI              ${urls.api}/   (the sign-in page lists the demo accounts when they are seeded)`,
        `  API                 ${urls.api}/api/v1   (health: ${urls.api}/health)`,
        `  OpenAPI docs        ${urls.docs}`,
        `  Temporal Web UI     ${urls.temporalUi ?? '(external cluster: use its own UI)'}`,
        `  Temporal            ${urls.temporalAddress}`,
        `  PostgreSQL          ${urls.database}`,
        '  Ctrl-C stops everything; the data stays for the next start.',
        '',
      ].join('\n') + '\n',
    );
  } catch (error) {
    log.fatal('the stack failed to start', { err: error });
    await stack.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
