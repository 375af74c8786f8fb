import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createLogger } from '@app/logging';
import { apiTypesOf, previewApiDocument, WEB_API_TYPES } from './openapi';

/**
 * A step of `npm run build` (and `npm run api:types`): writes the web's types of the API from the
 * OpenAPI document the API serves, built without PostgreSQL or Temporal. The web is type-checked
 * against them next, so an answer that changes shape breaks the web's build, not a user.
 */
async function main(): Promise<void> {
  const started = Date.now();
  // Run as dist/infra/openapi.main.js: the project is two folders up.
  const target = join(__dirname, '..', '..', WEB_API_TYPES);
  const types = await apiTypesOf(await previewApiDocument());
  const before = await readFile(target, 'utf8').catch(() => null);
  if (before !== types) {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, types);
  }
  createLogger('api-types').info(before === types ? 'API types unchanged' : 'API types written', { file: WEB_API_TYPES, bytes: types.length, ms: Date.now() - started });
}

main().catch((error: unknown) => {
  createLogger('api-types').fatal('the API types were not generated', { err: error });
  process.exit(1);
});
