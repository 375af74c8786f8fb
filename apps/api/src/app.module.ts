import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal-client';
import { AccessModule } from './access/access.module';
import { AuthController } from './auth/auth.controller';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DelegationsController } from './delegations/delegations.controller';
import { DirectoryController } from './directory/directory.controller';
import { DocumentsController } from './documents/documents.controller';
import { HealthModule } from './health/health.module';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { NotificationsController } from './messages/notifications.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { MatchingController } from './registry/matching/matching.controller';
import { RegistryModule } from './registry/registry.module';

@Module({
  imports: [PersistenceModule.forRoot(), TemporalClientModule, AccessModule, HealthModule, RegistryModule],
  controllers: [AuthController, CasesController, DelegationsController, DocumentsController, DirectoryController, NotificationsController, WebhooksController, DeliveriesController, MatchingController],
  providers: [CasesService],
})
export class AppModule {}
