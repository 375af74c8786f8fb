export * from './schema';
export * from './data-source';
export * from './migrate';
export * from './entities/domain-event.entity';
export * from './event-store/event-store.repository';
export * from './persistence.module';
