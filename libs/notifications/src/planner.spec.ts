/**
 * The planner, given/when/then: given a case (walked by real commands through the decider), when
 * some events happen, then exactly who hears, about what, under which dedupe key, and by which
 * channel (an email now, or held for a quiet person's daily digest). Pure: no database.
 */
import { fold, handle, pendingTimers, SYSTEM_ACTOR, type Actor, type CaseCommand, type CaseEvent, type CaseState, type CommandOf, type EventType } from '@app/domain';
import { ACTORS, AT, confirmArrivalCommand, issueDecisionCommand, OFFICIAL, proposeCommand, walkTo } from '@app/domain/testing/case-fixtures';
import { planNotifications, type DelegationInForce, type Person, type PlannedNotification } from './planner';
import { DEFAULT_ROUTES, type NotificationRoute } from './routes';

const CASE_ID = 'bp-2025-0001';

/** The director of Home Affairs, to whom the two Home Affairs officers report. */
const HA_DIRECTOR: Actor = { id: 'u-gd-snv', name: 'Trương Văn Nam', role: 'home_affairs_officer' };
/** The sending department's deputy director: an official of the department, not an approver by role. */
const DEPUTY: Actor = { id: 'u-pgd-tc', name: 'Phạm Thị Phương', role: 'official', unitId: 'so-tai-chinh', personId: 'cc-0004' };

function person(actor: Actor, more: Partial<Person> = {}): Person {
  return {
    id: actor.id,
    name: actor.name,
    role: actor.role as Person['role'],
    unitId: actor.unitId ?? null,
    personId: actor.personId ?? null,
    language: 'vi',
    email: `${actor.id}@daklak.example`,
    notifyMode: 'each',
    reportsTo: null,
    ...more,
  };
}

/** The province's active accounts, as the fixtures' actors. */
const PEOPLE: Person[] = [
  person(ACTORS.hr),
  person(ACTORS.hr2),
  person(ACTORS.otherHr),
  person(ACTORS.head),
  person(ACTORS.otherHead),
  person(DEPUTY, { reportsTo: ACTORS.head.id }),
  person(ACTORS.homeAffairs, { reportsTo: HA_DIRECTOR.id }),
  person(ACTORS.homeAffairs2, { reportsTo: HA_DIRECTOR.id }),
  person(HA_DIRECTOR),
  person(ACTORS.party),
  person(ACTORS.communeLeader),
  person(ACTORS.otherCommuneLeader),
  person(ACTORS.official),
  person(ACTORS.auditor),
];

/** The people, with some of them changed. */
function peopleWith(changes: Record<string, Partial<Person>>): Person[] {
  return PEOPLE.map((p) => ({ ...p, ...changes[p.id] }));
}

/** What happened: the state before, the events the commands produced, and the version before them. */
interface Transition {
  before: CaseState | null;
  events: CaseEvent[];
  fromVersion: number;
}

/** Applies the commands one after another with the decider, collecting every event. */
function when(before: CaseState | null, ...commands: CaseCommand[]): Transition {
  let state = before;
  const events: CaseEvent[] = [];
  for (const command of commands) {
    const result = handle(command, state);
    events.push(...result.events);
    state = result.state;
  }
  return { before, events, fromVersion: before?.version ?? 0 };
}

/** The system fires the case's first pending timer of this event type, at its due instant. */
function fireTimer(state: CaseState, type: EventType): CommandOf<'fireTimer'> {
  const timer = pendingTimers(state).find((t) => t.event.type === type);
  if (!timer) throw new Error(`no pending ${type} timer`);
  return { type: 'fireTimer', key: timer.key, actor: SYSTEM_ACTOR, at: new Date(timer.at).toISOString() };
}

interface Options {
  routes?: readonly NotificationRoute[];
  people?: readonly Person[];
  delegations?: readonly DelegationInForce[];
}

function plan(transition: Transition, options: Options = {}): PlannedNotification[] {
  return planNotifications({
    routes: options.routes ?? DEFAULT_ROUTES,
    caseId: CASE_ID,
    fromVersion: transition.fromVersion,
    before: transition.before,
    events: transition.events,
    people: options.people ?? PEOPLE,
    delegations: options.delegations ?? [],
  });
}

/** Who hears and about what, sorted by person: [userId, kind]. */
function heard(planned: readonly PlannedNotification[]): [string, string][] {
  return planned.map((n): [string, string] => [n.userId, n.kind]).sort(([a], [b]) => a.localeCompare(b));
}

