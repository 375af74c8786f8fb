import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { LocalDate, Role, Unit } from '@app/domain';
import type { DataSource } from 'typeorm';

export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  role: Exclude<Role, 'system'>;
  unit: Unit | null;
  personId: string | null;
  language: 'vi' | 'en';
  disabled: boolean;
}

export interface StoredCredentials extends UserAccount {
  passwordHash: string | null;
}

export interface Delegation {
  id: string;
  delegator: UserAccount;
  deputy: UserAccount;
  startsOn: LocalDate;
  endsOn: LocalDate;
  reason: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface Session {
  user: UserAccount;
  expiresAt: string;
  /** The delegations to this user in force today (not revoked, delegator not disabled). */
  delegations: Delegation[];
}

const ACCOUNT_COLUMNS = (alias: string, unit: string) => `
  ${alias}.id, ${alias}.username, ${alias}.display_name AS "displayName", ${alias}.role, ${alias}.person_id AS "personId",
  ${alias}.language, ${alias}.disabled_at IS NOT NULL AS disabled,
  CASE WHEN ${unit}.id IS NULL THEN NULL ELSE json_build_object('id', ${unit}.id, 'name', ${unit}.name, 'kind', ${unit}.kind) END AS unit`;

/** TypeORM answers an UPDATE ... RETURNING with [rows, affected count], a SELECT with the rows. */
export function affected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

const ACCOUNT_FROM = `secondment.user_account a LEFT JOIN secondment.org_unit u ON u.id = a.unit_id`;

/**
 * User accounts, sessions and delegations. Session tokens are opaque and random; only their HMAC
 * (keyed by AUTH_SECRET) is stored, so neither a database copy nor a log holds a usable token.
 * Logout and revocation mark the row, and every request checks it.
 */
export class AccountsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secret: string,
  ) {}

  private tokenHash(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('hex');
  }

  async credentials(username: string): Promise<StoredCredentials | null> {
    const [row] = await this.dataSource.query<StoredCredentials[]>(
      `SELECT ${ACCOUNT_COLUMNS('a', 'u')}, a.password_hash AS "passwordHash" FROM ${ACCOUNT_FROM} WHERE a.username = $1`,
      [username.trim().toLowerCase()],
    );
    return row ?? null;
  }

  async byId(id: string): Promise<UserAccount | null> {
    const [row] = await this.dataSource.query<UserAccount[]>(`SELECT ${ACCOUNT_COLUMNS('a', 'u')} FROM ${ACCOUNT_FROM} WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async byUsername(username: string): Promise<UserAccount | null> {
    const [row] = await this.dataSource.query<UserAccount[]>(`SELECT ${ACCOUNT_COLUMNS('a', 'u')} FROM ${ACCOUNT_FROM} WHERE a.username = $1`, [
      username.trim().toLowerCase(),
    ]);
    return row ?? null;
  }

  async list(): Promise<UserAccount[]> {
    return this.dataSource.query<UserAccount[]>(`SELECT ${ACCOUNT_COLUMNS('a', 'u')} FROM ${ACCOUNT_FROM} ORDER BY a.role, a.username`);
  }

  /** A new session for the user: the token is returned once and never stored. */
  async openSession(userId: string, ttlMs: number): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const [row] = await this.dataSource.query<{ expiresAt: string }[]>(
      `INSERT INTO secondment.user_session (token_hash, user_id, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt"`,
      [this.tokenHash(token), userId, ttlMs],
    );
    return { token, expiresAt: row.expiresAt };
  }

  /**
   * The live session a token names (not expired, not revoked, its account not disabled), with the
   * delegations its user acts under today: one query, as every request asks it.
   */
  async session(token: string, today: LocalDate): Promise<Session | null> {
    const active = `d.deputy_id = a.id AND d.revoked_at IS NULL AND d.starts_on <= $2 AND d.ends_on >= $2
                    AND NOT EXISTS (SELECT 1 FROM secondment.user_account g WHERE g.id = d.delegator_id AND g.disabled_at IS NOT NULL)`;
    const [row] = await this.dataSource.query<(UserAccount & { expiresAt: string; delegations: Delegation[] })[]>(
      `SELECT ${ACCOUNT_COLUMNS('a', 'u')}, to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt",
              (SELECT coalesce(json_agg(x ORDER BY x."startsOn", x."createdAt"), '[]') FROM (${this.delegationSelect(active)}) x) AS delegations
         FROM secondment.user_session s JOIN ${ACCOUNT_FROM} ON a.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > clock_timestamp() AND a.disabled_at IS NULL`,
      [this.tokenHash(token), today],
    );
    if (!row) return null;
    const { expiresAt, delegations, ...user } = row;
    return { user, expiresAt, delegations };
  }

  async revokeSession(token: string, why: string): Promise<boolean> {
    const result = await this.dataSource.query<unknown>(
      `UPDATE secondment.user_session SET revoked_at = clock_timestamp(), revoked_why = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING 1`,
      [this.tokenHash(token), why],
    );
    return affected(result) > 0;
  }

  /** Ends every live session of a user (logout everywhere, or an administrator's revocation). */
  async revokeAllSessions(userId: string, why: string): Promise<number> {
    const result = await this.dataSource.query<unknown>(
      `UPDATE secondment.user_session SET revoked_at = clock_timestamp(), revoked_why = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1`,
      [userId, why],
    );
    return affected(result);
  }

  // -------------------------------------------------------------------------------------------
  // Failed sign-ins.

  /** Failed sign-ins for this name within the window, and when the oldest of them leaves it. */
  async recentFailures(username: string, windowMs: number): Promise<{ count: number; retryAfterMs: number }> {
    return this.failuresWhere('username = $1', username.trim().toLowerCase(), windowMs);
  }

  /** Failed sign-ins from this address (under any name) within the window, and when the oldest of them leaves it. */
  async recentFailuresFrom(address: string, windowMs: number): Promise<{ count: number; retryAfterMs: number }> {
    return this.failuresWhere('address = $1', address, windowMs);
  }

  private async failuresWhere(where: string, value: string, windowMs: number): Promise<{ count: number; retryAfterMs: number }> {
    const [row] = await this.dataSource.query<{ count: number; retryAfterMs: number | null }[]>(
      `SELECT count(*)::int AS count,
              (extract(epoch FROM (min(failed_at) + $2 * interval '1 millisecond' - clock_timestamp())) * 1000)::int AS "retryAfterMs"
         FROM secondment.login_failure WHERE ${where} AND failed_at > clock_timestamp() - $2 * interval '1 millisecond'`,
      [value, windowMs],
    );
    return { count: row.count, retryAfterMs: Math.max(0, row.retryAfterMs ?? 0) };
  }

  async recordFailure(username: string, address: string | null): Promise<void> {
    await this.dataSource.query(`INSERT INTO secondment.login_failure (username, address) VALUES ($1, $2)`, [username.trim().toLowerCase(), address]);
  }

  /**
   * A successful sign-in forgets the name's failures (and old rows of anyone are pruned). The
   * address's count stays: one account of one's own must not reset guessing at the others.
   */
  async clearFailures(username: string, windowMs: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM secondment.login_failure WHERE username = $1 OR failed_at < clock_timestamp() - $2 * interval '1 millisecond'`,
      [username.trim().toLowerCase(), windowMs],
    );
  }

  // -------------------------------------------------------------------------------------------
  // Delegations.

  private delegationSelect(where: string): string {
    return `SELECT d.id, to_char(d.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(d.ends_on, 'YYYY-MM-DD') AS "endsOn", d.reason,
                   to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
                   to_char(d.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "revokedAt",
                   (SELECT row_to_json(x) FROM (SELECT ${ACCOUNT_COLUMNS('a', 'u')} FROM ${ACCOUNT_FROM} WHERE a.id = d.delegator_id) x) AS delegator,
                   (SELECT row_to_json(x) FROM (SELECT ${ACCOUNT_COLUMNS('a', 'u')} FROM ${ACCOUNT_FROM} WHERE a.id = d.deputy_id) x) AS deputy
              FROM secondment.delegation d WHERE ${where}`;
  }

  async createDelegation(input: { delegatorId: string; deputyId: string; startsOn: LocalDate; endsOn: LocalDate; reason: string }): Promise<Delegation> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO secondment.delegation (id, delegator_id, deputy_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, input.delegatorId, input.deputyId, input.startsOn, input.endsOn, input.reason],
    );
    return (await this.delegation(id))!;
  }

  async delegation(id: string): Promise<Delegation | null> {
    const [row] = await this.dataSource.query<Delegation[]>(this.delegationSelect('d.id = $1'), [id]);
    return row ?? null;
  }

  /** Delegations the user gave or received that have not ended before `today`. */
  async delegationsOf(userId: string, today: LocalDate): Promise<Delegation[]> {
    return this.dataSource.query<Delegation[]>(
      `${this.delegationSelect('(d.delegator_id = $1 OR d.deputy_id = $1) AND d.ends_on >= $2')} ORDER BY d.starts_on, d.created_at`,
      [userId, today],
    );
  }

  async revokeDelegation(id: string, by: string): Promise<boolean> {
    const result = await this.dataSource.query<unknown>(
      `UPDATE secondment.delegation SET revoked_at = clock_timestamp(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING 1`,
      [id, by],
    );
    return affected(result) > 0;
  }
}
