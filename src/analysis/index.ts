export * from './reachability';
export * from './connection-diff';
export * from './exposure';
