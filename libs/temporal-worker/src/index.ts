export * from './worker-connection';
export * from './worker-options';
export * from './workflow-bundle';
