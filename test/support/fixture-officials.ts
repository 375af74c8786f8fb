import { DEFAULT_ELIGIBILITY_RULES, searchKey } from '@app/domain';
import { seedDemoDataAt } from '@app/persistence/demo/demo-data';
import { ProvinceRulesRepository } from '@app/persistence/cases/province-rules.repository';
import { runMigrations } from '@app/persistence/migrate';
import { withDataSource } from '@app/persistence/data-source';
import { DEMO_ACCOUNTS, DEMO_OFFICIALS } from '@app/persistence';
import { Client } from 'pg';

/**
 * A pool of fixture officials in the three demo departments, inserted into the test template
 * database by the global setup (so every spec database has them), beside the demo province's
 * eight. A spec that needs "an official of Sở Tài chính" takes a fresh one with nextOfficial(),
 * so no two cases of a spec file name the same person by accident (one open case per official),
 * and the departments have more staff than the demo's handful (the department share rule counts
 * a department's officials).
 *
 * Ids are `cc-t-0001` … : they cannot collide with the demo's cc-0001…cc-0008, the generated
 * province's cc-100001… nor the fixture rows of single specs (cc-b…, cc-c…, ge-…, ri-…, rr-…), and
 * no id search of the specs (`q=cc-0002`) finds them. Names are real Vietnamese names, none of them
 * a demo official's or a demo account's, and none found by the name searches the specs expect to
 * find demo officials only (SEARCHED).
 */

export interface FixtureOfficial {
  id: string;
  name: string;
  title: string;
  unitId: string;
  fieldId: string;
  rank: string;
  employment: 'civil_servant';
  birthDate: string;
  gender: 'female' | 'male';
}

/** The id prefix of every fixture official. */
export const FIXTURE_OFFICIAL_PREFIX = 'cc-t-';

/**
 * How many fixture officials each department has, with their field and the titles they hold. The
 * department share rule (7% by default) lets a department of N officials have N × 7% cases open at
 * once; the spec files have up to 32 (cases-refusals), 29 (scope-matrix) and 53 (delegation-batch,
 * which adds 50 officials of its own) open at once from Sở Tài chính.
 */
const POOLS: { unitId: string; count: number; fieldId: string; titles: string[] }[] = [
  {
    unitId: 'so-tai-chinh',
    count: 150,
    fieldId: 'tai-chinh-ke-toan',
    titles: ['Chuyên viên phòng Quản lý ngân sách', 'Chuyên viên phòng Tài chính doanh nghiệp', 'Kế toán viên', 'Chuyên viên phòng Quản lý giá và công sản', 'Chuyên viên phòng Tài chính đầu tư'],
  },
  {
    unitId: 'so-nong-nghiep-moi-truong',
    count: 60,
    fieldId: 'dat-dai',
    titles: ['Chuyên viên quản lý đất đai', 'Chuyên viên trắc địa bản đồ', 'Chuyên viên phòng Đăng ký đất đai'],
  },
  {
    unitId: 'so-xay-dung',
    count: 30,
    fieldId: 'xay-dung',
    titles: ['Kỹ sư xây dựng', 'Chuyên viên phòng Quản lý xây dựng', 'Chuyên viên phòng Quy hoạch – Kiến trúc'],
  },
];

/** The number of fixture officials of each department. */
export const FIXTURE_OFFICIAL_COUNTS: Readonly<Record<string, number>> = Object.fromEntries(POOLS.map((pool) => [pool.unitId, pool.count]));

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Lương', 'Mai', 'Tạ'];
const MIDDLE = { female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Minh'], male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Quốc', 'Thanh', 'Xuân'] };
const GIVEN = {
  female: ['Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Thảo', 'Trang', 'Yến', 'Giang', 'Hiền', 'Loan', 'Nga', 'Thủy', 'Tuyết', 'Vân', 'Quyên', 'Uyên'],
  male: ['Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Tuấn', 'Việt', 'Vinh', 'Toàn', 'Trung', 'Lâm', 'Phúc', 'Kiên', 'Thịnh', 'Tùng', 'Hiếu'],
};
const RANKS = ['Chuyên viên', 'Chuyên viên', 'Chuyên viên chính', 'Cán sự'];
/** Names the specs already give to someone: the demo officials and accounts, and the signer of the decisions (case-walk.ts). */
const TAKEN = new Set([...DEMO_OFFICIALS.map((o) => o.name), ...DEMO_ACCOUNTS.map((a) => a.name), 'Nguyễn Thị Mai']);
/**
 * Searches the specs make expecting demo or spec-made officials only (api-reads, registry-reads).
 * The case list finds a name holding every word of the query, each anywhere in it ("nguyen van an"
 * finds Nguyễn Văn Bình: "an" is in "van"), so a fixture name must not hold all the words of any.
 */
const SEARCHED = ['nguyen van an', 'eban', 'dang thi dao', 'nguyen duc luong', 'khong ai ca'].map((q) => q.split(' '));

/** Whether a fixture official may bear the name: nobody has it, and no search of the specs finds it. */
function free(name: string): boolean {
  const key = searchKey(name);
  return !TAKEN.has(name) && !SEARCHED.some((words) => words.every((word) => key.includes(word)));
}

