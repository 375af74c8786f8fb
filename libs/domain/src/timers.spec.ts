/**
 * Timers derived from the state: stage deadlines and their escalations (working days, Vietnam time),
 * the term start, the reminders before the term ends, the overdue mark, evaluations, and the term's
 * completion once its end is decided. Each fires once, never early.
 */
import { endOfLocalDay, localDateOf, startOfLocalDay } from './calendar';
import type { CaseState } from './case';
import { decide } from './decider';
import { DEFAULT_CASE_RULES, type CaseRules } from './rules';
import {
  ACTORS,
  act,
  AT,
  correctDecisionCommand,
  decideEndCommand,
  extendCommand,
  fire,
  fireCommand,
  issueDecisionCommand,
  plus,
  proposeCommand,
  recallEarlyCommand,
  refused,
  TRANSFER,
  TWO_YEARS,
  walkTo,
  type Walked,
} from './testing/case-fixtures';
import { nextTimer, pendingTimers, stageDeadline, type CaseTimer } from './timers';

const iso = (ms: number) => new Date(ms).toISOString();
/** The pending timers as [key, due instant], earliest first. */
const schedule = (state: CaseState | null) => pendingTimers(state).map((t) => [t.key, iso(t.at)]);
const keys = (state: CaseState | null) => pendingTimers(state).map((t) => t.key);
/** The pending keys apart from evaluations (which the walker leaves unfired). */
const termKeys = (state: CaseState | null) => keys(state).filter((key) => !key.startsWith('evaluation:'));
/**
 * The schedule of a term served from 2025-10-09 to 2028-10-08 (the usual 36 months, or 24 extended by 12)
 * before any timer fires: two evaluations, the 90/30/7-day reminders at 00:00, the overdue mark at 24:00.
 */
const SCHEDULE_OF_A_TERM_TO_2028_10_08 = [
  ['evaluation:2025-10-09:1', '2026-10-08T17:00:00.000Z'],
  ['evaluation:2025-10-09:2', '2027-10-08T17:00:00.000Z'],
  ['reminder:2028-10-08:90', '2028-07-09T17:00:00.000Z'],
  ['reminder:2028-10-08:30', '2028-09-07T17:00:00.000Z'],
  ['reminder:2028-10-08:7', '2028-09-30T17:00:00.000Z'],
  ['overdue:2028-10-08', '2028-10-08T17:00:00.000Z'],
];

function endDecided(walked: Walked, at = '2028-07-20T03:00:00.000Z'): Walked {
  return act(walked, decideEndCommand({ decisionDate: localDateOf(at), at }));
}

describe('stageDeadline: the last working day of a stage', () => {
  it.each([
    ['2025-09-15T02:00:00.000Z', '2025-09-22', 'Monday 09:00: five working days later, Monday'],
    ['2025-09-14T18:00:00.000Z', '2025-09-22', 'Sunday 18:00 UTC is already Monday 01:00 in Vietnam'],
    ['2025-09-14T16:59:00.000Z', '2025-09-19', 'Sunday 23:59 in Vietnam: counting starts on Monday'],
    ['2025-08-28T02:00:00.000Z', '2025-09-08', 'over the National Day holiday (1–2 September)'],
    ['2025-04-25T02:00:00.000Z', '2025-05-06', 'with the working Saturday 26 April and the 30/4–2/5 holidays'],
    ['2026-02-12T02:00:00.000Z', '2026-02-26', 'over Tết Bính Ngọ (16–20 February)'],
  ])('a department review opened at %s is due %s (%s)', (at, deadline) => {
    const walked = act(null, proposeCommand({ at, plannedStart: '2026-06-01' }));
    expect(stageDeadline(walked.state)).toBe(deadline);
  });

  it('each stage has its configured number of working days, counted from the day it opened', () => {
    expect(stageDeadline(walkTo('department_review').state)).toBe('2025-09-22'); // 5, from Mon 15 Sep
    expect(stageDeadline(walkTo('home_affairs_appraisal').state)).toBe('2025-10-01'); // 10, from Wed 17 Sep
    expect(stageDeadline(walkTo('party_committee_approval').state)).toBe('2025-10-15'); // 15, from Wed 24 Sep
    expect(stageDeadline(walkTo('awaiting_decision').state)).toBe('2025-10-08'); // 5, from Wed 1 Oct
  });

  it.each(['decision_issued', 'posted', 'serving', 'ending'] as const)('%s has no deadline', (stage) => {
    expect(stageDeadline(walkTo(stage).state)).toBeNull();
  });

  it('a proposal returned for changes has no deadline', () => {
    const returned = act(walkTo('department_review'), { type: 'returnForChanges', reason: 'x', actor: ACTORS.head, at: AT.departmentReview });
    expect(stageDeadline(returned.state)).toBeNull();
    expect(pendingTimers(returned.state)).toEqual([]);
  });
});

