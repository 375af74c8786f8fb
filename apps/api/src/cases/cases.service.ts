import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AccessConfig } from '@app/config';
import {
  availableActions,
  awaitedActions,
  decide,
  DomainError,
  inboxKeysOf,
  localDateOf,
  mayTake,
  pendingTimers,
  type Actor,
  type CaseCommand,
  type CaseRules,
  type Bilingual,
  type CaseState,
  type CommandOf,
  type CommandPayloads,
  type HumanCommandType,
  type LocalDate,
  type Refusal,
} from '@app/domain';
import {
  CaseQueries,
  CaseStore,
  DirectoryRepository,
  EligibilityRefusedError,
  EligibilityRepository,
  ProvinceRulesRepository,
  type NominationCheck,
  type CaseFilter,
  type CaseListItem,
  type CasePage,
  type CaseSort,
  type PipelineSummary,
} from '@app/persistence';
import { CaseClient, CaseNotFoundError, CaseRefusedError } from '@app/temporal-client';
import type { ProposeRequest } from '@app/workflows/case.contracts';
import { Client, isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { identitiesOf, inScope, readScopeOf, type Identity, type Principal } from '../access/principal';
import { ACCESS_CONFIG } from '../access/access.tokens';
import { problem, ProblemException, toProblemException, type ProblemDetails } from '../common/problem-details';

import { eligibilityProblem, notFoundProblem, outOfScopeProblem, refusalProblem } from '../common/refusals';
import type { NominationDto } from './dto/case-input.dto';

type Language = 'vi' | 'en';

/** A nomination as the check takes it: the free texts may still be missing (each is then a problem). */
export type NominationInput = Omit<NominationDto, 'position' | 'reason'> & { position?: string; reason?: string };

/** One reason POST /cases would refuse a nomination, named as its refusal names it. */
export interface NominationProblem {
  /** The problem type POST /cases answers with for it. */
  type: string;
  status: number;
  rule: string;
  field?: string;
  messages: Bilingual;
  legalBasis?: string;
  /** Home Affairs may let it pass for the case (eligibilityOverrides). */
  overridable: boolean;
}

export interface NominationCheckResult {
  ok: boolean;
  problems: NominationProblem[];
}

export interface BatchCheckResult {
  ok: boolean;
  refused: number;
  results: { index: number; ok: boolean; problems: NominationProblem[] }[];
}

export interface OfferedAction {
  action: HumanCommandType;
  /** Set when the caller may take it only as a deputy: the approver they stand in for. */
  onBehalfOf?: { id: string; name: string };
}

export interface CaseDetail extends CaseListItem {
  state: CaseState;
  timers: { key: string; at: string; event: string }[];
  actions: OfferedAction[];
  timeline: Awaited<ReturnType<CaseStore['timeline']>>;
}

export interface InboxItem extends CaseListItem {
  actions: OfferedAction[];
}

export interface BatchItemResult {
  caseId: string;
  /** done: its events are stored; refused: nothing happened (see problem); not_attempted: the batch was refused whole. */
  status: 'done' | 'refused' | 'not_attempted';
  stage?: string;
  version?: number;
  problem?: ProblemDetails;
  /** For a batch nomination: the position of the nomination in the request. */
  index?: number;
}

export interface BatchResult {
  done: number;
  refused: number;
  results: BatchItemResult[];
}

/** The province's "today" (Asia/Ho_Chi_Minh). */
export function today(): LocalDate {
  return localDateOf(new Date().toISOString());
}

/** Workflow starts or updates in flight at once for one batch request. */
const BATCH_CONCURRENCY = 32;
/** Sending units whose reservations a batch makes at once (each holds a database connection while it judges). */
const RESERVATION_CONCURRENCY = 4;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Case ids people can read out and type: HS-<year>-<8 Crockford base-32 characters>. */
function caseIdFrom(seed: Buffer): string {
  let id = '';
  for (let i = 0; i < 8; i += 1) id += CROCKFORD[seed[i] % 32];
  return `HS-${today().slice(0, 4)}-${id}`;
}

function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof CaseRefusedError) return error.refusal;
  if (error instanceof DomainError) return error.toRefusal();
  return undefined;
}

