import { DEMO_PASSWORD } from '@app/persistence/demo/demo-data';
import { addDays, localDateOf } from '@app/domain';
import { Client } from 'pg';
import { HttpError, type BenchApi } from './http';

/** The demo account that nominates for any unit (Home Affairs), so a case can come from every department. */
export const NOMINATOR = 'snv.thamdinh';

export interface Official {
  id: string;
  unitId: string;
  unitKind: 'department' | 'commune';
}

/**
 * What the scenarios need from the province, set up once against the bench's own fresh database:
 * the department share raised so that thousands of nominations are allowed, a head for every
 * department (approvals need the sending department's head; the demo has two), and the officials
 * free to nominate, each handed out once (an official has one open case at a time).
 */
export class Province {
  private readonly free: { department: Official[]; commune: Official[] };

  private constructor(
    officials: Official[],
    private readonly heads: Map<string, string>,
    private readonly api: BenchApi,
  ) {
    this.free = { department: officials.filter((o) => o.unitKind === 'department'), commune: officials.filter((o) => o.unitKind === 'commune') };
  }

  static async prepare(api: BenchApi, databaseUrl: string): Promise<Province> {
    await api.login(NOMINATOR, DEMO_PASSWORD);
    await api.put(NOMINATOR, '/registry/rules/eligibility', { departmentMaxSharePercent: 100, rotationMinServiceYears: 10 });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // A department without a head account gets one: bench.head.<hash of the unit id>, with the demo password (the hash of gd.taichinh's).
      await db.query(
        `INSERT INTO secondment.user_account (id, username, display_name, role, unit_id, password_hash)
         SELECT 'bench.head.' || left(md5(u.id), 12), 'bench.head.' || left(md5(u.id), 12), 'Giám đốc (bench) ' || u.name, 'department_head', u.id, a.password_hash
           FROM secondment.org_unit u, secondment.user_account a
          WHERE u.kind = 'department' AND a.id = 'gd.taichinh'
            AND NOT EXISTS (SELECT 1 FROM secondment.user_account h WHERE h.unit_id = u.id AND h.role = 'department_head')
         ON CONFLICT DO NOTHING`,
      );
      const heads = await db.query<{ unit_id: string; username: string }>(
        `SELECT DISTINCT ON (unit_id) unit_id, username FROM secondment.user_account
          WHERE role = 'department_head' AND disabled_at IS NULL ORDER BY unit_id, username`,
      );
      // Officials free to nominate: no account of their own (nobody acts on a case about themselves),
      // no protection on record (a rule a secondment may not pass), no case open or reserved.
      const officials = await db.query<{ id: string; unit_id: string; kind: 'department' | 'commune' }>(
        `SELECT o.id, o.unit_id, u.kind FROM secondment.official o JOIN secondment.org_unit u ON u.id = o.unit_id
          WHERE u.kind IN ('department', 'commune')
            AND NOT EXISTS (SELECT 1 FROM secondment.user_account a WHERE a.person_id = o.id)
            AND NOT EXISTS (SELECT 1 FROM secondment.official_protection p WHERE p.official_id = o.id)
            AND NOT EXISTS (SELECT 1 FROM secondment.case_reservation r WHERE r.official_id = o.id)
          ORDER BY o.id`,
      );
      return new Province(
        officials.rows.map((row) => ({ id: row.id, unitId: row.unit_id, unitKind: row.kind })),
        new Map(heads.rows.map((row) => [row.unit_id, row.username])),
        api,
      );
    } finally {
      await db.end();
    }
  }

  /** How many officials are left to hand out, by the kind of their unit. */
  get available(): { department: number; commune: number } {
    return { department: this.free.department.length, commune: this.free.commune.length };
  }

  /**
   * `count` officials never handed out before, from `kinds` in that order of preference, spread
   * over the units (round robin), so no department holds all of a block's cases.
   */
  take(count: number, kinds: readonly ('department' | 'commune')[]): Official[] {
    const taken: Official[] = [];
    for (const kind of kinds) {
      const pool = this.free[kind];
      const n = Math.min(count - taken.length, pool.length);
      taken.push(...pool.splice(0, n));
    }
    if (taken.length < count) {
      throw new Error(
        `the bench needs ${count} more officials with no open case, and the province has ${taken.length} left: lower the sizes (BENCH_* options) or the blocks`,
      );
    }
    return taken;
  }

  /** The head of a department, signed in on first use. */
  async headOf(unitId: string): Promise<string> {
    const username = this.heads.get(unitId);
    if (!username) throw new Error(`no department head for ${unitId}`);
    if (!this.api.tokens.has(username)) await this.api.login(username, DEMO_PASSWORD);
    return username;
  }
}

