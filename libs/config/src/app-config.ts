import {
  ConfigError,
  Env,
  readPositiveInt,
  readBoolean,
  readEnum,
  readOptionalString,
  readPort,
  readPostgresUrl,
  readString,
} from './env';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Defaults for every port; each has an environment variable that overrides it. */
export const DEFAULT_PORTS = {
  api: 3000,
  postgres: 5433,
  temporal: 7233,
  temporalUi: 8233,
} as const;

export const DEFAULT_TASK_QUEUE = 'secondment';

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS is on when any TLS option or an API key is given (Temporal Cloud needs it). */
  tls?: {
    serverName?: string;
    serverRootCaCertPath?: string;
    clientCertPath?: string;
    clientKeyPath?: string;
  };
  apiKey?: string;
}

export function readTemporalConfig(env: Env = process.env): TemporalConfig {
  const apiKey = readOptionalString(env, 'TEMPORAL_API_KEY');
  const clientCertPath = readOptionalString(env, 'TEMPORAL_TLS_CERT');
  const clientKeyPath = readOptionalString(env, 'TEMPORAL_TLS_KEY');
  const serverRootCaCertPath = readOptionalString(env, 'TEMPORAL_TLS_CA');
  const serverName = readOptionalString(env, 'TEMPORAL_TLS_SERVER_NAME');
  const tlsWanted = readBoolean(
    env,
    'TEMPORAL_TLS',
    Boolean(apiKey || clientCertPath || clientKeyPath || serverRootCaCertPath),
  );
  if (Boolean(clientCertPath) !== Boolean(clientKeyPath)) {
    throw new ConfigError(
      clientCertPath ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT',
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: give both for mutual TLS, or neither',
      undefined,
    );
  }
  return {
    address: readString(env, 'TEMPORAL_ADDRESS', `127.0.0.1:${DEFAULT_PORTS.temporal}`),
    namespace: readString(env, 'TEMPORAL_NAMESPACE', 'default'),
    taskQueue: readString(env, 'TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE),
    tls: tlsWanted ? { serverName, serverRootCaCertPath, clientCertPath, clientKeyPath } : undefined,
    apiKey,
  };
}

export interface WorkerConfig {
  /** Workflows the worker keeps in memory between their tasks; absent, the SDK's default. */
  maxCachedWorkflows?: number;
}

/**
 * The worker's own settings. WORKER_MAX_CACHED_WORKFLOWS sizes its workflow cache; unset, the SDK
 * sizes it from the V8 heap limit (about 600 per GiB above 200 MiB), which a worker holding many
 * open cases may want to raise (each cached case costs memory; an uncached one is replayed on its next task).
 */
export function readWorkerConfig(env: Env = process.env): WorkerConfig {
  if (readOptionalString(env, 'WORKER_MAX_CACHED_WORKFLOWS') === undefined) return {};
  return { maxCachedWorkflows: readPositiveInt(env, 'WORKER_MAX_CACHED_WORKFLOWS', 1) };
}

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  /** Run pending migrations when an app starts (the stack runs them once before the apps). */
  migrationsRun: boolean;
}

export function readDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const poolSize = readPositiveInt(env, 'DATABASE_POOL_SIZE', 10);
  return {
    url: readPostgresUrl(env, 'DATABASE_URL'),
    poolSize,
    migrationsRun: readBoolean(env, 'DATABASE_MIGRATIONS_RUN', false),
  };
}

export interface ApiConfig {
  host: string;
  port: number;
  /** Base URL people use to reach the API, for links and the start-up banner. */
  publicUrl: string;
}

export function readApiConfig(env: Env = process.env): ApiConfig {
  const host = readString(env, 'HOST', '127.0.0.1');
  const port = readPort(env, 'PORT', DEFAULT_PORTS.api);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { host, port, publicUrl: readString(env, 'PUBLIC_URL', `http://${shownHost}:${port}`) };
}

export interface HttpSecurityConfig {
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For is believed (Express's `trust proxy`
   * as a hop count): 0, the default, takes the address of the connection, so a client cannot choose
   * the address its failed sign-ins are counted against.
   */
  trustProxyHops: number;
  /** Origins whose pages may call the API from a browser (CORS); none by default, as the web UI is served by the API itself. */
  corsOrigins: string[];
}

export function readHttpSecurityConfig(env: Env = process.env): HttpSecurityConfig {
  const hops = readOptionalString(env, 'TRUST_PROXY');
  if (hops !== undefined && !/^\d{1,2}$/.test(hops)) throw new ConfigError('TRUST_PROXY', 'must be the number of proxies in front of the API (0 to 99)', hops);
  const corsOrigins = (readOptionalString(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) throw new ConfigError('CORS_ORIGINS', 'must be a comma-separated list of origins such as https://portal.example.gov.vn (scheme, host and port; no path)', origin);
  }
  return { trustProxyHops: hops === undefined ? 0 : Number(hops), corsOrigins };
}

