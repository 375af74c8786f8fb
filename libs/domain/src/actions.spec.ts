/**
 * `actions.ts` against the judge. For cases in every stage a person can act in, every person and
 * every human command: where `mayTake` says yes, the decider accepts a valid command; where it says
 * no, the decider refuses it for stage or authority (wrong_stage, forbidden, separation of duties).
 */
import { ACTION_RULES, availableActions, awaitedActions, awaitedBy, caseFactsOf, inboxKeysOf, mayTake, searchKey } from './actions';
import { localDateOf } from './calendar';
import { ROLES, type Actor, type CaseState, type Stage } from './case';
import { HUMAN_COMMANDS, type CaseCommand, type HumanCommandType } from './commands';
import { decide } from './decider';
import { DomainError } from './errors';
import { DEFAULT_CASE_RULES, reviewerOf, rulesProblems, type CaseRules } from './rules';
import {
  ACTORS,
  act,
  asTheOfficial,
  AT,
  confirmArrivalCommand,
  confirmReturnCommand,
  correctDecisionCommand,
  DAY,
  decideEndCommand,
  evaluationCommand,
  extendCommand,
  fire,
  fireCommand,
  issueDecisionCommand,
  lastAt,
  OTHER_COMMUNE,
  OTHER_DEPARTMENT,
  partyOpinionCommand,
  plus,
  proposeCommand,
  recallEarlyCommand,
  receiverOf,
  REINFORCEMENT,
  reportCommand,
  revokeDecisionCommand,
  TRANSFER,
  TWO_YEARS,
  walkTo,
  type Walked,
  type WalkOptions,
} from './testing/case-fixtures';

const HOUR = 60 * 60 * 1000;
const LAW_OVERRIDE = 'Luật Viên chức 2010 sửa đổi 2019, điều 36 (biệt phái kéo dài theo luật chuyên ngành)';

/** A deputy head of the sending department standing in for the HR officer who proposed the usual case. */
const DEPUTY: Actor = { id: 'u-deputy', name: 'Phó GĐ', role: 'department_head', unitId: 'so-tai-chinh', onBehalfOf: { id: ACTORS.hr.id, name: ACTORS.hr.name } };
/** A vice chair of Xã Hòa Vang: heads the sending commune when its chairman proposed the case. */
const VICE_CHAIR: Actor = { id: 'u-pct-hoa-vang', name: 'Tạ Thị Quyên', role: 'commune_leader', unitId: OTHER_COMMUNE.id };

const PEOPLE: [string, Actor][] = [
  ...Object.entries(ACTORS),
  ['head who is the official', asTheOfficial(ACTORS.head)],
  ['deputy for the proposer', DEPUTY],
  ['vice chair of the sending commune', VICE_CHAIR],
];

// ---------------------------------------------------------------------------------------------
// Cases in every stage.

/** A case sent by Xã Hòa Vang, proposed by its chairman (who is therefore its head too). */
const FROM_COMMUNE = { proposal: { actor: ACTORS.otherCommuneLeader, sendingUnit: OTHER_COMMUNE } } satisfies WalkOptions;
/** A case received by a department (Sở Xây dựng), whose head receives the official. */
const TO_DEPARTMENT = { proposal: { receivingUnit: OTHER_DEPARTMENT } } satisfies WalkOptions;
/** A case proposed by the Home Affairs office itself. */
const BY_HOME_AFFAIRS = { proposal: { actor: ACTORS.homeAffairs } } satisfies WalkOptions;

/**
 * Like `walkTo`, with the approvers each case needs: the vice chair reviews a case its chairman
 * proposed; the second Home Affairs officer appraises one the first proposed.
 */
