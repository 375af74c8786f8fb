/**
 * Reads with a memory of what is already known: a screen shows the last answer at once and
 * refreshes it in the background (no spinner over data the user has seen), and a write
 * invalidates the reads it changes.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, asApiError, get } from './api';

interface Entry {
  data?: unknown;
  error?: ApiError;
  at: number;
  inflight?: Promise<void>;
}

const cache = new Map<string, Entry>();
const subscribers = new Map<string, Set<() => void>>();

function publish(key: string): void {
  for (const listener of subscribers.get(key) ?? []) listener();
}

function load(key: string): Promise<void> {
  const entry = cache.get(key) ?? { at: 0 };
  cache.set(key, entry);
  if (entry.inflight) return entry.inflight;
  entry.inflight = get<unknown>(key)
    .then(
      (data) => {
        entry.data = data;
        entry.error = undefined;
      },
      (error: unknown) => {
        entry.error = asApiError(error);
      },
    )
    .finally(() => {
      entry.at = Date.now();
      entry.inflight = undefined;
      publish(key);
    });
  return entry.inflight;
}

/** Drops every read whose path starts with one of `prefixes` and refreshes those on screen. */
export function invalidate(...prefixes: string[]): void {
  for (const key of [...cache.keys()]) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
    if (subscribers.get(key)?.size) void load(key);
    else cache.delete(key);
  }
}

/** Forgets everything (sign-out, another user). */
export function clearCache(): void {
  cache.clear();
}

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True only while nothing is known yet: a refresh of known data does not block the screen. */
  loading: boolean;
  refreshing: boolean;
  reload: () => Promise<void>;
}

/** `path` is the API path with its query (`/cases?stage=…`); `null` waits. */
export function useResource<T>(path: string | null, options: { refreshMs?: number } = {}): Resource<T> {
  const [, force] = useState(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    if (!path) return;
    const listener = () => mounted.current && force((n) => n + 1);
    const set = subscribers.get(path) ?? new Set();
    set.add(listener);
    subscribers.set(path, set);
    const entry = cache.get(path);
    if (!entry || Date.now() - entry.at > 2_000) void load(path);
    const onFocus = () => void load(path);
    window.addEventListener('focus', onFocus);
    const timer = options.refreshMs ? setInterval(() => void load(path), options.refreshMs) : undefined;
    return () => {
      mounted.current = false;
      set.delete(listener);
      window.removeEventListener('focus', onFocus);
      if (timer) clearInterval(timer);
    };
  }, [path, options.refreshMs]);
  const entry = path ? cache.get(path) : undefined;
  const reload = useCallback(() => (path ? load(path) : Promise.resolve()), [path]);
  return {
    data: entry?.data as T | undefined,
    error: entry?.data === undefined ? entry?.error : undefined,
    loading: Boolean(path) && entry?.data === undefined && entry?.error === undefined,
    refreshing: Boolean(entry?.inflight),
    reload,
  };
}
