import { readApiConfig, readDatabaseConfig, readTemporalConfig } from './app-config';
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