function walk(target: Stage, options: WalkOptions = {}): Walked {
  let walked = act(null, proposeCommand(options.proposal));
  for (let steps = 0; walked.state.stage !== target; steps += 1) {
    const state = walked.state;
    if (steps > 10 || state.stage === 'closed') throw new Error(`could not walk to ${target}; stopped at ${state.stage}`);
    let command: CaseCommand;
    switch (state.stage) {
      case 'department_review':
        command = { type: 'approve', actor: state.sendingUnit.id === OTHER_COMMUNE.id ? VICE_CHAIR : ACTORS.head, at: AT.departmentReview };
        break;
      case 'home_affairs_appraisal':
        command = { type: 'approve', actor: state.proposer.id === ACTORS.homeAffairs.id ? ACTORS.homeAffairs2 : ACTORS.homeAffairs, at: AT.appraisal };
        break;
      case 'party_committee_approval':
        command = partyOpinionCommand();
        break;
      case 'awaiting_decision':
        command = issueDecisionCommand({ ...options.decision, actor: ACTORS.homeAffairs2 });
        break;
      case 'decision_issued':
        command = confirmArrivalCommand({ actor: receiverOf(state.receivingUnit) });
        break;
      case 'posted':
        command = fireCommand(walked, 'TermStarted');
        break;
      case 'serving':
        command = fireCommand(walked, 'TermEndReminderDue');
        break;
      default:
        throw new Error(`the walk does not go on from stage ${state.stage}`);
    }
    walked = act(walked, command);
  }
  return walked;
}

const endDecided = () => act(walkTo('ending'), decideEndCommand());
const termCompleted = () => fire(endDecided(), 'TermCompleted');

const SCENARIOS: [string, Stage, () => Walked][] = [
  ['proposed (returned by the head)', 'proposed', () => act(walkTo('department_review'), { type: 'returnForChanges', reason: 'Thiếu biên bản', actor: ACTORS.head, at: AT.departmentReview })],
  ['proposed (returned by Home Affairs)', 'proposed', () => act(walkTo('home_affairs_appraisal'), { type: 'returnForChanges', reason: 'Điều chỉnh thời hạn', actor: ACTORS.homeAffairs, at: AT.appraisal })],
  ['department_review', 'department_review', () => walkTo('department_review')],
  ['department_review (sent by a commune, proposed by its chairman)', 'department_review', () => walk('department_review', FROM_COMMUNE)],
  ['home_affairs_appraisal', 'home_affairs_appraisal', () => walkTo('home_affairs_appraisal')],
  ['home_affairs_appraisal (proposed by Home Affairs)', 'home_affairs_appraisal', () => walk('home_affairs_appraisal', BY_HOME_AFFAIRS)],
  ['home_affairs_appraisal (sent by a commune)', 'home_affairs_appraisal', () => walk('home_affairs_appraisal', FROM_COMMUNE)],
  ['party_committee_approval', 'party_committee_approval', () => walkTo('party_committee_approval')],
  ['awaiting_decision', 'awaiting_decision', () => walkTo('awaiting_decision')],
  ['awaiting_decision (proposed by Home Affairs)', 'awaiting_decision', () => walk('awaiting_decision', BY_HOME_AFFAIRS)],
  ['awaiting_decision (a reinforcement, no Party committee)', 'awaiting_decision', () => walkTo('awaiting_decision', REINFORCEMENT)],
  ['decision_issued', 'decision_issued', () => walkTo('decision_issued')],
  ['decision_issued (received by a department)', 'decision_issued', () => walkTo('decision_issued', TO_DEPARTMENT)],
  ['decision_issued (a transfer)', 'decision_issued', () => walkTo('decision_issued', TRANSFER)],
  ['decision_issued (sent by a commune)', 'decision_issued', () => walk('decision_issued', FROM_COMMUNE)],
  ['posted', 'posted', () => walkTo('posted')],
  ['serving', 'serving', () => walkTo('serving')],
  ['serving (an evaluation due)', 'serving', () => fire(walkTo('serving'), 'EvaluationDue')],
  ['serving (received by a department)', 'serving', () => walkTo('serving', TO_DEPARTMENT)],
  ['serving (sent by a commune)', 'serving', () => walk('serving', FROM_COMMUNE)],
  ['serving (a reinforcement)', 'serving', () => walkTo('serving', REINFORCEMENT)],
  ['serving (two years)', 'serving', () => walkTo('serving', TWO_YEARS)],
  ['ending (no end decided)', 'ending', () => walkTo('ending')],
  ['ending (sent by a commune, no end decided)', 'ending', () => walk('ending', FROM_COMMUNE)],
  ['ending (end decided, term running)', 'ending', endDecided],
  ['ending (recalled early, term running)', 'ending', () => act(walkTo('serving'), recallEarlyCommand())],
  ['ending (term completed, return to record)', 'ending', termCompleted],
  ['closed (withdrawn)', 'closed', () => act(walkTo('awaiting_decision'), { type: 'withdraw', reason: 'Rút đề xuất', actor: ACTORS.hr, at: AT.decision })],
  ['closed (returned)', 'closed', () => act(termCompleted(), confirmReturnCommand())],
];

