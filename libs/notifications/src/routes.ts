import { EVENT_TYPES, type EventType, type Role } from '@app/domain';

/** What a message is about; each has its templates. */
export const NOTIFICATION_KINDS = [
  'step_opened', // an action now waits for the recipient
  'decision_taken', // a decision on a case the recipient proposed or is the subject of
  'deadline_missed', // a step's deadline passed (each escalation)
  'term_ending', // a term ends in N days
  'term_overdue', // the term ended with no end-or-extend decision
  'evaluation_due', // an evaluation of the term fell due
  'weekly_digest', // terms ending within 90 days and overdue steps, province-wide
  'daily_digest', // a quiet recipient's messages of the day, in one
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Who hears: the people the case names (its proposer, its official), the holders of a role in the
 * sending or receiving unit or province-wide, the people the case now waits for (and their deputies
 * under a delegation in force), and the superiors of those it waits for.
 */
export type Audience =
  | { party: 'proposer' | 'official' | 'awaited' | 'awaited_superiors' }
  | { role: Extract<Role, 'home_affairs_officer' | 'party_secretariat'> }
  | { role: Extract<Role, 'hr_officer' | 'department_head' | 'commune_leader'>; unit: 'sending' | 'receiving' };

/**
 * A routing rule, stored as data in `secondment.notification_route`: on which events, to whom,
 * about what, and whether it always goes out at once (mandatory) or may wait for a quiet
 * recipient's daily digest. Rules are tried in position order; a person hears once of one event,
 * through the first rule that names them.
 */
export interface NotificationRoute {
  id: string;
  position: number;
  kind: Exclude<NotificationKind, 'weekly_digest' | 'daily_digest'>;
  /** The events that trigger the rule; 'ActionAwaited' stands for "an action now waits for someone who was not waited for". */
  on: (EventType | 'ActionAwaited')[];
  audience: Audience[];
  /** Deadline and term-end reminders go out even to those who asked for a digest. */
  mandatory: boolean;
  enabled: boolean;
}

const DECISIONS: EventType[] = [
  'StageApproved',
  'CaseRejected',
  'ReturnedForChanges',
  'CaseWithdrawn',
  'PartyOpinionRecorded',
  'DecisionIssued',
  'DecisionCorrected',
  'DecisionRevoked',
  'ArrivalConfirmed',
  'TermExtended',
  'EarlyRecallDecided',
  'EndDecided',
  'ReturnConfirmed',
];

/** The defaults the issue names; the notifications migration stored a copy of them, and a province edits the rows. */
export const DEFAULT_ROUTES: NotificationRoute[] = [
  {
    id: 'term-ending',
    position: 10,
    kind: 'term_ending',
    on: ['TermEndReminderDue'],
    audience: [
      { party: 'official' },
      { role: 'department_head', unit: 'sending' },
      { role: 'hr_officer', unit: 'sending' },
      { role: 'commune_leader', unit: 'receiving' },
      { role: 'home_affairs_officer' },
    ],
    mandatory: true,
    enabled: true,
  },
  {
    id: 'deadline-missed',
    position: 20,
    kind: 'deadline_missed',
    on: ['StageDeadlinePassed'],
    audience: [{ role: 'home_affairs_officer' }, { party: 'awaited_superiors' }, { party: 'awaited' }],
    mandatory: true,
    enabled: true,
  },
  {
    id: 'term-overdue',
    position: 30,
    kind: 'term_overdue',
    on: ['TermEndOverdue'],
    audience: [{ role: 'home_affairs_officer' }, { role: 'department_head', unit: 'sending' }, { role: 'hr_officer', unit: 'sending' }, { party: 'awaited_superiors' }],
    mandatory: true,
    enabled: true,
  },
  {
    id: 'evaluation-due',
    position: 40,
    kind: 'evaluation_due',
    on: ['EvaluationDue'],
    audience: [{ role: 'commune_leader', unit: 'receiving' }, { role: 'hr_officer', unit: 'sending' }],
    mandatory: false,
    enabled: true,
  },
  {
    id: 'decision-to-proposer',
    position: 50,
    kind: 'decision_taken',
    on: DECISIONS,
    audience: [{ party: 'proposer' }],
    mandatory: false,
    enabled: true,
  },
  {
    id: 'decision-to-official',
    position: 60,
    kind: 'decision_taken',
    on: ['DecisionIssued', 'DecisionCorrected', 'DecisionRevoked', 'TermExtended', 'EarlyRecallDecided', 'EndDecided', 'ReturnConfirmed'],
    audience: [{ party: 'official' }],
    mandatory: false,
    enabled: true,
  },
  {
    id: 'step-opened',
    position: 70,
    kind: 'step_opened',
    on: ['ActionAwaited'],
    audience: [{ party: 'awaited' }],
    mandatory: false,
    enabled: true,
  },
];

/** The weekly digest's audience and day; data like the routes. */
export interface DigestSchedule {
  /** ISO weekday the weekly digest goes out (1 = Monday). */
  weeklyOn: number;
  /** Local hour (Asia/Ho_Chi_Minh) the digests go out. */
  hour: number;
  /** Terms ending within this many days are listed. */
  horizonDays: number;
}

export const DEFAULT_DIGEST_SCHEDULE: DigestSchedule = { weeklyOn: 1, hour: 7, horizonDays: 90 };

const PARTIES = ['proposer', 'official', 'awaited', 'awaited_superiors'];
const UNIT_ROLES = ['hr_officer', 'department_head', 'commune_leader'];
const PROVINCE_ROLES = ['home_affairs_officer', 'party_secretariat'];

/** What is wrong with a stored route, field by field; empty when it is sound. */
export function routeProblems(route: NotificationRoute): { field: string; rule: string }[] {
  const problems: { field: string; rule: string }[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(route.id)) problems.push({ field: 'id', rule: 'lower-case letters, digits and hyphens' });
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(route.kind) || route.kind.endsWith('_digest')) problems.push({ field: 'kind', rule: `one of ${NOTIFICATION_KINDS.filter((k) => !k.endsWith('_digest')).join(', ')}` });
  if (!Array.isArray(route.on) || route.on.length === 0) problems.push({ field: 'on', rule: 'at least one event' });
  else
    route.on.forEach((event, i) => {
      if (event !== 'ActionAwaited' && !(EVENT_TYPES as readonly string[]).includes(event)) problems.push({ field: `on[${i}]`, rule: 'an event type or ActionAwaited' });
    });
  if (!Array.isArray(route.audience) || route.audience.length === 0) problems.push({ field: 'audience', rule: 'at least one audience' });
  else
    route.audience.forEach((audience, i) => {
      const a = audience as { party?: string; role?: string; unit?: string };
      const ok =
        (a.party !== undefined && PARTIES.includes(a.party) && a.role === undefined) ||
        (a.role !== undefined && PROVINCE_ROLES.includes(a.role) && a.unit === undefined && a.party === undefined) ||
        (a.role !== undefined && UNIT_ROLES.includes(a.role) && (a.unit === 'sending' || a.unit === 'receiving') && a.party === undefined);
      if (!ok) problems.push({ field: `audience[${i}]`, rule: `a party (${PARTIES.join(', ')}), a province-wide role, or a unit role with unit sending or receiving` });
    });
  if (typeof route.mandatory !== 'boolean') problems.push({ field: 'mandatory', rule: 'true or false' });
  return problems;
}
