import { DataSource } from 'typeorm';
import { createDataSource, DEMO_UNITS, generateDemoProvince, OfficialEntity, seedDemoProvince, StaffingQuotaEntity } from '@app/persistence';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';

/**
 * The generated demo province: its size and proportions as the field reports them, the same
 * province from the same seed, and a load that adds only what is missing.
 */
describe('the generated demo province', () => {
  const province = generateDemoProvince();
  const communes = province.units.filter((u) => u.kind === 'commune');
  const departments = province.units.filter((u) => u.kind === 'department');

  function balances(p = province): Map<string, number> {
    const balance = new Map<string, number>();
    for (const q of p.quotas) balance.set(q.unitId, (balance.get(q.unitId) ?? 0) - q.quota);
    for (const o of p.officials) if (balance.has(o.unitId)) balance.set(o.unitId, balance.get(o.unitId)! + 1);
    return balance;
  }

  it('has a realistic size: 30 departments and agencies, about 100 communes and wards, about 9,000 officials', () => {
    expect(departments).toHaveLength(30);
    expect(departments.filter((d) => d.category === 'agency').length).toBeGreaterThan(10);
    expect(communes.length).toBeGreaterThanOrEqual(95);
    expect(communes.length).toBeLessThanOrEqual(110);
    expect(communes.some((c) => c.category === 'ward')).toBe(true);
    expect(communes.some((c) => c.difficultArea)).toBe(true);
    expect(province.officials.length).toBeGreaterThan(8_500);
    expect(province.officials.length).toBeLessThan(9_800);
    const provincial = province.officials.filter((o) => departments.some((d) => d.id === o.unitId)).length;
    // Đắk Lắk 2025: 2,521 provincial and 6,709 commune-level civil servants.
    expect(provincial).toBeGreaterThan(2_000);
    expect(provincial).toBeLessThan(3_000);
  });

  it('is short and over in the proportions the field reports: about two thirds short (about 10 each, the worst 29), a third over (about 5 each)', () => {
    const values = [...balances().values()];
    const short = values.filter((b) => b < 0);
    const over = values.filter((b) => b > 0);
    expect(short.length / communes.length).toBeCloseTo(64 / 97, 1);
    expect(over.length / communes.length).toBeCloseTo(33 / 97, 1);
    expect(Math.min(...values)).toBe(-29);
    const meanShortage = -short.reduce((a, b) => a + b, 0) / short.length;
    const meanSurplus = over.reduce((a, b) => a + b, 0) / over.length;
    expect(meanShortage).toBeGreaterThan(7);
    expect(meanShortage).toBeLessThan(12);
    expect(meanSurplus).toBeGreaterThan(4);
    expect(meanSurplus).toBeLessThan(7);
  });

  it('lacks specialists and has office staff to spare, as communes did after the merger', () => {
    const byField = new Map<string, number>();
    const communeIds = new Set(communes.map((c) => c.id));
    for (const q of province.quotas) byField.set(q.fieldId, (byField.get(q.fieldId) ?? 0) - q.quota);
    for (const o of province.officials) if (communeIds.has(o.unitId)) byField.set(o.fieldId, byField.get(o.fieldId)! + 1);
    expect(byField.get('dat-dai')).toBeLessThan(0);
    expect(byField.get('tai-chinh-ke-toan')).toBeLessThan(0);
    expect(byField.get('van-phong')).toBeGreaterThan(0);
  });

  it('is the same province from the same seed, and another from another', () => {
    expect(generateDemoProvince()).toEqual(province);
    expect(generateDemoProvince(7).officials.slice(0, 20)).not.toEqual(province.officials.slice(0, 20));
  });

  it('keeps the small demo units with their ids and names, so the demo accounts work inside it', () => {
    for (const unit of DEMO_UNITS) expect(province.units).toContainEqual(expect.objectContaining({ id: unit.id, name: unit.name, kind: unit.kind }));
  });

  it('has sound rows: unique ids, known units and fields, adult officials, the leadership plan only for leaders', () => {
    expect(new Set(province.units.map((u) => u.id)).size).toBe(province.units.length);
    expect(new Set(province.officials.map((o) => o.id)).size).toBe(province.officials.length);
    const unitIds = new Set(province.units.map((u) => u.id));
    expect(province.officials.every((o) => unitIds.has(o.unitId))).toBe(true);
    expect(province.officials.every((o) => !o.inLeadershipPlan || o.isLeader)).toBe(true);
    const years = province.officials.map((o) => 2025 - Number(o.birthDate.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...years)).toBeLessThanOrEqual(65);
    expect(province.officials.every((o) => o.fullName.normalize('NFC') === o.fullName)).toBe(true);
  });

  describe('loaded into PostgreSQL', () => {
    let database: TestDatabase;
    let dataSource: DataSource;

    beforeAll(async () => {
      database = await createTestDatabase();
      dataSource = createDataSource(database.url, 2);
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await database?.drop();
    });

    it('adds what is missing once; a second load adds nothing and overwrites nothing', async () => {
      // The template holds the small demo: its 6 units and 8 officials stay as they are.
      const before = await queryRows<{ units: number; officials: number }>(
        database.url,
        `SELECT (SELECT count(*)::int FROM secondment.org_unit) AS units, (SELECT count(*)::int FROM secondment.official) AS officials`,
      );
      const first = await seedDemoProvince(dataSource);
      expect(first).toEqual({ units: province.units.length - before[0].units, officials: province.officials.length, quotas: province.quotas.length });
      expect(await seedDemoProvince(dataSource)).toEqual({ units: 0, officials: 0, quotas: 0 });

      // Read back through the TypeORM entities.
      expect(await dataSource.getRepository(OfficialEntity).count()).toBe(province.officials.length + before[0].officials);
      const someone = await dataSource.getRepository(OfficialEntity).findOneByOrFail({ id: province.officials[1].id });
      expect(someone).toMatchObject({ fullName: province.officials[1].fullName, unitId: province.officials[1].unitId, birthDate: province.officials[1].birthDate });
      expect(await dataSource.getRepository(StaffingQuotaEntity).count()).toBe(province.quotas.length);
      const [ward] = await queryRows<{ category: string }>(database.url, `SELECT category FROM secondment.org_unit WHERE id = 'phuong-buon-ma-thuot'`);
      expect(ward.category).toBe('ward');
    });
  });
});