function messageTo(planned: readonly PlannedNotification[], userId: string): PlannedNotification {
  const found = planned.filter((n) => n.userId === userId);
  if (found.length !== 1) throw new Error(`expected one message to ${userId}, found ${found.length}`);
  return found[0];
}

function route(id: string, changes: Partial<NotificationRoute>): NotificationRoute[] {
  return DEFAULT_ROUTES.map((r) => (r.id === id ? { ...r, ...changes } : r));
}

const byId = (...actors: Actor[]) => actors.map((a) => a.id).sort();
const HOME_AFFAIRS = [ACTORS.homeAffairs, ACTORS.homeAffairs2, HA_DIRECTOR];

const proposal = () => when(null, proposeCommand());
const inReview = () => walkTo('department_review').state;
const inAppraisal = () => walkTo('home_affairs_appraisal').state;
const serving = () => walkTo('serving').state;

describe('planNotifications: who hears of a proposal', () => {
  it('sends the nomination to the sending head, with the actions that wait for them, and to no one else', () => {
    const planned = plan(proposal());

    expect(heard(planned)).toEqual([[ACTORS.head.id, 'step_opened']]);
    const toHead = messageTo(planned, ACTORS.head.id);
    expect(toHead).toMatchObject({
      dedupeKey: `case:${CASE_ID}:v1:${ACTORS.head.id}`,
      routeId: 'step-opened',
      kind: 'step_opened',
      mandatory: false,
      caseId: CASE_ID,
      eventVersion: 1,
      occurredAt: AT.propose,
      email: 'u-gd-tc@daklak.example',
      heldForDigest: false,
    });
    expect(toHead.facts.actions).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(toHead.facts.asDeputyOf).toBeNull();
  });

  it('never tells the proposer, the official or Home Affairs of the nomination', () => {
    const recipients = plan(proposal()).map((n) => n.userId);

    expect(recipients).not.toContain(ACTORS.hr.id);
    expect(recipients).not.toContain(ACTORS.official.id);
    expect(recipients).not.toContain(ACTORS.homeAffairs.id);
  });

  it('carries the case as it stands after the event, and the event without the rules snapshot', () => {
    const transition = proposal();
    const [proposed] = transition.events;
    const { facts } = messageTo(plan(transition), ACTORS.head.id);

    expect(facts.case).toEqual({
      caseId: CASE_ID,
      form: 'secondment',
      officialName: OFFICIAL.name,
      sendingUnit: 'Sở Tài chính',
      receivingUnit: 'Phường Hải Châu',
      position: 'Kế toán ngân sách phường',
      stage: 'department_review',
      stageDeadline: '2025-09-22',
      decisionNumber: null,
      effectiveDate: null,
      termEnd: null,
    });
    expect(facts.event).toMatchObject({ type: 'CaseProposed', version: 1, at: AT.propose, actorName: ACTORS.hr.name, onBehalfOfName: null });
    expect(proposed.data).toHaveProperty('rules');
    expect(facts.event.data).not.toHaveProperty('rules');
    const { rules: _rules, ...rest } = proposed.data as Record<string, unknown>;
    expect(facts.event.data).toEqual(rest);
    expect(facts.event.data).toMatchObject({ plannedStart: '2025-10-09', reason: proposeCommand().reason });
  });
});

describe('planNotifications: one message per person per event, the first route wins', () => {
  const reminder = () => {
    const state = serving();
    return when(state, fireTimer(state, 'TermEndReminderDue'));
  };

  it('tells everyone the term-end reminder names once, about the term ending, though Home Affairs and the head are now also awaited', () => {
    const planned = plan(reminder());

    expect(heard(planned)).toEqual(
      byId(ACTORS.official, ACTORS.head, ACTORS.hr, ACTORS.hr2, ACTORS.communeLeader, ...HOME_AFFAIRS).map((id): [string, string] => [id, 'term_ending']),
    );
    expect(planned.every((n) => n.routeId === 'term-ending' && n.mandatory)).toBe(true);
  });

  it('gives a Home Affairs officer term_ending (position 10), not step_opened (position 70), with the actions that now wait for them', () => {
    const toOfficer = messageTo(plan(reminder()), ACTORS.homeAffairs.id);

    expect(toOfficer.kind).toBe('term_ending');
    expect(toOfficer.routeId).toBe('term-ending');
    expect(toOfficer.facts.actions).toEqual(['extend', 'decideEnd']);
  });

  it('never gives one person two messages for one event, along a whole case', () => {
    const { history } = walkTo('ending');
    history.forEach((event, i) => {
      const planned = plan({ before: i === 0 ? null : fold(history.slice(0, i)), events: [event], fromVersion: i });
      const users = planned.map((n) => n.userId);
      expect(new Set(users).size).toBe(users.length);
      expect(users).not.toContain(event.actor.id);
      expect(planned.every((n) => n.eventVersion === i + 1)).toBe(true);
    });
  });
});

