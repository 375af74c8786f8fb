import type { Role, UnitKind } from '@app/domain';
import type { DataSource } from 'typeorm';
import { withDataSource } from '../data-source';
import { hashPassword } from '../accounts/passwords';

/**
 * A small province to try the system with (names from Đắk Lắk, where the field figures come from):
 * three departments, three communes, a few officials, and one account for every role. Seeded when
 * SEED_DEMO is on (the default with the embedded database), never over an existing row.
 */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_UNITS: { id: string; name: string; kind: UnitKind }[] = [
  { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' },
  { id: 'so-nong-nghiep-moi-truong', name: 'Sở Nông nghiệp và Môi trường', kind: 'department' },
  { id: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'department' },
  { id: 'xa-cu-bao', name: 'Xã Cư Bao', kind: 'commune' },
  { id: 'phuong-buon-ma-thuot', name: 'Phường Buôn Ma Thuột', kind: 'commune' },
  { id: 'xa-ea-kar', name: 'Xã Ea Kar', kind: 'commune' },
];

/** The small demo's officials, with the registry facts the eligibility rules read (their fields come with the registry's import). */
export const DEMO_OFFICIALS: {
  id: string;
  name: string;
  title: string;
  unitId: string;
  birthDate: string;
  gender: 'female' | 'male';
  isLeader?: boolean;
  inLeadershipPlan?: boolean;
}[] = [
  { id: 'cc-0001', name: 'Nguyễn Văn An', title: 'Chuyên viên phòng Quản lý ngân sách', unitId: 'so-tai-chinh', birthDate: '1988-04-12', gender: 'male' },
  { id: 'cc-0002', name: 'Trương Thị Bích', title: 'Chuyên viên phòng Tài chính doanh nghiệp', unitId: 'so-tai-chinh', birthDate: '1990-09-23', gender: 'female' },
  { id: 'cc-0003', name: 'Hoàng Văn Công', title: 'Kế toán viên', unitId: 'so-tai-chinh', birthDate: '1985-01-30', gender: 'male' },
  { id: 'cc-0004', name: 'Phạm Minh Châu', title: 'Phó Giám đốc Sở Tài chính', unitId: 'so-tai-chinh', birthDate: '1979-06-05', gender: 'female', isLeader: true, inLeadershipPlan: true },
  // A deputy head of division in the leadership plan: the demo's candidate for a rotation.
  { id: 'cc-0005', name: 'Y Moan Êban', title: 'Phó Trưởng phòng Quản lý đất đai', unitId: 'so-nong-nghiep-moi-truong', birthDate: '1986-11-02', gender: 'male', isLeader: true, inLeadershipPlan: true },
  { id: 'cc-0006', name: 'Lê Thị Diệu', title: 'Chuyên viên trắc địa bản đồ', unitId: 'so-nong-nghiep-moi-truong', birthDate: '1992-03-17', gender: 'female' },
  { id: 'cc-0007', name: 'Đinh Quang Huy', title: 'Kỹ sư xây dựng', unitId: 'so-xay-dung', birthDate: '1987-08-08', gender: 'male' },
  { id: 'cc-0008', name: 'H Hen Niê', title: 'Công chức Văn phòng – Thống kê', unitId: 'xa-ea-kar', birthDate: '1994-12-01', gender: 'female' },
];

/**
 * Demo addresses are under `.example` (RFC 2606), so a demo database pointed at a real mail server
 * reaches no one. The Home Affairs officers report to their director, who hears of missed deadlines.
 */
export const DEMO_EMAIL_DOMAIN = 'daklak.example';

export const DEMO_ACCOUNTS: { username: string; name: string; role: Exclude<Role, 'system'>; unitId?: string; personId?: string; reportsTo?: string }[] = [
  { username: 'hr.taichinh', name: 'Trần Thị Bình', role: 'hr_officer', unitId: 'so-tai-chinh' },
  { username: 'gd.taichinh', name: 'Lê Văn Cường', role: 'department_head', unitId: 'so-tai-chinh' },
  { username: 'pgd.taichinh', name: 'Phạm Minh Châu', role: 'official', unitId: 'so-tai-chinh', personId: 'cc-0004' },
  { username: 'hr.nnmt', name: 'Đỗ Thị Hạnh', role: 'hr_officer', unitId: 'so-nong-nghiep-moi-truong' },
  { username: 'gd.nnmt', name: 'Võ Thanh Dũng', role: 'department_head', unitId: 'so-nong-nghiep-moi-truong' },
  { username: 'gd.noivu', name: 'Trịnh Văn Quang', role: 'home_affairs_officer' },
  { username: 'snv.thamdinh', name: 'Huỳnh Thị Giang', role: 'home_affairs_officer', reportsTo: 'gd.noivu' },
  { username: 'snv.quyetdinh', name: 'Ngô Quốc Hải', role: 'home_affairs_officer', reportsTo: 'gd.noivu' },
  { username: 'vp.tinhuy', name: 'Bùi Văn Khánh', role: 'party_secretariat' },
  { username: 'ct.cubao', name: 'Đặng Thị Lan', role: 'commune_leader', unitId: 'xa-cu-bao' },
  { username: 'ct.buonmathuot', name: 'Lý Văn Minh', role: 'commune_leader', unitId: 'phuong-buon-ma-thuot' },
  { username: 'ct.eakar', name: 'Y Bhim Mlô', role: 'commune_leader', unitId: 'xa-ea-kar' },
  { username: 'an.nguyenvan', name: 'Nguyễn Văn An', role: 'official', unitId: 'so-tai-chinh', personId: 'cc-0001' },
  { username: 'thanhtra', name: 'Thanh tra tỉnh', role: 'auditor' },
];

/** Inserts what is missing; a second run changes nothing. Returns the accounts it created. */
export async function seedDemoData(dataSource: DataSource, password = DEMO_PASSWORD): Promise<string[]> {
  for (const unit of DEMO_UNITS) {
    await dataSource.query(`INSERT INTO secondment.org_unit (id, name, kind, category) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
      unit.id,
      unit.name,
      unit.kind,
      unit.name.startsWith('Phường') ? 'ward' : unit.kind,
    ]);
  }
  for (const official of DEMO_OFFICIALS) {
    await dataSource.query(
      `INSERT INTO secondment.official (id, full_name, title, unit_id, field_id, birth_date, gender, is_leader, in_leadership_plan)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      [
        official.id,
        official.name,
        official.title,
        official.unitId,
        null,
        official.birthDate,
        official.gender,
        official.isLeader ?? false,
        official.inLeadershipPlan ?? false,
      ],
    );
  }
  const existing = new Set(
    (await dataSource.query<{ username: string }[]>(`SELECT username FROM secondment.user_account WHERE username = ANY($1::text[])`, [DEMO_ACCOUNTS.map((a) => a.username)])).map(
      (row) => row.username,
    ),
  );
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS.filter((a) => !existing.has(a.username))) {
    const rows = await dataSource.query<unknown[]>(
      `INSERT INTO secondment.user_account (id, username, display_name, role, unit_id, person_id, password_hash, email, reports_to)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        account.username,
        account.name,
        account.role,
        account.unitId ?? null,
        account.personId ?? null,
        await hashPassword(password),
        `${account.username}@${DEMO_EMAIL_DOMAIN}`,
        account.reportsTo ?? null,
      ],
    );
    if (rows.length > 0) created.push(account.username);
  }
  return created;
}

/** Seeds the demo province into the database at `url` (the stack, after its migrations). */
export function seedDemoDataAt(url: string): Promise<string[]> {
  return withDataSource(url, (dataSource) => seedDemoData(dataSource));
}
