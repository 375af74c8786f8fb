import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal-client';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { DelegationsController } from './delegations/delegations.controller';
import { DirectoryController } from './directory/directory.controller';
import { DocumentsController } from './documents/documents.controller';
import { HealthModule } from './health/health.module';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { NotificationsController } from './messages/notifications.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { RegistryModule } from './registry/registry.module';
import { RepositoriesModule } from './repositories/repositories.module';

@Module({
  imports: [PersistenceModule.forRoot(), TemporalClientModule, RepositoriesModule, AuthModule, HealthModule, CasesModule, RegistryModule],
  controllers: [DelegationsController, DocumentsController, DirectoryController, NotificationsController, WebhooksController, DeliveriesController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class AppModule {}
