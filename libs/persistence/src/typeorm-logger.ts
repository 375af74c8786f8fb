import type { Logger as TypeOrmLogger } from 'typeorm';
import { createLogger } from '@app/logging';

/** TypeORM's messages as our JSON lines. A failed query is a warning: its caller gets the error and decides. */
export class TypeOrmJsonLogger implements TypeOrmLogger {
  private readonly out = createLogger('typeorm');

  logQuery(query: string, parameters?: unknown[]): void {
    this.out.trace('query', { query, parameters });
  }
  logQueryError(error: string | Error, query: string): void {
    this.out.warn('query failed', { error: error instanceof Error ? error.message : error, query });
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn('slow query', { ms: time, query });
  }
  logSchemaBuild(message: string): void {
    this.out.info(message);
  }
  logMigration(message: string): void {
    this.out.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.out.warn(text);
    else this.out.info(text);
  }
}
