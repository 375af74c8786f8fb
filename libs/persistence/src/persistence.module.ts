import { DynamicModule, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { readDatabaseConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { migrateWith } from './migrate';
import { CaseStore } from './cases/case-store';
import type { EventProjection } from './event-store/event-projection';
import { ProvinceRulesRepository } from './cases/province-rules.repository';
import { DeliveriesRepository } from './outbox/deliveries.repository';
import { EligibilityRepository } from './registry/eligibility.repository';
import { NotificationsRepository } from './outbox/notifications.repository';

@Module({})
export class PersistenceModule implements OnModuleInit {
  private readonly logger = new Logger(PersistenceModule.name);

  constructor(private readonly dataSource: DataSource) {}

  /** With DATABASE_MIGRATIONS_RUN=true an app migrates before it serves (the stack migrates once itself). */
  async onModuleInit(): Promise<void> {
    if (!readDatabaseConfig().migrationsRun) return;
    const applied = await migrateWith(this.dataSource);
    this.logger.log({ msg: 'migrations applied', applied });
  }

  /**
   * The database from DATABASE_URL; TypeORM's own start-up retries are short, the stack starts
   * PostgreSQL first. `projections`: those the case store runs in each transition's transaction, in
   * this order (the worker, which records, registers them; the API only reads).
   */
  static forRoot(options: { projections?: readonly EventProjection[] } = {}): DynamicModule {
    const projections = options.projections ?? [];
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const config = readDatabaseConfig();
            return {
              ...dataSourceOptions(config.url, config.poolSize),
              retryAttempts: 5,
              retryDelay: 1_000,
            };
          },
        }),
      ],
      providers: [
        { provide: CaseStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new CaseStore(dataSource, projections) },
        { provide: ProvinceRulesRepository, inject: [DataSource], useFactory: (dataSource: DataSource) => new ProvinceRulesRepository(dataSource) },
        { provide: NotificationsRepository, inject: [DataSource], useFactory: (dataSource: DataSource) => new NotificationsRepository(dataSource) },
        { provide: DeliveriesRepository, inject: [DataSource], useFactory: (dataSource: DataSource) => new DeliveriesRepository(dataSource) },
        { provide: EligibilityRepository, inject: [DataSource], useFactory: (dataSource: DataSource) => new EligibilityRepository(dataSource) },
      ],
      exports: [CaseStore, ProvinceRulesRepository, NotificationsRepository, DeliveriesRepository, EligibilityRepository],
    };
  }
}
