import { Module } from '@nestjs/common';
import { EligibilityRulesController } from './eligibility-rules.controller';
import { GapController } from './gap/gap.controller';
import { RegistryImportsController } from './imports/imports.controller';
import { PositionsController } from './positions.controller';
import { ProtectionController } from './protection.controller';
import { RegistryController } from './registry.controller';

/** The staffing registry: its reads, its imports and exports, and the gap it shows. */
@Module({
  controllers: [RegistryImportsController, GapController, RegistryController, ProtectionController, EligibilityRulesController, PositionsController],
})
export class RegistryModule {}
