import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, NON_EMPTY, useApiStack, vnDay, vnToday } from '../support/api-client';
import { queryRows } from '../support/database';

/**
 * Import and export of the staffing registry through the real HTTP API and PostgreSQL: dry runs
 * that report every bad row, all-or-nothing commits, a second import that changes nothing, .xlsx,
 * the export → import round trip with Vietnamese text, legacy encodings refused, the roles, and a
 * 9,000-row officials file. Every row this spec writes has an id starting "ri-".
 */
describe('registry import and export through the HTTP API', () => {
  const { stack, api } = useApiStack('registry-import');

  const HA = 'snv.thamdinh';
  const as = (user: string) => api.as(user);
  const importAs = (user: string, kind: string, file: Buffer, name: string, dryRun?: boolean) =>
    as(user)
      .post(`/registry/imports/${kind}${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`)
      .attach('file', file, name);
  const importFile = (kind: string, file: Buffer, name: string, dryRun?: boolean) => importAs(HA, kind, file, name, dryRun);
  /** Reads a binary response (an .xlsx) into a Buffer. */
  const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
  };
  /** GET an export: the file as a Buffer, or a problem as its JSON. */
  const exportFile = async (kind: string, query = '', user = HA) => {
    const response = await as(user).get(`/registry/exports/${kind}${query}`).buffer(true).parse(binary);
    if (/json/.test(String(response.headers['content-type']))) response.body = JSON.parse((response.body as Buffer).toString('utf8'));
    return response;
  };

  /** A report's errors as [row, column, rule]. */
  const cellsOf = (response: request.Response) => (response.body as { errors: { row: number; column: string; rule: string }[] }).errors.map((e) => [e.row, e.column, e.rule]);

  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  /** A CSV file: UTF-8, a byte-order mark, CRLF. */
  const csvFile = (lines: string[], bom = true) => Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
  const dmy = (date: string) => date.split('-').reverse().join('/');
  const yearsAgo = (years: number, days = 0) => {
    const [y, m, d] = vnToday().split('-').map(Number);
    const date = new Date(Date.UTC(y - years, m - 1, d + days));
    return date.toISOString().slice(0, 10);
  };

  async function counts(): Promise<{ units: number; officials: number; quotas: number; stamp: string }> {
    const [row] = await queryRows<{ units: number; officials: number; quotas: number; stamp: string }>(
      stack.db.url,
      `SELECT (SELECT count(*)::int FROM secondment.org_unit) AS units, (SELECT count(*)::int FROM secondment.official) AS officials,
              (SELECT count(*)::int FROM secondment.staffing_quota) AS quotas,
              concat_ws('|', (SELECT max(updated_at) FROM secondment.org_unit), (SELECT max(updated_at) FROM secondment.official), (SELECT max(updated_at) FROM secondment.staffing_quota)) AS stamp`,
    );
    return row;
  }
  const stamps = (table: string) => queryRows<{ id: string; updated_at: Date }>(stack.db.url, `SELECT ${table === 'staffing_quota' ? `unit_id || '/' || field_id` : 'id'} AS id, updated_at FROM secondment.${table} ORDER BY 1`);

  const UNITS_VI = ['Mã đơn vị;Tên đơn vị;Loại;Vùng khó khăn', 'ri-so-a;Sở Thử nghiệm;Sở;Không', 'ri-ban-b;Ban Quản lý dự án;Ban ngành;Không', 'ri-xa-a;Xã Đắk Thử;Xã;Có', 'ri-phuong-b;Phường Thử;Phường;Không'];
  const OFFICIAL_HEADER_VI = 'Mã công chức,Họ và tên,Chức danh,Mã đơn vị,Mã lĩnh vực,Ngạch,Loại hình,Lãnh đạo,Quy hoạch,Ngày sinh,Giới tính';
  const OFFICIALS = [
    OFFICIAL_HEADER_VI,
    `ri-cc-1,Nguyễn Văn Đức,Chuyên viên,ri-so-a,dat-dai,Chuyên viên,Công chức,Không,Không,02/03/1985,Nam`,
    `ri-cc-2,Trần Thị Ánh,Trưởng phòng,ri-so-a,tai-chinh-ke-toan,Chuyên viên chính,Công chức,Có,Có,1979-11-20,Nữ`,
    `ri-cc-3,H Hen Niê,,ri-xa-a,van-phong,,Viên chức,,,,`,
  ];

  beforeAll(async () => {
    const units = await importFile('units', csvFile(UNITS_VI), 'don-vi.csv');
    expect({ status: units.status, body: units.body }).toMatchObject({ status: 200, body: { committed: true, changes: { inserted: 4, updated: 0, unchanged: 0 } } });
  });

  describe('who may import and export', () => {
    it('imports are for Home Affairs officers only; exports also for auditors', async () => {
      for (const user of ['hr.taichinh', 'gd.taichinh', 'ct.cubao', 'thanhtra', 'vp.tinhuy']) {
        expectProblem(await importAs(user, 'units', csvFile(UNITS_VI), 'don-vi.csv', true), 403, 'forbidden', { rule: 'not_authorised' });
      }
      for (const user of ['hr.taichinh', 'ct.cubao', 'an.nguyenvan']) {
        expectProblem(await exportFile('units', '', user), 403, 'forbidden', { rule: 'not_authorised' });
      }
      expect((await exportFile('units', '', 'thanhtra')).status).toBe(200);
      expect((await request(api.url).get('/api/v1/registry/exports/units')).status).toBe(401);
    });

    it('an unknown kind is refused naming kind; a missing file naming file', async () => {
      expectProblem(await importFile('positions', csvFile(['id']), 'x.csv', true), 400, 'validation-failed', { field: 'kind', errors: [expect.objectContaining({ field: 'kind', rule: 'isIn' })] });
      expectProblem(await exportFile('positions'), 400, 'validation-failed', { field: 'kind' });
      expectProblem(await as(HA).post('/registry/imports/units?dryRun=true'), 400, 'validation-failed', { field: 'file' });
      expectProblem(await importFile('units', csvFile(['id']), 'x.csv', 'maybe' as unknown as boolean), 400, 'validation-failed', { field: 'dryRun' });
    });

    it('the routes are in the OpenAPI document', async () => {
      const doc = (await request(api.url).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/registry/imports/{kind}', '/api/v1/registry/exports/{kind}']));
      expect(Object.keys(doc.paths['/api/v1/registry/imports/{kind}'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '413', '415', '422']));
      expect(doc.paths['/api/v1/registry/exports/{kind}'].get.tags).toEqual(['registry']);
    });
  });

  describe('dry run', () => {
    it('reports every bad row of an officials file with its row, column and rule, and writes nothing', async () => {
      const before = await counts();
      const lines = [
        OFFICIAL_HEADER_VI,
        'ri-cc-1,Nguyễn Văn Đức,Chuyên viên,ri-so-a,dat-dai,Chuyên viên,Công chức,Không,Không,02/03/1985,Nam', // 2 good
        ',Thiếu Mã,,ri-so-a,,,Công chức,,,,', // 3
        'ri cc 4,Khoảng Trắng,,ri-so-a,,,Công chức,,,,', // 4
        'ri-cc-5,Đơn Vị Lạ,,ri-khong-co,,,Công chức,,,,', // 5
        'ri-cc-6,Lĩnh Vực Lạ,,ri-so-a,thien-van,,Công chức,,,,', // 6
        'ri-cc-7,Loại Hình Lạ,,ri-so-a,,,Hợp đồng,,,,', // 7
        'ri-cc-8,Cờ Lạ,,ri-so-a,,,Công chức,Có lẽ,,,', // 8
        'ri-cc-9,Ngày Sai,,ri-so-a,,,Công chức,,,31/02/1980,', // 9
        `ri-cc-10,Tương Lai,,ri-so-a,,,Công chức,,,${dmy(vnDay(10))},`, // 10
        `ri-cc-11,Quá Trẻ,,ri-so-a,,,Công chức,,,${dmy(yearsAgo(18, 1))},`, // 11: 18 tomorrow
        `ri-cc-12,Quá Tuổi,,ri-so-a,,,Công chức,,,${dmy(yearsAgo(71))},`, // 12
        'ri-cc-13,Quy Hoạch,,ri-so-a,,,Công chức,Không,Có,,', // 13
        'ri-cc-1,Trùng Mã,,ri-so-a,,,Công chức,,,,', // 14
        `ri-cc-15,${'Dài'.repeat(51)},,ri-so-a,,,Công chức,,,,`, // 15
        'ri-cc-16,NguyÔn V¨n §øc,,ri-so-a,,,Công chức,,,,', // 16: TCVN3 read as Windows-1252
        'ri-cc-17,Nguyeãn Vaên An,,ri-so-a,,,Công chức,,,,', // 17: VNI read as Windows-1252
        'ri-cc-18,Giới Tính Lạ,,ri-so-a,,,Công chức,,,,Khác', // 18
        `ri-cc-19,Đủ Tuổi,,ri-so-a,,,Viên chức,,,${dmy(yearsAgo(18))},Nữ`, // 19 good: 18 today
        'ri-cc-20,Thiếu Loại Hình,,ri-so-a,,,,,,,', // 20
      ];
      const response = await importFile('officials', csvFile(lines), 'cong-chuc.csv', true);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ kind: 'officials', format: 'csv', dryRun: true, committed: false, rows: 19, valid: 2, errorCount: 17, changes: { inserted: 2, updated: 0, unchanged: 0 }, durationMs: expect.any(Number) });
      const errors = response.body.errors as { row: number; column: string; header: string; rule: string; message: { vi: string; en: string } }[];
      expect(errors.map((e) => [e.row, e.column, e.rule])).toEqual([
        [3, 'id', 'required'],
        [4, 'id', 'id_format'],
        [5, 'unitId', 'unknown_unit'],
        [6, 'fieldId', 'unknown_field'],
        [7, 'employment', 'enum'],
        [8, 'isLeader', 'boolean'],
        [9, 'birthDate', 'date'],
        [10, 'birthDate', 'future_date'],
        [11, 'birthDate', 'age'],
        [12, 'birthDate', 'age'],
        [13, 'inLeadershipPlan', 'plan_needs_leader'],
        [14, 'id', 'duplicate'],
        [15, 'fullName', 'too_long'],
        [16, 'fullName', 'legacy_encoding'],
        [17, 'fullName', 'legacy_encoding'],
        [18, 'gender', 'enum'],
        [20, 'employment', 'required'],
      ]);
      for (const error of errors) expect(error.message).toEqual({ vi: NON_EMPTY, en: NON_EMPTY });
      expect(errors[8]).toMatchObject({ header: 'Ngày sinh', column: 'birthDate' });
      expect(errors[13].message.en).toMatch(/TCVN3.*Nguyễn Văn Đức/);
      expect(errors[14].message.en).toMatch(/VNI.*Nguyễn Văn An/);
      expect(await counts()).toEqual(before);
    });

    it('reports bad unit rows, a unit named by a case changing kind among them', async () => {
      await queryRows(
        stack.db.url,
        `INSERT INTO secondment.case_summary (case_id, version, form, stage, official_id, official_name, official_name_key, sending_unit_id, sending_unit_name,
                                              receiving_unit_id, receiving_unit_name, position, proposer_id, proposer_name, proposed_at, stage_opened_at, state)
         VALUES ('HS-RI-0001', 1, 'secondment', 'department_review', 'cc-0002', 'Trương Thị Bích', 'truong thi bich', 'ri-so-a', 'Sở Thử nghiệm',
                 'ri-xa-a', 'Xã Đắk Thử', 'Công chức địa chính', 'hr.taichinh', 'Trần Thị Bình', now(), now(), '{}'::jsonb)`,
      );
      const before = await counts();
      const response = await importFile(
        'units',
        csvFile(['id,name,category,difficultArea', 'ri-xa-a,Xã Đắk Thử,agency,true', 'ri-phuong-b,Phường Thử,special_zone,false', 'ri-so-a,Sở Thử nghiệm,commune,false', 'RI-XA-C,Xã C,commune,', 'ri-xa-d,Xã D,thôn,', 'ri-xa-e,,commune,', 'ri-xa-f,Xã F,commune,hơi khó']),
        'units.csv',
        true,
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ rows: 7, valid: 1, changes: { inserted: 0, updated: 1, unchanged: 0 } });
      expect(cellsOf(response)).toEqual([
        [2, 'category', 'kind_change'],
        [4, 'category', 'kind_change'],
        [5, 'id', 'id_format'],
        [6, 'category', 'enum'],
        [7, 'name', 'required'],
        [8, 'difficultArea', 'boolean'],
      ]);
      expect(await counts()).toEqual(before);
    });

    it('refuses to move an official whose case is still open, and lets the same file through once it is closed', async () => {
      await queryRows(
        stack.db.url,
        `INSERT INTO secondment.case_summary (case_id, version, form, stage, official_id, official_name, official_name_key, sending_unit_id, sending_unit_name,
                                              receiving_unit_id, receiving_unit_name, position, proposer_id, proposer_name, proposed_at, stage_opened_at, state)
         VALUES ('HS-RI-0002', 1, 'secondment', 'serving', 'cc-0003', 'Hoàng Văn Công', 'hoang van cong', 'so-tai-chinh', 'Sở Tài chính',
                 'xa-cu-bao', 'Xã Cư Bao', 'Kế toán', 'hr.taichinh', 'Trần Thị Bình', now(), now(), '{}'::jsonb)`,
      );
      const move = csvFile(['id,fullName,unitId,employment', 'cc-0003,Hoàng Văn Công,so-xay-dung,civil_servant']);
      const refused = await importFile('officials', move, 'chuyen.csv', true);
      expect(refused.status).toBe(200);
      expect(cellsOf(refused)).toEqual([[2, 'unitId', 'moved_on_open_case']]);
      expect((refused.body as { errors: { message: { en: string } }[] }).errors[0].message.en).toContain('HS-RI-0002');
      await queryRows(stack.db.url, `UPDATE secondment.case_summary SET closed_at = now(), stage = 'closed' WHERE case_id = 'HS-RI-0002'`);
      const allowed = await importFile('officials', move, 'chuyen.csv', true);
      expect(allowed.body).toMatchObject({ errorCount: 0, changes: { updated: 1 } });
    });

    it('reports bad quota rows and file-level header problems', async () => {
      const response = await importFile(
        'quotas',
        csvFile(['Mã đơn vị;Mã lĩnh vực;Biên chế', 'ri-xa-a;dat-dai;3', 'ri-xa-a;dat-dai;4', 'ri-xa-a;xay-dung;2,5', 'ri-xa-a;giao-thong;-1', 'ri-xa-zz;y-te;1', 'ri-xa-a;thien-van;1', 'ri-xa-a;y-te;']),
        'bien-che.csv',
        true,
      );
      expect(response.status).toBe(200);
      expect(cellsOf(response)).toEqual([
        [3, 'fieldId', 'duplicate'],
        [4, 'quota', 'quota'],
        [5, 'quota', 'quota'],
        [6, 'unitId', 'unknown_unit'],
        [7, 'fieldId', 'unknown_field'],
        [8, 'quota', 'required'],
      ]);
      const header = await importFile('officials', csvFile(['id,Họ và tên,Ghi chú', 'ri-cc-1,A,x']), 'x.csv', true);
      expect(cellsOf(header)).toEqual([
        [1, 'Ghi chú', 'unknown_column'],
        [1, 'unitId', 'missing_column'],
        [1, 'employment', 'missing_column'],
      ]);
    });

    it('refuses files in legacy encodings naming the encoding, and files that are not CSV or .xlsx', async () => {
      // "Nguyễn Văn Đức" in TCVN3 (ABC): D4 ễ, A8 ă, A7 Đ, F8 ứ; and in VNI: e+E3 ễ, a+EA ă, D1 Đ, F6 F9 ứ.
      const tcvn3 = Buffer.concat([Buffer.from(`${OFFICIAL_HEADER_VI.split(',').slice(0, 2).join(',')}\r\nri-cc-1,`, 'utf8'), Buffer.from('4e677579d46e2056a86e20a7f863', 'hex'), Buffer.from('\r\n')]);
      const refused = await importFile('officials', tcvn3, 'tcvn3.csv', true);
      expectProblem(refused, 415, 'legacy-encoding', { rule: 'legacy_encoding', encoding: 'TCVN3', field: 'file', sample: expect.objectContaining({ line: 2, reads: 'ri-cc-1,Nguyễn Văn Đức' }) });
      expect(refused.body.messages.vi).toMatch(/TCVN3/);
      const vni = Buffer.concat([Buffer.from('id,fullName\r\nri-cc-1,'), Buffer.from('4e67757965e36e205661ea6e20d1f6f963', 'hex'), Buffer.from('\r\n')]);
      expectProblem(await importFile('officials', vni, 'vni.csv', true), 415, 'legacy-encoding', { encoding: 'VNI' });
      expectProblem(await importFile('units', Buffer.from('%PDF-1.4\n\0\0binary'), 'x.pdf', true), 415, 'unsupported-import-file', { rule: 'file_format' });
      expectProblem(await importFile('units', Buffer.from('id,name\n'), 'x.xlsx', true), 415, 'unsupported-import-file');
    });
  });

  describe('commit', () => {
    it('writes nothing when one row is bad (422 with the report), everything when none is', async () => {
      const before = await counts();
      const bad = [...OFFICIALS, 'ri-cc-4,Người Thứ Tư,,ri-khong-co,,,Công chức,,,,'];
      const refused = await importFile('officials', csvFile(bad), 'cong-chuc.csv', false);
      expectProblem(refused, 422, 'import-refused', { rule: 'invalid_rows', committed: false, rows: 4, valid: 3, errorCount: 1, changes: { inserted: 3, updated: 0, unchanged: 0 } });
      expect(refused.body.errors).toEqual([expect.objectContaining({ row: 5, column: 'unitId', rule: 'unknown_unit', value: 'ri-khong-co' })]);
      expect(await counts()).toEqual(before);

      const committed = await importFile('officials', csvFile(OFFICIALS), 'cong-chuc.csv');
      expect(committed.status).toBe(200);
      expect(committed.body).toMatchObject({ dryRun: false, committed: true, rows: 3, valid: 3, errorCount: 0, errors: [], changes: { inserted: 3, updated: 0, unchanged: 0 } });
      expect(await queryRows(stack.db.url, `SELECT id, full_name, title, unit_id, field_id, rank, employment, is_leader, in_leadership_plan, birth_date::text, gender FROM secondment.official WHERE id LIKE 'ri-cc-%' ORDER BY id`)).toEqual([
        { id: 'ri-cc-1', full_name: 'Nguyễn Văn Đức', title: 'Chuyên viên', unit_id: 'ri-so-a', field_id: 'dat-dai', rank: 'Chuyên viên', employment: 'civil_servant', is_leader: false, in_leadership_plan: false, birth_date: '1985-03-02', gender: 'male' },
        { id: 'ri-cc-2', full_name: 'Trần Thị Ánh', title: 'Trưởng phòng', unit_id: 'ri-so-a', field_id: 'tai-chinh-ke-toan', rank: 'Chuyên viên chính', employment: 'civil_servant', is_leader: true, in_leadership_plan: true, birth_date: '1979-11-20', gender: 'female' },
        { id: 'ri-cc-3', full_name: 'H Hen Niê', title: null, unit_id: 'ri-xa-a', field_id: 'van-phong', rank: null, employment: 'public_employee', is_leader: false, in_leadership_plan: false, birth_date: null, gender: null },
      ]);
      const units = await queryRows(stack.db.url, `SELECT id, name, kind, category, difficult_area FROM secondment.org_unit WHERE id LIKE 'ri-%' ORDER BY id`);
      expect(units).toEqual([
        { id: 'ri-ban-b', name: 'Ban Quản lý dự án', kind: 'department', category: 'agency', difficult_area: false },
        { id: 'ri-phuong-b', name: 'Phường Thử', kind: 'commune', category: 'ward', difficult_area: false },
        { id: 'ri-so-a', name: 'Sở Thử nghiệm', kind: 'department', category: 'department', difficult_area: false },
        { id: 'ri-xa-a', name: 'Xã Đắk Thử', kind: 'commune', category: 'commune', difficult_area: true },
      ]);
    });

    it('a second import of the same file reports every row unchanged and writes nothing', async () => {
      const officials = await stamps('official');
      const units = await stamps('org_unit');
      const again = await importFile('officials', csvFile(OFFICIALS), 'cong-chuc.csv');
      expect(again.body).toMatchObject({ committed: true, rows: 3, changes: { inserted: 0, updated: 0, unchanged: 3 } });
      const unitsAgain = await importFile('units', csvFile(UNITS_VI), 'don-vi.csv');
      expect(unitsAgain.body).toMatchObject({ committed: true, rows: 4, changes: { inserted: 0, updated: 0, unchanged: 4 } });
      expect(await stamps('official')).toEqual(officials);
      expect(await stamps('org_unit')).toEqual(units);
    });

    it('moves an official to another unit and updates only the rows that differ', async () => {
      const before = await stamps('official');
      const moved = OFFICIALS.map((line) => (line.startsWith('ri-cc-1,') ? line.replace(',ri-so-a,', ',ri-ban-b,') : line));
      const response = await importFile('officials', csvFile(moved), 'cong-chuc.csv');
      expect(response.body).toMatchObject({ committed: true, changes: { inserted: 0, updated: 1, unchanged: 2 } });
      expect(await queryRows(stack.db.url, `SELECT unit_id FROM secondment.official WHERE id = 'ri-cc-1'`)).toEqual([{ unit_id: 'ri-ban-b' }]);
      const after = await stamps('official');
      const changed = after.filter((row, i) => row.updated_at.getTime() !== before[i].updated_at.getTime()).map((row) => row.id);
      expect(changed).toEqual(['ri-cc-1']);
      // A file without some columns leaves them as they are.
      const partial = await importFile('officials', csvFile(['id,fullName,unitId,employment', 'ri-cc-2,Trần Thị Ánh,ri-so-a,civil_servant']), 'p.csv');
      expect(partial.body).toMatchObject({ changes: { inserted: 0, updated: 0, unchanged: 1 } });
    });

    it('imports an .xlsx workbook (quotas), then the same workbook again without a change', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Biên chế');
      sheet.addRow(['Mã đơn vị', 'Mã lĩnh vực', 'Biên chế']);
      sheet.addRow(['ri-xa-a', 'dat-dai', 3]);
      sheet.addRow(['ri-xa-a', 'xay-dung', 0]);
      sheet.addRow(['ri-phuong-b', 'cong-nghe-thong-tin', { formula: '1+1', result: 2 }]);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      const first = await importFile('quotas', xlsx, 'bien-che.xlsx');
      expect(first.body).toMatchObject({ format: 'xlsx', committed: true, rows: 3, changes: { inserted: 3, updated: 0, unchanged: 0 } });
      expect(await queryRows(stack.db.url, `SELECT unit_id, field_id, quota FROM secondment.staffing_quota WHERE unit_id LIKE 'ri-%' ORDER BY 1, 2`)).toEqual([
        { unit_id: 'ri-phuong-b', field_id: 'cong-nghe-thong-tin', quota: 2 },
        { unit_id: 'ri-xa-a', field_id: 'dat-dai', quota: 3 },
        { unit_id: 'ri-xa-a', field_id: 'xay-dung', quota: 0 },
      ]);
      const quotas = await stamps('staffing_quota');
      const second = await importFile('quotas', xlsx, 'bien-che.xlsx');
      expect(second.body).toMatchObject({ committed: true, changes: { inserted: 0, updated: 0, unchanged: 3 } });
      expect(await stamps('staffing_quota')).toEqual(quotas);
      // A bad workbook row refuses the whole workbook.
      sheet.addRow(['ri-xa-a', 'y-te', 1.5]);
      sheet.getCell('C2').value = 9;
      const refused = await importFile('quotas', Buffer.from(await workbook.xlsx.writeBuffer()), 'bien-che.xlsx');
      expectProblem(refused, 422, 'import-refused', { errorCount: 1, changes: { inserted: 0, updated: 1, unchanged: 2 } });
      expect(refused.body.errors).toEqual([expect.objectContaining({ row: 5, column: 'quota', rule: 'quota', value: '1.5' })]);
      expect(await stamps('staffing_quota')).toEqual(quotas);
    });
  });

  describe('export and the round trip', () => {
    /** Every vowel with every tone mark, and đ/Đ, as names. */
    const NAMES = [
      'Àà Ảả Ãã Áá Ạạ Ăă Ằằ Ẳẳ Ẵẵ Ắắ Ặặ Ââ Ầầ Ẩẩ Ẫẫ Ấấ Ậậ Đđ',
      'Èè Ẻẻ Ẽẽ Éé Ẹẹ Êê Ềề Ểể Ễễ Ếế Ệệ Ìì Ỉỉ Ĩĩ Íí Ịị',
      'Òò Ỏỏ Õõ Óó Ọọ Ôô Ồồ Ổổ Ỗỗ Ốố Ộộ Ơơ Ờờ Ởở Ỡỡ Ớớ Ợợ',
      'Ùù Ủủ Ũũ Úú Ụụ Ưư Ừừ Ửử Ữữ Ứứ Ựự Ỳỳ Ỷỷ Ỹỹ Ýý Ỵỵ',
      'Đặng Thị Thuỷ Tiên',
      'Nguyễn Đức Thắng',
    ];

    beforeAll(async () => {
      // Names typed in NFD (decomposed), as some Mac and web tools write them.
      const lines = ['id;fullName;title;unitId;employment;gender;birthDate', ...NAMES.map((name, i) => `ri-tone-${i};${name.normalize('NFD')};"=Chuyên viên; ""đặc biệt""";ri-xa-a;public_employee;${i % 2 ? 'female' : 'male'};${yearsAgo(30 + i)}`)];
      const response = await importFile('officials', csvFile(lines, false), 'nfd.csv');
      expect(response.body).toMatchObject({ committed: true, changes: { inserted: NAMES.length } });
    });

    it('stores NFD input as NFC and exports it so, in a CSV with a byte-order mark, CRLF and Vietnamese headers', async () => {
      const stored = await queryRows<{ full_name: string; nfc: boolean }>(stack.db.url, `SELECT full_name, full_name IS NFC NORMALIZED AS nfc FROM secondment.official WHERE id LIKE 'ri-tone-%' ORDER BY id`);
      expect(stored.map((row) => row.full_name)).toEqual(NAMES.map((name) => name.normalize('NFC')));
      expect(stored.every((row) => row.nfc)).toBe(true);

      const response = await exportFile('officials');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="cong-chuc-\d{4}-\d{2}-\d{2}\.csv"$/);
      const body = response.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.subarray(3).toString('utf8');
      expect(text.startsWith(`${OFFICIAL_HEADER_VI}\r\n`)).toBe(true);
      expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
      for (const name of NAMES) expect(text).toContain(name.normalize('NFC'));
      expect(text).not.toContain(NAMES[0].normalize('NFD'));
      expect(text).toContain(`ri-cc-2,Trần Thị Ánh,Trưởng phòng,ri-so-a,tai-chinh-ke-toan,Chuyên viên chính,Công chức,Có,Có,20/11/1979,Nữ\r\n`);
      expect(text).toContain(`"'=Chuyên viên; ""đặc biệt"""`);
    });

    for (const kind of ['units', 'officials', 'quotas']) {
      for (const query of ['', '?headers=en', '?format=xlsx', '?format=xlsx&headers=en']) {
        it(`an export of ${kind} (${query || 'csv, Vietnamese headers'}) imported back reports every row unchanged`, async () => {
          const exported = await exportFile(kind, query);
          expect(exported.status).toBe(200);
          const xlsx = query.includes('xlsx');
          if (xlsx) expect(exported.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
          const [{ total }] = await queryRows<{ total: number }>(stack.db.url, `SELECT count(*)::int AS total FROM secondment.${kind === 'units' ? 'org_unit' : kind === 'officials' ? 'official' : 'staffing_quota'}`);
          const response = await importFile(kind, exported.body as Buffer, `export.${xlsx ? 'xlsx' : 'csv'}`, true);
          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ format: xlsx ? 'xlsx' : 'csv', rows: total, valid: total, errorCount: 0, errors: [], changes: { inserted: 0, updated: 0, unchanged: total } });
        });
      }
    }
  });

  describe('a province-sized file', () => {
    it('imports 9,000 officials in one commit, and the same file again changes nothing', async () => {
      const FIELDS = ['dat-dai', 'xay-dung', 'tai-chinh-ke-toan', 'cong-nghe-thong-tin', 'tu-phap', 'giao-thong', 'giao-duc', 'y-te', 'nong-nghiep', 'van-phong', 'van-hoa-xa-hoi'];
      const UNITS = ['ri-so-a', 'ri-ban-b', 'ri-xa-a', 'ri-phuong-b'];
      const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
      const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Ngọc', 'Quốc', 'Thanh', 'Hữu'];
      const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hạnh', 'Khánh', 'Lan', 'Mai', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Thảo', 'Uyên', 'Vy', 'Yến', 'Đạt', 'Ánh', 'Hùng', 'Tuấn'];
      const lines = [OFFICIAL_HEADER_VI];
      for (let i = 0; i < 9_000; i += 1) {
        const leader = i % 10 === 0;
        const birth = `${1966 + (i % 38)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        lines.push(
          [
            `ri-big-${String(i).padStart(5, '0')}`,
            `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 4) % MIDDLE.length]} ${GIVEN[(i >> 7) % GIVEN.length]}`,
            leader ? 'Phó trưởng phòng' : 'Chuyên viên',
            UNITS[i % UNITS.length],
            FIELDS[i % FIELDS.length],
            i % 3 ? 'Chuyên viên' : 'Chuyên viên chính',
            i % 5 ? 'Công chức' : 'Viên chức',
            leader ? 'Có' : 'Không',
            leader && i % 20 === 0 ? 'Có' : 'Không',
            dmy(birth),
            i % 2 ? 'Nữ' : 'Nam',
          ].join(','),
        );
      }
      const file = csvFile(lines);
      const before = await counts();
      const dry = await importFile('officials', file, 'tinh.csv', true);
      expect(dry.body).toMatchObject({ committed: false, rows: 9_000, valid: 9_000, errorCount: 0, changes: { inserted: 9_000, updated: 0, unchanged: 0 } });
      expect((await counts()).officials).toBe(before.officials);

      const committed = await importFile('officials', file, 'tinh.csv');
      expect(committed.status).toBe(200);
      expect(committed.body).toMatchObject({ committed: true, rows: 9_000, valid: 9_000, errorCount: 0, changes: { inserted: 9_000, updated: 0, unchanged: 0 }, durationMs: expect.any(Number) });
      expect((await counts()).officials).toBe(before.officials + 9_000);
      const [byUnit] = await queryRows<{ leaders: number; planned: number; female: number }>(
        stack.db.url,
        `SELECT count(*) FILTER (WHERE is_leader)::int AS leaders, count(*) FILTER (WHERE in_leadership_plan)::int AS planned, count(*) FILTER (WHERE gender = 'female')::int AS female
         FROM secondment.official WHERE id LIKE 'ri-big-%'`,
      );
      expect(byUnit).toEqual({ leaders: 900, planned: 450, female: 4_500 });

      const again = await importFile('officials', file, 'tinh.csv');
      expect(again.body).toMatchObject({ committed: true, changes: { inserted: 0, updated: 0, unchanged: 9_000 } });
      expect((await counts()).officials).toBe(before.officials + 9_000);
    });
  });
});
