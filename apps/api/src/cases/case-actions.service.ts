import { Injectable } from '@nestjs/common';
import { decide, mayTake, type Actor, type CaseCommand, type CaseState, type CommandPayloads, type HumanCommandType } from '@app/domain';
import { CaseQueries, EligibilityRepository } from '@app/persistence';
import { CaseClient } from '@app/temporal-client';
import { identitiesOf, type Identity, type Principal } from '../auth/principal';
import { eligibilityProblem, notFoundProblem, outOfScopeProblem } from '../common/refusals';
import { batchRefused, BATCH_CONCURRENCY, inBatches, summarise, type BatchItemResult, type BatchResult } from './batches';
import { usableOn } from './case-identities';
import { answeringProblems, CASE, itemProblem, type Language } from './case-problems';
import { CaseReadsService, type CaseDetail } from './case-reads.service';
import { requestSeed } from './request-ids';

/**
 * The lifecycle actions, on one case or a batch: each a Workflow Update on the case's workflow,
 * which judges it with the decider and returns once its events are stored. The service decides
 * only what the case cannot know: which cases the caller may act on, under which identity (their
 * own or a deputy's), and, before a decision, the eligibility rules against today's registry.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly queries: CaseQueries,
    private readonly eligibility: EligibilityRepository,
    private readonly cases: CaseClient,
    private readonly reads: CaseReadsService,
  ) {}

  async act<T extends HumanCommandType>(principal: Principal, caseId: string, type: T, payload: CommandPayloads[T], idempotencyKey?: string): Promise<CaseDetail> {
    // The state alone: who may act, and under which identity (the answer is read after the action).
    const state = (await this.queries.states([caseId])).get(caseId);
    if (!state) throw notFoundProblem(CASE, caseId);
    const identity = this.identityFor(principal, state, type);
    if (type === 'issueDecision') await this.assertStillEligible(state, identity.actor);
    const { requestId } = requestSeed(principal, idempotencyKey, `${caseId}:${type}`);
    await answeringProblems(() => this.cases.act(caseId, type, { requestId, actor: identity.actor, payload }));
    return this.reads.detail(principal, caseId);
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
          if (!state) throw notFoundProblem(CASE, caseId);
          const identity = this.identityFor(principal, state, type);
          decide({ ...payload, type, actor: identity.actor, at: now } as CaseCommand, state);
          if (type === 'issueDecision') await this.assertStillEligible(state, identity.actor);
          return { caseId, identity };
        } catch (error) {
          return { caseId, problem: itemProblem(error, language) };
        }
      }),
    );
    if (judged.some((item) => item.problem) && !proceedWithoutRefused) {
      throw batchRefused(judged.map((item) => ({ caseId: item.caseId, status: item.problem ? 'refused' : 'not_attempted', ...(item.problem ? { problem: item.problem } : {}) })));
    }
    const results = await inBatches(judged, BATCH_CONCURRENCY, async (item): Promise<BatchItemResult> => {
      if (!item.identity) return { caseId: item.caseId, status: 'refused', problem: item.problem };
      const { requestId } = requestSeed(principal, idempotencyKey, `${item.caseId}:${type}`);
      try {
        const view = await answeringProblems(() => this.cases.act(item.caseId, type, { requestId, actor: item.identity.actor, payload }));
        return { caseId: item.caseId, status: 'done', stage: view.state.stage, version: view.state.version };
      } catch (error) {
        // Between the check and the action another person acted first: this case is refused alone.
        return { caseId: item.caseId, status: 'refused', problem: itemProblem(error, language) };
      }
    });
    return summarise(results);
  }

  /** The identity to act under: one that may take the action, else the caller's own (the case then says why not). */
  private identityFor(principal: Principal, state: CaseState, type: HumanCommandType): Identity {
    const usable = usableOn(identitiesOf(principal), state);
    if (usable.length === 0) throw outOfScopeProblem(state.caseId);
    return usable.find((identity) => mayTake(type, state, identity.actor)) ?? usable[0];
  }

  /**
   * Before the decision the eligibility rules are judged again, against today's registry and the
   * other cases, with the overrides the proposal carried (kept in the case's state).
   */
  private async assertStillEligible(state: CaseState, actor: Actor): Promise<void> {
    const problems = await this.eligibility.recheck({
      caseId: state.caseId,
      officialId: state.official.id,
      sendingUnitId: state.sendingUnit.id,
      form: state.form,
      plannedStart: state.plannedStart,
      actor,
      rules: state.rules.eligibility,
      overrides: state.eligibilityOverrides ?? [],
    });
    if (problems.length > 0) throw eligibilityProblem(problems);
  }
}
