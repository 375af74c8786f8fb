import { createLogger } from '@app/logging';
import { provisionChromium } from './chromium';
import { provisionAll } from './provision';

/** `npm run provision`: installs (or finds in the cache) every binary the stack and the tests need. */
async function main(): Promise<void> {
  const log = createLogger('provision');
  const started = Date.now();
  const result = await provisionAll(log);
  const chromium = await provisionChromium(log);
  log.info(`${chromium.name}: ${chromium.path}`, { route: chromium.route, version: chromium.version, cached: chromium.cached });
  log.info('provisioning done', { seconds: (Date.now() - started) / 1000, ...result, chromium });
}

main().catch((error: unknown) => {
  createLogger('provision').fatal('provisioning failed', { err: error });
  process.exit(1);
});