function isDeadline(error: unknown): boolean {
  // An update's long poll that reached the deadline (or was cancelled with it).
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return Number(error.cause.code) === 4;
  return isGrpcServiceError(error) && Number(error.code) === 4;
}

/**
 * The server refuses an update while the workflow's last task failed (FAILED_PRECONDITION): the
 * worker that held it was killed, or the server restarted under it. The next task, which the server
 * schedules by itself, clears it, so this is a moment to retry, not a refusal.
 */
function isWorkflowTaskFailing(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && Number(grpc.code) === 9 && /workflow task in failed state/i.test(grpc.details ?? grpc.message);
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

/**
 * The cases as people use them. Every change is a start or a Workflow Update on the case's
 * workflow, which judges it with the decider and returns once its events are stored; every read
 * comes from the read models. The service decides only what the case cannot know: who the caller
 * is, which cases they may see, and under which identity (their own or a deputy's) they act.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly client: Client,
    private readonly queries: CaseQueries,
    private readonly store: CaseStore,
    private readonly directory: DirectoryRepository,
    private readonly rules: ProvinceRulesRepository,
    private readonly cases: CaseClient,
    private readonly eligibility: EligibilityRepository,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Reads.

  list(principal: Principal, filter: CaseFilter, options: { sort: CaseSort; descending: boolean; page: number; pageSize: number }): Promise<CasePage> {
    return this.queries.list(readScopeOf(principal), filter, { ...options, today: today() });
  }

  pipeline(principal: Principal, filter: CaseFilter): Promise<PipelineSummary> {
    return this.queries.pipeline(readScopeOf(principal), filter, today());
  }

  async detail(principal: Principal, caseId: string): Promise<CaseDetail> {
    // Both reads at once (two connections, one wait); the timeline of a case out of scope or missing is dropped unread by anyone.
    const [found, timeline] = await Promise.all([this.queries.detail(caseId, today()), this.store.timeline(caseId)]);
    if (!found) throw notFoundProblem({ vi: 'hồ sơ', en: 'case' }, caseId);
    if (!inScope(readScopeOf(principal), found.state)) throw outOfScopeProblem(caseId);
    return {
      ...found.row,
      state: found.state,
      timers: pendingTimers(found.state).map((t) => ({ key: t.key, at: new Date(t.at).toISOString(), event: t.event.type })),
      actions: offered(identitiesOf(principal), found.state, availableActions),
      timeline,
    };
  }

  /**
   * Cases waiting for an action the caller may take (as themselves or as a deputy), oldest deadline
   * first. Read by the identities' inbox keys, each case with the facts the rules read: the cases
   * filed under the keys are a superset of the inbox, and the rules judge each of them as before.
   */
  async inbox(principal: Principal): Promise<InboxItem[]> {
    const identities = identitiesOf(principal);
    const keys = [...new Set(identities.flatMap((identity) => inboxKeysOf(identity.actor)))];
    const candidates = await this.queries.awaiting(
      keys,
      identities.map((identity) => identity.scope),
      today(),
    );
    // The scope reads a case's units and official, the rules its facts (a spec of the domain keeps them to those).
    return candidates
      .map(({ row, facts }) => ({ ...row, actions: offered(identities, facts as CaseState, awaitedActions) }))
      .filter((item) => item.actions.length > 0);
  }

  // -------------------------------------------------------------------------------------------
  // Nominations.

  async propose(principal: Principal, nomination: NominationDto, idempotencyKey?: string): Promise<CaseDetail> {
    const seed = this.seed(principal, idempotencyKey, 'nomination');
    const caseId = caseIdFrom(seed.bytes);
    const rules = await this.rules.current();
    const request = await this.proposalOf(principal, nomination, seed.requestId).catch((error: unknown) => {
      throw this.toProblem(error);
    });
    try {
      // Judged by the decider first, so that only a sound proposal holds its official.
      decide({ ...request, rules, type: 'propose', caseId, at: new Date().toISOString() }, null);
      await this.eligibility.reserve(checkOf(caseId, request, rules));
    } catch (error) {
      throw this.toProblem(error);
    }
    await this.guard(() => this.cases.propose(caseId, request, rules)).catch(async (error: unknown) => {
      // Refused by the workflow after all: the official is free again. (A timeout keeps the hold: the case may have started, and a retry with the key finds it.)
      if (error instanceof ProblemException && error.getStatus() < 500) await this.eligibility.cancel(caseId);
      throw error;
    });
    return this.detail(principal, caseId);
  }

  async proposeBatch(principal: Principal, nominations: NominationDto[], proceedWithoutRefused: boolean, language: Language, idempotencyKey?: string): Promise<BatchResult> {
    const rules = await this.rules.current();
    const now = new Date().toISOString();
    const prepared = await Promise.all(
      nominations.map(async (nomination, index) => {
        const seed = this.seed(principal, idempotencyKey, `nomination:${index}`);
        const caseId = caseIdFrom(seed.bytes);
        try {
          const request = await this.proposalOf(principal, nomination, seed.requestId);
          decide({ ...request, rules, type: 'propose', caseId, at: now }, null);
          return { index, caseId, request };
        } catch (error) {
          return { index, caseId, problem: this.problemOf(error, language, `nominations[${index}].`) };
        }
      }),
    );
    for (const [item, first] of duplicatesIn(prepared)) {
      Object.assign(item, { request: undefined, problem: duplicateProblem(item.index, item.request?.official.id ?? '', first).toProblem(language) });
    }
    // Then the eligibility rules, each nomination reserving its official, in the batch's order within
    // each sending unit: a reservation locks its unit (the share is the unit's), and an official
    // belongs to one unit, so the units' queues are independent and run side by side.
    const queues = new Map<string, typeof prepared>();
    for (const item of prepared) {
      if (!item.request) continue;
      const queue = queues.get(item.request.sendingUnit.id);
      if (queue) queue.push(item);
      else queues.set(item.request.sendingUnit.id, [item]);
    }
    await inBatches([...queues.values()], RESERVATION_CONCURRENCY, async (queue) => {
      for (const item of queue) {
        try {
          await this.eligibility.reserve(checkOf(item.caseId, item.request!, rules));
        } catch (error) {
          Object.assign(item, { request: undefined, problem: this.problemOf(error, language, `nominations[${item.index}].`) });
        }
      }
    });
    const refused = prepared.filter((item) => !item.request);
    if (refused.length > 0 && !proceedWithoutRefused) {
      // Nothing of a refused batch stands: the officials it reserved are free again.
      await Promise.all(prepared.map((item) => this.eligibility.cancel(item.caseId)));
      throw this.batchRefused(prepared.map((item) => ({ index: item.index, caseId: item.caseId, status: item.request ? 'not_attempted' : 'refused', ...(item.problem ? { problem: item.problem } : {}) })));
    }
    const results = await inBatches(prepared, BATCH_CONCURRENCY, async (item): Promise<BatchItemResult> => {
      const request = item.request;
      if (!request) return { index: item.index, caseId: item.caseId, status: 'refused', problem: item.problem };
      try {
        const view = await this.guard(() => this.cases.propose(item.caseId, request, rules));
        return { index: item.index, caseId: item.caseId, status: 'done', stage: view.state.stage, version: view.state.version };
      } catch (error) {
        if (refusalOf(error)) await this.eligibility.cancel(item.caseId);
        return { index: item.index, caseId: item.caseId, status: 'refused', problem: this.problemOf(error, language, `nominations[${item.index}].`) };
      }
    });
    return this.summarise(results);
  }

  /** The nomination as the workflow takes it: units and official from the registry, the caller as proposer. */
  private async proposalOf(principal: Principal, nomination: NominationInput, requestId: string): Promise<Omit<ProposeRequest, 'rules'>> {
    const sendingUnitId = nomination.sendingUnitId ?? principal.account.unit?.id;
    if (!sendingUnitId) throw fieldRefusal('sendingUnitId', 'required', 'sendingUnitId: is required (the caller has no unit of their own)');
    const [sendingUnit, receivingUnit, official] = await Promise.all([
      this.directory.unit(sendingUnitId),
      this.directory.unit(nomination.receivingUnitId),
      this.directory.official(nomination.officialId),
    ]);
    if (!sendingUnit) throw fieldRefusal('sendingUnitId', 'exists', `sendingUnitId: there is no unit ${sendingUnitId}`);
    if (!receivingUnit) throw fieldRefusal('receivingUnitId', 'exists', `receivingUnitId: there is no unit ${nomination.receivingUnitId}`);
    if (!official) throw fieldRefusal('officialId', 'exists', `officialId: there is no official ${nomination.officialId} in the registry`);
    if (official.unitId !== sendingUnit.id) {
      throw fieldRefusal('officialId', 'in_sending_unit', `officialId: ${official.name} belongs to ${official.unitId}, not to the sending unit ${sendingUnit.id}`);
    }
    const request: Omit<ProposeRequest, 'rules'> = {
      requestId,
      actor: identitiesOf(principal)[0].actor,
      form: nomination.form,
      official: { id: official.id, name: official.name, ...(official.title ? { title: official.title } : {}) },
      sendingUnit,
      receivingUnit,
      // Missing only in a check (POST /cases requires them): the decider then names them.
      position: nomination.position ?? '',
      plannedStart: nomination.plannedStart,
      reason: nomination.reason ?? '',
    };
    if (nomination.term) request.term = { months: nomination.term.months, days: nomination.term.days ?? 0 };
    if (nomination.legalBasisOverride !== undefined) request.legalBasisOverride = nomination.legalBasisOverride;
    if (nomination.eligibilityOverrides?.length) request.eligibilityOverrides = nomination.eligibilityOverrides.map(({ rule, reason }) => ({ rule, reason }));
    return request;
  }

  // -------------------------------------------------------------------------------------------
  // Checks before nominating: the same judges, nothing started, reserved or recorded.

  /**
   * What POST /cases would answer to this nomination, with every problem rather than the first.
   * Nothing is started, reserved or recorded, except the read of the official's protected data,
   * logged as every such read is. Who may not nominate is refused the same way (403).
   */
  async check(principal: Principal, nomination: NominationInput, language: Language): Promise<NominationCheckResult> {
    const [judged] = await this.judgeOnly(principal, [nomination], language, false);
    if (judged.forbidden) throw judged.forbidden;
    return { ok: judged.problems.length === 0, problems: judged.problems };
  }

  /** What POST /batch/nominations would answer, item by item (fields named nominations[i].…, a 403 as an item's problem). */
  async checkBatch(principal: Principal, nominations: NominationInput[], language: Language): Promise<BatchCheckResult> {
    const judged = await this.judgeOnly(principal, nominations, language, true);
    const results = judged.map(({ index, problems }) => ({ index, ok: problems.length === 0, problems }));
    const refused = results.filter((item) => !item.ok).length;
    return { ok: refused === 0, refused, results };
  }

  /**
   * The judges of propose and proposeBatch without their effects: the registry's reading of the
   * nomination, the decider (asked about parts of the nomination, so that one refusal does not
   * hide another), the batch's duplicates, and the eligibility rules without a reservation.
   */
  private async judgeOnly(
    principal: Principal,
    nominations: NominationInput[],
    language: Language,
    batch: boolean,
  ): Promise<{ index: number; problems: NominationProblem[]; request?: Omit<ProposeRequest, 'rules'>; forbidden?: ProblemException }[]> {
    const rules = await this.rules.current();
    const at = new Date().toISOString();
    const problemsFor = (index: number) => (error: unknown) => problemsOf(this.problemOf(error, language, batch ? `nominations[${index}].` : ''));
    const judged = await Promise.all(
      nominations.map(async (nomination, index) => {
        const problems = problemsFor(index);
        let request: Omit<ProposeRequest, 'rules'>;
        try {
          request = await this.proposalOf(principal, nomination, CHECK_ID);
        } catch (error) {
          return { index, problems: problems(error) };
        }
        const { gate, errors } = judgedInParts({ ...request, rules, type: 'propose', caseId: CHECK_ID, at });
        if (gate !== undefined) {
          if (refusalOf(gate)?.kind === 'forbidden' && !batch) return { index, problems: [], forbidden: toProblemException(this.toProblem(gate)) };
          return { index, problems: problems(gate) };
        }
        return { index, request, problems: errors.flatMap(problems) };
      }),
    );
    if (batch) {
      // As the batch judges them: duplicates among the nominations nothing else refuses.
      const sound = judged.filter((item) => item.request && item.problems.length === 0) as { index: number; request: Omit<ProposeRequest, 'rules'>; problems: NominationProblem[] }[];
      for (const [item, first] of duplicatesIn(sound)) {
        item.problems.push(...problemsOf(duplicateProblem(item.index, item.request.official.id, first).toProblem(language)));
        delete (item as { request?: unknown }).request;
      }
    }
    // In the batch's order, as the reservations would be made: each sound one counts against its department's share.
    const reaching = judged.filter((item): item is typeof item & { request: Omit<ProposeRequest, 'rules'> } => item.request !== undefined);
    const found = await this.eligibility.preview(reaching.map((item) => ({ check: checkOf(CHECK_ID, item.request, rules), refusedOtherwise: item.problems.length > 0 })));
    reaching.forEach((item, i) => {
      const problems = found[i] ?? [];
      if (problems.length > 0) item.problems.push(...problemsFor(item.index)(new EligibilityRefusedError(problems)));
    });
    return judged;
  }

  // -------------------------------------------------------------------------------------------
  // Actions.

  async act<T extends HumanCommandType>(principal: Principal, caseId: string, type: T, payload: CommandPayloads[T], idempotencyKey?: string): Promise<CaseDetail> {
    // The state alone: who may act, and under which identity (the answer is read after the action).
    const state = (await this.queries.states([caseId])).get(caseId);
    if (!state) throw notFoundProblem({ vi: 'hồ sơ', en: 'case' }, caseId);
    const identity = this.identityFor(principal, state, type);
    if (type === 'issueDecision') await this.assertStillEligible(state, identity.actor);
    const { requestId } = this.seed(principal, idempotencyKey, `${caseId}:${type}`);
    await this.guard(() => this.cases.act(caseId, type, { requestId, actor: identity.actor, payload }));
    return this.detail(principal, caseId);
  }

  /** The identity to act under: one that may take the action, else the caller's own (the case then says why not). */
  private identityFor(principal: Principal, state: CaseState, type: HumanCommandType): Identity {
    const usable = usableOn(identitiesOf(principal), state);
    if (usable.length === 0) throw outOfScopeProblem(state.caseId);
    return usable.find((identity) => mayTake(type, state, identity.actor)) ?? usable[0];
  }

  /**
   * One action on many cases, each with its own events. The whole batch is judged first, against
   * each case's current state by the same decider; by default one refusal refuses the batch with
   * every case's reason, and nothing is done.
   */
  async actBatch<T extends HumanCommandType>(
    principal: Principal,
    type: T,
    caseIds: string[],
    payload: CommandPayloads[T],
    proceedWithoutRefused: boolean,
    language: Language,
    idempotencyKey?: string,
  ): Promise<BatchResult> {
    const states = await this.queries.states(caseIds);
    const now = new Date().toISOString();
    const judged = await Promise.all(
      caseIds.map(async (caseId) => {
        const state = states.get(caseId);
        try {
          if (!state) throw notFoundProblem({ vi: 'hồ sơ', en: 'case' }, caseId);
          const identity = this.identityFor(principal, state, type);
          decide({ ...payload, type, actor: identity.actor, at: now } as CaseCommand, state);
          if (type === 'issueDecision') await this.assertStillEligible(state, identity.actor);
          return { caseId, identity };
        } catch (error) {
          return { caseId, problem: this.problemOf(error, language) };
        }
      }),
    );
    if (judged.some((item) => item.problem) && !proceedWithoutRefused) {
      throw this.batchRefused(judged.map((item) => ({ caseId: item.caseId, status: item.problem ? 'refused' : 'not_attempted', ...(item.problem ? { problem: item.problem } : {}) })));
    }
    const results = await inBatches(judged, BATCH_CONCURRENCY, async (item): Promise<BatchItemResult> => {
      if (!item.identity) return { caseId: item.caseId, status: 'refused', problem: item.problem };
      const { requestId } = this.seed(principal, idempotencyKey, `${item.caseId}:${type}`);
      try {
        const view = await this.guard(() => this.cases.act(item.caseId, type, { requestId, actor: item.identity.actor, payload }));
        return { caseId: item.caseId, status: 'done', stage: view.state.stage, version: view.state.version };
      } catch (error) {
        // Between the check and the action another person acted first: this case is refused alone.
        return { caseId: item.caseId, status: 'refused', problem: this.problemOf(error, language) };
      }
    });
    return this.summarise(results);
  }

  // -------------------------------------------------------------------------------------------

  /**
   * The request id (and case id seed) of a change. With an Idempotency-Key it is derived from the
   * caller and the key, so a retry reaches the same workflow update, or the same case, and has one
   * effect; without one it is random.
   */
  private seed(principal: Principal, idempotencyKey: string | undefined, part: string): { requestId: string; bytes: Buffer } {
    if (!idempotencyKey) {
      const random = randomUUID();
      return { requestId: random, bytes: createHash('sha256').update(random).digest() };
    }
    const bytes = createHash('sha256').update(`${principal.account.id}\n${idempotencyKey}\n${part}`).digest();
    return { requestId: `k-${bytes.toString('hex').slice(0, 40)}`, bytes };
  }

  /** Runs a call to the workflow with the action deadline; refusals and timeouts become problems. */
  private async guard<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await this.client.withDeadline(Date.now() + this.config.actionTimeoutMs, call);
    } catch (error) {
      throw this.toProblem(error);
    }
  }

  /** Before the decision the eligibility rules are judged again, against today's registry and the other cases. */
  private async assertStillEligible(state: CaseState, actor: Actor): Promise<void> {
    const [proposed] = await this.store.events(state.caseId);
    const overrides = proposed?.type === 'CaseProposed' ? (proposed.data.eligibilityOverrides ?? []) : [];
    const problems = await this.eligibility.recheck({
      caseId: state.caseId,
      officialId: state.official.id,
      sendingUnitId: state.sendingUnit.id,
      form: state.form,
      plannedStart: state.plannedStart,
      actor,
      rules: state.rules.eligibility,
      overrides,
    });
    if (problems.length > 0) throw eligibilityProblem(problems);
  }

  private toProblem(error: unknown): unknown {
    if (error instanceof EligibilityRefusedError) return eligibilityProblem(error.problems);
    const refusal = refusalOf(error);
    if (refusal) return refusalProblem(refusal);
    if (error instanceof CaseNotFoundError) return notFoundProblem({ vi: 'hồ sơ', en: 'case' }, error.caseId);
    if (isWorkflowTaskFailing(error)) {
      return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow-recovering',
        { vi: 'Hồ sơ đang được hệ thống khôi phục', en: 'The case is recovering' },
        {
          vi: 'Hệ thống đang khôi phục hồ sơ sau sự cố nên chưa nhận thao tác lúc này; vui lòng gửi lại sau vài giây với cùng Idempotency-Key (không bị thực hiện hai lần).',
          en: 'The case is recovering from a fault and cannot take an action this moment; retry in a few seconds with the same Idempotency-Key (it will not happen twice).',
        },
      );
    }
    if (isDeadline(error)) {
      return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow-timeout',
        { vi: 'Hệ thống xử lý chưa trả lời kịp', en: 'The workflow did not answer in time' },
        {
          vi: `Thao tác chưa được xác nhận trong ${this.config.actionTimeoutMs / 1000} giây; vui lòng gửi lại với cùng Idempotency-Key (không bị thực hiện hai lần).`,
          en: `The action was not confirmed within ${this.config.actionTimeoutMs / 1000} s; retry with the same Idempotency-Key (it will not happen twice).`,
        },
      );
    }
    return error;
  }

  /** A batch item's problem, in the caller's language; a field is named by its place in the request. */
  private problemOf(error: unknown, language: Language, fieldPrefix = ''): ProblemDetails {
    const refusal = refusalOf(error);
    if (refusal?.field && fieldPrefix) {
      const message = refusal.kind === 'invalid' ? `${fieldPrefix}${refusal.message}` : refusal.message;
      return refusalProblem({ ...refusal, field: `${fieldPrefix}${refusal.field}`, message }).toProblem(language);
    }
    return toProblemException(this.toProblem(error)).toProblem(language);
  }

  private batchRefused(results: BatchItemResult[]): ProblemException {
    const refused = results.filter((r) => r.status === 'refused').length;
    return problem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'batch-refused',
      { vi: 'Danh sách có hồ sơ không thực hiện được', en: 'Some cases of the batch are refused' },
      {
        vi: `${refused}/${results.length} hồ sơ không thực hiện được; không hồ sơ nào được xử lý. Sửa hoặc bỏ các hồ sơ đó, hoặc gửi lại với proceedWithoutRefused = true.`,
        en: `${refused} of ${results.length} cases are refused; nothing was done. Fix or remove them, or send proceedWithoutRefused: true.`,
      },
      { rule: 'batch_refused', results },
    );
  }

  private summarise(results: BatchItemResult[]): BatchResult {
    return { done: results.filter((r) => r.status === 'done').length, refused: results.filter((r) => r.status === 'refused').length, results };
  }
}