describe('planNotifications: the actor', () => {
  it('never hears of their own act, even when a route names them', () => {
    const routes: NotificationRoute[] = [
      { id: 'approvals', position: 1, kind: 'decision_taken', on: ['StageApproved'], audience: [{ role: 'department_head', unit: 'sending' }, { role: 'home_affairs_officer' }], mandatory: false, enabled: true },
    ];
    const planned = plan(when(inReview(), { type: 'approve', actor: ACTORS.head, at: AT.departmentReview }), { routes });

    expect(heard(planned)).toEqual(byId(...HOME_AFFAIRS).map((id): [string, string] => [id, 'decision_taken']));
  });

  it('tells the proposer of a decision on their case, but not when they took it themselves', () => {
    const approved = plan(when(inReview(), { type: 'approve', actor: ACTORS.head, at: AT.departmentReview }));
    const withdrawn = plan(when(inReview(), { type: 'withdraw', reason: 'Phường đã tuyển được người', actor: ACTORS.hr, at: AT.departmentReview }));

    expect(messageTo(approved, ACTORS.hr.id)).toMatchObject({ kind: 'decision_taken', routeId: 'decision-to-proposer' });
    expect(withdrawn.map((n) => n.userId)).not.toContain(ACTORS.hr.id);
  });

  it('names the approver a deputy acted for, and does not tell the deputy', () => {
    const deputyActor: Actor = { ...ACTORS.head, id: DEPUTY.id, name: DEPUTY.name, onBehalfOf: { id: ACTORS.head.id, name: ACTORS.head.name } };
    const planned = plan(when(inReview(), { type: 'approve', actor: deputyActor, at: AT.departmentReview }));

    expect(planned.map((n) => n.userId)).not.toContain(DEPUTY.id);
    expect(messageTo(planned, ACTORS.hr.id).facts.event).toMatchObject({ type: 'StageApproved', actorName: DEPUTY.name, onBehalfOfName: ACTORS.head.name });
  });
});

describe('planNotifications: the routes as data', () => {
  const reminder = () => {
    const state = serving();
    return when(state, fireTimer(state, 'TermEndReminderDue'));
  };

  it('skips a disabled route: with term-ending off, those awaited hear through step-opened and the others not at all', () => {
    const planned = plan(reminder(), { routes: route('term-ending', { enabled: false }) });

    expect(heard(planned)).toEqual(byId(ACTORS.head, ...HOME_AFFAIRS).map((id): [string, string] => [id, 'step_opened']));
    expect(planned.every((n) => n.routeId === 'step-opened' && !n.mandatory)).toBe(true);
  });

  it('sends nothing when the only route that matches is disabled', () => {
    expect(plan(proposal(), { routes: route('step-opened', { enabled: false }) })).toEqual([]);
  });

  it('tries the routes in position order, whatever their order in the list', () => {
    const shuffled = [...DEFAULT_ROUTES].reverse();

    expect(plan(reminder(), { routes: shuffled })).toEqual(plan(reminder()));
    expect(messageTo(plan(reminder(), { routes: shuffled }), ACTORS.homeAffairs.id).kind).toBe('term_ending');
  });

  it('lets a route moved to the front win', () => {
    const planned = plan(reminder(), { routes: route('step-opened', { position: 5 }) });

    expect(messageTo(planned, ACTORS.homeAffairs.id)).toMatchObject({ kind: 'step_opened', routeId: 'step-opened' });
    expect(messageTo(planned, ACTORS.head.id)).toMatchObject({ kind: 'step_opened', routeId: 'step-opened' });
    expect(messageTo(planned, ACTORS.official.id)).toMatchObject({ kind: 'term_ending', routeId: 'term-ending' });
  });
});