// ---------------------------------------------------------------------------------------------
// A valid command of each type, for a person, at a time valid for the case.

/** The case's "now": an hour after its last event. */
function nowOf(walked: Walked): string {
  return plus(lastAt(walked), HOUR);
}

/** A command whose fields pass every check, dated `at` (the decision, document and arrival dates are today). */
function validCommand(type: HumanCommandType, actor: Actor, at: string): CaseCommand {
  const today = localDateOf(at);
  switch (type) {
    case 'approve':
      return { type, comment: 'Đồng ý', actor, at };
    case 'reject':
      return { type, reason: 'Không đủ điều kiện', actor, at };
    case 'returnForChanges':
      return { type, reason: 'Bổ sung hồ sơ', actor, at };
    case 'resubmit':
      return { type, changes: { position: 'Kế toán ngân sách phường' }, comment: 'Đã bổ sung', actor, at };
    case 'withdraw':
      return { type, reason: 'Rút đề xuất', actor, at };
    case 'recordPartyOpinion':
      return partyOpinionCommand({ documentDate: today, actor, at });
    case 'issueDecision':
      return issueDecisionCommand({ decisionDate: today, effectiveDate: today, actor, at });
    case 'correctDecision':
      return correctDecisionCommand({ documentDate: today, actor, at });
    case 'revokeDecision':
      return revokeDecisionCommand({ documentDate: today, actor, at });
    case 'confirmArrival':
      return confirmArrivalCommand({ arrivedOn: today, actor, at });
    case 'recordEvaluation':
      return evaluationCommand({ actor, at });
    case 'submitReport':
      return reportCommand({ actor, at });
    case 'extend':
      // One month, citing a law: within a reinforcement's 6 months, and allowed past a secondment's cap.
      return extendCommand({ decisionDate: today, by: { months: 1, days: 0 }, legalBasisOverride: LAW_OVERRIDE, actor, at });
    case 'recallEarly':
      return recallEarlyCommand({ decisionDate: today, lastDay: today, actor, at });
    case 'decideEnd':
      return decideEndCommand({ decisionDate: today, actor, at });
    case 'confirmReturn':
      return confirmReturnCommand({ returnedOn: today, actor, at });
  }
}

type Verdict = { accepted: true } | { accepted: false; error: DomainError };

function verdict(command: CaseCommand, state: CaseState): Verdict {
  try {
    decide(command, state);
    return { accepted: true };
  } catch (error) {
    if (error instanceof DomainError) return { accepted: false, error };
    throw error;
  }
}

/** A refusal for stage or authority, which `mayTake` predicts. */
function refusedForStageOrAuthority(error: DomainError): boolean {
  return error.kind === 'forbidden' || error.kind === 'wrong_stage' || error.rule === 'separation_of_duties';
}

function describeRefusal(error: DomainError): string {
  return `${error.kind}/${error.rule}${error.field ? ` (${error.field})` : ''}: ${error.message}`;
}

