import type { EventProjection } from '../event-store/event-projection';
import { followReservation } from '../registry/eligibility.repository';

/** The reservation of the official a case proposes: confirmed once the case is proposed, released once it closes. */
export const caseReservations: EventProjection = {
  name: 'case reservations',
  project: ({ caseId, events, after }, tx) => followReservation(tx, caseId, events, after),
};
