/**
 * Typed reading of the environment. Every value the apps need comes from here, so a bad
 * variable fails at start-up with a message that names it and the rule it broke.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly rule: string,
    value: string | undefined,
  ) {
    super(`${variable}=${JSON.stringify(value ?? '')}: ${rule}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function readString(env: Env, name: string, fallback?: string): string {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    if (fallback === undefined) throw new ConfigError(name, 'is required', raw);
    return fallback;
  }
  return raw.trim();
}

export function readOptionalString(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

export function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(name, 'must be a whole number from 0 to 65535', raw);
  }
  return value;
}

export function readPositiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(name, 'must be a whole number greater than 0', raw);
  }
  return value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, 'must be true or false', raw);
}

export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim() as T;
  if (!allowed.includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}`, raw);
  }
  return value;
}

export function readPostgresUrl(env: Env, name: string): string {
  const raw = readString(env, name);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL such as postgres://user:password@host:5432/database', redactUrl(raw));
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, 'must start with postgres:// or postgresql://', redactUrl(raw));
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError(name, 'must name a database after the host, as in postgres://host:5432/database', redactUrl(raw));
  }
  return raw;
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}
