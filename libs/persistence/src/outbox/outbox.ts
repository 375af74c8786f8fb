import { evolve, localDateOf, type CaseEvent, type CaseState } from '@app/domain';
import { caseFacts, planNotifications, routeProblems, type DelegationInForce, type NotificationRoute, type Person } from '@app/notifications';
import type { EntityManager } from 'typeorm';
import type { EventProjection } from '../event-store/event-projection';

export const PERSON_COLUMNS = `id, display_name AS name, role, unit_id AS "unitId", person_id AS "personId", language, email, notify_mode AS "notifyMode", reports_to AS "reportsTo"`;

/** A route that does not hold together is refused loudly, never skipped in silence. */
function checkedRoutes(routes: NotificationRoute[]): NotificationRoute[] {
  for (const route of routes) {
    const problems = routeProblems(route);
    if (problems.length > 0) throw new Error(`notification route ${route.id} is not valid: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`);
  }
  return routes;
}

const ROUTE_COLUMNS = `id, position, kind, "on", audience, mandatory, enabled`;

/** The routes in force, each checked. */
export async function loadRoutes(manager: Pick<EntityManager, 'query'>): Promise<NotificationRoute[]> {
  return checkedRoutes(await manager.query<NotificationRoute[]>(`SELECT ${ROUTE_COLUMNS} FROM secondment.notification_route WHERE enabled ORDER BY position, id`));
}

interface OutboxInputs {
  routes: NotificationRoute[];
  people: Person[];
  delegations: DelegationInForce[];
  subscriptions: { id: string; url: string; events: string[] | null }[];
}

/**
 * Everything a transition's outbox is planned from, in one round trip (it runs inside every step's
 * transaction): the routes in force, the webhook subscriptions, and the people the case's events may
 * concern — province-wide roles, its units' staff, its proposer and official, their deputies under
 * delegations in force on the events' days, and the superiors of all of them.
 */
async function outboxInputs(manager: EntityManager, states: CaseState[], days: string[]): Promise<OutboxInputs> {
  const unitIds = [...new Set(states.flatMap((s) => [s.sendingUnit.id, s.receivingUnit.id]))];
  const last = states[states.length - 1];
  const from = days.reduce((a, b) => (a < b ? a : b));
  const to = days.reduce((a, b) => (a > b ? a : b));
  const [row] = await manager.query<OutboxInputs[]>(
    `WITH concerned AS (
       SELECT id FROM secondment.user_account
        WHERE disabled_at IS NULL
          AND (role IN ('home_affairs_officer', 'party_secretariat') OR unit_id = ANY($1::text[]) OR person_id = $2 OR id = $3)),
     delegations AS (
       SELECT delegator_id AS "delegatorId", deputy_id AS "deputyId", starts_on::text AS "startsOn", ends_on::text AS "endsOn"
         FROM secondment.delegation
        WHERE revoked_at IS NULL AND delegator_id IN (SELECT id FROM concerned) AND starts_on <= $5::date AND ends_on >= $4::date),
     base AS (
       SELECT id, reports_to FROM secondment.user_account
        WHERE disabled_at IS NULL AND (id IN (SELECT id FROM concerned) OR id IN (SELECT "deputyId" FROM delegations)))
     SELECT
       (SELECT coalesce(json_agg(r ORDER BY r.position, r.id), '[]') FROM (SELECT ${ROUTE_COLUMNS} FROM secondment.notification_route WHERE enabled) r) AS routes,
       (SELECT coalesce(json_agg(d), '[]') FROM delegations d) AS delegations,
       (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM (
          SELECT ${PERSON_COLUMNS} FROM secondment.user_account
           WHERE disabled_at IS NULL AND (id IN (SELECT id FROM base) OR id IN (SELECT reports_to FROM base))) p) AS people,
       (SELECT coalesce(json_agg(w ORDER BY w.id), '[]') FROM (SELECT id, url, events FROM secondment.webhook_subscription WHERE disabled_at IS NULL) w) AS subscriptions`,
    [unitIds, last.official.id, last.proposer.id, from, to],
  );
  return { ...row, routes: checkedRoutes(row.routes) };
}