describe('planNotifications: awaited superiors', () => {
  const superiorsOnly: NotificationRoute[] = [
    { id: 'superiors', position: 1, kind: 'deadline_missed', on: ['StageDeadlinePassed'], audience: [{ party: 'awaited_superiors' }], mandatory: true, enabled: true },
  ];

  it('resolves to those the awaited approvers report to', () => {
    const state = inAppraisal();
    const planned = plan(when(state, fireTimer(state, 'StageDeadlinePassed')), { routes: superiorsOnly });

    expect(heard(planned)).toEqual([[HA_DIRECTOR.id, 'deadline_missed']]);
  });

  it('tells Home Affairs, the superiors and the awaited of a missed appraisal deadline, at once and each once', () => {
    const state = inAppraisal();
    const planned = plan(when(state, fireTimer(state, 'StageDeadlinePassed')));

    expect(heard(planned)).toEqual(byId(...HOME_AFFAIRS).map((id): [string, string] => [id, 'deadline_missed']));
    expect(messageTo(planned, ACTORS.homeAffairs.id)).toMatchObject({ mandatory: true, routeId: 'deadline-missed', email: 'u-snv-1@daklak.example' });
    expect(messageTo(planned, ACTORS.homeAffairs.id).facts.actions).toEqual(['approve', 'reject', 'returnForChanges']);
  });

  it('does not count the superior of a deputy who is awaited only under a delegation', () => {
    const state = inReview();
    const transition = when(state, fireTimer(state, 'StageDeadlinePassed'));
    const delegations = [{ delegatorId: ACTORS.head.id, deputyId: DEPUTY.id, startsOn: '2025-09-01', endsOn: '2025-12-31' }];

    // The deputy is awaited (and told, by the default routes) as the head's deputy ...
    expect(messageTo(plan(transition, { delegations }), DEPUTY.id)).toMatchObject({ kind: 'deadline_missed', facts: { asDeputyOf: ACTORS.head.name } });
    // ... and reports to the head, who has no superior: nobody is a superior here.
    expect(plan(transition, { routes: superiorsOnly, delegations })).toEqual([]);
  });
});

describe('planNotifications: deputies under a delegation', () => {
  /** Proposed at 01:00 on Monday 15 September in Vietnam, still Sunday 14 September in UTC. */
  const earlyProposal = () => when(null, proposeCommand({ at: '2025-09-14T18:00:00.000Z' }));
  const delegation = (startsOn: string, endsOn: string): DelegationInForce => ({ delegatorId: ACTORS.head.id, deputyId: DEPUTY.id, startsOn, endsOn });

  it.each([
    ['starting on the day', '2025-09-15', '2025-09-19'],
    ['ending on the day', '2025-09-01', '2025-09-15'],
    ['covering the day', '2025-09-10', '2025-09-30'],
  ])('tells the deputy as the head’s deputy, with the head’s actions, under a delegation %s (the local day)', (_label, startsOn, endsOn) => {
    const planned = plan(earlyProposal(), { delegations: [delegation(startsOn, endsOn)] });

    expect(heard(planned)).toEqual([
      [ACTORS.head.id, 'step_opened'],
      [DEPUTY.id, 'step_opened'],
    ]);
    const toDeputy = messageTo(planned, DEPUTY.id);
    expect(toDeputy.facts.asDeputyOf).toBe(ACTORS.head.name);
    expect(toDeputy.facts.actions).toEqual(['approve', 'reject', 'returnForChanges']);
    expect(toDeputy).toMatchObject({ dedupeKey: `case:${CASE_ID}:v1:${DEPUTY.id}`, email: 'u-pgd-tc@daklak.example' });
    expect(messageTo(planned, ACTORS.head.id).facts.asDeputyOf).toBeNull();
  });

  it.each([
    ['ended the day before (the UTC date)', '2025-09-01', '2025-09-14'],
    ['starting the next day', '2025-09-16', '2025-09-30'],
  ])('does not tell the deputy under a delegation %s', (_label, startsOn, endsOn) => {
    const planned = plan(earlyProposal(), { delegations: [delegation(startsOn, endsOn)] });

    expect(heard(planned)).toEqual([[ACTORS.head.id, 'step_opened']]);
  });

  it('does not tell a deputy of someone who is not awaited', () => {
    const delegations = [{ delegatorId: ACTORS.otherHead.id, deputyId: DEPUTY.id, startsOn: '2025-09-01', endsOn: '2025-09-30' }];

    expect(heard(plan(proposal(), { delegations }))).toEqual([[ACTORS.head.id, 'step_opened']]);
  });
});

