import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiTypesOf, previewApiDocument, WEB_API_TYPES } from './openapi';

/**
 * The web's types of the API are generated and committed: this fails when a DTO or a route changed
 * and `npm run api:types` (or `npm run build`) was not run, so the web is never checked against a
 * stale copy. (test/e2e/openapi-document.e2e-spec.ts proves the document built here is the one the
 * running API serves.)
 */
describe('the web types of the API (apps/web/src/generated/api.d.ts)', () => {
  it('are current: generated from the API document, built without a database', async () => {
    const committed = readFileSync(join(__dirname, '..', WEB_API_TYPES), 'utf8');
    const current = await apiTypesOf(await previewApiDocument());
    const [now, then] = [current.split('\n'), committed.split('\n')];
    const line = now.findIndex((text, i) => text !== then[i]) + 1 || now.length + 1;
    expect(current === committed ? 'current' : `stale from line ${line}: run npm run api:types`).toBe('current');
  });
});
