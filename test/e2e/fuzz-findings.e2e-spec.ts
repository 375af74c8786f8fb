import request from 'supertest';
import { expectProblem, useApiStack } from '../support/api-client';
import { eventAndCaseCounts } from '../support/database';

interface Schema {
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  allOf?: unknown;
  $ref?: string;
}
interface Operation {
  parameters?: { name: string; in: string; schema?: { pattern?: string } }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * What the API fuzzer (test/e2e/api-fuzz.e2e-spec.ts) found, each pinned by a plain request: a
 * required object left out of a body passed validation and crashed the route (500), and the OpenAPI
 * document said things the API does not do.
 */
describe('what the API fuzzer found (real API, worker and PostgreSQL)', () => {
  const { stack, api } = useApiStack('fuzz-findings');

  describe('a required object of a body that is missing, or not an object, is 400 naming it, and changes nothing', () => {
    const decision = { decisionNumber: '88/QĐ-SNV', decisionDate: '2029-09-01' };
    const cases: { action: string; body: object; field: string }[] = [
      { action: 'resubmit', body: {}, field: 'changes' },
      { action: 'resubmit', body: { changes: [] }, field: 'changes' },
      { action: 'extend', body: { ...decision, reason: 'Xã đề nghị gia hạn' }, field: 'by' },
      { action: 'extend', body: { ...decision, reason: 'Xã đề nghị gia hạn', by: [] }, field: 'by' },
      { action: 'confirm-return', body: { returnedOn: '2029-12-02' }, field: 'placement' },
      { action: 'correct-decision', body: { documentNumber: '1300/QĐ-UBND', documentDate: '2026-11-26', reason: 'Sai ngày hiệu lực' }, field: 'changes' },
      {
        action: 'issue-decision',
        body: { decisionNumber: '1234/QĐ-UBND', decisionDate: '2026-11-25', effectiveDate: '2026-12-01', attachments: [] },
        field: 'signer',
      },
    ];

    it.each(cases)('POST /cases/:id/$action without a proper $field', async ({ action, body, field }) => {
      const before = await eventAndCaseCounts(stack.db.url);
      const response = await api.as('snv.thamdinh').post(`/cases/HS-2026-7Q2M4K9D/${action}`).send(body);
      expectProblem(response, 400, 'validation-failed', { field });
      expect(await eventAndCaseCounts(stack.db.url)).toEqual(before);
    });

    it('POST /cases with a term that is a list is 400 naming term', async () => {
      const response = await api.as('hr.taichinh').post('/cases').send({
        form: 'secondment',
        officialId: 'cc-0001',
        receivingUnitId: 'xa-cu-bao',
        position: 'Công chức Tài chính – Kế toán ngân sách xã',
        plannedStart: '2027-01-04',
        reason: 'Xã thiếu công chức tài chính – kế toán',
        term: [],
      });
      expectProblem(response, 400, 'validation-failed', { field: 'term' });
    });
  });

  describe('the OpenAPI document says what the API does', () => {
    let doc: Doc;

    beforeAll(async () => {
      doc = (await request(stack.api.url).get('/api/docs-json').expect(200)).body as Doc;
    });

    it('no property is a bare object where the API sends a string or a number (a nullable one without its type)', () => {
      const bare = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
        Object.entries(schema.properties ?? {})
          .filter(([, property]) => property.nullable && property.type === 'object' && !property.properties && !property.allOf && !property.$ref && property.additionalProperties === undefined)
          .map(([property]) => `${name}.${property}`),
      );
      expect(bare).toEqual([]);
      expect(doc.components.schemas.CaseDetailDto.properties?.closedAt).toMatchObject({ type: 'string', nullable: true });
    });

    it('every route that takes an Idempotency-Key documents its rule and its 400 and 422', () => {
      const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => (operation.parameters ?? []).some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key'))
          .map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
      );
      expect(routes.length).toBeGreaterThan(20);
      expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['post /api/v1/deliveries/{id}/replay', 'post /api/v1/cases/{caseId}/resubmit']));
      for (const { route, operation } of routes) {
        const header = operation.parameters!.filter((parameter) => parameter.name === 'Idempotency-Key');
        expect({ route, headers: header.length, pattern: header[0].schema?.pattern }).toEqual({ route, headers: 1, pattern: expect.any(String) as string });
        expect({ route, statuses: Object.keys(operation.responses) }).toEqual({ route, statuses: expect.arrayContaining(['400', '422']) as string[] });
      }
    });

    it('a document downloads as PDF, JPEG or PNG, and an inbox export as CSV or Excel, as documented', () => {
      expect(Object.keys(doc.paths['/api/v1/documents/{documentId}'].get.responses['200'].content ?? {}).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
      expect(Object.keys(doc.paths['/api/v1/inbox/export'].get.responses['200'].content ?? {}).sort()).toEqual([
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'text/csv',
      ]);
    });
  });
});
