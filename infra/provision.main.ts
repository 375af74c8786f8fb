import { createLogger } from '@app/logging';
import { provisionChromium } from './chromium';
import { provisionPgbench } from './pgbench';
import { provisionAll, provisionSchemathesis, ProvisioningError } from './provision';

/** `npm run provision`: installs (or finds in the cache) every binary the stack, the tests, the fuzzer and the bench need. */
async function main(): Promise<void> {
  const log = createLogger('provision');
  const started = Date.now();
  const result = await provisionAll(log);
  const chromium = await provisionChromium(log);
  log.info(`${chromium.name}: ${chromium.path}`, { route: chromium.route, version: chromium.version, cached: chromium.cached });
  // Only the bench's write-amplification scenario runs pgbench: a machine that cannot get it still provisions the rest.
  const pgbench = await provisionPgbench(log).catch((error: unknown) => {
    if (!(error instanceof ProvisioningError)) throw error;
    log.warn(`pgbench is not provisioned; the bench's write-amplification scenario needs it: ${error.message}`);
    return undefined;
  });
  if (pgbench) log.info(`${pgbench.name}: ${pgbench.path}`, { route: pgbench.route, version: pgbench.version, cached: pgbench.cached });
  // Only the API fuzzer (its e2e spec and `npm run fuzz`) runs schemathesis: the stack starts without it.
  const schemathesis = await provisionSchemathesis(log).catch((error: unknown) => {
    if (!(error instanceof ProvisioningError)) throw error;
    log.warn(`schemathesis is not provisioned; the API fuzzing spec needs it: ${error.message}`);
    return undefined;
  });
  if (schemathesis) log.info(`${schemathesis.name}: ${schemathesis.path}`, { route: schemathesis.route, version: schemathesis.version, cached: schemathesis.cached });
  log.info('provisioning done', { seconds: (Date.now() - started) / 1000, ...result, chromium, pgbench, schemathesis });
}

main().catch((error: unknown) => {
  createLogger('provision').fatal('provisioning failed', { err: error });
  process.exit(1);
});
