export * from './connection';
export * from './search-attributes';
export * from './temporal-client.module';
export * from './case-client';
export * from './notification-schedule';
