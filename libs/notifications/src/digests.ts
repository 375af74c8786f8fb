import type { CaseForm, LocalDate } from '@app/domain';
import type { NotificationFacts } from './planner';
import type { NotificationKind } from './routes';

/** A term ending within the digest's horizon. */
export interface DigestTerm {
  caseId: string;
  officialName: string;
  form: CaseForm;
  sendingUnit: string;
  receivingUnit: string;
  termEnd: LocalDate;
  stage: string;
  /** No end-or-extend decision yet. */
  undecided: boolean;
}

/** A step past its deadline, or a term past its end with no decision. */
export interface DigestOverdue {
  caseId: string;
  officialName: string;
  sendingUnit: string;
  receivingUnit: string;
  stage: string;
  /** The step's deadline, or the term's end. */
  due: LocalDate;
  escalationLevel: number;
}

/** The Monday digest to Home Affairs. */
export interface WeeklyDigestFacts {
  /** The day it was made (local date). */
  day: LocalDate;
  horizonDays: number;
  termsEnding: DigestTerm[];
  overdueSteps: DigestOverdue[];
  overdueTerms: DigestOverdue[];
}

/** A quiet recipient's held messages, in one. */
export interface DailyDigestFacts {
  day: LocalDate;
  items: { kind: Exclude<NotificationKind, 'weekly_digest' | 'daily_digest'>; occurredAt: string; facts: NotificationFacts }[];
}
