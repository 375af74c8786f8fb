import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';

/**
 * One JSON object per line on stdout, the same shape for the stack, the API, the worker and the
 * Temporal SDK: {"time","level","context","msg",...fields}. Levels follow pino's names.
 */
export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const RANK: Record<Level, number> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 };

export type Fields = Record<string, unknown>;

export interface Logger {
  fatal(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  trace(msg: string, fields?: Fields): void;
  child(context: string): Logger;
}

export interface LogSink {
  write(line: string): void;
}

export function createLogger(
  context: string,
  options: { level?: Level; sink?: LogSink; base?: Fields } = {},
): Logger {
  const threshold = RANK[options.level ?? (process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? RANK.info;
  const sink = options.sink ?? process.stdout;
  const base = options.base ?? {};
  const emit = (level: Level, msg: string, fields?: Fields): void => {
    if (RANK[level] < threshold) return;
    const record: Fields = { time: new Date().toISOString(), level, context, msg, ...base };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) record[key] = serialise(value);
    }
    sink.write(`${JSON.stringify(record)}\n`);
  };
  return {
    fatal: (msg, fields) => emit('fatal', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    debug: (msg, fields) => emit('debug', msg, fields),
    trace: (msg, fields) => emit('trace', msg, fields),
    child: (childContext) => createLogger(`${context}.${childContext}`, options),
  };
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/** Nest's LoggerService over the same JSON lines, so framework messages look like ours. */
export class JsonNestLogger implements LoggerService {
  private readonly loggers = new Map<string, Logger>();

  constructor(
    private readonly app: string,
    private readonly level: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
    private readonly sink?: LogSink,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest, true);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest, true);
  }
  setLogLevels(_levels: NestLogLevel[]): void {
    // The level comes from LOG_LEVEL; Nest's per-level switches are not used.
  }

  private write(level: Level, message: unknown, rest: unknown[], withStack = false): void {
    // Nest passes (message, context) or (message, stack, context).
    const params = rest.filter((param) => param !== undefined && param !== null);
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : 'Nest';
    const stack = withStack && typeof params[0] === 'string' ? (params.shift() as string) : undefined;
    const logger = this.loggerFor(context);
    const fields: Fields = {};
    if (stack) fields.stack = stack;
    if (params.length > 0) fields.details = params;
    if (message instanceof Error) {
      logger[level](message.message, { ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      const text = (message as { msg?: unknown }).msg;
      logger[level](typeof text === 'string' ? text : '', { ...fields, ...(message as Fields) });
    } else {
      logger[level](String(message), Object.keys(fields).length ? fields : undefined);
    }
  }

  private loggerFor(context: string): Logger {
    let logger = this.loggers.get(context);
    if (!logger) {
      logger = createLogger(`${this.app}.${context}`, { level: this.level, sink: this.sink });
      this.loggers.set(context, logger);
    }
    return logger;
  }
}