describe('deadline escalations', () => {
  it('escalate at the end of the deadline day, in Vietnam, and again 5 working days later', () => {
    const { state } = walkTo('department_review');
    expect(pendingTimers(state)).toEqual<CaseTimer[]>([
      {
        key: 'deadline:department_review:v1:1',
        at: Date.parse('2025-09-22T17:00:00.000Z'), // 24:00 on Mon 22 Sep in Hà Nội
        event: { type: 'StageDeadlinePassed', data: { stage: 'department_review', deadline: '2025-09-22', level: 1, timerKey: 'deadline:department_review:v1:1' } },
      },
      {
        key: 'deadline:department_review:v1:2',
        at: Date.parse('2025-09-29T17:00:00.000Z'),
        event: { type: 'StageDeadlinePassed', data: { stage: 'department_review', deadline: '2025-09-22', level: 2, timerKey: 'deadline:department_review:v1:2' } },
      },
    ]);
    expect(pendingTimers(state)[0].at).toBe(endOfLocalDay('2025-09-22'));
  });

  it('the second escalation skips holidays too', () => {
    const { state } = act(null, proposeCommand({ at: '2025-08-28T02:00:00.000Z' }));
    expect(schedule(state)).toEqual([
      ['deadline:department_review:v1:1', '2025-09-08T17:00:00.000Z'],
      ['deadline:department_review:v1:2', '2025-09-15T17:00:00.000Z'],
    ]);
  });

  it('follow the configured escalations and working days', () => {
    const rules: CaseRules = { ...DEFAULT_CASE_RULES, deadlines: { ...DEFAULT_CASE_RULES.deadlines, department_review: { workingDays: 1, escalations: [0, 2, 10] } } };
    // Opened on Friday 10 October 2025: one working day is Monday 13.
    const { state } = act(null, proposeCommand({ rules, at: '2025-10-10T03:00:00.000Z' }));
    expect(stageDeadline(state)).toBe('2025-10-13');
    expect(schedule(state)).toEqual([
      ['deadline:department_review:v1:1', '2025-10-13T17:00:00.000Z'],
      ['deadline:department_review:v1:2', '2025-10-15T17:00:00.000Z'],
      ['deadline:department_review:v1:3', '2025-10-27T17:00:00.000Z'],
    ]);
  });

  it('fire once each: the level is recorded and the key is spent', () => {
    const start = walkTo('department_review');
    const first = fire(start, 'deadline:department_review:v1:1');
    expect(first.history[first.history.length - 1]).toMatchObject({ type: 'StageDeadlinePassed', actor: ACTORS.system, at: '2025-09-22T17:00:00.000Z' });
    expect(first.state).toMatchObject({ stage: 'department_review', escalationLevel: 1, firedTimers: ['deadline:department_review:v1:1'], stageOpenedAt: AT.propose });
    expect(keys(first.state)).toEqual(['deadline:department_review:v1:2']);
    expect(refused(fireCommand(start, 'deadline:department_review:v1:1'), first.state)).toMatchObject({ kind: 'wrong_stage', stage: 'department_review' });

    const second = fire(first, 'deadline:department_review:v1:2');
    expect(second.state).toMatchObject({ escalationLevel: 2, firedTimers: ['deadline:department_review:v1:1', 'deadline:department_review:v1:2'] });
    expect(pendingTimers(second.state)).toEqual([]);
    expect(stageDeadline(second.state)).toBe('2025-09-22');
  });

  it('do not fire before they are due', () => {
    const { state } = walkTo('department_review');
    expect(refused({ type: 'fireTimer', key: 'deadline:department_review:v1:1', actor: ACTORS.system, at: '2025-09-22T16:59:59.999Z' }, state)).toMatchObject({ kind: 'wrong_stage' });
    expect(refused({ type: 'fireTimer', key: 'deadline:department_review:v1:2', actor: ACTORS.system, at: '2025-09-23T03:00:00.000Z' }, state)).toMatchObject({ kind: 'wrong_stage' });
  });

  it('a new stage brings its own deadline, keyed by the event that opened it; the old stage’s timers are gone', () => {
    const escalated = fire(walkTo('department_review'), 'deadline:department_review:v1:1');
    const approved = act(escalated, { type: 'approve', actor: ACTORS.head, at: '2025-09-23T03:00:00.000Z' });
    expect(approved.state).toMatchObject({ stage: 'home_affairs_appraisal', stageOpenedVersion: 3, escalationLevel: 0 });
    expect(schedule(approved.state)).toEqual([
      ['deadline:home_affairs_appraisal:v3:1', '2025-10-07T17:00:00.000Z'],
      ['deadline:home_affairs_appraisal:v3:2', '2025-10-14T17:00:00.000Z'],
    ]);
  });

  it('a resubmitted proposal starts department review afresh, with new keys', () => {
    const returned = act(walkTo('department_review'), { type: 'returnForChanges', reason: 'x', actor: ACTORS.head, at: AT.departmentReview });
    const resubmitted = act(returned, { type: 'resubmit', changes: {}, actor: ACTORS.hr, at: '2025-09-19T03:00:00.000Z' });
    expect(schedule(resubmitted.state)).toEqual([
      ['deadline:department_review:v3:1', '2025-09-26T17:00:00.000Z'],
      ['deadline:department_review:v3:2', '2025-10-03T17:00:00.000Z'],
    ]);
  });

  it('the Party committee and the decision have deadlines too', () => {
    expect(keys(walkTo('party_committee_approval').state)).toEqual(['deadline:party_committee_approval:v3:1', 'deadline:party_committee_approval:v3:2']);
    expect(schedule(walkTo('awaiting_decision').state)).toEqual([
      ['deadline:awaiting_decision:v4:1', '2025-10-08T17:00:00.000Z'],
      ['deadline:awaiting_decision:v4:2', '2025-10-15T17:00:00.000Z'],
    ]);
  });
});

