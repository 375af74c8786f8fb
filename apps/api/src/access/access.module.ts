import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { readAccessConfig, type AccessConfig, type TemporalConfig } from '@app/config';
import { AccountsRepository, CaseQueries, DirectoryRepository, DocumentsRepository, IdempotencyRepository } from '@app/persistence';
import { CaseClient, TEMPORAL_CONFIG } from '@app/temporal-client';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AuthGuard } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../common/idempotency.interceptor';
import { ACCESS_CONFIG } from './access.tokens';

/** The API's shared parts: repositories over the one DataSource, the case client, the guard and the idempotency interceptor. */
@Global()
@Module({
  providers: [
    { provide: ACCESS_CONFIG, useFactory: (): AccessConfig => readAccessConfig() },
    { provide: AccountsRepository, inject: [DataSource, ACCESS_CONFIG], useFactory: (ds: DataSource, config: AccessConfig) => new AccountsRepository(ds, config.authSecret) },
    { provide: CaseQueries, inject: [DataSource], useFactory: (ds: DataSource) => new CaseQueries(ds) },
    { provide: DirectoryRepository, inject: [DataSource], useFactory: (ds: DataSource) => new DirectoryRepository(ds) },
    { provide: DocumentsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new DocumentsRepository(ds) },
    { provide: IdempotencyRepository, inject: [DataSource], useFactory: (ds: DataSource) => new IdempotencyRepository(ds) },
    { provide: CaseClient, inject: [Client, TEMPORAL_CONFIG], useFactory: (client: Client, config: TemporalConfig) => new CaseClient(client, config.taskQueue) },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [ACCESS_CONFIG, AccountsRepository, CaseQueries, DirectoryRepository, DocumentsRepository, IdempotencyRepository, CaseClient],
})
export class AccessModule {}
