import { addDays, type Language, type LocalDate } from '@app/domain';
import type { DailyDigestFacts, DigestOverdue, DigestTerm, NotificationKind, WeeklyDigestFacts } from '@app/notifications';
import type { DataSource, EntityManager } from 'typeorm';
import { affected } from '../accounts/accounts.repository';
import { insertEmailDeliveries } from './outbox';

export interface StoredNotification {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  mandatory: boolean;
  occurredAt: string;
  readAt: string | null;
  facts: unknown;
}

export interface NotificationPreferences {
  language: Language;
  email: string | null;
  notifyMode: 'each' | 'digest';
}

const NOTIFICATION_COLUMNS = `id::text AS id, kind, case_id AS "caseId", mandatory,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
  to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt", facts`;

/** Each person's messages (the in-app inbox), their preferences, and the digests. */
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async inbox(userId: string, options: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ items: StoredNotification[]; total: number; unread: number }> {
    const items = await this.dataSource.query<StoredNotification[]>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM secondment.notification
        WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL)
        ORDER BY occurred_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [userId, options.unreadOnly, options.limit, options.offset],
    );
    const [counts] = await this.dataSource.query<{ total: number; unread: number }[]>(
      `SELECT count(*) FILTER (WHERE $2::boolean = false OR read_at IS NULL)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM secondment.notification WHERE user_id = $1`,
      [userId, options.unreadOnly],
    );
    return { items, total: counts.total, unread: counts.unread };
  }

  /** Marks one of the user's messages read; false when the user has no such message. Reading twice keeps the first time. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE secondment.notification SET read_at = coalesce(read_at, clock_timestamp()) WHERE id = $2 AND user_id = $1 RETURNING 1`,
      [userId, id],
    );
    return affected(rows) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    return affected(await this.dataSource.query(`UPDATE secondment.notification SET read_at = clock_timestamp() WHERE user_id = $1 AND read_at IS NULL`, [userId]));
  }

  async preferences(userId: string): Promise<NotificationPreferences | null> {
    const [row] = await this.dataSource.query<NotificationPreferences[]>(
      `SELECT language, email, notify_mode AS "notifyMode" FROM secondment.user_account WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  async setPreferences(userId: string, changes: Partial<NotificationPreferences>): Promise<NotificationPreferences | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [rows] = await this.dataSource.query<[NotificationPreferences[], number]>(
      `UPDATE secondment.user_account
          SET language = coalesce($2, language),
              email = CASE WHEN $3::boolean THEN $4 ELSE email END,
              notify_mode = coalesce($5, notify_mode)
        WHERE id = $1
        RETURNING language, email, notify_mode AS "notifyMode"`,
      [userId, changes.language ?? null, changes.email !== undefined, changes.email ?? null, changes.notifyMode ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * The weekly digest for `day`, one message to each Home Affairs officer, with its email. Made once
   * per day and person (the dedupe key), so a retried or repeated run adds nothing.
   */
  async composeWeeklyDigest(day: LocalDate, horizonDays: number, at: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const facts: WeeklyDigestFacts = {
        day,
        horizonDays,
        termsEnding: await manager.query<DigestTerm[]>(
          `SELECT case_id AS "caseId", official_name AS "officialName", form, sending_unit_name AS "sendingUnit", receiving_unit_name AS "receivingUnit",
                  term_end::text AS "termEnd", stage, (state -> 'endDecision') = 'null'::jsonb AS undecided
             FROM secondment.case_summary
            WHERE closed_at IS NULL AND stage IN ('posted', 'serving', 'ending') AND term_end BETWEEN $1::date AND $2::date
            ORDER BY term_end, case_id`,
          [day, addDays(day, horizonDays)],
        ),
        overdueSteps: await manager.query<DigestOverdue[]>(
          `SELECT case_id AS "caseId", official_name AS "officialName", sending_unit_name AS "sendingUnit", receiving_unit_name AS "receivingUnit",
                  stage, stage_deadline::text AS due, escalation_level AS "escalationLevel"
             FROM secondment.case_summary
            WHERE closed_at IS NULL AND stage_deadline < $1::date
            ORDER BY stage_deadline, case_id`,
          [day],
        ),
        overdueTerms: await manager.query<DigestOverdue[]>(
          `SELECT case_id AS "caseId", official_name AS "officialName", sending_unit_name AS "sendingUnit", receiving_unit_name AS "receivingUnit",
                  stage, term_end::text AS due, escalation_level AS "escalationLevel"
             FROM secondment.case_summary
            WHERE closed_at IS NULL AND overdue
            ORDER BY term_end, case_id`,
        ),
      };
      const people = await manager.query<{ id: string; email: string | null }[]>(
        `SELECT id, email FROM secondment.user_account WHERE role = 'home_affairs_officer' AND disabled_at IS NULL ORDER BY id`,
      );
      let made = 0;
      for (const person of people) {
        const id = await this.insertDigest(manager, `digest:weekly:${day}:${person.id}`, person, 'weekly_digest', at, facts);
        if (id) made += 1;
      }
      return made;
    });
  }

  /**
   * Each quiet recipient's messages held before `cutoff`, in one daily digest (with its email); the
   * held messages are marked as digested in the same transaction, so each goes into one digest.
   */
  async composeDailyDigests(day: LocalDate, cutoff: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const held = await manager.query<{ id: string; userId: string; email: string | null; kind: DailyDigestFacts['items'][number]['kind']; occurredAt: string; facts: DailyDigestFacts['items'][number]['facts'] }[]>(
        `SELECT n.id::text AS id, n.user_id AS "userId", u.email, n.kind,
                to_char(n.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", n.facts
           FROM secondment.notification n JOIN secondment.user_account u ON u.id = n.user_id
          WHERE n.held_for_digest AND n.digest_id IS NULL AND n.occurred_at < $1
          ORDER BY n.user_id, n.occurred_at, n.id
          FOR UPDATE OF n`,
        [cutoff],
      );
      const byUser = new Map<string, typeof held>();
      for (const row of held) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      let made = 0;
      for (const [userId, rows] of byUser) {
        const facts: DailyDigestFacts = { day, items: rows.map((r) => ({ kind: r.kind, occurredAt: r.occurredAt, facts: r.facts })) };
        const digestId = await this.insertDigest(manager, `digest:daily:${day}:${userId}`, { id: userId, email: rows[0].email }, 'daily_digest', cutoff, facts);
        if (!digestId) continue;
        await manager.query(`UPDATE secondment.notification SET digest_id = $2 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id), digestId]);
        made += 1;
      }
      return made;
    });
  }

  private async insertDigest(
    manager: EntityManager,
    dedupeKey: string,
    person: { id: string; email: string | null },
    kind: 'weekly_digest' | 'daily_digest',
    at: string,
    facts: WeeklyDigestFacts | DailyDigestFacts,
  ): Promise<string | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO secondment.notification (dedupe_key, user_id, kind, mandatory, occurred_at, facts)
       VALUES ($1, $2, $3, true, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
      [dedupeKey, person.id, kind, at, JSON.stringify(facts)],
    );
    if (!row) return null;
    if (person.email) await insertEmailDeliveries(manager, [{ notificationId: row.id, dedupeKey, email: person.email }]);
    return row.id;
  }
}