describe('no timers', () => {
  it('before a case exists, once it is closed, or while waiting for arrival', () => {
    expect(pendingTimers(null)).toEqual([]);
    expect(nextTimer(null)).toBeUndefined();
    const rejected = act(walkTo('department_review'), { type: 'reject', reason: 'x', actor: ACTORS.head, at: AT.departmentReview });
    expect(pendingTimers(rejected.state)).toEqual([]);
    expect(pendingTimers(walkTo('decision_issued').state)).toEqual([]);
  });
});

describe('the term start', () => {
  it('once arrival is confirmed, the term starts at 00:00 (Vietnam) on the effective date', () => {
    const { state } = walkTo('posted');
    const timer = pendingTimers(state).find((t) => t.key === 'term-start:2025-10-09');
    expect(timer).toEqual({ key: 'term-start:2025-10-09', at: Date.parse('2025-10-08T17:00:00.000Z'), event: { type: 'TermStarted', data: { effectiveDate: '2025-10-09', termEnd: '2028-10-08' } } });
    expect(nextTimer(state)?.key).toBe('term-start:2025-10-09');
  });

  it('waits for an effective date after the arrival', () => {
    const walked = walkTo('posted', { decision: { effectiveDate: '2025-10-15' } });
    expect(nextTimer(walked.state)).toMatchObject({ key: 'term-start:2025-10-15', at: startOfLocalDay('2025-10-15') });
    expect(refused(fireCommand(walked, 'term-start:2025-10-15', '2025-10-14T16:59:59.999Z'), walked.state)).toMatchObject({ kind: 'wrong_stage', stage: 'posted' });
  });

  it('fires once: the case is serving, and the timer is gone', () => {
    const posted = walkTo('posted');
    const serving = fire(posted, 'term-start:2025-10-09');
    expect(serving.history[serving.history.length - 1]).toMatchObject({ type: 'TermStarted', data: { effectiveDate: '2025-10-09', termEnd: '2028-10-08' }, actor: ACTORS.system });
    expect(serving.state).toMatchObject({ stage: 'serving', termStarted: true });
    expect(keys(serving.state)).not.toContain('term-start:2025-10-09');
    expect(refused(fireCommand(posted, 'term-start:2025-10-09'), serving.state)).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
  });

  it('a corrected effective date moves the start and the reminders', () => {
    const posted = walkTo('posted');
    const corrected = act(posted, correctDecisionCommand({ changes: { effectiveDate: '2025-10-15' }, reason: 'Đính chính ngày hiệu lực', documentDate: '2025-10-09', at: '2025-10-09T03:00:00.000Z' }));
    expect(schedule(corrected.state)).toEqual([
      ['term-start:2025-10-15', '2025-10-14T17:00:00.000Z'],
      ['reminder:2028-10-14:90', '2028-07-15T17:00:00.000Z'],
      ['reminder:2028-10-14:30', '2028-09-13T17:00:00.000Z'],
      ['reminder:2028-10-14:7', '2028-10-06T17:00:00.000Z'],
    ]);
  });
});

