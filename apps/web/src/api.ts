/**
 * The one way the UI talks to the API: bearer token, the reader's language, problem+json errors
 * turned into `ApiError`, and an Idempotency-Key on every write so a retried click never acts twice.
 */
import type { Problem } from './types';

export const API_BASE = '/api/v1';
const SESSION_KEY = 'secondment.session';

export interface StoredSession {
  token: string;
  expiresAt: string;
}

export function storedSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(session: StoredSession | null): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
}

/** Any failure as an ApiError: one the API answered as it is, anything else (a thrown error, no network) as status 0. */
export function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, { type: 'about:blank', title: String(failure), status: 0, detail: '' });
}

let language: 'vi' | 'en' = 'vi';
let onUnauthenticated: () => void = () => undefined;

export function configureApi(options: { language?: 'vi' | 'en'; onUnauthenticated?: () => void }): void {
  if (options.language) language = options.language;
  if (options.onUnauthenticated) onUnauthenticated = options.onUnauthenticated;
}

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const session = storedSession();
  return {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': language,
    ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
    ...extra,
  };
}

async function failure(response: Response): Promise<ApiError> {
  let problem: Problem;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: '' };
  }
  if (response.status === 401) onUnauthenticated();
  return new ApiError(response.status, problem);
}

/** A network failure (offline, the API restarting) as a problem the screens show like any other. */
function unreachable(error: unknown): ApiError {
  return new ApiError(0, {
    type: '/problems/network',
    title: language === 'vi' ? 'Không kết nối được máy chủ' : 'The server cannot be reached',
    status: 0,
    detail: language === 'vi' ? 'Kiểm tra kết nối mạng rồi thử lại.' : 'Check the connection and try again.',
    messages: undefined,
    ...(error instanceof Error ? { instance: error.message } : {}),
  });
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, query), { headers: headers() });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/**
 * A write. Pass the same `idempotencyKey` when the user retries the same act (a form keeps its
 * key until it succeeds), so the API answers a repeat with the first result.
 */
export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers: headers({
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A multipart upload (documents). */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(API_BASE + path, { method: 'POST', headers: headers(), body: form });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** A file from the API (an export) saved under the name the API gives. */
export async function download(path: string, query?: Query): Promise<void> {
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, query), { headers: headers({ Accept: '*/*' }) });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) throw await failure(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'export';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
