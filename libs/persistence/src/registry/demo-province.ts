import type { DataSource } from 'typeorm';
import { DEMO_UNITS } from '../demo/demo-data';
import type { Employment, Gender, UnitCategory } from '@app/registry';

/**
 * A generated province of realistic size for the demo: 30 departments and agencies, about 100
 * communes and wards, some 9,000 officials, and each commune's staffing quota per field, with
 * shortages and surpluses in the proportions reported in the field (DOMAIN.md: 64 communes short of
 * 619, 33 with 182 over; specialists missing, office staff in surplus). Deterministic from a seed:
 * the same seed always makes the same province. The small demo units keep their ids, so the demo
 * accounts work inside it.
 */

export interface DemoProvince {
  province: { id: string; name: string };
  units: { id: string; name: string; kind: 'department' | 'commune'; category: UnitCategory; difficultArea: boolean }[];
  officials: {
    id: string;
    fullName: string;
    title: string;
    unitId: string;
    fieldId: string;
    rank: string;
    employment: Employment;
    isLeader: boolean;
    inLeadershipPlan: boolean;
    birthDate: string;
    gender: Gender;
  }[];
  quotas: { unitId: string; fieldId: string; quota: number }[];
}

export const DEMO_PROVINCE_SEED = 20251201;

/** mulberry32: a small, well-known deterministic generator; good enough for demo data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Departments and agencies of a merged province, each with the field most of its staff work in. */
const DEPARTMENTS: [name: string, category: UnitCategory, field: string][] = [
  ['Sở Tài chính', 'department', 'tai-chinh-ke-toan'],
  ['Sở Nông nghiệp và Môi trường', 'department', 'dat-dai'],
  ['Sở Xây dựng', 'department', 'xay-dung'],
  ['Sở Nội vụ', 'department', 'van-phong'],
  ['Sở Tư pháp', 'department', 'tu-phap'],
  ['Sở Công Thương', 'department', 'tai-chinh-ke-toan'],
  ['Sở Giáo dục và Đào tạo', 'department', 'giao-duc'],
  ['Sở Y tế', 'department', 'y-te'],
  ['Sở Khoa học và Công nghệ', 'department', 'cong-nghe-thong-tin'],
  ['Sở Văn hóa, Thể thao và Du lịch', 'department', 'van-hoa-xa-hoi'],
  ['Sở Dân tộc và Tôn giáo', 'department', 'van-hoa-xa-hoi'],
  ['Sở Ngoại vụ', 'department', 'van-phong'],
  ['Thanh tra tỉnh', 'department', 'tu-phap'],
  ['Văn phòng Ủy ban nhân dân tỉnh', 'department', 'van-phong'],
  ['Ban Quản lý các khu công nghiệp tỉnh', 'agency', 'xay-dung'],
  ['Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp', 'agency', 'xay-dung'],
  ['Ban Quản lý dự án đầu tư xây dựng công trình giao thông và nông nghiệp', 'agency', 'giao-thong'],
  ['Trung tâm Phục vụ hành chính công tỉnh', 'agency', 'van-phong'],
  ['Trung tâm Phát triển quỹ đất tỉnh', 'agency', 'dat-dai'],
  ['Văn phòng Đăng ký đất đai tỉnh', 'agency', 'dat-dai'],
  ['Chi cục Thủy lợi', 'agency', 'nong-nghiep'],
  ['Chi cục Kiểm lâm', 'agency', 'nong-nghiep'],
  ['Chi cục Chăn nuôi và Thú y', 'agency', 'nong-nghiep'],
  ['Chi cục Quản lý đất đai', 'agency', 'dat-dai'],
  ['Trung tâm Công nghệ thông tin và Truyền thông', 'agency', 'cong-nghe-thong-tin'],
  ['Trung tâm Kiểm soát bệnh tật tỉnh', 'agency', 'y-te'],
  ['Quỹ Đầu tư phát triển tỉnh', 'agency', 'tai-chinh-ke-toan'],
  ['Ban Quản lý bảo trì đường bộ', 'agency', 'giao-thong'],
  ['Trung tâm Trợ giúp pháp lý nhà nước', 'agency', 'tu-phap'],
  ['Trung tâm Xúc tiến đầu tư, thương mại và du lịch', 'agency', 'van-hoa-xa-hoi'],
];

