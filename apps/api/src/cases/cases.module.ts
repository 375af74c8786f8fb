import { Module } from '@nestjs/common';
import type { AccessConfig, TemporalConfig } from '@app/config';
import { CaseClient, TEMPORAL_CONFIG } from '@app/temporal-client';
import { Client } from '@temporalio/client';
import { ACCESS_CONFIG } from '../auth/access-config';
import { CaseActionsService } from './case-actions.service';
import { CaseReadsService } from './case-reads.service';
import { CasesController } from './cases.controller';
import { NominationChecksService } from './nomination-checks.service';
import { NominationsService } from './nominations.service';

/**
 * The cases: reads (list, pipeline, one case, inbox), nominations and the checks before them, the
 * lifecycle actions and their batches. Every change goes to the case's workflow through the case
 * client, which waits at most ACTION_TIMEOUT_MS for its answer.
 */
@Module({
  controllers: [CasesController],
  providers: [
    {
      provide: CaseClient,
      inject: [Client, TEMPORAL_CONFIG, ACCESS_CONFIG],
      useFactory: (client: Client, temporal: TemporalConfig, access: AccessConfig) => new CaseClient(client, temporal.taskQueue, { deadlineMs: access.actionTimeoutMs }),
    },
    CaseReadsService,
    NominationsService,
    NominationChecksService,
    CaseActionsService,
  ],
  exports: [CaseReadsService, NominationsService],
})
export class CasesModule {}
