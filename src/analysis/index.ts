export * from './reachability';
export * from './connection-diff';
