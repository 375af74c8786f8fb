import { createLogger } from '@app/logging';
import { provisionAll } from './provision';

/** `npm run provision`: installs (or finds in the cache) every binary the stack and the tests need. */
async function main(): Promise<void> {
  const log = createLogger('provision');
  const started = Date.now();
  const result = await provisionAll(log);
  log.info('provisioning done', { seconds: (Date.now() - started) / 1000, ...result });
}

main().catch((error: unknown) => {
  createLogger('provision').fatal('provisioning failed', { err: error });
  process.exit(1);
});
