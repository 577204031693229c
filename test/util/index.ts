/**
 * Shared test utilities. Import from `'../util'` (or the matching relative path) in any test.
 */
export { expectValidManifests, validateManifests } from './schema';
export { prng } from './prng';
