import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One immutable domain event: who did what to which case, when, and why. Rows are only ever
 * inserted; a trigger refuses UPDATE, DELETE and TRUNCATE. A correction is a new event.
 */
@Entity({ name: 'domain_event' })
@Unique('domain_event_case_version_key', ['caseId', 'version'])
export class DomainEventEntity {
  /** Global order of recording, for projections that follow the whole store. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  position!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  /** 1, 2, 3, ... within a case, with no gaps. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  actor!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt!: Date;

  /** The request (idempotency key or workflow update id) that caused the event, if any. */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
