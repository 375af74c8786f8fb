import { Injectable } from '@nestjs/common';
import { availableActions, awaitedActions, inboxKeysOf, pendingTimers, type CaseState } from '@app/domain';
import { CaseQueries, CaseStore, type CaseFilter, type CaseListItem, type CasePage, type CaseSort, type PipelineSummary } from '@app/persistence';
import { identitiesOf, inScope, readScopeOf, type Principal } from '../auth/principal';
import { notFoundProblem, outOfScopeProblem } from '../common/refusals';
import { offered, type OfferedAction } from './case-identities';
import { CASE } from './case-problems';
import { today } from './request-ids';

export interface CaseDetail extends CaseListItem {
  state: CaseState;
  timers: { key: string; at: string; event: string }[];
  actions: OfferedAction[];
  timeline: Awaited<ReturnType<CaseStore['timeline']>>;
}

export interface InboxItem extends CaseListItem {
  actions: OfferedAction[];
}

/**
 * The cases as people read them, from the read models: the list, the pipeline, one case with the
 * caller's possible actions, and the inbox. Only the cases the caller may see.
 */
@Injectable()
export class CaseReadsService {
  constructor(
    private readonly queries: CaseQueries,
    private readonly store: CaseStore,
  ) {}

  list(principal: Principal, filter: CaseFilter, options: { sort: CaseSort; descending: boolean; page: number; pageSize: number }): Promise<CasePage> {
    return this.queries.list(readScopeOf(principal), filter, { ...options, today: today() });
  }

  pipeline(principal: Principal, filter: CaseFilter): Promise<PipelineSummary> {
    return this.queries.pipeline(readScopeOf(principal), filter, today());
  }

  async detail(principal: Principal, caseId: string): Promise<CaseDetail> {
    // Both reads at once (two connections, one wait); the timeline of a case out of scope or missing is dropped unread by anyone.
    const [found, timeline] = await Promise.all([this.queries.detail(caseId, today()), this.store.timeline(caseId)]);
    if (!found) throw notFoundProblem(CASE, caseId);
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
}
