/**
 * App-wide claims (internal): names that must be unique across the whole App — a Service name in a
 * namespace, a NodePort, an Ingress host + path for one class, a ClusterIssuer name.
 *
 * The first claimant of a key owns it; every later claimant gets an ordinary cdk8s validation on
 * its own construct, so a conflict fails synthesis once, on the user's construct path, with a
 * message naming both sides. The claims of an App live in a WeakMap keyed by the App's root: the
 * App itself is never touched.
 */
import { IConstruct } from 'constructs';

/** One claim: who made it, and where. */
interface Claim {
  /** A description of the claimant, e.g. `ExposedApp 'api'`. */
  readonly owner: string;
  /** The claimant's construct. */
  readonly construct: IConstruct;
}

const appClaims = new WeakMap<IConstruct, Map<string, Claim>>();

/** For each later claimant, the first claimants it has been reported against. */
const reported = new WeakMap<IConstruct, Set<IConstruct>>();

/** The constructs whose claim conflicts: their conflict is reported once, by the claim. */
const conflicted = new WeakSet<IConstruct>();

/**
 * Whether `construct` or one of its scopes lost a claim. The synthesis-time lint leaves out its
 * own findings about the same conflict there (duplicate objects, NodePorts, host + path), so one
 * conflict gives one message.
 */
export function inClaimConflict(construct: IConstruct): boolean {
  return construct.node.scopes.some(c => conflicted.has(c));
}

/**
 * Claims a unique key (e.g. `Service production/api`) for `construct`. A second construct claiming
 * the same key makes synthesis fail, reported on that second construct:
 * `ExposedApp 'two': NodePort 30080 is already claimed by ExposedApp 'one' (at a/one); …`.
 * Claiming a key again from the same construct for the same owner is a no-op; for another owner
 * (an app's own `api-egress` and the policy of a peer named `api` that the app connects) it is a
 * conflict like any other.
 */
export function claim(key: string, owner: string, construct: IConstruct): void {
  const root = construct.node.root;
  let claims = appClaims.get(root);
  if (!claims) {
    claims = new Map();
    appClaims.set(root, claims);
  }
  const first = claims.get(key);
  if (!first) {
    claims.set(key, { owner, construct });
    return;
  }
  if ((first.construct === construct && first.owner === owner) || reported.get(construct)?.has(first.construct)) {
    // One conflict, one message: two constructs that clash on several keys (a Service name and the
    // policy names derived from it) are reported once, on the first key.
    return;
  }
  reported.set(construct, (reported.get(construct) ?? new Set()).add(first.construct));
  const message = `${owner}: ${key} is already claimed by ${first.owner} at ${first.construct.node.path}; change or remove one of them`;
  conflicted.add(construct);
  conflicted.add(first.construct);
  construct.node.addValidation({ validate: () => [message] });
}
