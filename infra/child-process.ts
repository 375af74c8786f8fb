import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Logger } from '@app/logging';

/** Forwards a child's output to our log, line by line. Lines that are JSON already keep their fields. */
export function pipeLines(
  stream: Readable | null,
  log: Logger,
  level: 'info' | 'warn' = 'info',
  muted: () => boolean = () => false,
): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => {
    if (line.trim() === '' || muted()) return;
    if (line.startsWith('{')) {
      try {
        const { time: _time, level: _level, msg: _msg, message: _message, ...parsed } = JSON.parse(line) as Record<string, unknown>;
        const text = _msg ?? _message;
        const msg = typeof text === 'string' ? text : '';
        const childLevel = typeof _level === 'string' ? _level.toLowerCase() : level;
        const mapped = childLevel === 'error' || childLevel === 'fatal' || childLevel === 'warn' ? childLevel : level;
        log[mapped](msg, parsed);
        return;
      } catch {
        // not JSON after all
      }
    }
    log[level](line);
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Asks a child to stop with `signal`, and kills it if it has not stopped after `graceMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number, log: Logger): Promise<void> {
  if (hasExited(child)) return;
  child.kill(signal);
  const timer = setTimeout(() => {
    if (!hasExited(child)) {
      log.warn(`still running ${graceMs} ms after ${signal}; killing it`, { pid: child.pid });
      child.kill('SIGKILL');
    }
  }, graceMs);
  await waitForExit(child);
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const tracked = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;

/**
 * Children run in their own process groups (so Ctrl-C reaches only their parent, which stops them
 * in order). Should the parent exit without stopping them, this still signals each one on the way out.
 */
export function trackChild(child: ChildProcess, signalOnExit: NodeJS.Signals): void {
  tracked.set(child, signalOnExit);
  child.once('exit', () => tracked.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const [orphan, signal] of tracked) if (!hasExited(orphan)) orphan.kill(signal);
    });
  }
}