/** Where `mayTake` and `decide` disagree for this case and command, one line per person. */
function disagreements(type: HumanCommandType, walked: Walked): string[] {
  const at = nowOf(walked);
  const problems: string[] = [];
  for (const [who, actor] of PEOPLE) {
    const may = mayTake(type, walked.state, actor);
    const result = verdict(validCommand(type, actor, at), walked.state);
    if (may && !result.accepted) problems.push(`${who}: mayTake says yes, decide refused ${describeRefusal(result.error)}`);
    if (!may && result.accepted) problems.push(`${who}: mayTake says no, decide accepted`);
    if (!may && !result.accepted && !refusedForStageOrAuthority(result.error))
      problems.push(`${who}: mayTake says no, decide refused for another reason ${describeRefusal(result.error)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('the actions a person may take agree with the decider', () => {
  describe.each(SCENARIOS)('on a case %s', (_name, stage, build) => {
    const walked = build();

    it(`is at stage ${stage}`, () => {
      expect(walked.state.stage).toBe(stage);
    });

    it.each(HUMAN_COMMANDS.map((type) => [type]))('%s: allowed exactly where the decider accepts it', (type) => {
      expect(disagreements(type, walked)).toEqual([]);
    });

    it('availableActions lists exactly what the decider accepts, for every person', () => {
      const at = nowOf(walked);
      for (const [who, actor] of PEOPLE) {
        const accepted = HUMAN_COMMANDS.filter((type) => verdict(validCommand(type, actor, at), walked.state).accepted);
        expect({ who, actions: availableActions(walked.state, actor) }).toEqual({ who, actions: accepted });
      }
    });
  });

  it('the table is not vacuous: every action is accepted for someone in some case, and refused for others', () => {
    const built = SCENARIOS.map(([, , build]) => build());
    for (const type of HUMAN_COMMANDS) {
      const allowed = built.some((walked) => PEOPLE.some(([, actor]) => mayTake(type, walked.state, actor)));
      const denied = built.some((walked) => PEOPLE.some(([, actor]) => !mayTake(type, walked.state, actor)));
      expect({ type, allowed, denied }).toEqual({ type, allowed: true, denied: true });
    }
  });

  it('every rule names only stages a person can act in', () => {
    for (const type of HUMAN_COMMANDS) {
      expect(ACTION_RULES[type].stages).not.toContain('closed');
      expect(ACTION_RULES[type].stages).not.toContain('returned');
    }
  });

  it('the stages covered are every stage a person can act in, and closed', () => {
    const stages = new Set(SCENARIOS.map(([, stage]) => stage));
    const actionable = new Set(HUMAN_COMMANDS.flatMap((type) => ACTION_RULES[type].stages));
    for (const stage of actionable) expect(stages).toContain(stage);
    expect(stages).toContain('closed');
  });
});

describe('awaitedActions: what puts a case in a person’s inbox', () => {
  const inboxes = (walked: Walked) => Object.fromEntries(PEOPLE.map(([who, actor]) => [who, awaitedActions(walked.state, actor)]));

  it('department review waits for the sending head: approve, reject or return', () => {
    const { state } = walkTo('department_review');
    expect(awaitedActions(state, ACTORS.head)).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(awaitedActions(state, ACTORS.otherHead)).toEqual([]);
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual([]);
    expect(awaitedActions(state, ACTORS.hr)).toEqual([]);
    // The deputy stands in for the proposer: separation of duties keeps it out of their inbox.
    expect(awaitedActions(state, DEPUTY)).toEqual([]);
  });

  it('a commune’s case waits for its leader, unless that leader proposed it', () => {
    const { state } = walk('department_review', FROM_COMMUNE);
    expect(awaitedActions(state, VICE_CHAIR)).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(awaitedActions(state, ACTORS.otherCommuneLeader)).toEqual([]);
    expect(awaitedActions(state, ACTORS.head)).toEqual([]);
  });

  it('appraisal waits for Home Affairs, but not for the officer who proposed', () => {
    expect(awaitedActions(walkTo('home_affairs_appraisal').state, ACTORS.homeAffairs)).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(awaitedActions(walkTo('home_affairs_appraisal').state, ACTORS.head)).toEqual([]);
    const byHomeAffairs = walk('home_affairs_appraisal', BY_HOME_AFFAIRS).state;
    expect(awaitedActions(byHomeAffairs, ACTORS.homeAffairs)).toEqual([]);
    expect(awaitedActions(byHomeAffairs, ACTORS.homeAffairs2)).toEqual(['approve', 'reject', 'returnForChanges']);
  });

  it('the Party committee stage waits for the secretariat’s opinion', () => {
    const { state } = walkTo('party_committee_approval');
    expect(awaitedActions(state, ACTORS.party)).toEqual(['recordPartyOpinion']);
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual([]);
  });

  it('an approved case waits for the decision, from Home Affairs or the sending head (a rejection is possible, not awaited)', () => {
    const { state } = walkTo('awaiting_decision');
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual(['issueDecision']);
    expect(availableActions(state, ACTORS.homeAffairs)).toEqual(['reject', 'withdraw', 'issueDecision']);
    expect(awaitedActions(state, ACTORS.head)).toEqual(['issueDecision']);
    expect(awaitedActions(state, ACTORS.party)).toEqual([]);
  });

  it('an issued decision waits for the receiving leader to confirm arrival', () => {
    const { state } = walkTo('decision_issued');
    expect(awaitedActions(state, ACTORS.communeLeader)).toEqual(['confirmArrival']);
    expect(awaitedActions(state, ACTORS.otherCommuneLeader)).toEqual([]);
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual([]);
    const toDepartment = walkTo('decision_issued', TO_DEPARTMENT).state;
    expect(awaitedActions(toDepartment, ACTORS.otherHead)).toEqual(['confirmArrival']);
    expect(awaitedActions(toDepartment, ACTORS.communeLeader)).toEqual([]);
  });

  it('nothing is awaited once the official is posted, or while serving with nothing due', () => {
    expect(Object.values(inboxes(walkTo('posted'))).flat()).toEqual([]);
    expect(Object.values(inboxes(walkTo('serving'))).flat()).toEqual([]);
  });

  it('a due evaluation waits for the receiving leader', () => {
    const due = fire(walkTo('serving'), 'EvaluationDue');
    expect(awaitedActions(due.state, ACTORS.communeLeader)).toEqual(['recordEvaluation']);
    const recorded = act(due, evaluationCommand({ at: plus(lastAt(due), DAY) }));
    expect(awaitedActions(recorded.state, ACTORS.communeLeader)).toEqual([]);
  });

  it('the end-or-extend window waits for the sending head and Home Affairs to decide the end or extend', () => {
    const { state } = walkTo('ending');
    expect(awaitedActions(state, ACTORS.head)).toEqual(['extend', 'decideEnd']);
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual(['extend', 'decideEnd']);
    expect(awaitedActions(state, ACTORS.hr)).toEqual([]);
    expect(awaitedActions(state, ACTORS.communeLeader)).toEqual([]);
  });

  it('once the end is decided nothing is awaited until the term completes; then HR (or the head) records the return', () => {
    expect(Object.values(inboxes(endDecided())).flat()).toEqual([]);
    const { state } = termCompleted();
    expect(awaitedActions(state, ACTORS.hr)).toEqual(['confirmReturn']);
    expect(awaitedActions(state, ACTORS.hr2)).toEqual(['confirmReturn']);
    expect(awaitedActions(state, ACTORS.head)).toEqual(['confirmReturn']);
    expect(awaitedActions(state, ACTORS.homeAffairs)).toEqual([]);
  });

  it('a proposal returned for changes waits for the proposer (or another HR officer of the unit) to resubmit', () => {
    const { state } = act(walkTo('department_review'), { type: 'returnForChanges', reason: 'Thiếu biên bản', actor: ACTORS.head, at: AT.departmentReview });
    expect(awaitedActions(state, ACTORS.hr)).toEqual(['resubmit']);
    expect(awaitedActions(state, ACTORS.hr2)).toEqual(['resubmit']);
    expect(awaitedActions(state, ACTORS.otherHr)).toEqual([]);
    expect(awaitedActions(state, ACTORS.head)).toEqual([]);
  });

  it('never awaits the auditor, the official or the system, in any case', () => {
    for (const [name, , build] of SCENARIOS) {
      const { state } = build();
      for (const actor of [ACTORS.auditor, ACTORS.official, ACTORS.system]) expect({ name, who: actor.id, awaited: awaitedActions(state, actor) }).toEqual({ name, who: actor.id, awaited: [] });
      expect({ name, available: availableActions(state, ACTORS.auditor) }).toEqual({ name, available: [] });
    }
  });

  it('a closed case awaits nobody', () => {
    for (const [name, stage, build] of SCENARIOS.filter(([, s]) => s === 'closed')) expect({ name, stage, inboxes: Object.values(inboxes(build())).flat() }).toEqual({ name, stage, inboxes: [] });
  });
});

describe('awaitedBy and inboxKeysOf: the inbox keys of a case and of a person', () => {
  /**
   * Everyone who could matter to the case, as far as the tests of authority can tell people apart:
   * every role, in the sending unit, the receiving unit, another unit or none, as the proposer or
   * not, as the official or not, on their own or standing in for the proposer or someone else.
   */
  function everyoneFor(state: CaseState): Actor[] {
    const actors: Actor[] = [];
    for (const role of ROLES)
      for (const unitId of [state.sendingUnit.id, state.receivingUnit.id, 'elsewhere', undefined])
        for (const id of [state.proposer.id, 'u-someone'])
          for (const personId of [state.official.id, undefined])
            for (const onBehalfOf of [undefined, { id: state.proposer.id, name: state.proposer.name }, { id: 'u-someone-else', name: 'Người khác' }]) {
              const actor: Actor = { id, name: 'Người dùng', role };
              if (unitId !== undefined) actor.unitId = unitId;
              if (personId !== undefined) actor.personId = personId;
              if (onBehalfOf !== undefined) actor.onBehalfOf = onBehalfOf;
              actors.push(actor);
            }
    return actors;
  }
  const people = (state: CaseState): [string, Actor][] => [...PEOPLE, ...everyoneFor(state).map((actor): [string, Actor] => [JSON.stringify(actor), actor])];
  const built = SCENARIOS.map(([name, , build]): [string, CaseState] => [name, build().state]);

  it('whoever a case awaits holds one of its keys (the inbox reads by them, so it misses nobody)', () => {
    for (const [name, state] of built) {
      const keys = new Set(awaitedBy(state));
      for (const [who, actor] of people(state)) {
        const awaited = awaitedActions(state, actor);
        if (awaited.length > 0) expect({ name, who, awaited, held: inboxKeysOf(actor).some((key) => keys.has(key)) }).toEqual({ name, who, awaited, held: true });
      }
    }
  });

  it('every key of a case is held by someone it awaits (the keys file it in no other inbox)', () => {
    for (const [name, state] of built) {
      const awaitedFrom = people(state).filter(([, actor]) => awaitedActions(state, actor).length > 0);
      for (const key of awaitedBy(state)) expect({ name, key, held: awaitedFrom.some(([, actor]) => inboxKeysOf(actor).includes(key)) }).toEqual({ name, key, held: true });
    }
  });

  it('a case that awaits nobody has no keys; it is not vacuous', () => {
    let awaiting = 0;
    for (const [name, state] of built) {
      const anyone = people(state).some(([, actor]) => awaitedActions(state, actor).length > 0);
      expect({ name, keys: awaitedBy(state).length > 0 }).toEqual({ name, keys: anyone });
      if (anyone) awaiting += 1;
    }
    expect(awaiting).toBeGreaterThan(10);
  });

  /** The value, with every object in it refusing to be asked for a field it does not have. */
  function strict<T>(value: T, path = 'facts'): T {
    if (typeof value !== 'object' || value === null) return value;
    return new Proxy(value, {
      get(target, field, receiver) {
        if (typeof field === 'string' && !(field in target)) throw new Error(`the rules read ${path}.${field}, which is not among a case's facts`);
        return strict(Reflect.get(target, field, receiver) as unknown, `${path}.${String(field)}`);
      },
    });
  }

  it('the rules read nothing of a case but its facts, and judge by the facts as by the whole state', () => {
    for (const [name, state] of built) {
      const facts = strict(caseFactsOf(state));
      expect({ name, keys: awaitedBy(facts) }).toEqual({ name, keys: awaitedBy(state) });
      for (const [who, actor] of people(state)) {
        expect({ name, who, actions: availableActions(facts, actor) }).toEqual({ name, who, actions: availableActions(state, actor) });
        expect({ name, who, awaited: awaitedActions(facts, actor) }).toEqual({ name, who, awaited: awaitedActions(state, actor) });
      }
    }
  });

  it('names the parties by role and unit, user or province-wide role', () => {
    expect(awaitedBy(walkTo('department_review').state)).toEqual(['department_head:so-tai-chinh']);
    expect(awaitedBy(walk('department_review', FROM_COMMUNE).state)).toEqual(['commune_leader:xa-hoa-vang', 'department_head:xa-hoa-vang']);
    expect(awaitedBy(walkTo('home_affairs_appraisal').state)).toEqual(['home_affairs_officer']);
    expect(awaitedBy(walkTo('party_committee_approval').state)).toEqual(['party_secretariat']);
    expect(awaitedBy(walkTo('awaiting_decision').state)).toEqual(['department_head:so-tai-chinh', 'home_affairs_officer']);
    expect(awaitedBy(walkTo('decision_issued').state)).toEqual(['commune_leader:phuong-hai-chau']);
    expect(awaitedBy(walkTo('decision_issued', TO_DEPARTMENT).state)).toEqual(['commune_leader:so-xay-dung', 'department_head:so-xay-dung']);
    expect(awaitedBy(walkTo('serving').state)).toEqual([]);
    expect(awaitedBy(termCompleted().state)).toEqual(['department_head:so-tai-chinh', 'hr_officer:so-tai-chinh']);
    const returned = act(walkTo('department_review'), { type: 'returnForChanges', reason: 'Thiếu biên bản', actor: ACTORS.head, at: AT.departmentReview });
    expect(awaitedBy(returned.state)).toEqual(['hr_officer:so-tai-chinh', 'user:u-hr-tc-1']);
  });

  it('a person’s keys: their role, in their unit, their account and their person; a deputy’s with the delegator’s role and unit', () => {
    expect(inboxKeysOf(ACTORS.head)).toEqual(['department_head', 'user:u-gd-tc', 'department_head:so-tai-chinh']);
    expect(inboxKeysOf(ACTORS.homeAffairs)).toEqual(['home_affairs_officer', 'user:u-snv-1']);
    expect(inboxKeysOf(ACTORS.official)).toEqual(['official', 'user:u-cc-048213', 'person:cc-048213']);
    expect(inboxKeysOf(DEPUTY)).toEqual(['department_head', 'user:u-deputy', 'department_head:so-tai-chinh']);
  });
});

