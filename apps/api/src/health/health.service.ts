import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';

export type PartStatus = { status: 'up'; latencyMs: number } | { status: 'down'; latencyMs: number; error: string };

export interface HealthReport {
  status: 'up' | 'down';
  checks: { database: PartStatus; temporal: PartStatus };
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(Connection) private readonly temporal: Connection,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      timed(() => this.dataSource.query('SELECT 1')),
      timed(() => this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => this.temporal.healthService.check({}))),
    ]);
    return { status: database.status === 'up' && temporal.status === 'up' ? 'up' : 'down', checks: { database, temporal } };
  }
}

async function timed(check: () => Promise<unknown>): Promise<PartStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
