import SwaggerParser from '@apidevtools/swagger-parser';
import { addDays, searchKey } from '@app/domain';
import { DEMO_ACCOUNTS, DEMO_OFFICIALS, DEMO_UNITS } from '@app/persistence';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { queryRows } from '../support/database';
import { DEMO_USERNAMES, expectProblem, login, pdf, useApiStack, vnDay, vnToday, waitForCase } from '../support/api-client';
import { act, nominate as nominateCase, walkCase, type WalkPlan } from '../support/case-walk';
import { FIXTURE_OFFICIALS, nextOfficial } from '../support/fixture-officials';

/**
 * The read side of the API through real HTTP: sessions, the OpenAPI document, the case list with
 * its filters, sorting, pagination and scopes, the pipeline, the inbox order, the exports, the
 * document store and the registry, against the real API, worker, PostgreSQL and Temporal.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_HEADER = [
  'Mã hồ sơ',
  'Họ và tên',
  'Mã công chức',
  'Hình thức',
  'Đơn vị cử đi',
  'Đơn vị tiếp nhận',
  'Vị trí việc làm',
  'Bước hiện tại',
  'Kết quả',
  'Hạn xử lý bước',
  'Quá hạn',
  'Số quyết định',
  'Ngày quyết định',
  'Ngày hiệu lực',
  'Ngày kết thúc',
  'Người đề xuất',
  'Ngày đề xuất',
];
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\x00\x00\x00\x0dIHDR api-reads png', 'latin1')]);

interface Summary {
  caseId: string;
  form: string;
  stage: string;
  outcome: string | null;
  officialId: string;
  officialName: string;
  sendingUnitId: string;
  receivingUnitId: string;
  proposedAt: string;
  stageDeadline: string | null;
  stageOverdue: boolean;
  termEnd: string | null;
  overdue: boolean;
}

/** Supertest parser that keeps the body as raw bytes (exports, downloads). */
function rawBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const ids = (items: { caseId: string }[]) => items.map((item) => item.caseId);
const sorted = (values: string[]) => [...values].sort();

