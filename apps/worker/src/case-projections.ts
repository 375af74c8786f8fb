import { caseReservations, notificationOutbox, READ_MODELS, type EventProjection } from '@app/persistence';

/**
 * What every recorded transition runs in its transaction, in this order, right after its events:
 * the read models (the case list, which also keeps the state the next transition applies to, and
 * the officials' moves), the notification outbox (messages, emails and webhooks, planned by the
 * routes), and the reservation of the official the case proposes. A new consumer is one more entry.
 */
export const CASE_PROJECTIONS: readonly EventProjection[] = [...READ_MODELS, notificationOutbox, caseReservations];
