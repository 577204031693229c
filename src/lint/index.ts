export * from './finding';
export * from './linter';