/** A secondment of `official` from their unit to a commune (another one than their own), starting in 30 days. */
export function nominationOf(official: Official): Record<string, unknown> {
  return {
    form: 'secondment',
    officialId: official.id,
    sendingUnitId: official.unitId,
    receivingUnitId: official.unitId === 'xa-cu-bao' ? 'xa-ea-kar' : 'xa-cu-bao',
    position: 'Công chức Tài chính – Kế toán',
    plannedStart: addDays(localDateOf(new Date().toISOString()), 30),
    reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp (benchmark)',
  };
}

/** The batch route takes at most this many nominations per request. */
const PREPARE_CHUNK = 500;

export interface AtReview {
  caseId: string;
  /** The department head who approves it. */
  head: string;
  /** The case's version before the approval. */
  version: number;
}

/**
 * Cases at department review, nominated through the batch route (untimed), each with the head of
 * its sending department and its version: where the human step, the projection lag and the write amplification start.
 */
export async function casesAtReview(api: BenchApi, province: Province, count: number): Promise<AtReview[]> {
  const officials = province.take(count, ['department']);
  const prepared: AtReview[] = [];
  for (let i = 0; i < officials.length; i += PREPARE_CHUNK) {
    const chunk = officials.slice(i, i + PREPARE_CHUNK);
    const answer = await api.post<{ results: { caseId: string; status: string; stage?: string; version?: number }[] }>(NOMINATOR, '/batch/nominations', {
      nominations: chunk.map(nominationOf),
    });
    for (const [j, result] of answer.results.entries()) {
      const head = await province.headOf(chunk[j].unitId);
      if (result.status === 'done' && result.stage === 'department_review' && result.version !== undefined) {
        prepared.push({ caseId: result.caseId, head, version: result.version });
      } else if ((result as { problem?: { status?: number } }).problem?.status === 503) {
        // Not confirmed in time (an overloaded machine): the case may well have started; a client waits for it, as the answer says.
        prepared.push({ caseId: result.caseId, head, version: await startedCase(api, result.caseId) });
      } else {
        throw new Error(`preparing a case at department review: ${JSON.stringify(result)}`);
      }
    }
  }
  return prepared;
}

/** Waits (up to a minute) for a nominated case whose start was not confirmed in time; its version at department review. */
async function startedCase(api: BenchApi, caseId: string): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    const found = await api.get<{ stage: string; version: number }>(NOMINATOR, `/cases/${caseId}`).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    });
    if (found?.stage === 'department_review') return found.version;
    if (found) throw new Error(`case ${caseId} opened at ${found.stage}, not at department review`);
    if (Date.now() > until) throw new Error(`case ${caseId} was not confirmed in time and had not started a minute later`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The department head's approval through the API; the answer must show the case past department review. */
export async function approve(api: BenchApi, item: AtReview): Promise<void> {
  const view = await api.post<{ stage: string }>(item.head, `/cases/${item.caseId}/approve`, {});
  if (view.stage !== 'home_affairs_appraisal') throw new Error(`approval of ${item.caseId} left it at ${view.stage}`);
}
