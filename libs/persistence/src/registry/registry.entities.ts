import type { Employment, Gender, UnitCategory } from '@app/registry';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The staffing registry as TypeORM entities (the tables come from the migrations, never from
 * `synchronize`). Reads that aggregate (the gap, matching) are SQL; these describe the rows.
 */

@Entity({ name: 'province' })
export class ProvinceEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'expertise_field' })
export class ExpertiseFieldEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'name_vi', type: 'text' }) nameVi!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ type: 'integer' }) position!: number;
}

@Entity({ name: 'org_unit' })
export class OrgUnitEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  /** department (sends) or commune (receives); `category` says which of the law's kinds. */
  @Column({ type: 'text' }) kind!: 'department' | 'commune';
  @Column({ type: 'text' }) category!: UnitCategory;
  /** Remote or difficult area (vùng sâu, vùng xa, đặc biệt khó khăn). */
  @Column({ name: 'difficult_area', type: 'boolean', default: false }) difficultArea!: boolean;
}

@Entity({ name: 'official' })
export class OfficialEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'full_name', type: 'text' }) fullName!: string;
  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ name: 'unit_id', type: 'text' }) unitId!: string;
  @Column({ name: 'field_id', type: 'text', nullable: true }) fieldId!: string | null;
  /** The civil-service rank (ngạch), e.g. chuyên viên, chuyên viên chính. */
  @Column({ type: 'text', nullable: true }) rank!: string | null;
  @Column({ type: 'text', default: 'civil_servant' }) employment!: Employment;
  /** Holds a leadership or management post. */
  @Column({ name: 'is_leader', type: 'boolean', default: false }) isLeader!: boolean;
  /** In the leadership plan (quy hoạch): the only officials who may be rotated. */
  @Column({ name: 'in_leadership_plan', type: 'boolean', default: false }) inLeadershipPlan!: boolean;
  @Column({ name: 'birth_date', type: 'date', nullable: true }) birthDate!: string | null;
  @Column({ type: 'text', nullable: true }) gender!: Gender | null;
}

@Entity({ name: 'job_position' })
export class JobPositionEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'unit_id', type: 'text' }) unitId!: string;
  @Column({ name: 'field_id', type: 'text', nullable: true }) fieldId!: string | null;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'staffing_quota' })
export class StaffingQuotaEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'text' }) unitId!: string;
  @PrimaryColumn({ name: 'field_id', type: 'text' }) fieldId!: string;
  @Column({ type: 'integer' }) quota!: number;
}

export const REGISTRY_ENTITIES = [ProvinceEntity, ExpertiseFieldEntity, OrgUnitEntity, OfficialEntity, JobPositionEntity, StaffingQuotaEntity];
