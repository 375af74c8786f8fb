import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { TemporalConfig } from '@app/config';
import { EventStoreRepository, type StoredDomainEvent } from '@app/persistence';
import { TEMPORAL_CONFIG } from '@app/temporal';
import { PROBE_WORKFLOW_TYPE, probeStateQuery, type ProbeInput, type ProbeState } from '@app/workflows/probe.contracts';
import { CaseStage } from '@app/workflows/search-attributes';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { problem } from '../common/problem-details';
import type { ProbeDto, ProbeEventDto } from './dto/create-probe.dto';

const RESULT_TIMEOUT_MS = 15_000;

/**
 * The thin slice that proves the wiring: a request starts a workflow, its activity writes an event
 * through TypeORM, and reads come back from PostgreSQL and from a workflow query.
 */
@Injectable()
export class ProbesService {
  constructor(
    private readonly client: Client,
    private readonly events: EventStoreRepository,
    @Inject(TEMPORAL_CONFIG) private readonly temporal: TemporalConfig,
  ) {}

  async create(message: string, idempotencyKey?: string): Promise<ProbeDto> {
    // A retried request with the same key reaches the same workflow, so it has one effect.
    const probeId = idempotencyKey
      ? `probe-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`
      : `probe-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const input: ProbeInput = { probeId, message, requestedBy: 'anonymous', requestedAt: new Date().toISOString() };
    const workflowId = workflowIdOf(probeId);
    try {
      // A running probe with this id is joined; a finished one is never run a second time.
      await this.client.workflow.start(PROBE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: CaseStage, value: 'probe' }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    try {
      await this.client.withDeadline(Date.now() + RESULT_TIMEOUT_MS, () => this.client.workflow.getHandle(workflowId).result());
    } catch {
      throw problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow-unavailable',
        { vi: 'Hệ thống xử lý chưa trả lời kịp', en: 'The workflow did not answer in time' },
        {
          vi: `Probe ${probeId} đã được khởi động nhưng chưa ghi nhận trong ${RESULT_TIMEOUT_MS / 1000} giây; hãy gửi lại với cùng Idempotency-Key.`,
          en: `Probe ${probeId} was started but not recorded within ${RESULT_TIMEOUT_MS / 1000} s; retry with the same Idempotency-Key.`,
        },
        { probeId },
      );
    }
    return this.find(probeId);
  }

  async find(probeId: string): Promise<ProbeDto> {
    const [events, workflowState] = await Promise.all([this.events.readCase(probeId), this.queryState(probeId)]);
    if (events.length === 0 && workflowState === null) {
      throw problem(HttpStatus.NOT_FOUND, 'not-found', { vi: 'Không tìm thấy', en: 'No such probe' }, { vi: `Không có probe ${probeId}.`, en: `There is no probe ${probeId}.` });
    }
    return { probeId, workflowId: workflowIdOf(probeId), events: events.map(toDto), workflowState };
  }

  private async queryState(probeId: string): Promise<ProbeState | null> {
    try {
      return await this.client.workflow.getHandle(workflowIdOf(probeId)).query(probeStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}

function workflowIdOf(probeId: string): string {
  return `probe:${probeId}`;
}

function toDto(event: StoredDomainEvent): ProbeEventDto {
  return {
    caseId: event.caseId,
    version: event.version,
    type: event.type,
    payload: event.payload,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
  };
}
