/**
 * Fixtures for the domain specs: the people of one province, a proposal builder, and a walker that
 * takes a case to a stage by real commands (`handle`), keeping the history so a spec can state its
 * "given" as events folded with `fold`. Test support only: not exported from the library's index.
 */
import type { LocalDate } from '../calendar';
import type { Actor, CaseState, Official, Stage, Unit } from '../case';
import { SYSTEM_ACTOR } from '../case';
import type { CaseCommand, CommandOf } from '../commands';
import { decide, handle } from '../decider';
import { fold } from '../evolve';
import { DomainError } from '../errors';
import type { CaseEvent } from '../events';
import { DEFAULT_CASE_RULES } from '../rules';
import { pendingTimers, type CaseTimer } from '../timers';

export const SENDING_UNIT: Unit = { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' };
export const OTHER_DEPARTMENT: Unit = { id: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'department' };
export const RECEIVING_UNIT: Unit = { id: 'phuong-hai-chau', name: 'Phường Hải Châu', kind: 'commune' };
export const OTHER_COMMUNE: Unit = { id: 'xa-hoa-vang', name: 'Xã Hòa Vang', kind: 'commune' };

export const OFFICIAL: Official = { id: 'cc-048213', name: 'Nguyễn Văn An', title: 'Chuyên viên phòng Quản lý ngân sách' };

export const ACTORS = {
  /** HR officer of the sending department (the usual proposer). */
  hr: { id: 'u-hr-tc-1', name: 'Trần Thị Bình', role: 'hr_officer', unitId: 'so-tai-chinh' },
  /** A second HR officer of the same department. */
  hr2: { id: 'u-hr-tc-2', name: 'Phạm Minh Châu', role: 'hr_officer', unitId: 'so-tai-chinh' },
  /** HR officer of another department. */
  otherHr: { id: 'u-hr-xd-1', name: 'Đỗ Thị Hạnh', role: 'hr_officer', unitId: 'so-xay-dung' },
  /** Head (giám đốc) of the sending department. */
  head: { id: 'u-gd-tc', name: 'Lê Văn Cường', role: 'department_head', unitId: 'so-tai-chinh' },
  /** Head of another department. */
  otherHead: { id: 'u-gd-xd', name: 'Võ Thanh Dũng', role: 'department_head', unitId: 'so-xay-dung' },
  /** Home Affairs officers (Sở Nội vụ), two different people. */
  homeAffairs: { id: 'u-snv-1', name: 'Huỳnh Thị Giang', role: 'home_affairs_officer' },
  homeAffairs2: { id: 'u-snv-2', name: 'Ngô Quốc Hải', role: 'home_affairs_officer' },
  /** Secretariat of the provincial Party standing committee. */
  party: { id: 'u-vp-tu', name: 'Bùi Văn Khánh', role: 'party_secretariat' },
  /** Chairman of the receiving ward's People's Committee. */
  communeLeader: { id: 'u-ct-hai-chau', name: 'Đặng Thị Lan', role: 'commune_leader', unitId: 'phuong-hai-chau' },
  /** Chairman of another commune. */
  otherCommuneLeader: { id: 'u-ct-hoa-vang', name: 'Lý Văn Minh', role: 'commune_leader', unitId: 'xa-hoa-vang' },
  /** The official the case concerns, logged in as themselves. */
  official: { id: 'u-cc-048213', name: OFFICIAL.name, role: 'official', personId: OFFICIAL.id },
  auditor: { id: 'u-tt', name: 'Thanh tra tỉnh', role: 'auditor' },
  system: SYSTEM_ACTOR,
} satisfies Record<string, Actor>;

/** The same actor, who happens to be the official the case concerns. */
export function asTheOfficial(actor: Actor): Actor {
  return { ...actor, personId: OFFICIAL.id };
}

/** When each step of the walk happens (UTC instants; Vietnam is UTC+7). */
export const AT = {
  propose: '2025-09-15T02:00:00.000Z', // Monday 15 Sep 2025, 09:00 in Hà Nội
  departmentReview: '2025-09-17T03:00:00.000Z',
  appraisal: '2025-09-24T03:00:00.000Z',
  partyOpinion: '2025-10-01T03:00:00.000Z',
  decision: '2025-10-03T03:00:00.000Z',
  arrival: '2025-10-09T01:30:00.000Z', // 08:30 on the effective date
} as const;

export const DECISION_ATTACHMENTS = [
  { kind: 'units_agreement', documentId: 'sha256:1f0c', name: 'Văn bản thống nhất giữa Sở Tài chính và UBND phường Hải Châu' },
  { kind: 'meeting_record', documentId: 'sha256:9ab2', name: 'Biên bản gặp công chức' },
] as const satisfies CommandOf<'issueDecision'>['attachments'];

/** A health certificate issued a month before the walk's decision (AT.decision), as a rotation needs. */
export const HEALTH_CERTIFICATE = { kind: 'health_certificate', documentId: 'sha256:7c21', name: 'Giấy chứng nhận sức khỏe', issuedOn: '2025-09-03' } as const satisfies CommandOf<'issueDecision'>['attachments'][number];

/** A secondment proposal as a client sends it (no time, case id or rules: the workflow adds those). */
export function proposalFields(plannedStart: LocalDate): Omit<CommandOf<'propose'>, 'type' | 'at' | 'caseId' | 'rules'> {
  return {
    actor: ACTORS.hr,
    form: 'secondment',
    official: OFFICIAL,
    sendingUnit: SENDING_UNIT,
    receivingUnit: RECEIVING_UNIT,
    position: 'Kế toán ngân sách phường',
    plannedStart,
    reason: 'Phường Hải Châu thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính',
  };
}

export function proposeCommand(overrides: Partial<CommandOf<'propose'>> = {}): CommandOf<'propose'> {
  return {
    type: 'propose',
    caseId: 'bp-2025-0001',
    ...proposalFields('2025-10-09'),
    rules: DEFAULT_CASE_RULES,
    at: AT.propose,
    ...overrides,
  };
}

export function partyOpinionCommand(overrides: Partial<CommandOf<'recordPartyOpinion'>> = {}): CommandOf<'recordPartyOpinion'> {
  return {
    type: 'recordPartyOpinion',
    documentNumber: '512-CV/TU',
    documentDate: '2025-09-30',
    opinion: 'agree',
    actor: ACTORS.party,
    at: AT.partyOpinion,
    ...overrides,
  };
}

export function issueDecisionCommand(overrides: Partial<CommandOf<'issueDecision'>> = {}): CommandOf<'issueDecision'> {
  return {
    type: 'issueDecision',
    decisionNumber: '2345/QĐ-UBND',
    decisionDate: '2025-10-03',
    signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
    effectiveDate: '2025-10-09',
    attachments: [...DECISION_ATTACHMENTS],
    actor: ACTORS.homeAffairs,
    at: AT.decision,
    ...overrides,
  };
}

export function confirmArrivalCommand(overrides: Partial<CommandOf<'confirmArrival'>> = {}): CommandOf<'confirmArrival'> {
  return {
    type: 'confirmArrival',
    arrivedOn: '2025-10-09',
    assignedWork: 'Phụ trách kế toán ngân sách phường',
    actor: ACTORS.communeLeader,
    at: AT.arrival,
    ...overrides,
  };
}

export function correctDecisionCommand(overrides: Partial<CommandOf<'correctDecision'>> = {}): CommandOf<'correctDecision'> {
  return {
    type: 'correctDecision',
    documentNumber: '2401/QĐ-UBND',
    documentDate: '2025-10-06',
    reason: 'Đính chính sai sót',
    changes: { decisionNumber: '2346/QĐ-UBND' },
    actor: ACTORS.homeAffairs,
    at: '2025-10-06T03:00:00.000Z',
    ...overrides,
  };
}

export function revokeDecisionCommand(overrides: Partial<CommandOf<'revokeDecision'>> = {}): CommandOf<'revokeDecision'> {
  return {
    type: 'revokeDecision',
    documentNumber: '2410/QĐ-UBND',
    documentDate: '2025-10-08',
    reason: 'Công chức xin thôi việc',
    actor: ACTORS.homeAffairs,
    at: '2025-10-08T03:00:00.000Z',
    ...overrides,
  };
}

export function evaluationCommand(overrides: Partial<CommandOf<'recordEvaluation'>> = {}): CommandOf<'recordEvaluation'> {
  return {
    type: 'recordEvaluation',
    period: '2025-2026',
    rating: 'good',
    documentNumber: '15/BC-UBND',
    actor: ACTORS.communeLeader,
    at: '2026-10-12T03:00:00.000Z',
    ...overrides,
  };
}

export function reportCommand(overrides: Partial<CommandOf<'submitReport'>> = {}): CommandOf<'submitReport'> {
  return {
    type: 'submitReport',
    kind: 'weekly',
    period: '2025-W42',
    summary: 'Rà soát sổ sách kế toán, hướng dẫn lập dự toán 2026',
    actor: ACTORS.official,
    at: '2025-10-17T09:00:00.000Z',
    ...overrides,
  };
}

/** An extension by 12 months, decided in the summer before a 24-month term's end (see `TWO_YEARS`). */
export function extendCommand(overrides: Partial<CommandOf<'extend'>> = {}): CommandOf<'extend'> {
  return {
    type: 'extend',
    decisionNumber: '1500/QĐ-UBND',
    decisionDate: '2027-05-28',
    by: { months: 12, days: 0 },
    reason: 'Phường chưa tuyển được công chức kế toán',
    actor: ACTORS.head,
    at: '2027-06-01T03:00:00.000Z',
    ...overrides,
  };
}

/** The sending head recalls the official early, in March 2026: the last day is 31 March. */
export function recallEarlyCommand(overrides: Partial<CommandOf<'recallEarly'>> = {}): CommandOf<'recallEarly'> {
  return {
    type: 'recallEarly',
    decisionNumber: '310/QĐ-STC',
    decisionDate: '2026-02-27',
    lastDay: '2026-03-31',
    reason: 'Sở cần bố trí lại nhân sự',
    actor: ACTORS.head,
    at: '2026-03-02T03:00:00.000Z',
    ...overrides,
  };
}

/** The sending head decides that the usual 36-month term ends as planned, in its end-or-extend window. */
export function decideEndCommand(overrides: Partial<CommandOf<'decideEnd'>> = {}): CommandOf<'decideEnd'> {
  return {
    type: 'decideEnd',
    decisionNumber: '980/QĐ-STC',
    decisionDate: '2028-07-18',
    actor: ACTORS.head,
    at: '2028-07-20T03:00:00.000Z',
    ...overrides,
  };
}

/** The sending department's HR officer records the return the day after the usual term's last day. */
export function confirmReturnCommand(overrides: Partial<CommandOf<'confirmReturn'>> = {}): CommandOf<'confirmReturn'> {
  return {
    type: 'confirmReturn',
    returnedOn: '2028-10-09',
    placement: { position: 'Phó Trưởng phòng Quản lý ngân sách', unitName: 'Sở Tài chính' },
    actor: ACTORS.hr,
    at: '2028-10-09T02:00:00.000Z',
    ...overrides,
  };
}

/** The leader who receives the official at a unit of the fixtures. */
export function receiverOf(unit: Unit): Actor {
  const receivers: Record<string, Actor> = {
    [RECEIVING_UNIT.id]: ACTORS.communeLeader,
    [OTHER_COMMUNE.id]: ACTORS.otherCommuneLeader,
    [OTHER_DEPARTMENT.id]: ACTORS.otherHead,
    [SENDING_UNIT.id]: ACTORS.head,
  };
  const receiver = receivers[unit.id];
  if (!receiver) throw new Error(`no receiver for ${unit.id}`);
  return receiver;
}

/** A case's history and the state it folds to. */
export interface Walked {
  history: CaseEvent[];
  state: CaseState;
}

/** The state after the given events: the "given" of a spec. */
export function given(history: readonly CaseEvent[]): CaseState {
  const state = fold(history);
  if (!state) throw new Error('given: empty history');
  return state;
}

/** The instant of the last event (the case's "now"). */
export function lastAt(walked: Walked): string {
  return walked.history[walked.history.length - 1].at;
}

/** An ISO instant `ms` milliseconds after `instant`. */
export function plus(instant: string | number, ms: number): string {
  return new Date((typeof instant === 'number' ? instant : Date.parse(instant)) + ms).toISOString();
}

export const DAY = 24 * 60 * 60 * 1000;

/** Applies a command by `handle`, appending its events; the state is the whole history folded. */
export function act(walked: Walked | null, command: CaseCommand): Walked {
  const { events } = handle(command, walked?.state ?? null);
  const history = [...(walked?.history ?? []), ...events];
  return { history, state: given(history) };
}

/** A pending timer of the case (by key, or the first of an event type). */
export function timerOf(state: CaseState, match: string): CaseTimer {
  const timer = pendingTimers(state).find((t) => t.key === match || t.event.type === match);
  if (!timer) throw new Error(`no pending timer ${match}; pending: ${pendingTimers(state).map((t) => t.key).join(', ')}`);
  return timer;
}

/** The system fires a timer at its due instant, or at `at` if given (never before the last event). */
export function fireCommand(walked: Walked, match: string, at?: string): CommandOf<'fireTimer'> {
  const timer = timerOf(walked.state, match);
  const when = at ?? new Date(Math.max(timer.at, Date.parse(lastAt(walked)))).toISOString();
  return { type: 'fireTimer', key: timer.key, actor: SYSTEM_ACTOR, at: when };
}

export function fire(walked: Walked, match: string, at?: string): Walked {
  return act(walked, fireCommand(walked, match, at));
}

export interface WalkOptions {
  proposal?: Partial<CommandOf<'propose'>>;
  decision?: Partial<CommandOf<'issueDecision'>>;
}

/** A 24-month secondment, which an extension of up to 12 months keeps within the cap. */
export const TWO_YEARS = { proposal: { term: { months: 24, days: 0 } } } satisfies WalkOptions;
/** A 3-month reinforcement (by default it skips the Party committee). */
export const REINFORCEMENT = { proposal: { form: 'reinforcement', term: { months: 3, days: 0 }, position: 'Hỗ trợ nghiệp vụ kế toán' } } satisfies WalkOptions;
export const ROTATION = { proposal: { form: 'rotation', position: 'Phó Chủ tịch UBND phường' } } satisfies WalkOptions;
/** A permanent transfer: no term, closed once the official is received. */
export const TRANSFER = { proposal: { form: 'transfer', position: 'Công chức Tài chính – Kế toán' } } satisfies WalkOptions;

/** The stages the walker can reach by the usual path. */
export type WalkStage = Extract<
  Stage,
  'department_review' | 'home_affairs_appraisal' | 'party_committee_approval' | 'awaiting_decision' | 'decision_issued' | 'posted' | 'serving' | 'ending'
>;

function nextCommand(walked: Walked, options: WalkOptions): CaseCommand {
  const { state } = walked;
  switch (state.stage) {
    case 'department_review':
      return { type: 'approve', actor: ACTORS.head, at: AT.departmentReview };
    case 'home_affairs_appraisal':
      return { type: 'approve', actor: ACTORS.homeAffairs, at: AT.appraisal };
    case 'party_committee_approval':
      return partyOpinionCommand();
    case 'awaiting_decision':
      // A rotation's dossier also carries a recent health certificate.
      return issueDecisionCommand(
        walked.state.form === 'rotation' ? { attachments: [...DECISION_ATTACHMENTS, HEALTH_CERTIFICATE], ...options.decision } : options.decision,
      );
    case 'decision_issued':
      return confirmArrivalCommand({ actor: receiverOf(state.receivingUnit) });
    case 'posted':
      return fireCommand(walked, 'TermStarted');
    case 'serving':
      // The first reminder opens the end-or-extend window.
      return fireCommand(walked, 'TermEndReminderDue');
    default:
      throw new Error(`the walker does not go on from stage ${state.stage}`);
  }
}

/**
 * Proposes a case (by default: a 36-month secondment from Sở Tài chính to Phường Hải Châu,
 * proposed by the department's HR officer) and takes it to `target` by the usual commands: the
 * head approves, Home Affairs approves, the Party committee agrees, Home Affairs records the
 * decision, the ward's chairman confirms arrival, the term starts, the first reminder fires.
 */
export function walkTo(target: WalkStage, options: WalkOptions = {}): Walked {
  let walked = act(null, proposeCommand(options.proposal));
  for (let steps = 0; walked.state.stage !== target; steps += 1) {
    if (steps > 10 || walked.state.stage === 'closed') throw new Error(`could not walk to ${target}; stopped at ${walked.state.stage}`);
    walked = act(walked, nextCommand(walked, options));
  }
  return walked;
}

/** The DomainError a call throws; fails if it throws something else or nothing. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/** The refusal `decide` gives a command on a state. */
export function refused(command: CaseCommand, state: CaseState | null): DomainError {
  return refusal(() => decide(command, state));
}

/** The metadata every event copies from its command. */
export function meta(command: { actor: Actor; at: string; requestId?: string }): { actor: Actor; at: string; requestId: string | null } {
  return { actor: command.actor, at: command.at, requestId: command.requestId ?? null };
}
