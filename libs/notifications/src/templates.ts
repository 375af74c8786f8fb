import type { Language } from '@app/domain';
import { caseMessage } from './case-messages';
import { dailyDigest, weeklyDigest } from './digest-messages';
import type { DailyDigestFacts, WeeklyDigestFacts } from './digests';
import { render, type RenderedMessage } from './message-document';
import { context } from './message-words';
import type { NotificationFacts } from './planner';
import type { NotificationKind } from './routes';

export type { RenderedMessage } from './message-document';

/**
 * The message of one kind in one language. `facts` is a NotificationFacts for every kind but the
 * digests (WeeklyDigestFacts, DailyDigestFacts). Pure: dates come from the facts, never the clock.
 * The words are in `message-words.ts`, what each event says in `event-sentences.ts`, the case and
 * digest messages in `case-messages.ts` and `digest-messages.ts`, and the plain-text and HTML
 * rendering in `message-document.ts`.
 */
export function renderNotification(
  kind: NotificationKind,
  facts: NotificationFacts | WeeklyDigestFacts | DailyDigestFacts,
  language: Language,
  publicUrl: string,
): RenderedMessage {
  const c = context(language, publicUrl);
  if (kind === 'weekly_digest') return render(c, weeklyDigest(facts as WeeklyDigestFacts, c));
  if (kind === 'daily_digest') return render(c, dailyDigest(facts as DailyDigestFacts, c));
  return render(c, caseMessage(kind, facts as NotificationFacts, c));
}
