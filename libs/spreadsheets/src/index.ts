export * from './formula-guard';
export * from './csv';
export * from './xlsx';
