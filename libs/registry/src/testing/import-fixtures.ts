import { ImportFileError, type OfficialRecord, type QuotaRecord, type RegistryKind, type RegistryRecord, type RegistrySnapshot, type UnitRecord } from '../imports';

/** Fixtures of the registry import's specs: a day, a snapshot of the database, an official, a refusal. */

export const TODAY = '2026-06-15';

export function snapshot(kind: RegistryKind, existing: RegistryRecord[] = [], extra: Partial<RegistrySnapshot> = {}): RegistrySnapshot {
  const key = (r: RegistryRecord) => (kind === 'quotas' ? `${(r as QuotaRecord).unitId}\u0000${(r as QuotaRecord).fieldId}` : (r as UnitRecord).id);
  return {
    unitIds: new Set(['so-tai-chinh', 'xa-cu-bao', 'xa-ea-kar']),
    fieldIds: new Set(['dat-dai', 'tai-chinh-ke-toan', 'xay-dung']),
    existing: new Map(existing.map((r) => [key(r), r])),
    unitsOnCases: new Set(),
    ...extra,
  };
}

export const OFFICIAL_HEADER = 'id,fullName,title,unitId,fieldId,rank,employment,isLeader,inLeadershipPlan,birthDate,gender';

export const official = (overrides: Partial<OfficialRecord> = {}): OfficialRecord => ({
  id: 'cc-9001',
  fullName: 'Nguyễn Văn Đức',
  title: 'Chuyên viên',
  unitId: 'so-tai-chinh',
  fieldId: 'tai-chinh-ke-toan',
  rank: 'Chuyên viên chính',
  employment: 'civil_servant',
  isLeader: false,
  inLeadershipPlan: false,
  birthDate: '1985-03-02',
  gender: 'male',
  ...overrides,
});

/** What the promise is refused with: a file the import cannot read. */
export async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected an ImportFileError');
}
