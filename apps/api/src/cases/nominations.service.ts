import { Injectable } from '@nestjs/common';
import { decide, type CaseRules } from '@app/domain';
import { DirectoryRepository, EligibilityRepository, ProvinceRulesRepository, type NominationCheck } from '@app/persistence';
import { CaseClient } from '@app/temporal-client';
import type { ProposeRequest } from '@app/workflows/case.contracts';
import { identitiesOf, type Principal } from '../auth/principal';
import { ProblemException } from '../common/problem-details';
import { batchRefused, BATCH_CONCURRENCY, duplicateProblem, duplicatesIn, inBatches, summarise, type BatchItemResult, type BatchResult } from './batches';
import { answeringProblems, fieldRefusal, itemProblem, type Language } from './case-problems';
import { CaseReadsService, type CaseDetail } from './case-reads.service';
import type { NominationDto } from './dto/case-input.dto';
import { caseIdFrom, requestSeed } from './request-ids';

/** A nomination as the check takes it: the free texts may still be missing (each is then a problem). */
export type NominationInput = Omit<NominationDto, 'position' | 'reason'> & { position?: string; reason?: string };

/** A proposal as the API has read it from the registry: the workflow's request without the case rules. */
export type Proposal = Omit<ProposeRequest, 'rules'>;

/** Sending units whose reservations a batch makes at once (each holds a database connection while it judges). */
const RESERVATION_CONCURRENCY = 4;

/**
 * The one judgement of a proposal on its way in: the decider, here, before the official is reserved
 * and the case started. The workflow decides the proposal once more as it records it (that makes the
 * stored CaseProposed, and refuses an invalid start by itself); nothing in between judges it again.
 */
export function judgeProposal(caseId: string, request: Proposal, rules: CaseRules, at: string = new Date().toISOString()): void {
  decide({ ...request, rules, type: 'propose', caseId, at }, null);
}

/** What the eligibility check needs of a proposal. */
export function checkOf(caseId: string, request: Proposal, rules: CaseRules): NominationCheck {
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
 * Nominations: one or a batch, each a case started on its workflow once the decider and the
 * eligibility rules (which reserve the official) let it pass.
 */
@Injectable()
export class NominationsService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly rules: ProvinceRulesRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly cases: CaseClient,
    private readonly reads: CaseReadsService,
  ) {}

  async propose(principal: Principal, nomination: NominationDto, idempotencyKey?: string): Promise<CaseDetail> {
    const seed = requestSeed(principal, idempotencyKey, 'nomination');
    const caseId = caseIdFrom(seed.bytes);
    const rules = await this.rules.current();
    const request = await answeringProblems(async () => {
      const request = await this.proposalOf(principal, nomination, seed.requestId);
      // Judged first, so that only a sound proposal holds its official.
      judgeProposal(caseId, request, rules);
      await this.eligibility.reserve(checkOf(caseId, request, rules));
      return request;
    });
    await answeringProblems(() => this.cases.propose(caseId, request, rules)).catch(async (error: unknown) => {
      // Refused by the workflow after all: the official is free again. (A timeout keeps the hold: the case may have started, and a retry with the key finds it.)
      if (error instanceof ProblemException && error.getStatus() < 500) await this.eligibility.cancel(caseId);
      throw error;
    });
    return this.reads.detail(principal, caseId);
  }

  async proposeBatch(principal: Principal, nominations: NominationDto[], proceedWithoutRefused: boolean, language: Language, idempotencyKey?: string): Promise<BatchResult> {
    const rules = await this.rules.current();
    const now = new Date().toISOString();
    const prepared = await Promise.all(
      nominations.map(async (nomination, index) => {
        const seed = requestSeed(principal, idempotencyKey, `nomination:${index}`);
        const caseId = caseIdFrom(seed.bytes);
        try {
          const request = await this.proposalOf(principal, nomination, seed.requestId);
          judgeProposal(caseId, request, rules, now);
          return { index, caseId, request };
        } catch (error) {
          return { index, caseId, problem: itemProblem(error, language, `nominations[${index}].`) };
        }
      }),
    );
    for (const [item, first] of duplicatesIn(prepared)) {
      Object.assign(item, { request: undefined, problem: duplicateProblem(item.index, item.request?.official.id ?? '', first).toProblem(language) });
    }
    await this.reserveInUnitOrder(prepared, rules, language);
    const refused = prepared.filter((item) => !item.request);
    if (refused.length > 0 && !proceedWithoutRefused) {
      // Nothing of a refused batch stands: the officials it reserved are free again.
      await Promise.all(prepared.map((item) => this.eligibility.cancel(item.caseId)));
      throw batchRefused(prepared.map((item) => ({ index: item.index, caseId: item.caseId, status: item.request ? 'not_attempted' : 'refused', ...(item.problem ? { problem: item.problem } : {}) })));
    }
    const results = await inBatches(prepared, BATCH_CONCURRENCY, async (item): Promise<BatchItemResult> => {
      const request = item.request;
      if (!request) return { index: item.index, caseId: item.caseId, status: 'refused', problem: item.problem };
      try {
        const view = await answeringProblems(() => this.cases.propose(item.caseId, request, rules));
        return { index: item.index, caseId: item.caseId, status: 'done', stage: view.state.stage, version: view.state.version };
      } catch (error) {
        return { index: item.index, caseId: item.caseId, status: 'refused', problem: itemProblem(error, language, `nominations[${item.index}].`) };
      }
    });
    return summarise(results);
  }

  /**
   * The eligibility rules, each nomination reserving its official, in the batch's order within each
   * sending unit: a reservation locks its unit (the share is the unit's), and an official belongs to
   * one unit, so the units' queues are independent and run side by side. A refused one loses its request.
   */
  private async reserveInUnitOrder(prepared: { index: number; caseId: string; request?: Proposal }[], rules: CaseRules, language: Language): Promise<void> {
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
          Object.assign(item, { request: undefined, problem: itemProblem(error, language, `nominations[${item.index}].`) });
        }
      }
    });
  }

  /** The nomination as the workflow takes it: units and official from the registry, the caller as proposer. */
  async proposalOf(principal: Principal, nomination: NominationInput, requestId: string): Promise<Proposal> {
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
    const request: Proposal = {
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
}