/** The identities that may act on this case: in scope, and never a delegation on a case about the delegator. */
function usableOn(identities: Identity[], state: CaseState): Identity[] {
  return identities.filter((identity) => inScope(identity.scope, state) && (!identity.delegation || identity.delegation.delegator.personId !== state.official.id));
}

/** The actions to offer on a case, each under the first identity that may take it (their own before a deputy's). */
function offered(identities: Identity[], state: CaseState, actionsOf: (state: CaseState, actor: Identity['actor']) => HumanCommandType[]): OfferedAction[] {
  const offers = new Map<HumanCommandType, OfferedAction>();
  for (const identity of usableOn(identities, state)) {
    for (const action of actionsOf(state, identity.actor)) {
      if (!offers.has(action)) offers.set(action, identity.actor.onBehalfOf ? { action, onBehalfOf: identity.actor.onBehalfOf } : { action });
    }
  }
  return [...offers.values()];
}

function fieldRefusal(field: string, rule: string, message: string): DomainError {
  return new DomainError({ kind: 'invalid', rule, field, message });
}

/** What the eligibility check needs of a proposal. */
function checkOf(caseId: string, request: Omit<ProposeRequest, 'rules'>, rules: CaseRules): NominationCheck {
  return {
    caseId,
    officialId: request.official.id,
    sendingUnitId: request.sendingUnit.id,
    form: request.form,
    plannedStart: request.plannedStart,
    actor: request.actor,
    rules: rules.eligibility,
    overrides: request.eligibilityOverrides ?? [],
  };
}

