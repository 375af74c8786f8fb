import { BEFORE_POSTING, IN_TERM, is } from './authority';
import type { Actor, CaseState, Official, Role, Stage, Unit } from './case';
import { HUMAN_COMMANDS, type HumanCommandType } from './commands';
import { forbidden, ruleBroken, wrongStage } from './errors';
import { LEGAL_BASIS } from './legal-basis';
import { APPROVAL_STAGE_REVIEWS, APPROVAL_STAGES, approvalStagesReviewedBy, reviewerOf, type ApprovalStage, type CaseRules, type Reviewer } from './rules';

/*
 * Which actions a person may take on a case now, judged by stage and authority alone (not by the
 * fields they will send): one table, `ACTION_RULES`, for both the API, which uses it to offer
 * actions, to fill inboxes and to pick the identity a deputy acts under, and the decider, which
 * refuses by it (`authorise`) before it judges a command's fields. A spec holds the two in step:
 * wherever `mayTake` says yes, the decider does not refuse for stage or authority, and wherever it
 * says no, the decider does.
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
  /** The reviewers the case's rules name (absent: each approval stage's own, as in rules stored before they could be named). */
  reviewers?: CaseRules['reviewers'];
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
    reviewers: state.rules.reviewers,
  };
}

/**
 * The tests of authority.ts, on a case's facts: they read the ids and kinds of its units and the
 * ids of its proposer and official, all among the facts. (They are typed on the whole state, as
 * the decider uses them; the spec that has the rules read the facts alone holds this view honest.)
 */
const on = is as unknown as { [Test in keyof typeof is]: (actor: Actor, facts: CaseFacts) => boolean };

interface PartyRule {
  is: (actor: Actor, state: CaseFacts) => boolean;
  keys: (state: CaseFacts) => string[];
  /** What a refusal calls them, where the action names its party alone. */
  called?: (state: CaseState) => string;
}

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
    called: (s: CaseState) => `the head of ${s.sendingUnit.name}`,
  },
  sendingHr: { is: on.sendingHr, keys: (s: CaseFacts) => [unitKey('hr_officer', s.sendingUnit.id)] },
  homeAffairs: { is: on.homeAffairs, keys: () => ['home_affairs_officer'], called: () => 'the Home Affairs office' },
  partySecretariat: { is: on.partySecretariat, keys: () => ['party_secretariat'], called: () => 'the Party committee secretariat' },
  receivingLeader: {
    is: on.receivingLeader,
    keys: (s: CaseFacts) => [unitKey('commune_leader', s.receivingUnit.id), ...(s.receivingUnit.kind === 'department' ? [unitKey('department_head', s.receivingUnit.id)] : [])],
  },
  proposer: { is: on.proposer, keys: (s: CaseFacts) => [`user:${s.proposer.id}`] },
  theOfficial: { is: on.theOfficial, keys: (s: CaseFacts) => [`person:${s.official.id}`] },
} satisfies Record<string, PartyRule> & { [R in Reviewer]: Required<PartyRule> };

type Party = keyof typeof PARTIES;

function unitKey(role: Role, unitId: string): string {
  return `${role}:${unitId}`;
}

/** The reviewers the case's rules name: among its facts, or in the rules of a whole state (which the rules are given too). */
function namedReviewers(s: CaseFacts): CaseRules['reviewers'] {
  return 'rules' in s ? (s as unknown as CaseState).rules.reviewers : s.reviewers;
}

/** The reviewer of the case's current stage, an approval stage. */
function stageReviewer(s: CaseFacts): Reviewer {
  return reviewerOf(s.stage as ApprovalStage, namedReviewers(s));
}

function isApprovalStage(stage: CaseFacts['stage']): stage is ApprovalStage {
  return (APPROVAL_STAGES as readonly string[]).includes(stage);
}

const reviewer = (s: CaseFacts): readonly Party[] => [stageReviewer(s)];
const headOrHomeAffairs: readonly Party[] = ['sendingHead', 'homeAffairs'];

/** A refusal's words, "<task> is for <whom>", from the state (it may name the units). */
type Refusing = (state: CaseState) => { task: string; whom: string };

/** The review of the current stage refused to someone else: "<the stage's review> is for <its reviewer>". */
const reviewRefused: Refusing = (s) => ({ task: APPROVAL_STAGE_REVIEWS[s.stage as ApprovalStage].review, whom: PARTIES[stageReviewer(s)].called(s) });

