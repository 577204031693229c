/**
 * The construct adapter of lint (internal): lints the `ApiObject`s of a construct tree together and
 * reports each finding on the construct path of its object. `lint/` itself knows nothing of
 * constructs; this adapter renders the objects and maps findings back to the tree.
 */
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { inClaimConflict } from './_claims';
import { WorkloadPolicy } from './_policy';
import { pushTo } from '../_collections';
import { acknowledgementsOn, acknowledges } from '../lint/_acknowledgements';
import { apiGroup, DEFAULT_NAMESPACE, isClusterScoped, objectRef } from '../lint/_context';
import { Acknowledgement, Finding, Severity } from '../lint/finding';
import { lint, LintOptions } from '../lint/linter';


/** The findings of a construct tree, as validation messages. */
export interface TreeLintResult {
  /** `[path] rule: object: message` for every unacknowledged error. */
  readonly errors: string[];
  /** `[path] rule: object: message` for every unacknowledged warning. */
  readonly warnings: string[];
}

interface Synthesized {
  readonly construct: ApiObject;
  readonly ref: string;
  readonly namespace?: string;
  /** The acknowledgements recorded on the object or any of its scopes. */
  readonly acks: Acknowledgement[];
}

/**
 * Lints every `ApiObject` under `root` together, honouring the acknowledgements recorded with
 * `Linter.acknowledge` on the objects or their scopes.
 *
 * Reads each `ApiObject.toJson()` (never `Chart.toJson()`, which would run the validations again).
 * A finding is reported on the construct path of its object; a finding on an object the tree does
 * not hold (e.g. `Namespace/production` when no Namespace object is synthesized) is reported on
 * the objects of that namespace, and on `root` when there are none.
 *
 * @param root the App, a Chart, or any construct
 * @param options more acknowledgements and the analyzer options
 * @param rendered every object under `root`, rendered (`ApiObject.toJson()`) in tree order for this synthesis; without it, each is rendered here
 */
export function lintConstructTree(root: IConstruct, options: LintOptions = {}, rendered?: ReadonlyMap<ApiObject, any>): TreeLintResult {
  const constructs: ApiObject[] = [];
  const jsons: any[] = [];
  if (rendered) {
    // Every object under the root, rendered in tree order for this synthesis.
    for (const [c, json] of rendered) {
      constructs.push(c);
      jsons.push(json);
    }
  } else {
    for (const c of root.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      constructs.push(c);
      jsons.push(c.toJson());
    }
  }
  const findings = lint(jsons, options);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (findings.length === 0) return { errors, warnings };

  // Only now, with findings to place, each object's reference and acknowledgements are worked out.
  const ackCache = new Map<IConstruct, Acknowledgement[]>();
  const acksOf = (c: IConstruct): Acknowledgement[] => {
    let acks = ackCache.get(c);
    if (!acks) {
      const inherited = c.node.scope ? acksOf(c.node.scope) : [];
      const own = acknowledgementsOn(c);
      acks = own.length === 0 ? inherited : [...inherited, ...own];
      ackCache.set(c, acks);
    }
    return acks;
  };
  const objects: Synthesized[] = constructs.map((c, i) => {
    const json = jsons[i];
    const kind = typeof json?.kind === 'string' ? json.kind : c.kind;
    const group = apiGroup(json?.apiVersion ?? c.apiVersion);
    const name = String(json?.metadata?.name ?? c.name);
    const namespace = isClusterScoped(group, kind) ? undefined : (json?.metadata?.namespace || DEFAULT_NAMESPACE);
    return { construct: c, ref: objectRef(kind, name, namespace), namespace, acks: acksOf(c) };
  });
  const byRef = new Map<string, Synthesized[]>();
  for (const o of objects) pushTo(byRef, o.ref, o);
  for (const finding of findings) {
    const owners = ownersOf(finding, byRef, objects);
    const acks = owners.length > 0 ? owners.flatMap(o => o.acks) : acksOf(root);
    if (acks.some(ack => acknowledges(ack, finding))) continue;
    // One conflict, one message: the objects of two constructs that claim one name are judged once
    // the conflict is resolved (until then one of them replaces the other in the cluster).
    if (owners.some(o => inClaimConflict(o.construct))) continue;
    const path = owners.length > 0 ? reportedPath(owners[0].construct) : root.node.path;
    const line = `[${path}] ${finding.rule}: ${finding.object}: ${finding.message}`;
    (finding.severity === Severity.ERROR ? errors : warnings).push(line);
  }
  return { errors, warnings };
}

/**
 * Where a finding on an object is reported: the object's construct path, or — for an object the
 * library keeps inside an internal construct (a workload's NetworkPolicy, `<app>/EgressPolicy/
 * Resource`) — the path of the construct the user created (`<app>`). The finding's object
 * reference (`NetworkPolicy/prod/api-egress`) still names the object.
 */
function reportedPath(c: IConstruct): string {
  let owner: IConstruct = c;
  for (let scope = c.node.scope; scope && scope instanceof WorkloadPolicy; scope = scope.node.scope) {
    owner = scope.node.scope ?? scope;
  }
  return owner.node.path;
}

/** The synthesized objects a finding is about. */
function ownersOf(finding: Finding, byRef: Map<string, Synthesized[]>, objects: Synthesized[]): Synthesized[] {
  const exact = byRef.get(finding.object);
  if (exact) return exact;
  if (finding.object.startsWith('Namespace/')) {
    const namespace = finding.object.slice('Namespace/'.length);
    return objects.filter(o => o.namespace === namespace);
  }
  return [];
}
