import 'reflect-metadata';
import { readApiConfig } from '@app/config';
import { createLogger } from '@app/logging';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = readApiConfig();
  const app = await createApiApp();
  await app.listen(config.port, config.host);
  createLogger('api').info('API listening', { url: config.publicUrl, docs: `${config.publicUrl}/api/docs` });
}

main().catch((error: unknown) => {
  createLogger('api').fatal('API failed to start', { err: error });
  process.exit(1);
});