interface ActionRule {
  stages: readonly Stage[];
  /** What the action is called when refused at another stage: "<doing> is not possible at stage …". */
  doing: string;
  /** The parties who may take it (any one of them will do), or for the case's current stage. */
  who: readonly Party[] | ((state: CaseFacts) => readonly Party[]);
  /** The refusal's words for anyone else. */
  refused: Refusing;
  /** The proposer may not take it on their own case (separation of duties): "the proposer of a case cannot <verb> it". */
  notByProposer?: string;
  /** Open to the official the case concerns (only reports). */
  byTheOfficial?: boolean;
  /** A further condition of the state (e.g. the end not yet decided), and the refusal (wrong stage) when it fails. */
  when?: { holds: (state: CaseFacts) => boolean; refusal: (state: CaseState) => string };
  /** The stage waits for this action: it goes to the inbox of those who may take it. */
  awaited?: (state: CaseFacts) => boolean;
}

/** Refused to anyone but these, always in these words. */
const refusedAs = (task: string, whom: string): Refusing => () => ({ task, whom });

const HEAD_OR_HOME_AFFAIRS = 'the Home Affairs office or the head of the sending unit';

/** The end-of-term decisions (extend, recall, end): by the sending head or Home Affairs, while no end is decided. */
function termDecision(doing: string, awaited?: (s: CaseFacts) => boolean): ActionRule {
  return {
    stages: IN_TERM,
    doing,
    who: headOrHomeAffairs,
    refused: refusedAs(doing, 'the head of the sending unit or the Home Affairs office'),
    when: {
      holds: (s) => s.endDecision === null,
      refusal: (s) => `the end is already decided (${s.endDecision!.decisionNumber}); ${doing} is no longer possible`,
    },
    ...(awaited ? { awaited } : {}),
  };
}

const REVIEWED_BY_APPROVAL = approvalStagesReviewedBy('approval');

export const ACTION_RULES: { [T in HumanCommandType]: ActionRule } = {
  approve: { stages: REVIEWED_BY_APPROVAL, doing: 'approve', who: reviewer, refused: reviewRefused, notByProposer: 'approve', awaited: () => true },
  reject: {
    stages: [...REVIEWED_BY_APPROVAL, 'awaiting_decision'],
    doing: 'reject',
    // Once approved, the decision is Home Affairs' to refuse.
    who: (s) => (isApprovalStage(s.stage) ? reviewer(s) : ['homeAffairs']),
    refused: (s) => {
      const review = isApprovalStage(s.stage) ? APPROVAL_STAGE_REVIEWS[s.stage] : undefined;
      const whom = review ? PARTIES[stageReviewer(s)].called(s) : PARTIES.homeAffairs.called();
      return { task: review ? (review.rejecting ?? review.review) : 'rejecting at this stage', whom };
    },
    notByProposer: 'reject',
    awaited: (s) => s.stage !== 'awaiting_decision',
  },
  returnForChanges: { stages: REVIEWED_BY_APPROVAL, doing: 'return for changes', who: reviewer, refused: reviewRefused, notByProposer: 'return', awaited: () => true },
  resubmit: { stages: ['proposed'], doing: 'resubmit', who: ['proposer', 'sendingHr'], refused: refusedAs('resubmitting', 'the proposer or an HR officer of the sending unit'), awaited: () => true },
  withdraw: {
    stages: BEFORE_POSTING,
    doing: 'withdraw',
    who: ['proposer', 'sendingHr', ...headOrHomeAffairs],
    refused: refusedAs('withdrawing', 'the proposer, the sending unit or the Home Affairs office'),
  },
  recordPartyOpinion: {
    stages: approvalStagesReviewedBy('opinion'),
    doing: "record the Party committee's opinion",
    who: reviewer,
    refused: reviewRefused,
    notByProposer: 'record an opinion on',
    awaited: () => true,
  },
  issueDecision: { stages: ['awaiting_decision'], doing: 'issue the decision', who: headOrHomeAffairs, refused: refusedAs('recording the decision', HEAD_OR_HOME_AFFAIRS), awaited: () => true },
  correctDecision: { stages: ['decision_issued', 'posted', 'serving', 'ending'], doing: 'correct the decision', who: headOrHomeAffairs, refused: refusedAs('correcting the decision', HEAD_OR_HOME_AFFAIRS) },
  revokeDecision: { stages: ['decision_issued', 'posted'], doing: 'revoke the decision', who: headOrHomeAffairs, refused: refusedAs('revoking the decision', HEAD_OR_HOME_AFFAIRS) },
  confirmArrival: {
    stages: ['decision_issued'],
    doing: 'confirm arrival',
    who: ['receivingLeader'],
    refused: (s) => ({ task: 'confirming arrival', whom: `the leader of ${s.receivingUnit.name}` }),
    awaited: () => true,
  },
  recordEvaluation: {
    stages: IN_TERM,
    doing: 'record an evaluation',
    who: ['receivingLeader'],
    refused: (s) => ({ task: 'evaluating the work', whom: `the leader of ${s.receivingUnit.name}` }),
    // Awaited once an evaluation has fallen due and more are due than recorded.
    awaited: (s) => s.firedTimers.filter((key) => key.startsWith('evaluation:')).length > s.evaluations.length,
  },
  submitReport: { stages: IN_TERM, doing: 'submit a report', who: ['theOfficial'], refused: refusedAs('reporting on the work', 'the official on secondment'), byTheOfficial: true },
  extend: termDecision('extending', (s) => s.stage === 'ending'),
  recallEarly: termDecision('recalling early'),
  decideEnd: termDecision('deciding the end', (s) => s.stage === 'ending'),
  confirmReturn: {
    stages: ['ending'],
    doing: 'confirm the return',
    who: ['sendingHr', 'sendingHead'],
    refused: (s) => ({ task: 'recording the return', whom: `the HR officer or head of ${s.sendingUnit.name}` }),
    when: {
      holds: (s) => s.termCompleted,
      refusal: (s) => (s.endDecision ? `the term runs until ${s.termEnd!}; the return can be recorded from the next day` : 'the end of the term has not been decided'),
    },
    awaited: () => true,
  },
};