/** An origin exactly as a browser sends it: http(s), a host, perhaps a port, and nothing after. */
function isOrigin(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === raw;
  } catch {
    return false;
  }
}

export function readLogLevel(env: Env = process.env): LogLevel {
  return readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
}

export function readAuthSecret(env: Env = process.env): string {
  const secret = readString(env, 'AUTH_SECRET');
  if (secret.length < 32) {
    throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters (the stack generates one on first start)', '***');
  }
  return secret;
}

export interface AccessConfig {
  /** Keys the HMAC under which session tokens are stored. */
  authSecret: string;
  /** How long a login lasts (minutes); logout or revocation ends it sooner. */
  sessionTtlMinutes: number;
  /** How long an action waits for its workflow before the API answers 503 (the client retries with its key). */
  actionTimeoutMs: number;
  /** Failed sign-ins allowed for one username within the window before further tries are refused (429). */
  loginMaxFailures: number;
  /** Failed sign-ins allowed from one address (any names) within the window: guessing across many names. */
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  /** List the demo accounts on the sign-in page (`SHOW_DEMO_ACCOUNTS`; the stack turns it on when it seeds them). */
  showDemoAccounts: boolean;
}

export function readAccessConfig(env: Env = process.env): AccessConfig {
  return {
    authSecret: readAuthSecret(env),
    sessionTtlMinutes: readPositiveInt(env, 'SESSION_TTL_MINUTES', 8 * 60),
    actionTimeoutMs: readPositiveInt(env, 'ACTION_TIMEOUT_MS', 15_000),
    loginMaxFailures: readPositiveInt(env, 'LOGIN_MAX_FAILURES', 10),
    loginMaxFailuresPerAddress: readPositiveInt(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 100),
    loginWindowMinutes: readPositiveInt(env, 'LOGIN_WINDOW_MINUTES', 15),
    showDemoAccounts: readBoolean(env, 'SHOW_DEMO_ACCOUNTS', false),
  };
}

/** The largest document an upload may carry (bytes). */
export function readDocumentMaxBytes(env: Env = process.env): number {
  return readPositiveInt(env, 'DOCUMENT_MAX_BYTES', 10 * 1024 * 1024);
}

export interface NotificationConfig {
  /** smtp:// or smtps:// with credentials; absent, email is written to the log instead of sent. */
  smtpUrl?: string;
  /** The From of every email. */
  mailFrom: string;
  /** Base URL of the web app, for the links in messages. */
  publicUrl: string;
  /** Run the dispatcher in this worker (several workers share the outbox safely). */
  dispatch: boolean;
  /** Run the digest schedule from this worker (one schedule per task queue, however many workers). */
  schedule: boolean;
  pollMs: number;
  batchSize: number;
  /** How long a claimed delivery is held before another dispatcher may take it (longer than any send). */
  leaseMs: number;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  webhookTimeoutMs: number;
  smtpTimeoutMs: number;
}

function isSmtpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function readNotificationConfig(env: Env = process.env): NotificationConfig {
  const smtpUrl = readOptionalString(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !isSmtpUrl(smtpUrl)) {
    // Never echo what may hold a password: only what follows the last '@'.
    const shown = smtpUrl.includes('@') ? `***@${smtpUrl.slice(smtpUrl.lastIndexOf('@') + 1)}` : smtpUrl;
    throw new ConfigError('SMTP_URL', 'must be smtp://[user:password@]host[:port] or smtps://…', shown);
  }
  const leaseMs = readPositiveInt(env, 'NOTIFY_LEASE_MS', 120_000);
  const webhookTimeoutMs = readPositiveInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000);
  const smtpTimeoutMs = readPositiveInt(env, 'SMTP_TIMEOUT_MS', 30_000);
  if (leaseMs <= Math.max(webhookTimeoutMs, smtpTimeoutMs)) {
    throw new ConfigError('NOTIFY_LEASE_MS', 'must be longer than WEBHOOK_TIMEOUT_MS and SMTP_TIMEOUT_MS, or a slow send is taken over and sent twice', String(leaseMs));
  }
  return {
    smtpUrl,
    mailFrom: readString(env, 'MAIL_FROM', 'Hệ thống biệt phái <no-reply@localhost>'),
    publicUrl: readApiConfig(env).publicUrl,
    dispatch: readBoolean(env, 'NOTIFY_DISPATCH', true),
    schedule: readBoolean(env, 'NOTIFY_SCHEDULE', true),
    pollMs: readPositiveInt(env, 'NOTIFY_POLL_MS', 1_000),
    batchSize: readPositiveInt(env, 'NOTIFY_BATCH_SIZE', 20),
    leaseMs,
    maxAttempts: readPositiveInt(env, 'NOTIFY_MAX_ATTEMPTS', 8),
    backoffBaseMs: readPositiveInt(env, 'NOTIFY_BACKOFF_BASE_MS', 30_000),
    backoffMaxMs: readPositiveInt(env, 'NOTIFY_BACKOFF_MAX_MS', 60 * 60_000),
    webhookTimeoutMs,
    smtpTimeoutMs,
  };
}
