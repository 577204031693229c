/**
 * cdk8s-plus-28 at run time, loaded on first use (internal).
 *
 * Most programs never hand the library a cdk8s-plus construct, and loading cdk8s-plus-28 costs
 * about 14 MB of memory and its load time. Modules that need its classes at run time (`instanceof`
 * checks) call `loadKplus()`; its types are imported with `import type`.
 */
import type * as kplus from 'cdk8s-plus-28';

let loaded: typeof kplus | undefined;

/** The cdk8s-plus-28 module, loaded now if it was not yet. */
export function loadKplus(): typeof kplus {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return loaded ??= require('cdk8s-plus-28') as typeof kplus;
}

/**
 * The run-time type information jsii puts on every class of a jsii module
 * (`{ fqn: 'cdk8s-plus-28.Deployment', version }`), inherited by subclasses as a static member.
 */
const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * Whether `value` is an instance of a cdk8s-plus-28 class (or of a subclass of one), told from the
 * jsii type information of its class without loading cdk8s-plus-28: only then is `loadKplus()`
 * worth calling.
 */
export function isKplusInstance(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (let ctor: unknown = value.constructor; typeof ctor === 'function' && ctor !== Object; ctor = Object.getPrototypeOf(ctor)) {
    const fqn = (ctor as { [JSII_RTTI]?: { fqn?: unknown } })[JSII_RTTI]?.fqn;
    if (typeof fqn === 'string' && fqn.startsWith('cdk8s-plus-28.')) return true;
  }
  return false;
}