/** Place names of the Central Highlands and the coast the merged province spans. */
const PLACES = [
  'Ea Drăng', 'Ea Wy', 'Ea Hiao', 'Ea Khăl', 'Ea Súp', 'Ea Rốk', 'Ea Bung', 'Ea Tul', 'Ea Nuôl', 'Ea Wer', 'Ea Ning', 'Ea Kly', 'Ea Knốp', 'Ea Păl', 'Ea Ô',
  'Cư M\'gar', 'Cư Kuin', 'Cư Pơng', 'Cư Yang', 'Cư Né', 'Cư Prông', 'Cư Mta', 'Cư Pui', 'Cư Drăm', 'Cư Êwi',
  'Krông Búk', 'Krông Năng', 'Krông Pắc', 'Krông Bông', 'Krông Á', 'Krông Nô', 'Krông Ana',
  'Buôn Đôn', 'Buôn Hồ', 'Buôn Trấp', 'Lắk', 'Liên Sơn', 'Yang Mao', 'Dang Kang', 'Hòa Sơn', 'Hòa Phú', 'Hòa Thắng', 'Hòa Xuân',
  'M\'Drắk', 'Ea Riêng', 'Pơng Drang', 'Tân Tiến', 'Tam Giang', 'Quảng Phú', 'Quảng Điền', 'Dray Bhăng', 'Ea Na', 'Hòa Hiệp', 'Vụ Bổn', 'Tân Lập',
  'Tuy Hòa', 'Phú Lâm', 'Sông Cầu', 'Xuân Đài', 'Xuân Lộc', 'Xuân Cảnh', 'Đồng Xuân', 'La Hai', 'Phú Mỡ', 'Xuân Lãnh', 'Tây Sơn', 'Sơn Hòa', 'Củng Sơn',
  'Suối Trai', 'Sơn Thành', 'Tây Hòa', 'Phú Thứ', 'Hòa Mỹ', 'Phú Hòa', 'Phú Túc', 'Đông Hòa', 'Hòa Vinh', 'Hòa Xuân Tây', 'Tuy An', 'Chí Thạnh', 'An Dân',
  'An Thọ', 'An Ninh', 'Ô Loan', 'Sông Hinh', 'Hai Riêng', 'Ea Bá', 'Đức Bình', 'Ea Lâm', 'Sơn Giang', 'Ea Ly', 'Ea Trol', 'Vân Hòa', 'Xuân Phước',
  'Bình Kiến', 'Hòa Kiến', 'Xuân Thọ', 'Phước Lộc', 'Thành Nhất', 'Tân An', 'Tân Lợi', 'Ea Tam',
];

const WARD_PLACES = new Set(['Tuy Hòa', 'Phú Lâm', 'Sông Cầu', 'Xuân Đài', 'Buôn Hồ', 'Tân An', 'Tân Lợi', 'Ea Tam', 'Thành Nhất', 'Hòa Hiệp', 'Đông Hòa', 'Hòa Vinh', 'Bình Kiến']);

/** Each field's share of a commune's quota (biên chế), and whether communes tend to lack it. */
const COMMUNE_FIELDS: [field: string, weight: number, scarce: boolean][] = [
  ['van-phong', 12, false],
  ['tai-chinh-ke-toan', 8, true],
  ['dat-dai', 8, true],
  ['xay-dung', 6, true],
  ['tu-phap', 6, true],
  ['cong-nghe-thong-tin', 3, true],
  ['giao-thong', 4, true],
  ['giao-duc', 5, true],
  ['y-te', 5, true],
  ['nong-nghiep', 6, true],
  ['van-hoa-xa-hoi', 7, false],
];

const FIELD_TITLES: Record<string, string> = {
  'van-phong': 'Văn phòng – thống kê',
  'tai-chinh-ke-toan': 'Tài chính – kế toán',
  'dat-dai': 'Địa chính – đất đai',
  'xay-dung': 'Xây dựng – đô thị',
  'tu-phap': 'Tư pháp – hộ tịch',
  'cong-nghe-thong-tin': 'Công nghệ thông tin',
  'giao-thong': 'Giao thông',
  'giao-duc': 'Giáo dục',
  'y-te': 'Y tế',
  'nong-nghiep': 'Nông nghiệp – môi trường',
  'van-hoa-xa-hoi': 'Văn hóa – xã hội',
};

