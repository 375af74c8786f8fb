/** The screens, their paths and who finds them in the menu. The API decides what each may do. */
import type { Bilingual } from '@app/domain/bilingual';
import type { Role } from './types';

export interface NavItem {
  path: string;
  label: Bilingual;
  roles: readonly Role[] | 'all';
}

const STAFF: readonly Role[] = ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'auditor'];

export const NAV: readonly NavItem[] = [
  { path: '/inbox', label: { vi: 'Việc cần xử lý', en: 'My inbox' }, roles: 'all' },
  { path: '/pipeline', label: { vi: 'Tổng hợp hồ sơ', en: 'Pipeline' }, roles: STAFF },
  { path: '/nominations/new', label: { vi: 'Đề xuất mới', en: 'New nomination' }, roles: ['hr_officer', 'home_affairs_officer'] },
  { path: '/gap', label: { vi: 'Thiếu/thừa biên chế', en: 'Staffing gap' }, roles: ['home_affairs_officer', 'auditor', 'department_head', 'hr_officer'] },
  { path: '/notifications', label: { vi: 'Thông báo', en: 'Notifications' }, roles: 'all' },
];

export function navFor(role: Role | undefined): NavItem[] {
  return NAV.filter((item) => item.roles === 'all' || (role !== undefined && item.roles.includes(role)));
}
