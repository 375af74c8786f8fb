import { Module } from '@nestjs/common';
import { GapController } from './gap/gap.controller';
import { RegistryController } from './registry.controller';

/** The staffing registry: its reads, and the gap it shows. */
@Module({
  controllers: [GapController, RegistryController],
})
export class RegistryModule {}
