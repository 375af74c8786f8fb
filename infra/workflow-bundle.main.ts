import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createLogger } from '@app/logging';
import { bundleWorkflows, PREBUILT_WORKFLOW_BUNDLE } from '@app/temporal-worker';

/**
 * The last step of `npm run build`: bundles the workflow code once, so that a worker the stack starts
 * loads it (WORKFLOW_BUNDLE_PATH) instead of running webpack at every start. Same code, same checks
 * (the forbidden imports) as the worker's own bundling.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const bundle = await bundleWorkflows();
  await mkdir(dirname(PREBUILT_WORKFLOW_BUNDLE), { recursive: true });
  await writeFile(PREBUILT_WORKFLOW_BUNDLE, bundle.code);
  createLogger('workflow-bundle').info('workflow bundle written', { bytes: bundle.code.length, ms: Date.now() - started });
}

main().catch((error: unknown) => {
  createLogger('workflow-bundle').fatal('the workflow code did not bundle', { err: error });
  process.exit(1);
});
