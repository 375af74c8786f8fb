import { readAccessConfig, readApiConfig, readDatabaseConfig, readHttpSecurityConfig, readNotificationConfig, readTemporalConfig, readWorkerConfig } from './app-config';
import { ConfigError } from './env';

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(readApiConfig({})).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000' });
    expect(readTemporalConfig({})).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'secondment',
      tls: undefined,
      apiKey: undefined,
    });
  });

  it('takes every value from its variable', () => {
    expect(readApiConfig({ HOST: '0.0.0.0', PORT: '8080' })).toEqual({ host: '0.0.0.0', port: 8080, publicUrl: 'http://localhost:8080' });
    expect(
      readDatabaseConfig({ DATABASE_URL: 'postgres://app:pw@db.internal:5432/secondment', DATABASE_POOL_SIZE: '25', DATABASE_MIGRATIONS_RUN: 'true' }),
    ).toEqual({ url: 'postgres://app:pw@db.internal:5432/secondment', poolSize: 25, migrationsRun: true });
  });

  it("leaves the worker's workflow cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS sizes it", () => {
    expect(readWorkerConfig({})).toEqual({});
    expect(readWorkerConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20000' })).toEqual({ maxCachedWorkflows: 20000 });
    expect(() => readWorkerConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(new ConfigError('WORKER_MAX_CACHED_WORKFLOWS', 'must be a whole number greater than 0', '0'));
  });

  it('turns TLS on for Temporal Cloud when an API key is given', () => {
    const config = readTemporalConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'k' });
    expect(config.tls).toEqual({});
    expect(config.apiKey).toBe('k');
  });

  it.each([
    [{ PORT: '70000' }, 'PORT', 'must be a whole number from 0 to 65535'],
    [{ PORT: 'abc' }, 'PORT', 'must be a whole number from 0 to 65535'],
  ])('refuses %j, naming %s and the rule', (env, variable, rule) => {
    expect(() => readApiConfig(env)).toThrow(new ConfigError(variable, rule, env.PORT));
  });

  it.each([
    [{}, 'DATABASE_URL', 'is required'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL', 'must start with postgres:// or postgresql://'],
    [{ DATABASE_URL: 'postgres://host:5432' }, 'DATABASE_URL', 'must name a database'],
    [{ DATABASE_URL: 'postgres://h/db', DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE', 'must be a whole number greater than 0'],
    [{ DATABASE_URL: 'postgres://h/db', DATABASE_MIGRATIONS_RUN: 'maybe' }, 'DATABASE_MIGRATIONS_RUN', 'must be true or false'],
  ])('refuses database settings %j, naming %s and the rule', (env, variable, rule) => {
    let error: unknown;
    try {
      readDatabaseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(rule);
  });

  it('never prints a database password in an error', () => {
    expect(() => readDatabaseConfig({ DATABASE_URL: 'postgres://app:secret@host:5432' })).toThrow(/app:\*\*\*@host/);
    expect(() => readDatabaseConfig({ DATABASE_URL: 'postgres://app:secret@host:5432' })).not.toThrow(/secret/);
  });

  it('refuses half a client certificate pair', () => {
    expect(() => readTemporalConfig({ TEMPORAL_TLS_CERT: '/x.pem' })).toThrow(/TEMPORAL_TLS_KEY.*go together/);
  });
});

describe('notification configuration from the environment', () => {
  /** The ConfigError a call throws; fails if it throws something else or nothing. */
  function configError(fn: () => unknown): ConfigError {
    try {
      fn();
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError, but the configuration was accepted');
  }

  it('uses the documented defaults when nothing is set: no SMTP (email goes to the log), dispatch and schedule on', () => {
    expect(readNotificationConfig({})).toEqual({
      smtpUrl: undefined,
      mailFrom: 'Hệ thống biệt phái <no-reply@localhost>',
      publicUrl: 'http://127.0.0.1:3000',
      dispatch: true,
      schedule: true,
      pollMs: 1_000,
      batchSize: 20,
      leaseMs: 120_000,
      maxAttempts: 8,
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
      webhookTimeoutMs: 10_000,
      smtpTimeoutMs: 30_000,
    });
  });

  it('takes every value from its variable', () => {
    expect(
      readNotificationConfig({
        SMTP_URL: 'smtps://mailer:pw@smtp.daklak.gov.vn:465',
        MAIL_FROM: 'Biệt phái Đắk Lắk <bietphai@daklak.gov.vn>',
        PUBLIC_URL: 'https://bietphai.daklak.gov.vn',
        NOTIFY_DISPATCH: 'false',
        NOTIFY_SCHEDULE: 'no',
        NOTIFY_POLL_MS: '250',
        NOTIFY_BATCH_SIZE: '50',
        NOTIFY_LEASE_MS: '90000',
        NOTIFY_MAX_ATTEMPTS: '5',
        NOTIFY_BACKOFF_BASE_MS: '1000',
        NOTIFY_BACKOFF_MAX_MS: '600000',
        WEBHOOK_TIMEOUT_MS: '5000',
        SMTP_TIMEOUT_MS: '20000',
      }),
    ).toEqual({
      smtpUrl: 'smtps://mailer:pw@smtp.daklak.gov.vn:465',
      mailFrom: 'Biệt phái Đắk Lắk <bietphai@daklak.gov.vn>',
      publicUrl: 'https://bietphai.daklak.gov.vn',
      dispatch: false,
      schedule: false,
      pollMs: 250,
      batchSize: 50,
      leaseMs: 90_000,
      maxAttempts: 5,
      backoffBaseMs: 1_000,
      backoffMaxMs: 600_000,
      webhookTimeoutMs: 5_000,
      smtpTimeoutMs: 20_000,
    });
  });

  it('takes the links’ base URL from the API’s public URL', () => {
    expect(readNotificationConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it.each(['smtp://mail.example:25', 'smtp://mailer:pw@mail.example:587', 'smtps://mail.example', 'smtps://mailer:pw@mail.example:465'])('accepts SMTP_URL %s', (url) => {
    expect(readNotificationConfig({ SMTP_URL: url }).smtpUrl).toBe(url);
  });

  it('treats an empty SMTP_URL as none', () => {
    expect(readNotificationConfig({ SMTP_URL: '  ' }).smtpUrl).toBeUndefined();
  });

  it.each(['http://mailer:s3cret@mail.example:25', 'smtpx://mailer:s3cret@mail.example', 'mail.example:25', 'smtp://', 'smtp:// mail.example'])(
    'refuses SMTP_URL %s, naming SMTP_URL and the schemes, without the password',
    (url) => {
      const error = configError(() => readNotificationConfig({ SMTP_URL: url }));

      expect(error.variable).toBe('SMTP_URL');
      expect(error.message).toMatch(/^SMTP_URL=/);
      expect(error.message).toContain('smtp://');
      expect(error.message).toContain('smtps://');
      expect(error.message).not.toContain('s3cret');
    },
  );

  it('shows of a refused SMTP_URL only the host, never the credentials', () => {
    const message = configError(() => readNotificationConfig({ SMTP_URL: 'http://mailer:s3cret@mail.example:25' })).message;
    expect(message).toContain('***@mail.example:25');
    expect(message).not.toContain('mailer:s3cret');
  });

  it.each([
    [{ NOTIFY_LEASE_MS: '30000' }, 'as long as the default SMTP timeout'],
    [{ NOTIFY_LEASE_MS: '20000' }, 'shorter than the default SMTP timeout'],
    [{ NOTIFY_LEASE_MS: '60000', SMTP_TIMEOUT_MS: '60000' }, 'as long as the SMTP timeout'],
    [{ NOTIFY_LEASE_MS: '60000', SMTP_TIMEOUT_MS: '5000', WEBHOOK_TIMEOUT_MS: '60000' }, 'as long as the webhook timeout'],
    [{ NOTIFY_LEASE_MS: '60000', SMTP_TIMEOUT_MS: '5000', WEBHOOK_TIMEOUT_MS: '90000' }, 'shorter than the webhook timeout'],
    [{ WEBHOOK_TIMEOUT_MS: '120000' }, 'the default lease as long as the webhook timeout'],
  ])('refuses a lease that does not outlast every send: %j (%s)', (env: Record<string, string>, _why: string) => {
    const error = configError(() => readNotificationConfig(env));

    expect(error.variable).toBe('NOTIFY_LEASE_MS');
    expect(error.message).toContain('WEBHOOK_TIMEOUT_MS');
    expect(error.message).toContain('SMTP_TIMEOUT_MS');
  });

  it('accepts a lease just longer than the longest send', () => {
    expect(readNotificationConfig({ NOTIFY_LEASE_MS: '30001' }).leaseMs).toBe(30_001);
    expect(readNotificationConfig({ NOTIFY_LEASE_MS: '10001', SMTP_TIMEOUT_MS: '10000', WEBHOOK_TIMEOUT_MS: '10000' }).leaseMs).toBe(10_001);
  });

  it.each([
    ['NOTIFY_POLL_MS', '0'],
    ['NOTIFY_BATCH_SIZE', 'ten'],
    ['NOTIFY_LEASE_MS', '-1'],
    ['NOTIFY_MAX_ATTEMPTS', '2.5'],
    ['NOTIFY_BACKOFF_BASE_MS', '1e'],
    ['NOTIFY_BACKOFF_MAX_MS', '0'],
    ['WEBHOOK_TIMEOUT_MS', 'soon'],
    ['SMTP_TIMEOUT_MS', '-30000'],
  ])('refuses %s=%s, naming the variable and the rule', (variable, value) => {
    const error = configError(() => readNotificationConfig({ [variable]: value }));

    expect(error).toEqual(new ConfigError(variable, 'must be a whole number greater than 0', value));
    expect(error.variable).toBe(variable);
  });

  it.each(['NOTIFY_DISPATCH', 'NOTIFY_SCHEDULE'])('refuses %s that is not true or false', (variable) => {
    const error = configError(() => readNotificationConfig({ [variable]: 'sometimes' }));

    expect(error.variable).toBe(variable);
    expect(error.message).toContain('must be true or false');
  });
});

describe('readNotificationConfig: an SMTP_URL with a typo', () => {
  it.each(['mailer:s3cret@mail.example:587', 'smtp:/mailer:s3cret@mail.example:587', 'smtps://mailer:s3cret@'])('refuses %s, naming the variable and never printing the password', (raw) => {
    let error: unknown;
    try {
      readNotificationConfig({ SMTP_URL: raw });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('SMTP_URL');
    expect((error as ConfigError).message).not.toContain('s3cret');
  });
});

describe('secrets and the HTTP edge from the environment', () => {
  const SECRET = 'k'.repeat(31) + 'Z';

  it('takes the token secret from AUTH_SECRET only: there is no default, in any mode', () => {
    // The apps read it as production does; only the embedded stack (infra/stack.ts) generates one, into its data folder, and hands it over in the environment.
    for (const env of [{}, { AUTH_SECRET: '' }, { AUTH_SECRET: '   ' }, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }]) {
      expect(() => readAccessConfig(env)).toThrow(new ConfigError('AUTH_SECRET', 'is required', (env as { AUTH_SECRET?: string }).AUTH_SECRET));
    }
    expect(readAccessConfig({ AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
  });

  it('refuses a short AUTH_SECRET without printing it', () => {
    const short = 'short-but-secret-value';
    let error: unknown;
    try {
      readAccessConfig({ AUTH_SECRET: short });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('AUTH_SECRET');
    expect((error as ConfigError).message).toContain('at least 32 characters');
    expect((error as ConfigError).message).not.toContain(short);
  });

  it('limits failed sign-ins per name and per address, 10 and 100 in 15 minutes unless set', () => {
    expect(readAccessConfig({ AUTH_SECRET: SECRET })).toMatchObject({ loginMaxFailures: 10, loginMaxFailuresPerAddress: 100, loginWindowMinutes: 15 });
    expect(readAccessConfig({ AUTH_SECRET: SECRET, LOGIN_MAX_FAILURES_PER_ADDRESS: '30' }).loginMaxFailuresPerAddress).toBe(30);
    expect(() => readAccessConfig({ AUTH_SECRET: SECRET, LOGIN_MAX_FAILURES_PER_ADDRESS: '0' })).toThrow(
      new ConfigError('LOGIN_MAX_FAILURES_PER_ADDRESS', 'must be a whole number greater than 0', '0'),
    );
  });

  it('trusts no proxy and opens CORS to no origin unless told', () => {
    expect(readHttpSecurityConfig({})).toEqual({ trustProxyHops: 0, corsOrigins: [] });
    expect(readHttpSecurityConfig({ TRUST_PROXY: '2', CORS_ORIGINS: ' https://cong.daklak.example , http://localhost:5173 ' })).toEqual({
      trustProxyHops: 2,
      corsOrigins: ['https://cong.daklak.example', 'http://localhost:5173'],
    });
  });

  it.each([
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://cong.daklak.example/' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://cong.daklak.example/path' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'ftp://cong.daklak.example' }, 'CORS_ORIGINS'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => readHttpSecurityConfig(env)).toThrow(ConfigError);
    expect(() => readHttpSecurityConfig(env)).toThrow(new RegExp(`^${variable}=`));
  });
});
