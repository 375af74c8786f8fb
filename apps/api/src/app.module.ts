import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { HealthModule } from './health/health.module';
import { ProbesModule } from './probes/probes.module';

@Module({
  imports: [PersistenceModule.forRoot(), TemporalClientModule, HealthModule, ProbesModule],
})
export class AppModule {}
