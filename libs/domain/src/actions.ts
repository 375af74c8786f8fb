import { BEFORE_POSTING, IN_TERM, is } from './authority';
import type { Actor, CaseState, Official, Role, Stage, Unit } from './case';
import { HUMAN_COMMANDS, type HumanCommandType } from './commands';

/**
 * Which actions a person may take on a case now, judged by stage and authority alone (not by the
 * fields they will send). The API uses it to offer actions, to fill inboxes and to pick the
 * identity a deputy acts under; the decider stays the judge of every command. A spec holds the two
 * in step: wherever this says yes, the decider does not refuse for stage or authority, and wherever
 * it says no, the decider does.
 */

/**
 * The facts of a case the rules read: its stage, the ids and kinds of its units, the ids of its
 * official and proposer, whether its end is decided and its term completed, the timers fired and
 * the evaluations recorded. The rules take these alone (a spec has them read a case's facts and
 * nothing else), so that the read model keeps them beside the inbox keys and an inbox judges a case
 * by them, a few hundred bytes, instead of its whole state.
 */
export interface CaseFacts {
  stage: CaseState['stage'];
  sendingUnit: Pick<Unit, 'id' | 'kind'>;
  receivingUnit: Pick<Unit, 'id' | 'kind'>;
  official: Pick<Official, 'id'>;
  proposer: Pick<Actor, 'id'>;
  endDecision: CaseState['endDecision'];
  termCompleted: boolean;
  firedTimers: string[];
  evaluations: CaseState['evaluations'];
}

/** The case's facts, from its state. */
export function caseFactsOf(state: CaseState): CaseFacts {
  return {
    stage: state.stage,
    sendingUnit: { id: state.sendingUnit.id, kind: state.sendingUnit.kind },
    receivingUnit: { id: state.receivingUnit.id, kind: state.receivingUnit.kind },
    official: { id: state.official.id },
    proposer: { id: state.proposer.id },
    endDecision: state.endDecision,
    termCompleted: state.termCompleted,
    firedTimers: state.firedTimers,
    evaluations: state.evaluations,
  };
}

/**
 * The tests of authority.ts, on a case's facts: they read the ids and kinds of its units and the
 * ids of its proposer and official, all among the facts. (They are typed on the whole state, as
 * the decider uses them; the spec that has the rules read the facts alone holds this view honest.)
 */
const on = is as unknown as { [Test in keyof typeof is]: (actor: Actor, facts: CaseFacts) => boolean };

/**
 * The parties an action may be given to, each with its test of a person (authority.ts) and the
 * inbox keys of a case that waits for it: strings a person's own keys (`inboxKeysOf`) meet whenever
 * the test can pass. A key is a role held province-wide (`home_affairs_officer`), a role held in a
 * unit (`department_head:<unit id>`), a user (`user:<id>`) or a person of the registry
 * (`person:<id>`). The keys may name more people than the test passes (the proposer's separation
 * of duties, say, is left to the test): the read model files a case under them, the inbox reads
 * the cases filed under the caller's keys, and `awaitedActions` has the last word.
 */
const PARTIES = {
  sendingHead: {
    is: on.sendingHead,
    keys: (s: CaseFacts) => [unitKey('department_head', s.sendingUnit.id), ...(s.sendingUnit.kind === 'commune' ? [unitKey('commune_leader', s.sendingUnit.id)] : [])],
  },
  sendingHr: { is: on.sendingHr, keys: (s: CaseFacts) => [unitKey('hr_officer', s.sendingUnit.id)] },
  homeAffairs: { is: on.homeAffairs, keys: () => ['home_affairs_officer'] },
  partySecretariat: { is: on.partySecretariat, keys: () => ['party_secretariat'] },
  receivingLeader: {
    is: on.receivingLeader,
    keys: (s: CaseFacts) => [unitKey('commune_leader', s.receivingUnit.id), ...(s.receivingUnit.kind === 'department' ? [unitKey('department_head', s.receivingUnit.id)] : [])],
  },
  proposer: { is: on.proposer, keys: (s: CaseFacts) => [`user:${s.proposer.id}`] },
  theOfficial: { is: on.theOfficial, keys: (s: CaseFacts) => [`person:${s.official.id}`] },
} satisfies Record<string, { is: (actor: Actor, state: CaseFacts) => boolean; keys: (state: CaseFacts) => string[] }>;

type Party = keyof typeof PARTIES;

function unitKey(role: Role, unitId: string): string {
  return `${role}:${unitId}`;
}

/** The reviewer of the current approval stage: the sending head, then Home Affairs. */
const reviewer = (s: CaseFacts): readonly Party[] => (s.stage === 'department_review' ? ['sendingHead'] : ['homeAffairs']);
const headOrHomeAffairs: readonly Party[] = ['sendingHead', 'homeAffairs'];

interface ActionRule {
  stages: readonly Stage[];
  /** The parties who may take it (any one of them will do), or for the case's current stage. */
  who: readonly Party[] | ((state: CaseFacts) => readonly Party[]);
  /** The proposer may not take it on their own case (separation of duties). */
  notByProposer?: boolean;
  /** Open to the official the case concerns (only reports). */
  byTheOfficial?: boolean;
  /** A further condition of the state (e.g. the end not yet decided). */
  when?: (state: CaseFacts) => boolean;
  /** The stage waits for this action: it goes to the inbox of those who may take it. */
  awaited?: (state: CaseFacts) => boolean;
}