/**
 * The k-th name of a gender: the combination (surname, middle name, given name) numbered k × 1001
 * modulo their count. 1001 shares no factor with 20 × 8 × 24, so no name repeats before 3,840 of
 * a gender, and neighbours differ in every part.
 */
function nameAt(k: number, gender: 'female' | 'male'): string {
  const middle = MIDDLE[gender];
  const given = GIVEN[gender];
  const combinations = SURNAMES.length * middle.length * given.length;
  if (k >= combinations) throw new Error(`no more than ${combinations} fixture names of one gender`);
  const n = (k * 1001) % combinations;
  return `${SURNAMES[n % SURNAMES.length]} ${middle[Math.floor(n / SURNAMES.length) % middle.length]} ${given[Math.floor(n / (SURNAMES.length * middle.length))]}`;
}

function buildPool(): FixtureOfficial[] {
  const officials: FixtureOfficial[] = [];
  /** The next name of each gender; a name someone already has is skipped. */
  const next = { female: 0, male: 0 };
  let i = 0;
  for (const pool of POOLS) {
    for (let n = 0; n < pool.count; n += 1) {
      // Genders alternate.
      const gender = i % 2 === 0 ? 'female' : 'male';
      let name = nameAt(next[gender]++, gender);
      while (!free(name)) name = nameAt(next[gender]++, gender);
      officials.push({
        id: `${FIXTURE_OFFICIAL_PREFIX}${String(i + 1).padStart(4, '0')}`,
        name,
        title: pool.titles[n % pool.titles.length],
        unitId: pool.unitId,
        fieldId: pool.fieldId,
        rank: RANKS[n % RANKS.length],
        employment: 'civil_servant',
        birthDate: `${1980 + ((i * 7) % 20)}-${String(((i * 5) % 12) + 1).padStart(2, '0')}-${String(((i * 11) % 28) + 1).padStart(2, '0')}`,
        gender,
      });
      i += 1;
    }
  }
  return officials;
}

/** Every fixture official, in id order: Sở Tài chính's, then Sở Nông nghiệp và Môi trường's, then Sở Xây dựng's. */
export const FIXTURE_OFFICIALS: readonly FixtureOfficial[] = buildPool();

/** The fixture officials of one department (none for a unit without a pool). */
export function fixtureOfficialsOf(unitId: string): FixtureOfficial[] {
  return FIXTURE_OFFICIALS.filter((official) => official.unitId === unitId);
}

/** Whether the unit has a pool nextOfficial() can take from. */
export function hasFixtureOfficials(unitId: string): boolean {
  return unitId in FIXTURE_OFFICIAL_COUNTS;
}

/** How many of each pool this module has handed out: each spec file has its own module registry, so its own count. */
const handedOut = new Map<string, number>();

/**
 * A fixture official of `unitId` no one in this spec file has had yet: each is handed out once,
 * in id order. A spec file runs against its own copy of the template, so a fresh official has no
 * case there.
 */
export function nextOfficial(unitId = 'so-tai-chinh'): FixtureOfficial {
  const pool = fixtureOfficialsOf(unitId);
  if (pool.length === 0) throw new Error(`no fixture officials of ${unitId}: the pools are ${Object.keys(FIXTURE_OFFICIAL_COUNTS).join(', ')}`);
  const next = handedOut.get(unitId) ?? 0;
  if (next >= pool.length) throw new Error(`the ${pool.length} fixture officials of ${unitId} are all handed out in this spec file: enlarge the pool in test/support/fixture-officials.ts`);
  handedOut.set(unitId, next + 1);
  return pool[next];
}

/** Inserts the pool into the database at `url` (the template, after the demo data); a second run changes nothing. */
export async function seedFixtureOfficials(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const o = FIXTURE_OFFICIALS;
    const result = await client.query(
      `INSERT INTO secondment.official (id, full_name, title, unit_id, field_id, rank, employment, birth_date, gender)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[])
       ON CONFLICT (id) DO NOTHING`,
      [
        o.map((x) => x.id),
        o.map((x) => x.name),
        o.map((x) => x.title),
        o.map((x) => x.unitId),
        o.map((x) => x.fieldId),
        o.map((x) => x.rank),
        o.map((x) => x.employment),
        o.map((x) => x.birthDate),
        o.map((x) => x.gender),
      ],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * The province lets each department send all its staff (the test template's, the fault suite's):
 * the share (7% by default) is judged by its own specs, which publish the share they test; the
 * others nominate freely from the small fixture departments.
 */
export async function relaxDepartmentShare(url: string): Promise<void> {
  await withDataSource(url, async (dataSource) => {
    const repository = new ProvinceRulesRepository(dataSource);
    const { version: _version, ...rules } = await repository.current();
    await repository.publish({ ...rules, eligibility: { ...(rules.eligibility ?? DEFAULT_ELIGIBILITY_RULES), departmentMaxSharePercent: 100 } }, 'system', 'specs: the share is judged by its own specs');
  });
}

/**
 * A database as the specs use it: migrated, with the demo province and its accounts, the pool of
 * fixture officials the specs nominate, and the department share relaxed (the test template; the
 * fault suite's own database).
 */
export async function seedSpecProvince(url: string): Promise<void> {
  await runMigrations(url);
  await seedDemoDataAt(url);
  await seedFixtureOfficials(url);
  await relaxDepartmentShare(url);
}
