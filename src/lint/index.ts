export * from './finding';
export * from './linter';
export * from './validation-plugin';