describe('planNotifications: email now, or held for the digest', () => {
  const headApproves = () => when(inReview(), { type: 'approve', actor: ACTORS.head, at: AT.departmentReview });

  it('holds a non-mandatory message for a quiet person’s digest: in the inbox, no email', () => {
    const planned = plan(headApproves(), { people: peopleWith({ [ACTORS.hr.id]: { notifyMode: 'digest' } }) });

    expect(messageTo(planned, ACTORS.hr.id)).toMatchObject({ kind: 'decision_taken', mandatory: false, heldForDigest: true, email: null });
    expect(messageTo(planned, ACTORS.homeAffairs.id)).toMatchObject({ kind: 'step_opened', heldForDigest: false, email: 'u-snv-1@daklak.example' });
  });

  it('emails a quiet person a mandatory message (a missed deadline) at once', () => {
    const state = inAppraisal();
    const planned = plan(when(state, fireTimer(state, 'StageDeadlinePassed')), { people: peopleWith({ [ACTORS.homeAffairs.id]: { notifyMode: 'digest' } }) });

    expect(messageTo(planned, ACTORS.homeAffairs.id)).toMatchObject({ kind: 'deadline_missed', mandatory: true, heldForDigest: false, email: 'u-snv-1@daklak.example' });
  });

  it.each(['each', 'digest'] as const)('plans an in-app message without email, not held, for a person (%s) without an address', (notifyMode) => {
    const decided = walkTo('awaiting_decision').state;
    const planned = plan(when(decided, issueDecisionCommand()), { people: peopleWith({ [ACTORS.communeLeader.id]: { email: null, notifyMode } }) });

    expect(messageTo(planned, ACTORS.communeLeader.id)).toMatchObject({ kind: 'step_opened', email: null, heldForDigest: false });
    expect(messageTo(planned, ACTORS.communeLeader.id).facts.actions).toEqual(['confirmArrival']);
  });

  it('emails a person who wants each message', () => {
    expect(messageTo(plan(headApproves()), ACTORS.hr.id)).toMatchObject({ heldForDigest: false, email: 'u-hr-tc-1@daklak.example' });
  });
});

describe('planNotifications: several events at once', () => {
  it('keys each message by the version of its own event and describes the case as it stood after it', () => {
    const proposed = handle(proposeCommand(), null).state;
    const transition = when(proposed, { type: 'approve', actor: ACTORS.head, at: AT.departmentReview }, { type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal });
    const planned = plan(transition);

    expect(transition.fromVersion).toBe(1);
    expect(planned.map((n) => n.dedupeKey).sort()).toEqual(
      [
        `case:${CASE_ID}:v2:${ACTORS.hr.id}`,
        `case:${CASE_ID}:v2:${ACTORS.homeAffairs.id}`,
        `case:${CASE_ID}:v2:${ACTORS.homeAffairs2.id}`,
        `case:${CASE_ID}:v2:${HA_DIRECTOR.id}`,
        `case:${CASE_ID}:v3:${ACTORS.hr.id}`,
        `case:${CASE_ID}:v3:${ACTORS.party.id}`,
      ].sort(),
    );
    for (const n of planned) {
      expect(n.dedupeKey).toBe(`case:${CASE_ID}:v${n.eventVersion}:${n.userId}`);
      expect(n.facts.event.version).toBe(n.eventVersion);
      expect(n.facts.case.stage).toBe(n.eventVersion === 2 ? 'home_affairs_appraisal' : 'party_committee_approval');
      expect(n.occurredAt).toBe(n.eventVersion === 2 ? AT.departmentReview : AT.appraisal);
    }
    expect(planned.find((n) => n.userId === ACTORS.party.id)).toMatchObject({ kind: 'step_opened', eventVersion: 3 });
    expect(planned.filter((n) => n.userId === ACTORS.hr.id).map((n) => [n.eventVersion, n.kind])).toEqual([
      [2, 'decision_taken'],
      [3, 'decision_taken'],
    ]);
  });

  it('tells the receiving leader once the arrival is awaited, and not again when it is confirmed', () => {
    const decided = walkTo('awaiting_decision').state;
    const transition = when(decided, issueDecisionCommand(), confirmArrivalCommand());
    const planned = plan(transition);

    expect(planned.filter((n) => n.userId === ACTORS.communeLeader.id).map((n) => [n.eventVersion, n.kind])).toEqual([[decided.version + 1, 'step_opened']]);
    // The official hears of the decision about them; the proposer of both decisions on their case.
    expect(planned.filter((n) => n.userId === ACTORS.official.id).map((n) => [n.eventVersion, n.kind])).toEqual([[decided.version + 1, 'decision_taken']]);
    expect(planned.filter((n) => n.userId === ACTORS.hr.id).map((n) => [n.eventVersion, n.kind])).toEqual([
      [decided.version + 1, 'decision_taken'],
      [decided.version + 2, 'decision_taken'],
    ]);
  });
});
