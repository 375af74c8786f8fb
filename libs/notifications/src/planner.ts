import {
  awaitedActions,
  evolve,
  localDateOf,
  stageDeadline,
  type Actor,
  type CaseEvent,
  type CaseForm,
  type CaseState,
  type HumanCommandType,
  type Language,
  type LocalDate,
  type Role,
} from '@app/domain';
import type { Audience, NotificationKind, NotificationRoute } from './routes';

/** A user account as the router sees it. Only active accounts are given. */
export interface Person {
  id: string;
  name: string;
  role: Exclude<Role, 'system'>;
  unitId: string | null;
  personId: string | null;
  language: Language;
  email: string | null;
  /** 'digest': messages that may wait come once a day, in one. */
  notifyMode: 'each' | 'digest';
  reportsTo: string | null;
}

/** A delegation of `delegatorId`'s authority to `deputyId` from `startsOn` to `endsOn` (inclusive). */
export interface DelegationInForce {
  delegatorId: string;
  deputyId: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
}

/** What a message says about its case: the essentials, as they stood after the event. */
export interface CaseFacts {
  caseId: string;
  form: CaseForm;
  officialName: string;
  sendingUnit: string;
  receivingUnit: string;
  position: string;
  stage: string;
  stageDeadline: LocalDate | null;
  decisionNumber: string | null;
  effectiveDate: LocalDate | null;
  termEnd: LocalDate | null;
}

/** Everything a template needs, stored with the notification so that it renders the same later. */
export interface NotificationFacts {
  case: CaseFacts;
  event: {
    type: CaseEvent['type'];
    version: number;
    at: string;
    actorName: string;
    onBehalfOfName: string | null;
    data: Record<string, unknown>;
  };
  /** The actions the case now waits for from this recipient. */
  actions: HumanCommandType[];
  /** Set when the recipient hears as a deputy under a delegation. */
  asDeputyOf: string | null;
}

export interface PlannedNotification {
  /** One per person per event: `case:<id>:v<version>:<user>`. */
  dedupeKey: string;
  userId: string;
  routeId: string;
  kind: NotificationKind;
  mandatory: boolean;
  caseId: string;
  eventVersion: number;
  occurredAt: string;
  facts: NotificationFacts;
  /** Send an email now (the recipient has an address and wants each message, or it is mandatory). */
  email: string | null;
  /** Kept for the recipient's daily digest instead of an email now. */
  heldForDigest: boolean;
}

export interface PlanInput {
  routes: readonly NotificationRoute[];
  caseId: string;
  /** The case version before these events. */
  fromVersion: number;
  before: CaseState | null;
  events: readonly CaseEvent[];
  people: readonly Person[];
  delegations: readonly DelegationInForce[];
}

export function actorOfPerson(person: Person): Actor {
  const actor: Actor = { id: person.id, name: person.name, role: person.role };
  if (person.unitId) actor.unitId = person.unitId;
  if (person.personId) actor.personId = person.personId;
  return actor;
}

export function caseFacts(state: CaseState): CaseFacts {
  return {
    caseId: state.caseId,
    form: state.form,
    officialName: state.official.name,
    sendingUnit: state.sendingUnit.name,
    receivingUnit: state.receivingUnit.name,
    position: state.position,
    stage: state.stage,
    stageDeadline: stageDeadline(state),
    decisionNumber: state.decision?.number ?? null,
    effectiveDate: state.decision?.effectiveDate ?? null,
    termEnd: state.termEnd,
  };
}

interface Awaited {
  person: Person;
  actions: HumanCommandType[];
  asDeputyOf: Person | null;
}

/** Who the case waits for in this state: each person with the actions, and deputies in force on `day`. */
function awaitedIn(state: CaseState | null, people: readonly Person[], delegations: readonly DelegationInForce[], day: LocalDate): Map<string, Awaited> {
  const result = new Map<string, Awaited>();
  if (!state || state.stage === 'new') return result;
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const person of people) {
    const actions = awaitedActions(state, actorOfPerson(person));
    if (actions.length === 0) continue;
    result.set(person.id, { person, actions, asDeputyOf: null });
    for (const d of delegations) {
      if (d.delegatorId !== person.id || d.startsOn > day || d.endsOn < day) continue;
      const deputy = byId.get(d.deputyId);
      if (!deputy || result.has(deputy.id)) continue;
      const actor: Actor = { ...actorOfPerson(person), id: deputy.id, name: deputy.name, onBehalfOf: { id: person.id, name: person.name } };
      if (deputy.personId) actor.personId = deputy.personId;
      else delete actor.personId;
      const deputyActions = awaitedActions(state, actor);
      if (deputyActions.length > 0) result.set(deputy.id, { person: deputy, actions: deputyActions, asDeputyOf: person });
    }
  }
  return result;
}

