export * from './connection';
export * from './search-attributes';
export * from './project-root';
export * from './workflow-bundle';
export * from './temporal-client.module';
export * from './case-client';
export * from './notification-schedule';
export * from './worker-options';
