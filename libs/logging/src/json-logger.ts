import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';

/**
 * One JSON object per line on stdout, the same shape for the stack, the API, the worker, TypeORM
 * and the Temporal SDK: {"level","time","context",...fields,"msg"}, written by pino. Secrets that
 * end up in fields under the usual names are censored.
 */
export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

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

const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

function levelFromEnv(): Level {
  const configured = process.env.LOG_LEVEL?.trim().toLowerCase() as Level | undefined;
  return configured && LEVELS.includes(configured) ? configured : 'info';
}

const REDACTED_PATHS = ['password', '*.password', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'secret', '*.secret', 'token', '*.token'];

const roots = new Map<Level, Pino>();

function newRoot(level: Level, sink: LogSink): Pino {
  return pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '***' },
    },
    sink,
  );
}

/** One pino (and one stdout writer) per level in a process; a given sink (specs) gets its own. */
function rootLogger(level: Level, sink?: LogSink): Pino {
  if (sink) return newRoot(level, sink);
  let root = roots.get(level);
  if (!root) {
    root = newRoot(level, pino.destination(1));
    roots.set(level, root);
  }
  return root;
}

export function createLogger(context: string, options: { level?: Level; sink?: LogSink } = {}): Logger {
  const out = rootLogger(options.level ?? levelFromEnv(), options.sink).child({ context });
  const at =
    (level: Level) =>
    (msg: string, fields?: Fields): void => {
      if (fields) out[level](fields, msg);
      else out[level](msg);
    };
  return {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    child: (childContext) => createLogger(`${context}.${childContext}`, options),
  };
}

/** Nest's LoggerService over the same JSON lines, so framework messages look like ours. */
export class JsonNestLogger implements LoggerService {
  private readonly loggers = new Map<string, Logger>();

  constructor(
    private readonly app: string,
    private readonly level: Level = levelFromEnv(),
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
      const { msg, ...rest } = message as Fields;
      logger[level](typeof msg === 'string' ? msg : '', { ...fields, ...rest });
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
