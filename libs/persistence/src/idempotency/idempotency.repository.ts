import type { DataSource } from 'typeorm';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/**
 * The first answer to a mutating request, per caller and Idempotency-Key. A key is claimed with the
 * request's fingerprint before the work; a retry with the same key and the same request gets the
 * stored answer, one with a different request is refused. The work itself is idempotent too (the
 * key becomes the workflow's request id), so a claim left by a crashed request is simply taken over.
 */
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO secondment.idempotency_record (user_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [userId, key, fingerprint],
    );
    if (inserted.length > 0) return { kind: 'new' };
    const [row] = await this.dataSource.query<{ fingerprint: string; statusCode: number | null; response: unknown }[]>(
      `SELECT fingerprint, status_code AS "statusCode", response FROM secondment.idempotency_record WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!row) return this.claim(userId, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.statusCode === null) return { kind: 'in_progress' };
    return { kind: 'replay', statusCode: row.statusCode, response: row.response };
  }

  async complete(userId: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE secondment.idempotency_record SET status_code = $3, response = $4, completed_at = clock_timestamp() WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key, statusCode, JSON.stringify(response ?? null)],
    );
  }

  /** A request that failed releases its key, so the retry does the work. */
  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM secondment.idempotency_record WHERE user_id = $1 AND key = $2 AND status_code IS NULL`, [userId, key]);
  }
}
