import { Module } from '@nestjs/common';
import { GapRepository, MatchingRepository, PositionsRepository, RegistryImportRepository, RegistryReadsRepository } from '@app/persistence';
import { DataSource } from 'typeorm';
import { CasesModule } from '../cases/cases.module';
import { EligibilityRulesController } from './eligibility-rules.controller';
import { GapController } from './gap/gap.controller';
import { RegistryImportsController } from './imports/imports.controller';
import { MatchingController } from './matching/matching.controller';
import { PositionsController } from './positions.controller';
import { ProtectionController } from './protection.controller';
import { RegistryController } from './registry.controller';

/**
 * The staffing registry: its reads, its imports and exports, the gap it shows and the matching
 * against it (which nominates through the cases module's NominationsService). Its repositories,
 * each over the one DataSource, are provided here and injected into its controllers.
 */
@Module({
  imports: [CasesModule],
  controllers: [RegistryImportsController, GapController, RegistryController, ProtectionController, EligibilityRulesController, PositionsController, MatchingController],
  providers: [
    { provide: GapRepository, inject: [DataSource], useFactory: (ds: DataSource) => new GapRepository(ds) },
    { provide: MatchingRepository, inject: [DataSource], useFactory: (ds: DataSource) => new MatchingRepository(ds) },
    { provide: RegistryImportRepository, inject: [DataSource], useFactory: (ds: DataSource) => new RegistryImportRepository(ds) },
    { provide: RegistryReadsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new RegistryReadsRepository(ds) },
    { provide: PositionsRepository, inject: [DataSource], useFactory: (ds: DataSource) => new PositionsRepository(ds) },
  ],
})
export class RegistryModule {}