/**
 * Fills the outbox for a transition, inside the transaction that stores its events: the people's
 * in-app messages (by the routes), their email deliveries, and one webhook delivery per event for
 * each subscription that wants it. Every row has a dedupe key, so nothing here can exist twice.
 */
export async function writeOutbox(manager: EntityManager, caseId: string, fromVersion: number, before: CaseState | null, events: CaseEvent[]): Promise<void> {
  const states: CaseState[] = [];
  let state = before;
  for (const event of events) {
    state = evolve(state, event);
    states.push(state);
  }
  const { routes, people, delegations, subscriptions } = await outboxInputs(manager, before ? [before, ...states] : states, events.map((e) => localDateOf(e.at)));
  const planned = planNotifications({ routes, caseId, fromVersion, before, events, people, delegations });

  if (planned.length > 0) {
    const rows = await manager.query<{ id: string; dedupeKey: string }[]>(
      `INSERT INTO secondment.notification (dedupe_key, user_id, kind, route_id, mandatory, case_id, event_version, occurred_at, facts, held_for_digest)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::int[], $8::timestamptz[], $9::jsonb[], $10::boolean[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, dedupe_key AS "dedupeKey"`,
      [
        planned.map((p) => p.dedupeKey),
        planned.map((p) => p.userId),
        planned.map((p) => p.kind),
        planned.map((p) => p.routeId),
        planned.map((p) => p.mandatory),
        planned.map((p) => p.caseId),
        planned.map((p) => p.eventVersion),
        planned.map((p) => p.occurredAt),
        planned.map((p) => JSON.stringify(p.facts)),
        planned.map((p) => p.heldForDigest),
      ],
    );
    const ids = new Map(rows.map((r) => [r.dedupeKey, r.id]));
    const emails = planned.filter((p) => p.email !== null && ids.has(p.dedupeKey));
    await insertEmailDeliveries(
      manager,
      emails.map((p) => ({ notificationId: ids.get(p.dedupeKey)!, dedupeKey: p.dedupeKey, email: p.email! })),
    );
  }

  const hooks = events.flatMap((event, i) =>
    subscriptions
      .filter((s) => s.events === null || s.events.includes(event.type))
      .map((s) => {
        const version = fromVersion + 1 + i;
        const dedupeKey = `case:${caseId}:v${version}:webhook:${s.id}`;
        const body = {
          id: dedupeKey,
          type: event.type,
          occurredAt: event.at,
          case: caseFacts(states[i]),
          event: {
            version,
            data: event.type === 'CaseProposed' ? { ...event.data, rules: { version: event.data.rules.version } } : event.data,
            actor: { id: event.actor.id, name: event.actor.name, role: event.actor.role, onBehalfOf: event.actor.onBehalfOf ?? null },
            requestId: event.requestId,
          },
        };
        return { dedupeKey, subscriptionId: s.id, url: s.url, body };
      }),
  );
  if (hooks.length > 0) {
    await manager.query(
      `INSERT INTO secondment.delivery (dedupe_key, channel, subscription_id, target, payload)
       SELECT k, 'webhook', s, u, p FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS h(k, s, u, p)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [hooks.map((h) => h.dedupeKey), hooks.map((h) => h.subscriptionId), hooks.map((h) => h.url), hooks.map((h) => JSON.stringify(h.body))],
    );
  }
}

/** The outbox as a projection of the event store: the worker registers it with the store it records through. */
export const notificationOutbox: EventProjection = {
  name: 'notification outbox',
  project: ({ caseId, fromVersion, before, events }, tx) => writeOutbox(tx, caseId, fromVersion, before, events),
};

/** Email deliveries of stored notifications, keyed `<notification key>:email`. */
export async function insertEmailDeliveries(manager: Pick<EntityManager, 'query'>, emails: { notificationId: string; dedupeKey: string; email: string }[]): Promise<void> {
  if (emails.length === 0) return;
  await manager.query(
    `INSERT INTO secondment.delivery (dedupe_key, channel, notification_id, target)
     SELECT k || ':email', 'email', n, t FROM unnest($1::text[], $2::bigint[], $3::text[]) AS e(k, n, t)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [emails.map((e) => e.dedupeKey), emails.map((e) => e.notificationId), emails.map((e) => e.email)],
  );
}
