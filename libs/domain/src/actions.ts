import { BEFORE_POSTING, IN_TERM, is } from './authority';
import type { Actor, CaseState, Stage } from './case';
import { HUMAN_COMMANDS, type HumanCommandType } from './commands';

/**
 * Which actions a person may take on a case now, judged by stage and authority alone (not by the
 * fields they will send). The API uses it to offer actions, to fill inboxes and to pick the
 * identity a deputy acts under; the decider stays the judge of every command. A spec holds the two
 * in step: wherever this says yes, the decider does not refuse for stage or authority, and wherever
 * it says no, the decider does.
 */

/** The reviewer of the current approval stage: the sending head, then Home Affairs. */
const reviewer = (a: Actor, s: CaseState) => (s.stage === 'department_review' ? is.sendingHead(a, s) : is.homeAffairs(a));
const headOrHomeAffairs = (a: Actor, s: CaseState) => is.sendingHead(a, s) || is.homeAffairs(a);

interface ActionRule {
  stages: readonly Stage[];
  who: (actor: Actor, state: CaseState) => boolean;
  /** The proposer may not take it on their own case (separation of duties). */
  notByProposer?: boolean;
  /** Open to the official the case concerns (only reports). */
  byTheOfficial?: boolean;
  /** A further condition of the state (e.g. the end not yet decided). */
  when?: (state: CaseState) => boolean;
  /** The stage waits for this action: it goes to the inbox of those who may take it. */
  awaited?: (state: CaseState) => boolean;
}

const noEndDecided = (s: CaseState) => s.endDecision === null;

export const ACTION_RULES: { [T in HumanCommandType]: ActionRule } = {
  approve: { stages: ['department_review', 'home_affairs_appraisal'], who: reviewer, notByProposer: true, awaited: () => true },
  reject: {
    stages: ['department_review', 'home_affairs_appraisal', 'awaiting_decision'],
    who: reviewer,
    notByProposer: true,
    awaited: (s) => s.stage !== 'awaiting_decision',
  },
  returnForChanges: { stages: ['department_review', 'home_affairs_appraisal'], who: reviewer, notByProposer: true, awaited: () => true },
  resubmit: { stages: ['proposed'], who: (a, s) => is.proposer(a, s) || is.sendingHr(a, s), awaited: () => true },
  withdraw: { stages: BEFORE_POSTING, who: (a, s) => is.proposer(a, s) || is.sendingHr(a, s) || headOrHomeAffairs(a, s) },
  recordPartyOpinion: { stages: ['party_committee_approval'], who: is.partySecretariat, notByProposer: true, awaited: () => true },
  issueDecision: { stages: ['awaiting_decision'], who: headOrHomeAffairs, awaited: () => true },
  correctDecision: { stages: ['decision_issued', 'posted', 'serving', 'ending'], who: headOrHomeAffairs },
  revokeDecision: { stages: ['decision_issued', 'posted'], who: headOrHomeAffairs },
  confirmArrival: { stages: ['decision_issued'], who: is.receivingLeader, awaited: () => true },
  recordEvaluation: {
    stages: IN_TERM,
    who: is.receivingLeader,
    // Awaited once an evaluation has fallen due and more are due than recorded.
    awaited: (s) => s.firedTimers.filter((key) => key.startsWith('evaluation:')).length > s.evaluations.length,
  },
  submitReport: { stages: IN_TERM, who: is.theOfficial, byTheOfficial: true },
  extend: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided, awaited: (s) => s.stage === 'ending' },
  recallEarly: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided },
  decideEnd: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided, awaited: (s) => s.stage === 'ending' },
  confirmReturn: { stages: ['ending'], who: (a, s) => is.sendingHr(a, s) || is.sendingHead(a, s), when: (s) => s.termCompleted, awaited: () => true },
};

/** May this person take this action on this case now (stage and authority; fields aside)? */
export function mayTake(type: HumanCommandType, state: CaseState, actor: Actor): boolean {
  const rule = ACTION_RULES[type];
  if (state.stage === 'new' || !rule.stages.includes(state.stage)) return false;
  if (!rule.byTheOfficial && is.theOfficial(actor, state)) return false;
  if (rule.notByProposer && is.proposerOrTheirDeputy(actor, state)) return false;
  if (rule.when && !rule.when(state)) return false;
  return rule.who(actor, state);
}

/** Every action this person may take on the case now, in the order of the process. */
export function availableActions(state: CaseState, actor: Actor): HumanCommandType[] {
  return HUMAN_COMMANDS.filter((type) => mayTake(type, state, actor));
}

/** The actions the case waits for and this person may take: what puts it in their inbox. */
export function awaitedActions(state: CaseState, actor: Actor): HumanCommandType[] {
  return HUMAN_COMMANDS.filter((type) => ACTION_RULES[type].awaited?.(state) === true && mayTake(type, state, actor));
}

/**
 * Text folded for search: Unicode NFC decomposed, diacritics dropped, đ → d, lower case, spaces
 * collapsed. "Cu Bao", "cư bao" and "CƯ BẢO" all fold to "cu bao".
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
