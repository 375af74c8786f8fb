export * from './routes';
export * from './planner';
export * from './webhook-signature';
export * from './retry';
export * from './digests';
export * from './templates';
