import { Module } from '@nestjs/common';
import { ProbesController } from './probes.controller';
import { ProbesService } from './probes.service';

@Module({ controllers: [ProbesController], providers: [ProbesService] })
export class ProbesModule {}