/** The event's own facts, without the rules snapshot a proposal carries (the message never shows it). */
function eventData(event: CaseEvent): Record<string, unknown> {
  if (event.type === 'CaseProposed') {
    const { rules: _rules, ...rest } = event.data;
    return rest;
  }
  return event.data;
}

function unitOf(state: CaseState, which: 'sending' | 'receiving'): string {
  return which === 'sending' ? state.sendingUnit.id : state.receivingUnit.id;
}

/**
 * The messages a transition causes, by the routes: for each event, each person named by the first
 * route that names them, never the person who acted. Pure: the store runs it in the transaction
 * that records the events, so a message exists if and only if its event does.
 */
export function planNotifications(input: PlanInput): PlannedNotification[] {
  const routes = [...input.routes].filter((r) => r.enabled).sort((a, b) => a.position - b.position);
  const planned: PlannedNotification[] = [];
  let state = input.before;
  input.events.forEach((event, i) => {
    const version = input.fromVersion + 1 + i;
    const before = state;
    const after = evolve(before, event);
    state = after;
    const day = localDateOf(event.at);
    const awaitedBefore = awaitedIn(before, input.people, input.delegations, day);
    const awaitedAfter = awaitedIn(after, input.people, input.delegations, day);
    const newlyAwaited = new Map([...awaitedAfter].filter(([id, a]) => a.actions.some((action) => !awaitedBefore.get(id)?.actions.includes(action))));
    const heard = new Set<string>([event.actor.id]);
    const facts = caseFacts(after);

    for (const route of routes) {
      const onEvent = route.on.includes(event.type);
      const onAwaited = route.on.includes('ActionAwaited') && newlyAwaited.size > 0;
      if (!onEvent && !onAwaited) continue;
      const recipients = new Map<string, Recipient>();
      for (const audience of route.audience) {
        for (const r of resolve(audience, { after, awaited: onEvent ? awaitedAfter : newlyAwaited, people: input.people })) {
          if (!recipients.has(r.person.id)) recipients.set(r.person.id, r);
        }
      }
      for (const [id, r] of recipients) {
        if (heard.has(id)) continue;
        heard.add(id);
        const held = r.person.notifyMode === 'digest' && !route.mandatory && r.person.email !== null;
        planned.push({
          dedupeKey: `case:${input.caseId}:v${version}:${id}`,
          userId: id,
          routeId: route.id,
          kind: route.kind,
          mandatory: route.mandatory,
          caseId: input.caseId,
          eventVersion: version,
          occurredAt: event.at,
          facts: {
            case: facts,
            event: {
              type: event.type,
              version,
              at: event.at,
              actorName: event.actor.name,
              onBehalfOfName: event.actor.onBehalfOf?.name ?? null,
              data: eventData(event),
            },
            actions: r.actions ?? awaitedAfter.get(id)?.actions ?? [],
            asDeputyOf: r.asDeputyOf?.name ?? awaitedAfter.get(id)?.asDeputyOf?.name ?? null,
          },
          email: held ? null : r.person.email,
          heldForDigest: held,
        });
      }
    }
  });
  return planned;
}

interface Recipient {
  person: Person;
  actions?: HumanCommandType[];
  asDeputyOf?: Person | null;
}

function resolve(audience: Audience, context: { after: CaseState; awaited: Map<string, Awaited>; people: readonly Person[] }): Recipient[] {
  const { after, awaited, people } = context;
  if ('party' in audience) {
    switch (audience.party) {
      case 'proposer':
        return people.filter((p) => p.id === after.proposer.id).map((person) => ({ person }));
      case 'official':
        return people.filter((p) => p.personId !== null && p.personId === after.official.id).map((person) => ({ person }));
      case 'awaited':
        return [...awaited.values()];
      case 'awaited_superiors': {
        const superiors = new Set([...awaited.values()].filter((a) => a.asDeputyOf === null).map((a) => a.person.reportsTo).filter((id): id is string => id !== null));
        return people.filter((p) => superiors.has(p.id)).map((person) => ({ person }));
      }
    }
  }
  if ('unit' in audience) {
    const unitId = unitOf(after, audience.unit);
    return people.filter((p) => p.role === audience.role && p.unitId === unitId).map((person) => ({ person }));
  }
  return people.filter((p) => p.role === audience.role).map((person) => ({ person }));
}
