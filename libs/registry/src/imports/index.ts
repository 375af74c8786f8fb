export * from './model';
export * from './text';
export * from './encodings';
export * from './file';
export * from './values';
export * from './validate';
export * from './export';