const SURNAMES: [string, number][] = [
  ['Nguyễn', 31], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4], ['Phan', 4], ['Vũ', 3], ['Võ', 5], ['Đặng', 2],
  ['Bùi', 2], ['Đỗ', 2], ['Hồ', 2], ['Ngô', 2], ['Dương', 1], ['Lý', 1], ['Trương', 2], ['Đinh', 1], ['Lương', 1], ['Mai', 1],
];
const MALE_MIDDLE = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thanh', 'Xuân', 'Ngọc', 'Anh'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Phương'];
const MALE_GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Hải', 'Hùng', 'Huy', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Tuấn', 'Việt', 'Vinh'];
const FEMALE_GIVEN = ['Anh', 'Bích', 'Châu', 'Diệu', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Thảo', 'Trang', 'Yến'];
/** Ê Đê and M'nông names: Y for men, H for women, then the given name and the clan. */
const HIGHLAND_GIVEN = ['Bhim', 'Moan', 'Hen', 'Blô', 'Kông', 'Jik', 'Wơn', 'Nuôl', 'Thuah', 'Linh', 'Krông', 'Dhăk'];
const HIGHLAND_CLANS = ['Niê', 'Mlô', 'Êban', 'Knul', 'Byă', 'Ktla', 'Buôn Yă', 'Ayun', 'Adrơng', 'Hđơk'];

const RANKS: [string, number][] = [['Cán sự', 15], ['Chuyên viên', 62], ['Chuyên viên chính', 20], ['Chuyên viên cao cấp', 3]];

export function generateDemoProvince(seed = DEMO_PROVINCE_SEED): DemoProvince {
  const rnd = random(seed);
  const between = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const weighted = <T>(items: readonly [T, number][]): T => {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = rnd() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  };

  const units: DemoProvince['units'] = [];
  const known = new Map(DEMO_UNITS.map((u) => [u.name, u.id]));
  for (const [name, category] of DEPARTMENTS) units.push({ id: known.get(name) ?? slug(name), name, kind: 'department', category, difficultArea: false });

  // The demo's three communes first, then the generated ones, each name once.
  const communeNames = new Set(DEMO_UNITS.filter((u) => u.kind === 'commune').map((u) => u.name));
  for (const place of PLACES) communeNames.add(`${WARD_PLACES.has(place) ? 'Phường' : 'Xã'} ${place}`);
  for (const name of communeNames) {
    const ward = name.startsWith('Phường');
    const highland = /^(Xã )?(Ea|Cư|Krông|Buôn|Yang|Dang|Pơng|Dray|M')/.test(name.replace(/^Xã /, ''));
    units.push({
      id: known.get(name) ?? slug(name),
      name,
      kind: 'commune',
      category: ward ? 'ward' : 'commune',
      difficultArea: !ward && rnd() < (highland ? 0.55 : 0.2),
    });
  }
  const communes = units.filter((u) => u.kind === 'commune');

  // Shortage and surplus in the field's proportions: 64 of 97 short (about 9.7 each, the worst 29), 33 over (about 5.5 each).
  const order = communes.map((c) => ({ c, r: rnd() })).sort((a, b) => a.r - b.r).map((x) => x.c);
  const shortCount = Math.round((communes.length * 64) / 97);
  const overCount = Math.round((communes.length * 33) / 97);
  const balance = new Map<string, number>();
  order.forEach((c, i) => {
    if (i === 0) balance.set(c.id, -29);
    else if (i < shortCount) balance.set(c.id, -between(1, 18));
    else if (i < shortCount + overCount) balance.set(c.id, between(1, 10));
    else balance.set(c.id, 0);
  });

  const quotas: DemoProvince['quotas'] = [];
  const staffing: { unitId: string; fieldId: string; count: number }[] = [];
  for (const commune of communes) {
    const size = 0.8 + rnd() * 0.5;
    const perField = COMMUNE_FIELDS.map(([field, weight, scarce]) => ({ field, scarce, quota: Math.max(1, Math.round((weight * size * 66) / 70)), count: 0 }));
    for (const f of perField) {
      quotas.push({ unitId: commune.id, fieldId: f.field, quota: f.quota });
      f.count = f.quota;
    }
    let delta = balance.get(commune.id)!;
    // A shortage falls on the specialist fields; a surplus mostly on office and social work, sometimes
    // on a specialist field, which the redistribution view can then move to a commune short of it.
    while (delta < 0) {
      const candidates = perField.filter((f) => f.scarce && f.count > 0);
      if (candidates.length === 0) break;
      pick(candidates).count -= 1;
      delta += 1;
    }
    while (delta > 0) {
      const specialist = rnd() < 0.3;
      pick(perField.filter((f) => f.scarce === specialist)).count += 1;
      delta -= 1;
    }
    for (const f of perField) staffing.push({ unitId: commune.id, fieldId: f.field, count: f.count });
  }
  // About 2,500 at provincial level: most of a department's staff in its own field.
  for (const [name, , field] of DEPARTMENTS) {
    const unitId = known.get(name) ?? slug(name);
    const staff = between(50, 118);
    const own = Math.round(staff * 0.6);
    staffing.push({ unitId, fieldId: field, count: own });
    for (let i = own; i < staff; i += 1) staffing.push({ unitId, fieldId: pick(COMMUNE_FIELDS)[0], count: 1 });
  }

  const officials: DemoProvince['officials'] = [];
  let next = 100001;
  for (const { unitId, fieldId, count } of staffing) {
    const unit = units.find((u) => u.id === unitId)!;
    for (let i = 0; i < count; i += 1) {
      const gender: Gender = rnd() < 0.48 ? 'female' : 'male';
      const highland = unit.kind === 'commune' && unit.difficultArea && rnd() < 0.35;
      const fullName = highland
        ? `${gender === 'male' ? 'Y' : 'H'} ${pick(HIGHLAND_GIVEN)} ${pick(HIGHLAND_CLANS)}`
        : `${weighted(SURNAMES)} ${pick(gender === 'male' ? MALE_MIDDLE : FEMALE_MIDDLE)} ${pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN)}`;
      const age = between(24, 59);
      const birthDate = `${2025 - age}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
      const rank = age < 30 ? pick(['Cán sự', 'Chuyên viên']) : weighted(RANKS);
      const isLeader = age >= 32 && rnd() < (unit.kind === 'department' ? 0.12 : 0.08);
      officials.push({
        id: `cc-${next}`,
        fullName,
        title: `${isLeader ? 'Phó Trưởng phòng' : rank} – ${FIELD_TITLES[fieldId]}`,
        unitId,
        fieldId,
        rank,
        employment: rnd() < 0.9 ? 'civil_servant' : 'public_employee',
        isLeader,
        inLeadershipPlan: isLeader && age <= 50 && rnd() < 0.5,
        birthDate,
        gender,
      });
      next += 1;
    }
  }
  return { province: { id: 'dak-lak', name: 'Đắk Lắk' }, units, officials, quotas };
}

/**
 * Loads the generated province, adding only what is missing (a second run changes nothing, and a
 * unit or official already there is never overwritten). Returns what it added.
 */
export async function seedDemoProvince(dataSource: DataSource, seed = DEMO_PROVINCE_SEED): Promise<{ units: number; officials: number; quotas: number }> {
  const p = generateDemoProvince(seed);
  return dataSource.transaction(async (manager) => {
    await manager.query(`INSERT INTO secondment.province (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [p.province.id, p.province.name]);
    const units = await manager.query<unknown[]>(
      `INSERT INTO secondment.org_unit (id, name, kind, category, difficult_area)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       ON CONFLICT (id) DO NOTHING RETURNING 1`,
      [p.units.map((u) => u.id), p.units.map((u) => u.name), p.units.map((u) => u.kind), p.units.map((u) => u.category), p.units.map((u) => u.difficultArea)],
    );
    const o = p.officials;
    const officials = await manager.query<unknown[]>(
      `INSERT INTO secondment.official (id, full_name, title, unit_id, field_id, rank, employment, is_leader, in_leadership_plan, birth_date, gender)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::date[], $11::text[])
       ON CONFLICT (id) DO NOTHING RETURNING 1`,
      [
        o.map((x) => x.id),
        o.map((x) => x.fullName),
        o.map((x) => x.title),
        o.map((x) => x.unitId),
        o.map((x) => x.fieldId),
        o.map((x) => x.rank),
        o.map((x) => x.employment),
        o.map((x) => x.isLeader),
        o.map((x) => x.inLeadershipPlan),
        o.map((x) => x.birthDate),
        o.map((x) => x.gender),
      ],
    );
    const quotas = await manager.query<unknown[]>(
      `INSERT INTO secondment.staffing_quota (unit_id, field_id, quota)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
       ON CONFLICT (unit_id, field_id) DO NOTHING RETURNING 1`,
      [p.quotas.map((q) => q.unitId), p.quotas.map((q) => q.fieldId), p.quotas.map((q) => q.quota)],
    );
    return { units: units.length, officials: officials.length, quotas: quotas.length };
  });
}