describe('during the term', () => {
  it('evaluations every 12 months, reminders 90/30/7 days before the end at 00:00, and the overdue mark at the end of the last day', () => {
    const { state } = walkTo('serving');
    expect(schedule(state)).toEqual(SCHEDULE_OF_A_TERM_TO_2028_10_08);
    const byKey = new Map(pendingTimers(state).map((t) => [t.key, t]));
    expect(byKey.get('reminder:2028-10-08:90')).toMatchObject({ at: startOfLocalDay('2028-07-10'), event: { type: 'TermEndReminderDue', data: { termEnd: '2028-10-08', daysBefore: 90, timerKey: 'reminder:2028-10-08:90' } } });
    expect(byKey.get('reminder:2028-10-08:30')?.at).toBe(startOfLocalDay('2028-09-08'));
    expect(byKey.get('reminder:2028-10-08:7')?.at).toBe(startOfLocalDay('2028-10-01'));
    expect(byKey.get('overdue:2028-10-08')).toMatchObject({ at: endOfLocalDay('2028-10-08'), event: { type: 'TermEndOverdue', data: { termEnd: '2028-10-08', timerKey: 'overdue:2028-10-08' } } });
    expect(byKey.get('evaluation:2025-10-09:1')).toMatchObject({ event: { type: 'EvaluationDue', data: { period: 1, dueOn: '2026-10-09', timerKey: 'evaluation:2025-10-09:1' } } });
    expect(byKey.get('evaluation:2025-10-09:2')?.event.data).toMatchObject({ period: 2, dueOn: '2027-10-09' });
  });

  it('follows the configured reminders and evaluation interval', () => {
    const rules: CaseRules = { ...DEFAULT_CASE_RULES, termReminderDaysBefore: [14, 60, 14], evaluationIntervalMonths: 6 };
    const { state } = walkTo('serving', { proposal: { rules } });
    expect(keys(state)).toEqual([
      'evaluation:2025-10-09:1',
      'evaluation:2025-10-09:2',
      'evaluation:2025-10-09:3',
      'evaluation:2025-10-09:4',
      'evaluation:2025-10-09:5',
      'reminder:2028-10-08:60',
      'reminder:2028-10-08:14',
      'overdue:2028-10-08',
    ]);
  });

  it('a short term gets only the reminders still ahead when it was decided', () => {
    // A 14-day reinforcement decided on 3 October: the 90- and 30-day reminders would be in the past.
    const walked = walkTo('serving', { proposal: { form: 'reinforcement', term: { months: 0, days: 14 } } });
    expect(walked.state.termEnd).toBe('2025-10-22');
    expect(schedule(walked.state)).toEqual([
      ['reminder:2025-10-22:7', '2025-10-14T17:00:00.000Z'],
      ['overdue:2025-10-22', '2025-10-22T17:00:00.000Z'],
    ]);
  });

  it('an evaluation falls due once, without changing the stage', () => {
    const serving = walkTo('serving');
    const due = fire(serving, 'evaluation:2025-10-09:1');
    expect(due.history[due.history.length - 1]).toMatchObject({ type: 'EvaluationDue', data: { period: 1, dueOn: '2026-10-09' }, at: '2026-10-08T17:00:00.000Z' });
    expect(due.state).toMatchObject({ stage: 'serving', firedTimers: ['evaluation:2025-10-09:1'] });
    expect(keys(due.state)[0]).toBe('evaluation:2025-10-09:2');
    expect(refused(fireCommand(serving, 'evaluation:2025-10-09:1', '2026-10-09T03:00:00.000Z'), due.state)).toMatchObject({ kind: 'wrong_stage' });
    expect(refused(fireCommand(serving, 'evaluation:2025-10-09:2', '2027-10-08T16:59:59.999Z'), due.state)).toMatchObject({ kind: 'wrong_stage' });
  });

  it('the first reminder opens the end-or-extend window; the later ones keep it open', () => {
    const serving = walkTo('serving');
    const first = fire(serving, 'reminder:2028-10-08:90');
    expect(first.history[first.history.length - 1]).toMatchObject({ type: 'TermEndReminderDue', data: { termEnd: '2028-10-08', daysBefore: 90, timerKey: 'reminder:2028-10-08:90' }, at: '2028-07-09T17:00:00.000Z' });
    expect(first.state).toMatchObject({ stage: 'ending', stageOpenedAt: '2028-07-09T17:00:00.000Z', firedTimers: ['reminder:2028-10-08:90'] });
    const second = fire(first, 'reminder:2028-10-08:30');
    expect(second.state).toMatchObject({ stage: 'ending', stageOpenedAt: '2028-07-09T17:00:00.000Z' });
    const third = fire(second, 'reminder:2028-10-08:7');
    expect(third.state.firedTimers).toEqual(['reminder:2028-10-08:90', 'reminder:2028-10-08:30', 'reminder:2028-10-08:7']);
    expect(keys(third.state).filter((k) => k.startsWith('reminder:'))).toEqual([]);
    expect(refused(fireCommand(serving, 'reminder:2028-10-08:7'), third.state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
  });

  it('a reminder is not sent before its day', () => {
    const { state } = walkTo('serving');
    expect(refused({ type: 'fireTimer', key: 'reminder:2028-10-08:90', actor: ACTORS.system, at: '2028-07-09T16:59:59.999Z' }, state)).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
  });

  it('with no end decided, the term is overdue at the end of its last day', () => {
    const serving = walkTo('serving');
    expect(refused(fireCommand(serving, 'overdue:2028-10-08', '2028-10-08T16:59:59.999Z'), serving.state)).toMatchObject({ kind: 'wrong_stage' });
    const overdue = fire(serving, 'overdue:2028-10-08');
    expect(overdue.history[overdue.history.length - 1]).toMatchObject({ type: 'TermEndOverdue', data: { termEnd: '2028-10-08', timerKey: 'overdue:2028-10-08' }, at: '2028-10-08T17:00:00.000Z' });
    expect(overdue.state).toMatchObject({ stage: 'ending', overdue: true });
    expect(overdue.state.firedTimers).toContain('overdue:2028-10-08');
    expect(keys(overdue.state)).not.toContain('overdue:2028-10-08');
    expect(refused(fireCommand(serving, 'overdue:2028-10-08'), overdue.state)).toMatchObject({ kind: 'wrong_stage' });
  });

  it('an overdue term can still be ended late; it then completes at once', () => {
    const overdue = fire(walkTo('ending'), 'overdue:2028-10-08');
    const ended = endDecided(overdue, '2028-10-12T03:00:00.000Z');
    expect(overdue.state.overdue).toBe(true);
    expect(ended.state.overdue).toBe(false);
    expect(termKeys(ended.state)).toEqual(['reminder:2028-10-08:30', 'reminder:2028-10-08:7', 'completed:2028-10-08']);
    expect(fire(ended, 'completed:2028-10-08').state.termCompleted).toBe(true);
  });

  it('once the end is decided, no overdue mark: the term completes at the end of its last day', () => {
    const ended = endDecided(walkTo('ending'));
    const pending = schedule(ended.state);
    expect(pending).not.toContainEqual(expect.arrayContaining(['overdue:2028-10-08']));
    expect(pending).toContainEqual(['completed:2028-10-08', '2028-10-08T17:00:00.000Z']);
    // The reminders still ahead are sent: the term still ends soon.
    expect(termKeys(ended.state)).toEqual(['reminder:2028-10-08:30', 'reminder:2028-10-08:7', 'completed:2028-10-08']);
    const completed = fire(ended, 'completed:2028-10-08');
    expect(completed.history[completed.history.length - 1]).toMatchObject({ type: 'TermCompleted', data: { lastDay: '2028-10-08' }, actor: ACTORS.system });
    expect(completed.state).toMatchObject({ stage: 'ending', termCompleted: true });
    expect(keys(completed.state)).not.toContain('completed:2028-10-08');
    expect(refused(fireCommand(ended, 'completed:2028-10-08'), completed.state)).toMatchObject({ kind: 'wrong_stage' });
  });
});

describe('an extension replaces the reminders', () => {
  const ending = () => walkTo('ending', TWO_YEARS); // 24 months to 2027-10-08; the 90-day reminder fired on 2027-07-10

  it('new keys for the new end; the old end’s reminders and overdue mark are gone', () => {
    const walked = ending();
    expect(keys(walked.state)).toEqual(['evaluation:2025-10-09:1', 'reminder:2027-10-08:30', 'reminder:2027-10-08:7', 'overdue:2027-10-08']);
    const extended = act(walked, extendCommand({ decisionDate: '2027-08-20', at: '2027-08-20T03:00:00.000Z' }));
    expect(extended.state).toMatchObject({ stage: 'serving', termEnd: '2028-10-08', termEndSetOn: '2027-08-20' });
    expect(schedule(extended.state)).toEqual(SCHEDULE_OF_A_TERM_TO_2028_10_08);
    expect(refused(fireCommand(walked, 'reminder:2027-10-08:30'), extended.state)).toMatchObject({ kind: 'wrong_stage' });
  });

  it('reminders dated before the extension day are not pending; the others are', () => {
    // On 20 September 2027, one more month: to 8 November 2027. Its 90-day reminder (10 August) is past.
    const extended = act(ending(), extendCommand({ by: { months: 1, days: 0 }, decisionDate: '2027-09-20', at: '2027-09-20T03:00:00.000Z' }));
    expect(extended.state).toMatchObject({ stage: 'ending', termEnd: '2027-11-08' });
    expect(keys(extended.state).filter((k) => k.startsWith('reminder:'))).toEqual(['reminder:2027-11-08:30', 'reminder:2027-11-08:7']);
    expect(schedule(extended.state)).toContainEqual(['reminder:2027-11-08:30', '2027-10-08T17:00:00.000Z']);
  });

  it('a reminder dated on the extension day itself is sent at once', () => {
    // 12 more days: to 20 October 2027, whose 30-day reminder is dated 20 September, the day of the extension.
    const extended = act(ending(), extendCommand({ by: { months: 0, days: 12 }, decisionDate: '2027-09-20', at: '2027-09-20T03:00:00.000Z' }));
    expect(extended.state.termEnd).toBe('2027-10-20');
    expect(keys(extended.state).filter((k) => k.startsWith('reminder:'))).toEqual(['reminder:2027-10-20:30', 'reminder:2027-10-20:7']);
    const sent = fire(extended, 'reminder:2027-10-20:30');
    expect(sent.history[sent.history.length - 1]).toMatchObject({ type: 'TermEndReminderDue', at: '2027-09-20T03:00:00.000Z', data: { daysBefore: 30, termEnd: '2027-10-20' } });
  });

  it('an extension after the overdue mark clears it and sets a new one for the new end', () => {
    const overdue = fire(ending(), 'overdue:2027-10-08');
    expect(overdue.state.overdue).toBe(true);
    const extended = act(overdue, extendCommand({ by: { months: 6, days: 0 }, decisionDate: '2027-10-12', at: '2027-10-12T03:00:00.000Z' }));
    expect(extended.state).toMatchObject({ overdue: false, termEnd: '2028-04-08', stage: 'serving' });
    expect(keys(extended.state)).toContain('overdue:2028-04-08');
    expect(keys(extended.state)).not.toContain('overdue:2027-10-08');
  });
});

describe('a recall moves the end', () => {
  it('the term ends on the recall’s last day: only its remaining reminders, no overdue mark, completion that day', () => {
    const serving = walkTo('serving');
    const recalled = act(serving, recallEarlyCommand());
    // 90 days before (31 Dec) and 30 days before (1 Mar) are before the recall on 2 March.
    expect(schedule(recalled.state)).toEqual([
      ['reminder:2026-03-31:7', '2026-03-23T17:00:00.000Z'],
      ['completed:2026-03-31', '2026-03-31T17:00:00.000Z'],
    ]);
    expect(refused(fireCommand(recalled, 'completed:2026-03-31', '2026-03-31T16:59:59.999Z'), recalled.state)).toMatchObject({ kind: 'wrong_stage', stage: 'ending' });
    const completed = fire(fire(recalled, 'reminder:2026-03-31:7'), 'completed:2026-03-31');
    expect(completed.state).toMatchObject({ termCompleted: true, termEnd: '2026-03-31' });
    expect(pendingTimers(completed.state)).toEqual([]);
  });
});

describe('firing each timer once', () => {
  const cases: [string, () => Walked, string][] = [
    ['a deadline escalation', () => walkTo('department_review'), 'deadline:department_review:v1:1'],
    ['the term start', () => walkTo('posted'), 'term-start:2025-10-09'],
    ['an evaluation', () => walkTo('serving'), 'evaluation:2025-10-09:1'],
    ['a reminder', () => walkTo('serving'), 'reminder:2028-10-08:90'],
    ['the overdue mark', () => walkTo('serving'), 'overdue:2028-10-08'],
    ['the completion', () => endDecided(walkTo('ending')), 'completed:2028-10-08'],
  ];

  it.each(cases)('%s fires at its instant, then is no longer pending, and firing it again is refused', (_what, walk, key) => {
    const before = walk();
    const command = fireCommand(before, key);
    const timer = pendingTimers(before.state).find((t) => t.key === key)!;
    expect(refused({ ...command, at: plus(timer.at, -1) }, before.state)).toMatchObject({ kind: 'wrong_stage' });
    const events = decide(command, before.state);
    expect(events).toEqual([{ ...timer.event, actor: ACTORS.system, at: command.at, requestId: null }]);
    const after = act(before, command);
    expect(keys(after.state)).not.toContain(key);
    // Timers whose event does not change what derives them are remembered as fired.
    if ('timerKey' in timer.event.data) expect(after.state.firedTimers).toContain(key);
    expect(refused({ ...command, at: plus(command.at, 60_000) }, after.state)).toMatchObject({ kind: 'wrong_stage', rule: 'stage' });
  });

  it('a timer key that never existed is refused', () => {
    const serving = walkTo('serving');
    expect(refused({ type: 'fireTimer', key: 'reminder:2030-01-01:90', actor: ACTORS.system, at: '2030-01-01T00:00:00.000Z' }, serving.state)).toMatchObject({ kind: 'wrong_stage', stage: 'serving' });
  });

  it('timers fire in order, earliest first', () => {
    let walked = walkTo('serving');
    const fired: string[] = [];
    for (let timer = nextTimer(walked.state); timer && fired.length < 10; timer = nextTimer(walked.state)) {
      fired.push(timer.key);
      walked = fire(walked, timer.key);
    }
    expect(fired).toEqual(['evaluation:2025-10-09:1', 'evaluation:2025-10-09:2', 'reminder:2028-10-08:90', 'reminder:2028-10-08:30', 'reminder:2028-10-08:7', 'overdue:2028-10-08']);
    expect(walked.state).toMatchObject({ stage: 'ending', overdue: true });
    expect(pendingTimers(walked.state)).toEqual([]);
  });
});

describe('a transfer', () => {
  it('has no term timers', () => {
    const decided = act(walkTo('awaiting_decision', TRANSFER), issueDecisionCommand());
    expect(pendingTimers(decided.state)).toEqual([]);
  });
});
