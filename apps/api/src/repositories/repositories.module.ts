import { Global, Module } from '@nestjs/common';
import type { AccessConfig } from '@app/config';
import { AccountsRepository, CaseQueries, DirectoryRepository, DocumentsRepository, IdempotencyRepository } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ACCESS_CONFIG } from '../auth/access-config';

/**
 * The repositories the API's controllers and services inject, each over the one DataSource
 * (PersistenceModule provides the ones the worker shares: the case store, the province rules, the
 * eligibility rules, the notifications). Controllers and services take repositories by injection, from here.
 */
@Global()
@Module({
  providers: [
    { provide: AccountsRepository, inject: [DataSource, ACCESS_CONFIG], useFactory: (ds: DataSource, config: AccessConfig) => new AccountsRepository(ds, config.authSecret) },
    { provide: CaseQueries, inject: [DataSource], useFactory: (ds: DataSource) => new CaseQueries(ds) },
    { provide: DirectoryRepository, inject: [DataSource], useFactory: (ds: DataSource) => new DirectoryRepository(ds) },
    { provide: DocumentsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new DocumentsRepository(ds) },
    { provide: IdempotencyRepository, inject: [DataSource], useFactory: (ds: DataSource) => new IdempotencyRepository(ds) },
  ],
  exports: [AccountsRepository, CaseQueries, DirectoryRepository, DocumentsRepository, IdempotencyRepository],
})
export class RepositoriesModule {}
