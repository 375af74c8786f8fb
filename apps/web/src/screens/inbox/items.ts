/** An inbox item's deadline: the day it is due, whether it is late, how that reads, and the inbox's order. */
import { daysUntil } from '../../format';
import type { Translate } from '../../i18n';
import type { ActionName, InboxItem } from '../../types';
import { S } from './strings';

/** Actions done from the list itself; the others open the case and its form. */
export const QUICK: readonly ActionName[] = ['approve', 'returnForChanges', 'reject'];
const IN_TERM = ['posted', 'serving', 'ending'];

/** The day an item is due: the step's deadline, or the term's end for a case in its term. */
export function dueOf(item: InboxItem): string | null {
  return item.stageDeadline ?? (IN_TERM.includes(item.stage) ? (item.termEnd ?? null) : null);
}

export function isLate(item: InboxItem): boolean {
  return item.stageOverdue || item.overdue;
}

export function dueText(t: Translate, day: string): string {
  const n = daysUntil(day);
  return n < 0 ? t(S.daysOverdue, { n: -n }) : n === 0 ? t(S.dueToday) : t(S.daysLeft, { n });
}

/** Deadlines first (overdue at the top), then the oldest nomination. */
export function byDeadline(a: InboxItem, b: InboxItem): number {
  const da = dueOf(a) ?? '9999-12-31';
  const db = dueOf(b) ?? '9999-12-31';
  return da < db ? -1 : da > db ? 1 : a.proposedAt.localeCompare(b.proposedAt);
}
