import { MigrationInterface, QueryRunner } from 'typeorm';

/** The events a decision on a case is recorded by (as they were at this migration's time). */
const DECISIONS = [
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

/**
 * The routes the product shipped with, as this migration stored them (the notifications library's
 * `DEFAULT_ROUTES` of the time, copied here: a migration is history, and later changes to the live
 * defaults do not rewrite it; a change of defaults is a migration of its own).
 */
const DEFAULT_ROUTES = [
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

/**
 * Notifications: who hears what (routes, as data), each person's messages (the in-app inbox, written
 * in the transaction of the event that causes them), and the outbox of email and webhook deliveries
 * a dispatcher works through, at least once, each under a dedupe key.
 */
export class Notifications1764345600000 implements MigrationInterface {
  name = 'Notifications1764345600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE secondment.user_account
        ADD COLUMN email       text CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        ADD COLUMN notify_mode text NOT NULL DEFAULT 'each' CHECK (notify_mode IN ('each', 'digest')),
        ADD COLUMN reports_to  text REFERENCES secondment.user_account (id) CHECK (reports_to <> id)`);

    await db.query(`
      CREATE TABLE secondment.notification_route (
        id         text        PRIMARY KEY,
        position   integer     NOT NULL,
        kind       text        NOT NULL,
        "on"       text[]      NOT NULL,
        audience   jsonb       NOT NULL,
        mandatory  boolean     NOT NULL,
        enabled    boolean     NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // The defaults the product ships; a province then edits the rows (a later change of defaults is a new migration).
    for (const route of DEFAULT_ROUTES) {
      await db.query(`INSERT INTO secondment.notification_route (id, position, kind, "on", audience, mandatory, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        route.id,
        route.position,
        route.kind,
        route.on,
        JSON.stringify(route.audience),
        route.mandatory,
        route.enabled,
      ]);
    }

    // One row per person per event (or digest): the in-app inbox, and what an email renders from.
    await db.query(`
      CREATE TABLE secondment.notification (
        id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dedupe_key      text        NOT NULL UNIQUE,
        user_id         text        NOT NULL REFERENCES secondment.user_account (id),
        kind            text        NOT NULL,
        route_id        text,
        mandatory       boolean     NOT NULL,
        case_id         text,
        event_version   integer,
        occurred_at     timestamptz NOT NULL,
        facts           jsonb       NOT NULL,
        held_for_digest boolean     NOT NULL DEFAULT false,
        digest_id       bigint      REFERENCES secondment.notification (id),
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        read_at         timestamptz
      )`);
    await db.query(`CREATE INDEX notification_inbox_idx ON secondment.notification (user_id, occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notification_unread_idx ON secondment.notification (user_id) WHERE read_at IS NULL`);
    await db.query(`CREATE INDEX notification_held_idx ON secondment.notification (user_id, occurred_at) WHERE held_for_digest AND digest_id IS NULL`);

    await db.query(`
      CREATE TABLE secondment.webhook_subscription (
        id          text        PRIMARY KEY,
        url         text        NOT NULL CHECK (url ~ '^https?://'),
        secret      text        NOT NULL CHECK (length(secret) >= 32),
        events      text[],
        description text,
        created_by  text        NOT NULL REFERENCES secondment.user_account (id),
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        disabled_at timestamptz,
        disabled_by text        REFERENCES secondment.user_account (id)
      )`);

    // The outbox. 'sending' holds a lease until next_attempt_at; a dispatcher that dies leaves it to expire.
    await db.query(`
      CREATE TABLE secondment.delivery (
        id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dedupe_key      text        NOT NULL UNIQUE,
        channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
        notification_id bigint      REFERENCES secondment.notification (id),
        subscription_id text        REFERENCES secondment.webhook_subscription (id),
        target          text        NOT NULL,
        payload         jsonb,
        status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'logged', 'dead')),
        attempts        integer     NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_error      text,
        delivered_at    timestamptz,
        dead_at         timestamptz,
        replayed_at     timestamptz,
        replayed_by     text        REFERENCES secondment.user_account (id),
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((channel = 'email') = (notification_id IS NOT NULL)),
        CHECK ((channel = 'webhook') = (subscription_id IS NOT NULL AND payload IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX delivery_due_idx ON secondment.delivery (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX delivery_dead_idx ON secondment.delivery (dead_at DESC) WHERE status = 'dead'`);
    await db.query(`CREATE INDEX delivery_notification_idx ON secondment.delivery (notification_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['delivery', 'webhook_subscription', 'notification', 'notification_route']) {
      await db.query(`DROP TABLE secondment.${table}`);
    }
    await db.query(`ALTER TABLE secondment.user_account DROP COLUMN reports_to, DROP COLUMN notify_mode, DROP COLUMN email`);
  }
}