describe('API reads: sessions, docs, lists, pipeline, inbox, exports, documents, registry', () => {
  const { stack, api } = useApiStack('api-reads');

  const http = () => request(stack.api.url);
  const withToken = (token: string) => api.withToken(token);
  const as = (user: string) => api.as(user);
  const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => queryRows<T>(stack.db.url, sql, params);

  // ---------------------------------------------------------------------------------------------
  describe('authentication', () => {
    it('signs in every demo account with a bearer token, its expiry, role and unit; GET /me agrees', async () => {
      expect(DEMO_ACCOUNTS).toHaveLength(14);
      for (const account of DEMO_ACCOUNTS) {
        const before = Date.now();
        const response = await http().post('/api/v1/auth/login').send({ username: account.username, password: 'Demo@2026' });
        expect(response.status).toBe(200);
        const unit = account.unitId ? DEMO_UNITS.find((u) => u.id === account.unitId) : undefined;
        expect(response.body).toEqual({
          token: expect.stringMatching(/^[A-Za-z0-9_-]{20,200}$/),
          tokenType: 'Bearer',
          expiresAt: expect.any(String),
          user: {
            id: account.username,
            username: account.username,
            displayName: account.name,
            role: account.role,
            unit: unit ? { id: unit.id, name: unit.name, kind: unit.kind } : null,
            personId: account.personId ?? null,
            language: 'vi',
          },
        });
        expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(before);

        const me = await withToken(response.body.token).get('/me').expect(200);
        expect(me.body).toEqual({ ...response.body.user, actingFor: [], sessionExpiresAt: response.body.expiresAt });
      }
    });

    it('refuses a wrong password and a missing token with 401 problems', async () => {
      const wrong = await http().post('/api/v1/auth/login').send({ username: 'hr.taichinh', password: 'not-the-password' });
      expectProblem(wrong, 401, 'unauthenticated');
      expect(wrong.body).not.toHaveProperty('token');
      const unknown = await http().post('/api/v1/auth/login').send({ username: 'nobody.here', password: 'Demo@2026' });
      expectProblem(unknown, 401, 'unauthenticated');
      // The account name is not case-sensitive.
      const mixedCase = await http().post('/api/v1/auth/login').send({ username: ' HR.TaiChinh ', password: 'Demo@2026' });
      expect(mixedCase.status).toBe(200);
      expect(mixedCase.body.user.id).toBe('hr.taichinh');
      const anonymous = await http().get('/api/v1/me');
      expectProblem(anonymous, 401, 'unauthenticated');
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('logout ends that session at once; other sessions of the account live on', async () => {
      const token = await login(stack.api.url, 'hr.nnmt');
      const other = await login(stack.api.url, 'hr.nnmt');
      await withToken(token).get('/me').expect(200);
      const out = await withToken(token).post('/auth/logout').expect(200);
      expect(out.body).toEqual({ sessionsEnded: 1 });
      expectProblem(await withToken(token).get('/me'), 401, 'unauthenticated');
      expectProblem(await withToken(token).post('/auth/logout'), 401, 'unauthenticated');
      await withToken(other).get('/me').expect(200);
      await as('hr.nnmt').get('/me').expect(200);
    });

    it("logout-all ends every session of the account and no other account's", async () => {
      const first = await login(stack.api.url, 'ct.buonmathuot');
      const second = await login(stack.api.url, 'ct.buonmathuot');
      const bystander = await login(stack.api.url, 'ct.eakar');
      try {
        const [live] = await db<{ n: number }>(
          `SELECT count(*)::int AS n FROM secondment.user_session WHERE user_id = 'ct.buonmathuot' AND revoked_at IS NULL AND expires_at > now()`,
        );
        // The two here, the one of beforeAll and the one of the first test.
        expect(live.n).toBe(4);
        const out = await withToken(first).post('/auth/logout-all').expect(200);
        const [left] = await db<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.user_session WHERE user_id = 'ct.buonmathuot' AND revoked_at IS NULL`);
        expect(left.n).toBe(0);
        expectProblem(await withToken(first).get('/me'), 401, 'unauthenticated');
        expectProblem(await withToken(second).get('/me'), 401, 'unauthenticated');
        expectProblem(await as('ct.buonmathuot').get('/me'), 401, 'unauthenticated');
        await withToken(bystander).get('/me').expect(200);
        await as('ct.eakar').get('/me').expect(200);
        const [others] = await db<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.user_session WHERE user_id <> 'ct.buonmathuot' AND revoked_why = 'logout-all'`);
        expect(others.n).toBe(0);
        // It says how many sessions it ended.
        expect(out.body).toEqual({ sessionsEnded: live.n });
      } finally {
        api.tokens['ct.buonmathuot'] = await login(stack.api.url, 'ct.buonmathuot');
      }
    });

    it('stores no raw token, only hashes, and Argon2id password hashes', async () => {
      const fresh = await login(stack.api.url, 'thanhtra');
      const all = [...Object.values(api.tokens), fresh];
      const rows = await db<{ token_hash: string }>('SELECT token_hash FROM secondment.user_session');
      expect(rows.length).toBeGreaterThanOrEqual(all.length);
      for (const row of rows) {
        for (const token of all) expect(row.token_hash).not.toContain(token);
      }
      const hashes = new Set(rows.map((row) => row.token_hash));
      for (const token of all) expect(hashes.has(token)).toBe(false);
      const accounts = await db<{ username: string; argon: boolean }>(
        `SELECT username, password_hash LIKE '$argon2id$%' AS argon FROM secondment.user_account ORDER BY username`,
      );
      expect(sorted(accounts.map((a) => a.username))).toEqual(sorted(DEMO_ACCOUNTS.map((a) => a.username)));
      expect(accounts.filter((a) => !a.argon)).toEqual([]);
    });

    it('a disabled account cannot sign in and its live session stops working at once', async () => {
      const token = await login(stack.api.url, 'pgd.taichinh');
      await withToken(token).get('/me').expect(200);
      await db(`UPDATE secondment.user_account SET disabled_at = now() WHERE username = 'pgd.taichinh'`);
      try {
        expectProblem(await withToken(token).get('/me'), 401, 'unauthenticated');
        expectProblem(await withToken(token).get('/cases'), 401, 'unauthenticated');
        const refused = await http().post('/api/v1/auth/login').send({ username: 'pgd.taichinh', password: 'Demo@2026' });
        expectProblem(refused, 401, 'unauthenticated');
        expect(refused.body).not.toHaveProperty('token');
      } finally {
        await db(`UPDATE secondment.user_account SET disabled_at = NULL WHERE username = 'pgd.taichinh'`);
      }
      api.tokens['pgd.taichinh'] = await login(stack.api.url, 'pgd.taichinh');
      await as('pgd.taichinh').get('/me').expect(200);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('the OpenAPI document', () => {
    type Operation = {
      summary?: string;
      security?: Record<string, string[]>[];
      requestBody?: { content: Record<string, { schema: Schema }> };
      responses: Record<string, { content?: Record<string, { example?: unknown; schema?: unknown }> }>;
    };
    type Schema = { $ref?: string; type?: string; format?: string; example?: unknown; enum?: unknown[]; default?: unknown; items?: Schema; allOf?: Schema[]; properties?: Record<string, Schema> };
    type Doc = {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
    };
    let doc: Doc;
    const PUBLIC = ['/api/v1/auth/login', '/api/v1/auth/demo-accounts', '/api/v1/probes', '/api/v1/probes/{probeId}'];
    const MUTATING = ['post', 'put', 'patch', 'delete'];
    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, operation]) => ({ path, method, operation })),
      );

    beforeAll(async () => {
      const response = await http().get('/api/docs-json').expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      doc = response.body as Doc;
    });

    it('is a valid OpenAPI 3 document, and GET /api/docs serves the HTML viewer', async () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
      const html = await http().get('/api/docs').redirects(1).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toMatch(/swagger/i);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{caseId}/approve', '/api/v1/pipeline', '/api/v1/documents']));
    });

    it('every operation has a summary', () => {
      const missing = operations()
        .filter(({ operation }) => !operation.summary?.trim())
        .map(({ method, path }) => `${method} ${path}`);
      expect(missing).toEqual([]);
    });

    it('every /api/v1 route except the public ones declares bearer security, defined as an HTTP bearer scheme', () => {
      const ops = operations().filter(({ path }) => path.startsWith('/api/v1/') && !PUBLIC.includes(path));
      expect(ops.length).toBeGreaterThan(30);
      const unsecured = ops.filter(({ operation }) => !(operation.security ?? []).some((requirement) => Object.keys(requirement).length > 0)).map(({ method, path }) => `${method} ${path}`);
      expect(unsecured).toEqual([]);
      // Every scheme an operation names must be defined, and be an HTTP bearer scheme.
      const named = new Set(ops.flatMap(({ operation }) => (operation.security ?? []).flatMap((requirement) => Object.keys(requirement))));
      expect(named.size).toBeGreaterThan(0);
      for (const name of named) {
        expect({ name, scheme: doc.components.securitySchemes?.[name] }).toEqual({ name, scheme: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
      }
      // The public ones need no login.
      const login = doc.paths['/api/v1/auth/login'].post;
      expect((login.security ?? []).filter((requirement) => Object.keys(requirement).length > 0)).toEqual([]);
    });

    it('every mutating operation documents its problem responses with application/problem+json examples', () => {
      const gaps: string[] = [];
      const problem = (operation: Operation, status: number) => {
        const content = operation.responses[String(status)]?.content?.['application/problem+json'];
        return content !== undefined && content.example !== undefined && content.schema !== undefined;
      };
      for (const { path, method, operation } of operations().filter(({ method }) => MUTATING.includes(method))) {
        const statuses = [...(operation.requestBody ? [400] : []), ...(PUBLIC.includes(path) ? [] : [401])];
        for (const status of statuses) if (!problem(operation, status)) gaps.push(`${method} ${path}: ${status}`);
      }
      expect(gaps).toEqual([]);
      // The login documents both too.
      expect(problem(doc.paths['/api/v1/auth/login'].post, 400) && problem(doc.paths['/api/v1/auth/login'].post, 401)).toBe(true);
    });

    it('every case action documents 400, 401, 403, 404, 409, 422 and 503', () => {
      const actions = Object.keys(doc.paths).filter((path) => /^\/api\/v1\/cases\/\{caseId\}\/[a-z-]+$/.test(path));
      expect(actions).toHaveLength(16);
      for (const path of actions) {
        const operation = doc.paths[path].post;
        const documented = Object.entries(operation.responses)
          .filter(([, response]) => response.content?.['application/problem+json']?.example !== undefined)
          .map(([status]) => Number(status));
        expect({ path, documented: documented.sort() }).toEqual({ path, documented: expect.arrayContaining([400, 401, 403, 404, 409, 422, 503]) });
      }
    });

    it('the schemas of request bodies carry examples for their fields', () => {
      const missing = new Set<string>();
      const seen = new Set<string>();
      const resolve = (schema: Schema): { name?: string; schema: Schema } => {
        if (schema.$ref) {
          const name = schema.$ref.split('/').pop()!;
          return { name, schema: doc.components.schemas[name] };
        }
        if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
        return { schema };
      };
      const walk = (input: Schema, where: string): void => {
        const { name, schema } = resolve(input);
        if (name) {
          if (seen.has(name)) return;
          seen.add(name);
        }
        const label = name ?? where;
        if (schema.type === 'array' && schema.items) return walk(schema.items, `${label}[]`);
        if (schema.properties) {
          for (const [key, property] of Object.entries(schema.properties)) {
            const nested = property.$ref || property.allOf || (property.type === 'array' && (property.items?.$ref || property.items?.properties)) || property.properties;
            if (nested) walk(property, `${label}.${key}`);
            // An enum or a default shows a meaningful value too; a binary file has none to show.
            else if (property.example === undefined && property.enum === undefined && property.default === undefined && property.format !== 'binary') missing.add(`${label}.${key}`);
          }
        }
      };
      for (const { path, method, operation } of operations()) {
        for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {})) walk(content.schema, `${method} ${path} (${mediaType})`);
      }
      expect(seen.size).toBeGreaterThan(15);
      expect([...missing].sort()).toEqual([]);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('the registry', () => {
    it('GET /units lists the departments and communes', async () => {
      const response = await as('hr.taichinh').get('/units').expect(200);
      expect(sorted((response.body as { id: string }[]).map((u) => u.id))).toEqual(sorted(DEMO_UNITS.map((u) => u.id)));
      expect(response.body).toEqual(expect.arrayContaining(DEMO_UNITS.map((u) => ({ id: u.id, name: u.name, kind: u.kind }))));
      expectProblem(await http().get('/api/v1/units'), 401, 'unauthenticated');
    });

    it('GET /officials?unitId= lists the officials of one unit; without it, all', async () => {
      // The demo officials and the fixture officials of the test template.
      const registry = [...DEMO_OFFICIALS, ...FIXTURE_OFFICIALS];
      const response = await as('hr.taichinh').get('/officials?unitId=so-tai-chinh').expect(200);
      const expected = registry.filter((o) => o.unitId === 'so-tai-chinh');
      expect(sorted((response.body as { id: string }[]).map((o) => o.id))).toEqual(sorted(expected.map((o) => o.id)));
      expect(expected.map((o) => o.id)).toEqual(expect.arrayContaining(['cc-0001', 'cc-0002', 'cc-0003', 'cc-0004']));
      expect(response.body).toEqual(expect.arrayContaining(expected.map((o) => ({ id: o.id, name: o.name, title: o.title, unitId: o.unitId }))));
      const all = await as('gd.nnmt').get('/officials').expect(200);
      expect(sorted((all.body as { id: string }[]).map((o) => o.id))).toEqual(sorted(registry.map((o) => o.id)));
      const none = await as('gd.nnmt').get('/officials?unitId=khong-co').expect(200);
      expect(none.body).toEqual([]);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('documents', () => {
    const counts = async () => {
      const [row] = await db<{ documents: number; uploads: number }>(
        `SELECT (SELECT count(*)::int FROM secondment.document) AS documents, (SELECT count(*)::int FROM secondment.document_upload) AS uploads`,
      );
      return row;
    };

    it('stores a PNG and a PDF, recognised by their content, and gives them back to the uploader', async () => {
      const png = await as('hr.taichinh').post('/documents').field('kind', 'other').attach('file', PNG, 'Sơ đồ vị trí.png').expect(201);
      expect(png.body).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.length, kind: 'other', uploadedBy: 'hr.taichinh', fileName: 'Sơ đồ vị trí.png' });
      expect(png.body.documentId).toBe(`sha256:${png.body.sha256}`);
      const file = pdf('api-reads bien ban');
      const doc = await as('hr.taichinh').post('/documents').field('kind', 'meeting_record').field('name', 'Biên bản họp').attach('file', file, 'x.bin').expect(201);
      expect(doc.body).toMatchObject({ mediaType: 'application/pdf', sizeBytes: file.length, kind: 'meeting_record', fileName: 'Biên bản họp' });

      const back = await as('hr.taichinh').get(`/documents/${png.body.documentId}`).buffer(true).parse(rawBody).expect(200);
      expect(back.headers['content-type']).toMatch(/^image\/png/);
      expect(Buffer.compare(back.body as Buffer, PNG)).toBe(0);
      const [row] = await db<{ media_type: string; size_bytes: number }>(`SELECT media_type, size_bytes FROM secondment.document WHERE sha256 = $1`, [png.body.sha256]);
      expect(row).toEqual({ media_type: 'image/png', size_bytes: PNG.length });
    });

    it('refuses a text file named .pdf with 415 and stores nothing', async () => {
      const before = await counts();
      const response = await as('hr.taichinh').post('/documents').field('kind', 'units_agreement').attach('file', Buffer.from('just some text, not a PDF\n'), 'thong-nhat.pdf');
      expectProblem(response, 415, 'unsupported-document');
      expect(await counts()).toEqual(before);
    });

    it('stores the same content once, with one upload record per upload', async () => {
      const content = pdf('api-reads same content twice');
      const first = await as('hr.taichinh').post('/documents').field('kind', 'units_agreement').attach('file', content, 'a.pdf').expect(201);
      const second = await as('gd.taichinh').post('/documents').field('kind', 'units_agreement').attach('file', content, 'b.pdf').expect(201);
      expect(second.body.documentId).toBe(first.body.documentId);
      const sha = first.body.sha256 as string;
      const [documents] = await db<{ n: number }>(`SELECT count(*)::int AS n FROM secondment.document WHERE sha256 = $1`, [sha]);
      const uploads = await db<{ uploaded_by: string; file_name: string }>(`SELECT uploaded_by, file_name FROM secondment.document_upload WHERE sha256 = $1 ORDER BY uploaded_at`, [sha]);
      expect(documents.n).toBe(1);
      expect(uploads).toEqual([
        { uploaded_by: 'hr.taichinh', file_name: 'a.pdf' },
        { uploaded_by: 'gd.taichinh', file_name: 'b.pdf' },
      ]);
    });

    it('refuses a file over DOCUMENT_MAX_BYTES (10 MiB by default) with 413 and stores nothing', async () => {
      const before = await counts();
      const limit = 10 * 1024 * 1024;
      const prefix = Buffer.from('%PDF-1.4\n');
      const big = Buffer.concat([prefix, Buffer.alloc(limit + 1 - prefix.length, 0x20)]);
      expect(big.length).toBe(limit + 1);
      const response = await as('hr.taichinh').post('/documents').field('kind', 'other').attach('file', big, 'big.pdf');
      expectProblem(response, 413, 'too-large');
      expect(await counts()).toEqual(before);
      // Exactly the limit is accepted.
      const fits = await as('hr.taichinh').post('/documents').field('kind', 'other').attach('file', big.subarray(0, limit), 'fits.pdf').expect(201);
      expect(fits.body.sizeBytes).toBe(limit);
    });

    it('the auditor may not upload (403); no file is a 400 naming the field', async () => {
      const before = await counts();
      const auditor = await as('thanhtra').post('/documents').field('kind', 'other').attach('file', pdf('auditor'), 'a.pdf');
      expectProblem(auditor, 403, 'forbidden');
      expect(auditor.body.rule).toBe('not_authorised');
      const official = await as('an.nguyenvan').post('/documents').field('kind', 'other').attach('file', pdf('official'), 'o.pdf');
      expectProblem(official, 403, 'forbidden');
      const noFile = await as('hr.taichinh').post('/documents').field('kind', 'other');
      expectProblem(noFile, 400, 'validation-failed');
      expect(noFile.body.field).toBe('file');
      expect(noFile.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'required' })]);
      expect(await counts()).toEqual(before);
    });

    it('a document attached to no case is readable by its uploader only', async () => {
      const uploaded = await as('gd.nnmt').post('/documents').field('kind', 'other').attach('file', pdf('api-reads private'), 'rieng.pdf').expect(201);
      const id = uploaded.body.documentId as string;
      const mine = await as('gd.nnmt').get(`/documents/${id}`).buffer(true).parse(rawBody).expect(200);
      expect((mine.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      for (const other of ['hr.nnmt', 'snv.thamdinh', 'thanhtra', 'gd.taichinh'] as const) {
        const refused = await as(other).get(`/documents/${id}`);
        expectProblem(refused, 403, 'forbidden');
        expect(refused.body.rule).toBe('out_of_scope');
      }
      expectProblem(await as('gd.nnmt').get(`/documents/sha256:${'0'.repeat(64)}`), 404, 'not-found');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('cases: lists, pipeline, inbox and exports', () => {
    /** The cases made for these tests, by letter, in the order they were proposed. */
    const made: Record<string, Summary> = {};
    const order: string[] = [];
    const HYPERLINK = '=HYPERLINK("x")';

    /** Case ids by letter while they are made (the summaries are read once all are). */
    const proposed: Record<string, string> = {};

    /** Nominates case `letter` (nominationBody with `body`, the reason naming the letter); it is at department review. */
    async function nominate(letter: string, user: string, body: Record<string, unknown>): Promise<string> {
      const caseId = await nominateCase(api, { reason: `Hồ sơ ${letter} của api-reads`, ...body }, user);
      order.push(letter);
      proposed[letter] = caseId;
      return caseId;
    }

    /** A walk whose decision is dated, effective and joined on `day`, numbered after the case. */
    const decidedOn = (caseId: string, day: string): WalkPlan => ({ decision: { decisionNumber: `QĐ-${caseId}`, decisionDate: day, effectiveDate: day }, arrivedOn: day });

    /** Every case as Home Affairs sees it (all of them), by id. */
    async function current(): Promise<Map<string, Summary>> {
      const response = await as('snv.thamdinh').get('/cases?pageSize=500').expect(200);
      return new Map((response.body.items as Summary[]).map((item) => [item.caseId, item]));
    }
    const caseIdsOf = (...letters: string[]) => sorted(letters.map((letter) => made[letter].caseId));
    /** Case ids as the letters of the cases made here (unknown ids as they are), sorted: failures read as letters. */
    const lettersOf = (caseIds: string[]) => caseIds.map((id) => order.find((letter) => made[letter].caseId === id) ?? id).sort();
    const list = async (user: string, query: string) => {
      const response = await as(user).get(`/cases${query}`).expect(200);
      expect(response.body.total).toBe(response.body.items.length);
      return response.body as { items: Summary[]; total: number; page: number; pageSize: number };
    };

    beforeAll(async () => {
      // A: a secondment of Nguyễn Văn An to Cư Bao, waiting for the head's review (proposed first).
      await nominate('A', 'hr.taichinh', { form: 'secondment', officialId: 'cc-0001', receivingUnitId: 'xa-cu-bao' });
      // B: a reinforcement of a fixture official to Buôn Ma Thuột, waiting for the head's review (proposed after A).
      await nominate('B', 'hr.taichinh', { form: 'reinforcement', receivingUnitId: 'phuong-buon-ma-thuot', term: { months: 3 } });
      // C: a rotation of Y Moan Êban to Ea Kar, by the other department.
      await nominate('C', 'hr.nnmt', { form: 'rotation', officialId: 'cc-0005', receivingUnitId: 'xa-ea-kar', position: 'Công chức Địa chính – Xây dựng' });
      // D: a transfer to Cư Bao, approved by its head: at Home Affairs.
      const d = await nominate('D', 'hr.nnmt', { form: 'transfer', officialId: 'cc-0006', receivingUnitId: 'xa-cu-bao', position: 'Công chức Địa chính – Xây dựng' });
      await act(api, 'gd.nnmt', d, 'approve', { comment: 'Đồng ý' });
      // E: a secondment to Cư Bao decided 60 days ago for a month: its term is over, overdue.
      const e = await nominate('E', 'hr.taichinh', { form: 'secondment', officialId: 'cc-0003', receivingUnitId: 'xa-cu-bao', plannedStart: vnDay(-60), term: { months: 1 } });
      await walkCase(api, e, 'arrival_confirmed', decidedOn(e, vnDay(-60)));
      // F: a reinforcement to Buôn Ma Thuột decided 10 days ago for a month: it ends in about 20 days.
      const f = await nominate('F', 'hr.taichinh', { form: 'reinforcement', officialId: 'cc-0004', receivingUnitId: 'phuong-buon-ma-thuot', plannedStart: vnDay(-10), term: { months: 1 } });
      await walkCase(api, f, 'arrival_confirmed', { ...decidedOn(f, vnDay(-10)), partyOpinion: null, communeLeader: 'ct.buonmathuot' });
      // G: a fixture official of the other department (D's official has D open), rejected by its head.
      const g = await nominate('G', 'hr.nnmt', { form: 'secondment', officialId: nextOfficial('so-nong-nghiep-moi-truong').id, receivingUnitId: 'phuong-buon-ma-thuot' });
      await act(api, 'gd.nnmt', g, 'reject', { reason: 'Đơn vị chưa bố trí được người thay thế' });
      // H: a nomination (of another fixture official) whose position looks like a spreadsheet formula.
      await nominate('H', 'hr.taichinh', { form: 'secondment', receivingUnitId: 'xa-cu-bao', position: HYPERLINK });
      // I: a commune sends its official to a department (the department receives).
      await nominate('I', 'ct.eakar', { form: 'secondment', officialId: 'cc-0008', receivingUnitId: 'so-nong-nghiep-moi-truong', position: 'Chuyên viên văn phòng' });

      await waitForCase(api, e, (view) => view.state.termStarted && view.state.overdue);
      await waitForCase(api, f, (view) => view.state.termStarted);
      const now = await current();
      for (const letter of order) made[letter] = now.get(proposed[letter])!;
    });

    it('made the cases it needs, at the stages it needs', () => {
      expect(order).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
      expect(Object.fromEntries(order.map((letter) => [letter, made[letter].stage]))).toMatchObject({
        A: 'department_review',
        B: 'department_review',
        C: 'department_review',
        D: 'home_affairs_appraisal',
        E: 'ending',
        G: 'closed',
        H: 'department_review',
        I: 'department_review',
      });
      expect(['serving', 'ending']).toContain(made.F.stage);
      expect(made.E).toMatchObject({ overdue: true, officialName: 'Hoàng Văn Công' });
      expect(made.E.termEnd! < vnToday()).toBe(true);
      expect(made.F.termEnd! > addDays(vnToday(), 10)).toBe(true);
      expect(made.F.termEnd! <= addDays(vnToday(), 30)).toBe(true);
      expect(made.G.outcome).toBe('rejected');
    });

    it('filters by stage and by form', async () => {
      const review = await list('snv.thamdinh', '?stage=department_review');
      expect(lettersOf(ids(review.items))).toEqual(['A', 'B', 'C', 'H', 'I']);
      const two = await list('snv.thamdinh', '?stage=home_affairs_appraisal,closed');
      expect(lettersOf(ids(two.items))).toEqual(['D', 'G']);
      const reinforcements = await list('snv.thamdinh', '?form=reinforcement');
      expect(lettersOf(ids(reinforcements.items))).toEqual(['B', 'F']);
      const forms = await list('snv.thamdinh', '?form=rotation,transfer');
      expect(lettersOf(ids(forms.items))).toEqual(['C', 'D']);
      const open = await list('snv.thamdinh', '?open=false');
      expect(ids(open.items)).toEqual([made.G.caseId]);

      const bad = await as('snv.thamdinh').get('/cases?stage=bogus');
      expectProblem(bad, 400, 'validation-failed');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'stage' })]);
      expectProblem(await as('snv.thamdinh').get('/cases?form=secondment,exile'), 400, 'validation-failed');
    });

    it('filters by sending department and receiving commune', async () => {
      const nnmt = await list('snv.thamdinh', '?department=so-nong-nghiep-moi-truong');
      expect(lettersOf(ids(nnmt.items))).toEqual(['C', 'D', 'G']);
      const cuBao = await list('snv.thamdinh', '?commune=xa-cu-bao');
      expect(lettersOf(ids(cuBao.items))).toEqual(['A', 'D', 'E', 'H']);
      const both = await list('snv.thamdinh', '?department=so-tai-chinh&commune=phuong-buon-ma-thuot');
      expect(lettersOf(ids(both.items))).toEqual(['B', 'F']);
      // Each official has one case here (one open case per official).
      expect(new Set(order.map((letter) => made[letter].officialId)).size).toBe(order.length);
      for (const letter of ['A', 'B', 'D', 'G', 'H']) {
        const official = await list('snv.thamdinh', `?officialId=${made[letter].officialId}`);
        expect({ letter, cases: lettersOf(ids(official.items)) }).toEqual({ letter, cases: [letter] });
      }
      expect((await list('snv.thamdinh', '?officialId=cc-0002')).items).toEqual([]);
    });

    it('searches names without diacritics, and case ids', async () => {
      const an = await list('snv.thamdinh', `?q=${encodeURIComponent('nguyen van an')}`);
      expect(ids(an.items)).toEqual([made.A.caseId]);
      expect(an.items[0].officialName).toBe('Nguyễn Văn An');
      const accented = await list('snv.thamdinh', `?q=${encodeURIComponent('Nguyễn Văn An')}`);
      expect(ids(accented.items)).toEqual([made.A.caseId]);
      const eban = await list('snv.thamdinh', '?q=eban');
      expect(ids(eban.items)).toEqual([made.C.caseId]);
      expect(eban.items[0].officialName).toBe('Y Moan Êban');
      const upper = await list('snv.thamdinh', `?q=${encodeURIComponent('ÊBAN')}`);
      expect(ids(upper.items)).toEqual([made.C.caseId]);
      const byId = await list('snv.thamdinh', `?q=${made.D.caseId.toLowerCase()}`);
      expect(ids(byId.items)).toEqual([made.D.caseId]);
      const nobody = await list('snv.thamdinh', '?q=khong%20ai%20ca');
      expect(nobody.items).toEqual([]);
      // LIKE wildcards are searched for literally.
      expect((await list('snv.thamdinh', '?q=%25')).items).toEqual([]);
      expect((await list('snv.thamdinh', '?q=_')).items).toEqual([]);
    });

    it('paginates', async () => {
      const all = order.map((letter) => made[letter].caseId);
      const seen: string[] = [];
      for (let page = 1; page <= 5; page += 1) {
        const response = await as('snv.thamdinh').get(`/cases?pageSize=2&page=${page}`).expect(200);
        expect(response.body).toMatchObject({ total: all.length, page, pageSize: 2 });
        expect(response.body.items).toHaveLength(page < 5 ? 2 : 1);
        seen.push(...ids(response.body.items));
      }
      expect(sorted(seen)).toEqual(sorted(all));
      const beyond = await as('snv.thamdinh').get('/cases?pageSize=2&page=6').expect(200);
      expect(beyond.body).toMatchObject({ total: all.length, items: [] });
      expectProblem(await as('snv.thamdinh').get('/cases?pageSize=0'), 400, 'validation-failed');
      expectProblem(await as('snv.thamdinh').get('/cases?pageSize=501'), 400, 'validation-failed');
    });

    it('sorts by official name and by proposal time, newest first by default', async () => {
      const byName = await list('snv.thamdinh', '?sort=officialName');
      // By the folded name (diacritics and case aside), then the case id.
      const key = (item: Summary) => `${searchKey(item.officialName)}\u0000${item.caseId}`;
      const expectedNames = order
        .map((letter) => made[letter])
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
        .map((item) => item.officialName);
      expect(expectedNames).toEqual(expect.arrayContaining(['H Hen Niê', 'Hoàng Văn Công', 'Lê Thị Diệu', 'Nguyễn Văn An', 'Phạm Minh Châu', 'Y Moan Êban']));
      expect(byName.items.map((item) => item.officialName)).toEqual(expectedNames);
      const descending = await list('snv.thamdinh', '?sort=-officialName');
      expect(descending.items.map((item) => item.officialName)).toEqual([...expectedNames].reverse());

      const newest = await list('snv.thamdinh', '?sort=-proposedAt');
      expect(ids(newest.items)).toEqual([...order].reverse().map((letter) => made[letter].caseId));
      const byDefault = await list('snv.thamdinh', '');
      expect(ids(byDefault.items)).toEqual(ids(newest.items));
      const oldest = await list('snv.thamdinh', '?sort=proposedAt');
      expect(ids(oldest.items)).toEqual(order.map((letter) => made[letter].caseId));
      expectProblem(await as('snv.thamdinh').get('/cases?sort=salary'), 400, 'validation-failed');
    });

    it('filters decided cases by the end of their term', async () => {
      const e = made.E.termEnd!;
      const f = made.F.termEnd!;
      expect(ids((await list('snv.thamdinh', `?termEndsBefore=${vnToday()}`)).items)).toEqual([made.E.caseId]);
      expect(ids((await list('snv.thamdinh', `?termEndsAfter=${vnToday()}`)).items)).toEqual([made.F.caseId]);
      expect(ids((await list('snv.thamdinh', `?termEndsBefore=${f}`)).items)).toEqual([made.E.caseId]);
      expect(ids((await list('snv.thamdinh', `?termEndsAfter=${e}`)).items)).toEqual([made.F.caseId]);
      expect(lettersOf(ids((await list('snv.thamdinh', `?termEndsAfter=${addDays(e, -1)}&termEndsBefore=${addDays(f, 1)}`)).items))).toEqual(['E', 'F']);
      expectProblem(await as('snv.thamdinh').get('/cases?termEndsBefore=2026-02-30'), 400, 'validation-failed');
    });

    it('filters overdue cases: the term past its end', async () => {
      const overdue = await list('snv.thamdinh', '?overdue=true');
      expect(ids(overdue.items)).toEqual([made.E.caseId]);
      expect(overdue.items[0]).toMatchObject({ overdue: true, stage: 'ending' });
      const notOverdue = await list('snv.thamdinh', '?overdue=false');
      expect(lettersOf(ids(notOverdue.items))).toEqual(['A', 'B', 'C', 'D', 'F', 'G', 'H', 'I']);
    });

    it('says of every case, as a boolean, whether its step is overdue (also at steps without a deadline)', async () => {
      const notBoolean = (items: Summary[]) => lettersOf(ids(items.filter((item) => typeof item.stageOverdue !== 'boolean')));
      const everything = await list('snv.thamdinh', '?pageSize=500');
      expect(everything.items).toHaveLength(order.length);
      expect(notBoolean(everything.items)).toEqual([]);
      const inbox = await as('gd.taichinh').get('/inbox').expect(200);
      expect(notBoolean(inbox.body as Summary[])).toEqual([]);
      const serving = await as('gd.taichinh').get(`/cases/${made.F.caseId}`).expect(200);
      expect(serving.body).toMatchObject({ stageDeadline: null, stageOverdue: false });
    });

    it('shows each person only the cases in their scope', async () => {
      const scopes: Record<string, string[]> = {
        'hr.taichinh': ['A', 'B', 'E', 'F', 'H'],
        'gd.taichinh': ['A', 'B', 'E', 'F', 'H'],
        'hr.nnmt': ['C', 'D', 'G', 'I'],
        'gd.nnmt': ['C', 'D', 'G', 'I'],
        'ct.cubao': ['A', 'D', 'E', 'H'],
        'ct.buonmathuot': ['B', 'F', 'G'],
        'ct.eakar': ['C', 'I'],
        'an.nguyenvan': ['A'],
        'pgd.taichinh': ['F'],
        'gd.noivu': order,
        'snv.thamdinh': order,
        'snv.quyetdinh': order,
        'vp.tinhuy': order,
        thanhtra: order,
      };
      for (const user of DEMO_USERNAMES) {
        const seen = await list(user, '?pageSize=500');
        expect({ user, cases: lettersOf(ids(seen.items)) }).toEqual({ user, cases: [...scopes[user]].sort() });
      }
      // Out of scope by id as well.
      const other = await as('gd.nnmt').get(`/cases/${made.A.caseId}`);
      expectProblem(other, 403, 'forbidden');
      expect(other.body.rule).toBe('out_of_scope');
      const notMine = await as('an.nguyenvan').get(`/cases/${made.H.caseId}`);
      expectProblem(notMine, 403, 'forbidden');
      // A filter never widens the scope.
      expect((await list('ct.eakar', '?commune=xa-cu-bao')).items).toEqual([]);
    });

    it('GET /pipeline counts open cases by stage × sending unit and × receiving unit, overdue terms, terms ending, closed outcomes', async () => {
      const now = await current();
      const open = order.map((letter) => now.get(made[letter].caseId)!).filter((c) => c.stage !== 'closed');
      const cells = (key: 'sendingUnitId' | 'receivingUnitId', cases: Summary[]) => {
        const counts = new Map<string, number>();
        for (const c of cases) counts.set(`${c[key]}|${c.stage}`, (counts.get(`${c[key]}|${c.stage}`) ?? 0) + 1);
        return [...counts.entries()].map(([cell, count]) => `${cell}|${count}`).sort();
      };
      const flat = (rows: { unitId: string; stage: string; count: number }[]) => rows.map((r) => `${r.unitId}|${r.stage}|${r.count}`).sort();

      const response = await as('snv.thamdinh').get('/pipeline').expect(200);
      const body = response.body;
      expect(body.asOf).toBe(vnToday());
      expect(body.open).toBe(open.length);
      expect(flat(body.bySendingUnit)).toEqual(cells('sendingUnitId', open));
      expect(flat(body.byReceivingUnit)).toEqual(cells('receivingUnitId', open));
      expect(body.bySendingUnit).toEqual(expect.arrayContaining([{ unitId: 'so-tai-chinh', unitName: 'Sở Tài chính', stage: 'department_review', count: 3 }]));
      expect(body.byReceivingUnit).toEqual(expect.arrayContaining([{ unitId: 'xa-cu-bao', unitName: 'Xã Cư Bao', stage: 'department_review', count: 2 }]));
      const stages = new Map<string, number>();
      for (const c of open) stages.set(c.stage, (stages.get(c.stage) ?? 0) + 1);
      expect(Object.fromEntries((body.byStage as { stage: string; count: number }[]).map((s) => [s.stage, s.count]))).toEqual(Object.fromEntries(stages));
      expect(body.overdueTerms).toBe(1);
      expect(body.overdueSteps).toBe(0);
      expect(body.termsEndingIn30Days).toBe(1);
      expect(body.termsEndingIn90Days).toBe(1);
      expect(body.closedByOutcome).toEqual([{ outcome: 'rejected', count: 1 }]);

      // Scoped and filtered alike.
      const commune = await as('ct.cubao').get('/pipeline').expect(200);
      expect(commune.body.open).toBe(4);
      expect(flat(commune.body.byReceivingUnit)).toEqual(cells('receivingUnitId', open.filter((c) => c.receivingUnitId === 'xa-cu-bao' || c.sendingUnitId === 'xa-cu-bao')));
      expect(commune.body).toMatchObject({ overdueTerms: 1, termsEndingIn30Days: 0, closedByOutcome: [] });
      const nnmt = await as('snv.thamdinh').get('/pipeline?department=so-nong-nghiep-moi-truong').expect(200);
      expect(nnmt.body).toMatchObject({ open: 2, overdueTerms: 0, closedByOutcome: [{ outcome: 'rejected', count: 1 }] });
    });

    it('GET /inbox lists the oldest deadline first', async () => {
      const inbox = await as('gd.taichinh').get('/inbox').expect(200);
      const items = inbox.body as (Summary & { actions: { action: string }[] })[];
      const position = (letter: string) => ids(items).indexOf(made[letter].caseId);
      for (const letter of ['A', 'B', 'H']) expect(position(letter)).toBeGreaterThanOrEqual(0);
      // Proposed one after the other: A's step opened first, so its deadline comes first.
      expect(position('A')).toBeLessThan(position('B'));
      expect(position('B')).toBeLessThan(position('H'));
      const deadlines = items.map((item) => item.stageDeadline).filter((d): d is string => d !== null);
      expect(deadlines).toEqual([...deadlines].sort());
      expect(items.find((item) => item.caseId === made.A.caseId)!.actions.map((a) => a.action)).toEqual(['approve', 'reject', 'returnForChanges']);
      // The overdue term waits on the head too.
      expect(items.find((item) => item.caseId === made.E.caseId)!.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['extend', 'decideEnd']));
      // Nothing out of scope.
      expect(ids(items).filter((id) => !caseIdsOf('A', 'B', 'E', 'F', 'H').includes(id))).toEqual([]);
    });

    it('exports the filtered list as CSV: UTF-8 with BOM, Vietnamese header, CRLF, formulas neutralised', async () => {
      const response = await as('snv.thamdinh').get('/cases/export?format=csv&commune=xa-cu-bao').buffer(true).parse(rawBody).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="ho-so-${vnToday()}.csv"`);
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const lines = text.split('\r\n').slice(0, -1);
      expect(lines[0]).toBe(EXPORT_HEADER.join(','));
      expect(lines[0].startsWith('Mã hồ sơ,Họ và tên,')).toBe(true);
      expect(lines).toHaveLength(1 + 4);
      expect(lettersOf(lines.slice(1).map((line) => line.split(',')[0]))).toEqual(['A', 'D', 'E', 'H']);
      const a = lines.find((line) => line.startsWith(made.A.caseId))!;
      expect(a).toContain('Nguyễn Văn An');
      expect(a).toContain('Xã Cư Bao');
      expect(a).toContain('Sở Tài chính');
      expect(a).toContain('Biệt phái');
      const h = lines.find((line) => line.startsWith(made.H.caseId))!;
      expect(h).toContain(`,"'=HYPERLINK(""x"")",`);
      expect(h).not.toContain(',=HYPERLINK');
      const e = lines.find((line) => line.startsWith(made.E.caseId))!;
      expect(e).toContain(',Có,');

      // The scope applies to exports too.
      const eakar = await as('ct.eakar').get('/cases/export?format=csv').buffer(true).parse(rawBody).expect(200);
      const eakarLines = (eakar.body as Buffer).subarray(3).toString('utf8').split('\r\n').slice(1, -1);
      expect(lettersOf(eakarLines.map((line) => line.split(',')[0]))).toEqual(['C', 'I']);
      expectProblem(await as('snv.thamdinh').get('/cases/export?format=pdf'), 400, 'validation-failed');
    });

    it('exports the filtered list as .xlsx that reads back with its header, rows and names', async () => {
      const response = await as('snv.thamdinh').get('/cases/export?format=xlsx&commune=xa-cu-bao').buffer(true).parse(rawBody).expect(200);
      expect(response.headers['content-type']).toBe(XLSX_TYPE);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.xlsx"$/);
      const bytes = response.body as Buffer;
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_HEADER);
      expect(sheet.rowCount).toBe(1 + 4);
      const rows = Array.from({ length: 4 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
      expect(lettersOf(rows.map((row) => String(row[0])))).toEqual(['A', 'D', 'E', 'H']);
      expect(rows.find((row) => row[0] === made.A.caseId)![1]).toBe('Nguyễn Văn An');
      // A formula-looking position is plain text in a spreadsheet cell, never a formula.
      const hRow = sheet.getRow(rows.findIndex((row) => row[0] === made.H.caseId) + 2);
      expect(hRow.getCell(7).type).toBe(ExcelJS.ValueType.String);
      expect(hRow.getCell(7).text).toContain('HYPERLINK("x")');
    });

    it('exports the inbox as CSV in the inbox order', async () => {
      const inbox = await as('gd.taichinh').get('/inbox').expect(200);
      const response = await as('gd.taichinh').get('/inbox/export?format=csv').buffer(true).parse(rawBody).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe(EXPORT_HEADER.join(','));
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(ids(inbox.body as Summary[]));
      const xlsx = await as('gd.taichinh').get('/inbox/export?format=xlsx').buffer(true).parse(rawBody).expect(200);
      expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
      expect(workbook.worksheets[0].rowCount).toBe(1 + inbox.body.length);
      expectProblem(await http().get('/api/v1/inbox/export?format=csv'), 401, 'unauthenticated');
    });
  });
});