const noEndDecided = (s: CaseFacts) => s.endDecision === null;

export const ACTION_RULES: { [T in HumanCommandType]: ActionRule } = {
  approve: { stages: ['department_review', 'home_affairs_appraisal'], who: reviewer, notByProposer: true, awaited: () => true },
  reject: {
    stages: ['department_review', 'home_affairs_appraisal', 'awaiting_decision'],
    who: reviewer,
    notByProposer: true,
    awaited: (s) => s.stage !== 'awaiting_decision',
  },
  returnForChanges: { stages: ['department_review', 'home_affairs_appraisal'], who: reviewer, notByProposer: true, awaited: () => true },
  resubmit: { stages: ['proposed'], who: ['proposer', 'sendingHr'], awaited: () => true },
  withdraw: { stages: BEFORE_POSTING, who: ['proposer', 'sendingHr', ...headOrHomeAffairs] },
  recordPartyOpinion: { stages: ['party_committee_approval'], who: ['partySecretariat'], notByProposer: true, awaited: () => true },
  issueDecision: { stages: ['awaiting_decision'], who: headOrHomeAffairs, awaited: () => true },
  correctDecision: { stages: ['decision_issued', 'posted', 'serving', 'ending'], who: headOrHomeAffairs },
  revokeDecision: { stages: ['decision_issued', 'posted'], who: headOrHomeAffairs },
  confirmArrival: { stages: ['decision_issued'], who: ['receivingLeader'], awaited: () => true },
  recordEvaluation: {
    stages: IN_TERM,
    who: ['receivingLeader'],
    // Awaited once an evaluation has fallen due and more are due than recorded.
    awaited: (s) => s.firedTimers.filter((key) => key.startsWith('evaluation:')).length > s.evaluations.length,
  },
  submitReport: { stages: IN_TERM, who: ['theOfficial'], byTheOfficial: true },
  extend: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided, awaited: (s) => s.stage === 'ending' },
  recallEarly: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided },
  decideEnd: { stages: IN_TERM, who: headOrHomeAffairs, when: noEndDecided, awaited: (s) => s.stage === 'ending' },
  confirmReturn: { stages: ['ending'], who: ['sendingHr', 'sendingHead'], when: (s) => s.termCompleted, awaited: () => true },
};

function partiesOf(rule: ActionRule, state: CaseFacts): readonly Party[] {
  return typeof rule.who === 'function' ? rule.who(state) : rule.who;
}

/** Is the action open at the case's stage and in its state, whoever asks? */
function open(rule: ActionRule, state: CaseFacts): boolean {
  return state.stage !== 'new' && rule.stages.includes(state.stage) && (!rule.when || rule.when(state));
}

/** May this person take this action on this case now (stage and authority; fields aside)? */
export function mayTake(type: HumanCommandType, state: CaseFacts, actor: Actor): boolean {
  const rule = ACTION_RULES[type];
  if (!open(rule, state)) return false;
  if (!rule.byTheOfficial && on.theOfficial(actor, state)) return false;
  if (rule.notByProposer && on.proposerOrTheirDeputy(actor, state)) return false;
  return partiesOf(rule, state).some((party) => PARTIES[party].is(actor, state));
}

/** Every action this person may take on the case now, in the order of the process. */
export function availableActions(state: CaseFacts, actor: Actor): HumanCommandType[] {
  return HUMAN_COMMANDS.filter((type) => mayTake(type, state, actor));
}

/** The actions the case waits for and this person may take: what puts it in their inbox. */
export function awaitedActions(state: CaseFacts, actor: Actor): HumanCommandType[] {
  return HUMAN_COMMANDS.filter((type) => ACTION_RULES[type].awaited?.(state) === true && mayTake(type, state, actor));
}

/**
 * The inbox keys of the case: those of every party some awaited action is open to now, sorted. The
 * read model stores them (case_summary.awaits) so that an inbox reads only the cases filed under
 * the caller's keys. A superset: whoever `awaitedActions` gives an action on the case holds one of
 * these keys (`inboxKeysOf`), and a spec holds the two in step; someone holding a key may still be
 * given nothing (the proposer reviewing their own case, the official the case is about).
 */
export function awaitedBy(state: CaseFacts): string[] {
  const keys = new Set<string>();
  for (const type of HUMAN_COMMANDS) {
    const rule = ACTION_RULES[type];
    if (!open(rule, state) || rule.awaited?.(state) !== true) continue;
    for (const party of partiesOf(rule, state)) for (const key of PARTIES[party].keys(state)) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * A person's inbox keys: their role province-wide and in their unit, their user account and their
 * person in the registry. A deputy's actor carries the delegator's role and unit with their own
 * account and person, as the parties' tests see it.
 */
export function inboxKeysOf(actor: Actor): string[] {
  const keys = [actor.role, `user:${actor.id}`];
  if (actor.unitId !== undefined) keys.push(unitKey(actor.role, actor.unitId));
  if (actor.personId !== undefined) keys.push(`person:${actor.personId}`);
  return keys;
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