/**
 * The case id a check judges under: it names no case (none is made) and never collides with one
 * (case ids are HS-<year>-<8 characters>).
 */
const CHECK_ID = 'check-before-nominating';

/** Stands in for a missing text while the decider is asked about the rest. */
const FILLED_IN = '(check)';

/**
 * The decider stops at its first refusal; the check asks it about parts of the nomination so that
 * one refusal does not hide another. Who may nominate depends neither on the form nor the term nor
 * the texts: the nomination judged as a transfer (which has no term) with its texts filled in is
 * refused only for the caller, the units or the overrides (`gate`). Then the whole nomination with
 * its missing texts filled in (the term rules), and each missing text alone.
 */
function judgedInParts(command: CommandOf<'propose'>): { gate?: unknown; errors: unknown[] } {
  const refusalFor = (candidate: CommandOf<'propose'>): unknown => {
    try {
      decide(candidate, null);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  const { term: _term, legalBasisOverride: _legalBasis, ...rest } = command;
  const gate: CommandOf<'propose'> = { ...rest, form: 'transfer', position: FILLED_IN, reason: FILLED_IN };
  const refused = refusalFor(gate);
  if (refused !== undefined) return { gate: refused, errors: [] };
  const blank = (text: string) => text.trim() === '';
  const errors = [refusalFor({ ...command, position: blank(command.position) ? FILLED_IN : command.position, reason: blank(command.reason) ? FILLED_IN : command.reason })];
  for (const field of ['position', 'reason'] as const) {
    if (blank(command[field])) errors.push(refusalFor({ ...gate, [field]: command[field] }));
  }
  return { errors: errors.filter((error) => error !== undefined) };
}

/** A refusal's problem as the check lists it: one entry per eligibility violation, else one. */
function problemsOf(details: ProblemDetails): NominationProblem[] {
  const base = { type: details.type, status: details.status };
  const violations = details.violations as { rule: string; legalBasis: string; overridable: boolean; messages: Bilingual }[] | undefined;
  if (violations?.length) {
    return violations.map((v) => ({ ...base, rule: v.rule, messages: v.messages, legalBasis: v.legalBasis, overridable: v.overridable }));
  }
  const field = typeof details.field === 'string' ? details.field : details.errors?.[0]?.field;
  return [
    {
      ...base,
      rule: typeof details.rule === 'string' ? details.rule : (details.errors?.[0]?.rule ?? 'invalid'),
      ...(field ? { field } : {}),
      messages: details.messages ?? { vi: details.detail, en: details.detail },
      ...(typeof details.legalBasis === 'string' ? { legalBasis: details.legalBasis } : {}),
      overridable: false,
    },
  ];
}

/** One official twice in one batch is a mistake in the list, not two moves: each later one, with the index of the first. */
function duplicatesIn<T extends { index: number; request?: { official: { id: string } } }>(items: T[]): [T, number][] {
  const seen = new Map<string, number>();
  const duplicates: [T, number][] = [];
  for (const item of items) {
    if (!item.request) continue;
    const first = seen.get(item.request.official.id);
    if (first === undefined) seen.set(item.request.official.id, item.index);
    else duplicates.push([item, first]);
  }
  return duplicates;
}

function duplicateProblem(index: number, officialId: string, first: number): ProblemException {
  return refusalProblem({
    kind: 'invalid',
    rule: 'duplicate_in_batch',
    field: `nominations[${index}].officialId`,
    message: `nominations[${index}].officialId: official ${officialId} is already nominated at nominations[${first}]`,
  });
}
