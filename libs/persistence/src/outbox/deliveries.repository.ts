import { randomBytes, randomUUID } from 'node:crypto';
import type { Language } from '@app/domain';
import type { NotificationKind } from '@app/notifications';
import type { DataSource } from 'typeorm';
import { affected } from '../accounts/accounts.repository';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'logged' | 'dead';

/** A delivery a dispatcher holds (under a lease) with all it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  dedupeKey: string;
  channel: 'email' | 'webhook';
  target: string;
  /** This claim's number: 1 on the first try. */
  attempt: number;
  /** Webhook: the body, as stored. */
  payload: unknown;
  /** Email: the message to render, in the recipient's language. */
  notification: { kind: NotificationKind; facts: unknown; recipientName: string; language: Language } | null;
  /** Webhook: the subscription's signing secret. */
  secret: string | null;
}

export interface DeliveryRecord {
  id: string;
  dedupeKey: string;
  channel: 'email' | 'webhook';
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  replayedAt: string | null;
  replayedBy: string | null;
  createdAt: string;
  caseId: string | null;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  events: string[] | null;
  description: string | null;
  createdBy: string;
  createdAt: string;
  disabledAt: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const RECORD_COLUMNS = `d.id::text AS id, d.dedupe_key AS "dedupeKey", d.channel, d.target, d.status, d.attempts, d.last_error AS "lastError",
  ${iso('d.next_attempt_at')} AS "nextAttemptAt", ${iso('d.delivered_at')} AS "deliveredAt", ${iso('d.dead_at')} AS "deadAt",
  ${iso('d.replayed_at')} AS "replayedAt", d.replayed_by AS "replayedBy", ${iso('d.created_at')} AS "createdAt",
  coalesce(n.case_id, d.payload -> 'case' ->> 'caseId') AS "caseId"`;

const SUBSCRIPTION_COLUMNS = `id, url, events, description, created_by AS "createdBy", ${iso('created_at')} AS "createdAt", ${iso('disabled_at')} AS "disabledAt"`;

/**
 * The outbox of email and webhook deliveries. A dispatcher claims due rows under a lease (SKIP
 * LOCKED, so many dispatchers share the work), sends, and marks the result; a dispatcher that dies
 * leaves its lease to expire and the row is claimed again. Also the webhook subscriptions.
 */
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims up to `limit` due deliveries for `leaseMs`; each claim counts as an attempt. */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query<ClaimedDelivery[]>(
      `WITH due AS (
         SELECT id FROM secondment.delivery
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= clock_timestamp()
          ORDER BY next_attempt_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE secondment.delivery d
            SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = clock_timestamp() + $2 * interval '1 millisecond'
           FROM due WHERE d.id = due.id
         RETURNING d.*)
       SELECT c.id::text AS id, c.dedupe_key AS "dedupeKey", c.channel, c.target, c.attempts AS attempt, c.payload,
              CASE WHEN n.id IS NULL THEN NULL
                   ELSE json_build_object('kind', n.kind, 'facts', n.facts, 'recipientName', u.display_name, 'language', u.language) END AS notification,
              s.secret
         FROM claimed c
         LEFT JOIN secondment.notification n ON n.id = c.notification_id
         LEFT JOIN secondment.user_account u ON u.id = n.user_id
         LEFT JOIN secondment.webhook_subscription s ON s.id = c.subscription_id
        ORDER BY c.id`,
      [limit, leaseMs],
    );
  }

  /** Records a sent (or, with no mail server, logged) delivery; false when the lease was lost to another dispatcher. */
  async markDone(id: string, attempt: number, status: 'delivered' | 'logged'): Promise<boolean> {
    const result = await this.dataSource.query<unknown>(
      `UPDATE secondment.delivery SET status = $3, delivered_at = clock_timestamp(), last_error = NULL
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [id, attempt, status],
    );
    return affected(result) > 0;
  }

  /** Records a failed attempt: tried again at `retryAt`, or dead-lettered when it is null. */
  async markFailed(id: string, attempt: number, error: string, retryAt: Date | null): Promise<boolean> {
    const result = await this.dataSource.query<unknown>(
      `UPDATE secondment.delivery
          SET status = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
              next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
              dead_at = CASE WHEN $4::timestamptz IS NULL THEN clock_timestamp() ELSE NULL END,
              last_error = left($3, 2000)
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [id, attempt, error, retryAt],
    );
    return affected(result) > 0;
  }

  async list(filter: { status?: DeliveryStatus; channel?: 'email' | 'webhook'; limit: number; offset: number }): Promise<{ items: DeliveryRecord[]; total: number }> {
    const where = `($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2)`;
    const items = await this.dataSource.query<DeliveryRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM secondment.delivery d LEFT JOIN secondment.notification n ON n.id = d.notification_id
        WHERE ${where} ORDER BY coalesce(d.dead_at, d.created_at) DESC, d.id DESC LIMIT $3 OFFSET $4`,
      [filter.status ?? null, filter.channel ?? null, filter.limit, filter.offset],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM secondment.delivery d WHERE ${where}`, [
      filter.status ?? null,
      filter.channel ?? null,
    ]);
    return { items, total };
  }

  async get(id: string): Promise<DeliveryRecord | null> {
    const [row] = await this.dataSource.query<DeliveryRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM secondment.delivery d LEFT JOIN secondment.notification n ON n.id = d.notification_id WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Puts a dead-lettered delivery back in the queue, with its attempts reset; null when it is not dead. */
  async replay(id: string, by: string): Promise<DeliveryRecord | null> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE secondment.delivery
          SET status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), dead_at = NULL, replayed_at = clock_timestamp(), replayed_by = $2
        WHERE id = $1 AND status = 'dead' RETURNING 1`,
      [id, by],
    );
    return affected(rows) > 0 ? this.get(id) : null;
  }

  /** A new subscription; its secret is returned once, here. */
  async subscribe(input: { url: string; events: string[] | null; description: string | null; createdBy: string }): Promise<WebhookSubscription & { secret: string }> {
    const secret = randomBytes(32).toString('base64url');
    const [row] = await this.dataSource.query<WebhookSubscription[]>(
      `INSERT INTO secondment.webhook_subscription (id, url, secret, events, description, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [`wh-${randomUUID()}`, input.url, secret, input.events, input.description, input.createdBy],
    );
    return { ...row, secret };
  }

  async subscriptions(): Promise<WebhookSubscription[]> {
    return this.dataSource.query<WebhookSubscription[]>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM secondment.webhook_subscription ORDER BY created_at, id`);
  }

  /** Stops new deliveries to a subscription (those already queued still go); false when none is active. */
  async unsubscribe(id: string, by: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `UPDATE secondment.webhook_subscription SET disabled_at = clock_timestamp(), disabled_by = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING 1`,
      [id, by],
    );
    return affected(rows) > 0;
  }
}
