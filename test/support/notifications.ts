import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handle, type Actor, type CaseCommand, type CaseRules, type CaseState, type CommandOf, type LocalDate } from '@app/domain';
import { DEMO_ACCOUNTS, DEMO_OFFICIALS, DEMO_UNITS, type CaseStore } from '@app/persistence';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received email: the SMTP envelope, the raw message and its parse. */
export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** The next N messages are refused at DATA with this reply code (e.g. 451 to retry, 550 for good). */
  refuseNext(count: number, code: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port (no TLS, no auth): what it accepts, it keeps. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals: { count: number; code: number } = { count: 0, code: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals.count > 0) {
          refusals = { ...refusals, count: refusals.count - 1 };
          const error = Object.assign(new Error(refusals.code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: refusals.code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A sender that dies mid-conversation (the fault suite kills the worker) resets its connection: that
  // is the sender's end, not a failure of the server. Anything else is.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
      process.nextTick(() => {
        throw error;
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (count, code) => {
      refusals = { count, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestHttpReceiver {
  url: string;
  received: ReceivedRequest[];
  /** The status the receiver answers with from now on. */
  answer(status: number): void;
  close(): Promise<void>;
}

/** A real HTTP server that records every POST and answers with the status it is told. */
export async function startHttpReceiver(): Promise<TestHttpReceiver> {
  const received: ReceivedRequest[] = [];
  let status = 200;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  // A sender that dies mid-conversation (the fault suite kills the worker) resets its connection: that
  // is the sender's end, not a failure of the server. Anything else is.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
      process.nextTick(() => {
        throw error;
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The demo account as the actor the API would make of it. */
export function demoActor(username: string): Actor {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  const actor: Actor = { id: account.username, name: account.name, role: account.role };
  if (account.unitId) actor.unitId = account.unitId;
  if (account.personId) actor.personId = account.personId;
  return actor;
}

function demoUnit(id: string) {
  const unit = DEMO_UNITS.find((u) => u.id === id);
  if (!unit) throw new Error(`no demo unit ${id}`);
  return unit;
}

/**
 * A case of the demo province driven straight through the decider and the real store, with no
 * workflow: each step is one `CaseStore.record` (the transaction that also fills the outbox).
 */
export class StoredCase {
  state: CaseState | null = null;

  constructor(
    private readonly store: CaseStore,
    readonly caseId: string,
  ) {}

  async run(command: CaseCommand): Promise<CaseState> {
    const { events, state } = handle(command, this.state);
    await this.store.record({ caseId: this.caseId, fromVersion: this.state?.version ?? 0, events });
    this.state = state;
    return state;
  }

  /** Nominates cc-0001 (Nguyễn Văn An, Sở Tài chính) for Xã Cư Bao, by hr.taichinh. */
  propose(rules: CaseRules, at: string, plannedStart: LocalDate): Promise<CaseState> {
    const official = DEMO_OFFICIALS[0];
    const command: CommandOf<'propose'> = {
      type: 'propose',
      caseId: this.caseId,
      actor: demoActor('hr.taichinh'),
      at,
      form: 'secondment',
      official: { id: official.id, name: official.name, title: official.title },
      sendingUnit: demoUnit('so-tai-chinh'),
      receivingUnit: demoUnit('xa-cu-bao'),
      position: 'Kế toán ngân sách xã',
      plannedStart,
      reason: 'Xã Cư Bao thiếu công chức tài chính – kế toán sau sắp xếp',
      rules,
    };
    return this.run(command);
  }
}

/**
 * Retries a check until it passes or the wait runs out (then its last failure is thrown). Time
 * skipping returns once the timer is due; the workflow's own write to PostgreSQL may land a moment
 * later, so what it writes is awaited, not assumed.
 */
export async function eventually<T>(check: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
