import { randomUUID } from 'node:crypto';

/** A non-2xx answer, with its body, so a failed step names what the API said. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body).slice(0, 600)}`);
    this.name = 'HttpError';
  }
}

/**
 * The API over plain fetch (Node's undici: keep-alive, no limit of connections per origin), the way
 * a browser or another service calls it. Each change carries a fresh Idempotency-Key, as the web UI sends.
 */
export class BenchApi {
  readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<void> {
    const body = await this.request<{ token: string }>('POST', '/auth/login', undefined, { username, password });
    this.tokens.set(username, body.token);
  }

  post<T>(user: string, path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, this.token(user), body, randomUUID());
  }

  put<T>(user: string, path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, this.token(user), body, randomUUID());
  }

  get<T>(user: string, path: string): Promise<T> {
    return this.request<T>('GET', path, this.token(user));
  }

  private token(user: string): string {
    const token = this.tokens.get(user);
    if (!token) throw new Error(`${user} is not signed in`);
    return token;
  }

  private async request<T>(method: string, path: string, token?: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new HttpError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}
