import { DataSource, DataSourceOptions } from 'typeorm';
import { DomainEventEntity } from './entities/domain-event.entity';
import { REGISTRY_ENTITIES } from './registry/registry.entities';
import { MIGRATIONS } from './migrations';
import { APP_SCHEMA } from './schema';
import { TypeOrmJsonLogger } from './typeorm-logger';

export const ENTITIES = [DomainEventEntity, ...REGISTRY_ENTITIES];

/** The one description of our database, used by the apps, the migration command and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: APP_SCHEMA,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmJsonLogger(),
    maxQueryExecutionTime: 500,
    applicationName: 'secondment-engine',
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
  };
}

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}

/** Opens a small connection pool to `url` for one piece of work (a command, a start-up step), and closes it. */
export async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