describe('searchKey', () => {
  it.each([
    ['Cư Bao', 'cu bao'],
    ['ĐẶNG  Thị Lan', 'dang thi lan'],
    ['  CƯ BẢO ', 'cu bao'],
    ['Nguyễn Văn An', 'nguyen van an'],
    ['đỗ\tthị\nhạnh', 'do thi hanh'],
  ])('%j → %j', (input, key) => {
    expect(searchKey(input)).toBe(key);
  });

  it('decomposed (NFD) text folds to the same key as composed (NFC) text', () => {
    for (const text of ['Cư Bao', 'ĐẶNG Thị Lan', 'Phường Hải Châu', 'Xã Hòa Vang']) {
      const nfc = text.normalize('NFC');
      const nfd = text.normalize('NFD');
      expect(nfd).not.toBe(nfc);
      expect(searchKey(nfd)).toBe(searchKey(nfc));
    }
  });
});

describe('a province naming the reviewer of an approval stage (CaseRules.reviewers)', () => {
  const rules: CaseRules = { ...DEFAULT_CASE_RULES, reviewers: { department_review: 'homeAffairs', party_committee_approval: 'sendingHead' } };
  const inReview = () => act(null, proposeCommand({ rules }));

  it('gives the review to the party it names, in the offer, the inbox and the decider alike', () => {
    const walked = inReview();
    expect(walked.state.stage).toBe('department_review');
    expect(mayTake('approve', walked.state, ACTORS.homeAffairs)).toBe(true);
    expect(mayTake('approve', walked.state, ACTORS.head)).toBe(false);
    expect(awaitedBy(walked.state)).toEqual(['home_affairs_officer']);
    expect(awaitedBy(caseFactsOf(walked.state))).toEqual(['home_affairs_officer']);
    expect(availableActions(caseFactsOf(walked.state), ACTORS.homeAffairs)).toEqual(availableActions(walked.state, ACTORS.homeAffairs));
    expect(() => decide({ type: 'approve', actor: ACTORS.head, at: AT.departmentReview }, walked.state)).toThrow(
      expect.objectContaining({ kind: 'forbidden', rule: 'not_authorised', message: 'department review is for the Home Affairs office' }),
    );
    const approved = act(walked, { type: 'approve', actor: ACTORS.homeAffairs, at: AT.departmentReview });
    expect(approved.state.stage).toBe('home_affairs_appraisal');
  });

  it('keeps the stages it does not name with their own reviewer, and an opinion stage reviewed by opinion', () => {
    const appraisal = act(inReview(), { type: 'approve', actor: ACTORS.homeAffairs, at: AT.departmentReview });
    expect(awaitedBy(appraisal.state)).toEqual(['home_affairs_officer']);
    const party = act(appraisal, { type: 'approve', actor: ACTORS.homeAffairs2, at: AT.appraisal });
    expect(party.state.stage).toBe('party_committee_approval');
    expect(awaitedBy(party.state)).toEqual(['department_head:so-tai-chinh']);
    expect(mayTake('recordPartyOpinion', party.state, ACTORS.head)).toBe(true);
    expect(mayTake('approve', party.state, ACTORS.head)).toBe(false);
    expect(() => decide(partyOpinionCommand({ actor: ACTORS.party }), party.state)).toThrow(
      expect.objectContaining({ kind: 'forbidden', message: "recording the standing committee's opinion is for the head of Sở Tài chính" }),
    );
  });

  it('rules stored before reviewers could be named keep each stage’s own reviewer', () => {
    const walked = walkTo('department_review');
    expect(walked.state.rules.reviewers).toBeUndefined();
    expect(mayTake('approve', walked.state, ACTORS.head)).toBe(true);
    expect(reviewerOf('department_review', undefined)).toBe('sendingHead');
    expect(reviewerOf('party_committee_approval', {})).toBe('partySecretariat');
  });

  it('a rules document naming an unknown stage or reviewer is refused', () => {
    expect(rulesProblems({ ...DEFAULT_CASE_RULES, reviewers: { department_review: 'mayor' } })).toEqual([{ field: 'rules.reviewers.department_review', rule: 'must be one of sendingHead, homeAffairs, partySecretariat' }]);
    expect(rulesProblems({ ...DEFAULT_CASE_RULES, reviewers: { decision_issued: 'homeAffairs' } })).toEqual([
      { field: 'rules.reviewers.decision_issued', rule: 'stages must be among department_review, home_affairs_appraisal, party_committee_approval' },
    ]);
    expect(rulesProblems(rules)).toEqual([]);
  });
});