function partiesOf(rule: ActionRule, state: CaseFacts): readonly Party[] {
  return typeof rule.who === 'function' ? rule.who(state) : rule.who;
}

/** Is the action open at the case's stage and in its state, whoever asks? */
function open(rule: ActionRule, state: CaseFacts): boolean {
  return state.stage !== 'new' && rule.stages.includes(state.stage) && (!rule.when || rule.when.holds(state));
}

/** May this person take this action on this case now (stage and authority; fields aside)? */
export function mayTake(type: HumanCommandType, state: CaseFacts, actor: Actor): boolean {
  const rule = ACTION_RULES[type];
  if (!open(rule, state)) return false;
  if (!rule.byTheOfficial && on.theOfficial(actor, state)) return false;
  if (rule.notByProposer && on.proposerOrTheirDeputy(actor, state)) return false;
  return partiesOf(rule, state).some((party) => PARTIES[party].is(actor, state));
}

/**
 * The decider's judgement of stage and authority, by the same table as `mayTake`: refuses, in this
 * order, an action at another stage (wrong_stage), on a case about the actor themselves (own_case),
 * by someone the action is not for (not_authorised), by the case's proposer or their deputy where
 * duties are separated (separation_of_duties), and where the state's further condition fails
 * (wrong_stage). Passes exactly where `mayTake` says yes.
 */
export function authorise(type: HumanCommandType, state: CaseState, actor: Actor): void {
  const rule = ACTION_RULES[type];
  if (!rule.stages.includes(state.stage as Stage))
    throw wrongStage(state.stage, `${rule.doing} is not possible at stage ${state.stage} (possible at: ${rule.stages.join(', ')})`);
  if (!rule.byTheOfficial && is.theOfficial(actor, state)) throw forbidden('own_case', 'nobody may act on a case that concerns themselves');
  if (!partiesOf(rule, state).some((party) => PARTIES[party].is(actor, state))) {
    const { task, whom } = rule.refused(state);
    throw forbidden('not_authorised', `${task} is for ${whom}`);
  }
  // A deputy stands in for the approver: neither of them may have proposed the case.
  if (rule.notByProposer && is.proposerOrTheirDeputy(actor, state))
    throw ruleBroken('separation_of_duties', `the proposer of a case cannot ${rule.notByProposer} it`, LEGAL_BASIS.separationOfDuties);
  if (rule.when && !rule.when.holds(state)) throw wrongStage(state.stage, rule.when.refusal(state));
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
