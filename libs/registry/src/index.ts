export * from './units';
export * from './imports';
export * from './gap/gap';
export * from './matching/ranking';
export * from './matching/redistribution';
export * from './eligibility';
