/**
 * Workload names as people give them back: the ids (`shop/web`), the names lists print
 * (`shop/web[Deployment]`, `kube-system/coredns[assumed]`, `shop/web-7d4b9c8f6[ReplicaSet]` for
 * pods grouped under an absent owner), and the name of a Pod the manifests group under a workload
 * (`shop/web-7d4b9c8f6-x7k2p`, as `kubectl get pods` prints it). One lookup for every method that
 * takes a workload name and for the CLI, so a name one of them accepts, all accept.
 */
import { workloadLabel, WorkloadModel } from './_model';

/**
 * The outcome of a lookup: the workload (with `via`, a sentence saying how a Pod name resolved),
 * or why the name is not one, when it comes close (a wrong kind, a name several kinds share);
 * neither when the name is simply unknown (the caller words that, with its suggestions).
 */
export interface WorkloadLookup {
  readonly workload?: WorkloadModel;
  /** How the name resolved, when it was not the workload's own name: `Pod shop/web-x is a pod of shop/web[ReplicaSet]`. */
  readonly via?: string;
  /** Why the name is refused, without the caller's prefix: `workload 'shop/web[StatefulSet]' for 'from' is ...`. */
  readonly problem?: string;
}

/** `namespace/name[Kind]` as lists print it: the name and the kind in brackets. */
const LABEL = /^(.+)\[([^[\]]+)\]$/;

/**
 * Looks `value` up among `workloads`: its id; the label lists print (`namespace/name[Kind]`, the
 * kind matched without regard to case, as kubectl matches kinds); the name of a Pod object one
 * workload groups. `role` is how the caller names the argument in messages (`'from'`, `--from`).
 */
export function lookupWorkload(
  value: string,
  role: string,
  workloads: readonly WorkloadModel[],
  byId: ReadonlyMap<string, WorkloadModel>,
): WorkloadLookup {
  const exact = byId.get(value);
  if (exact) return { workload: exact };
  const plainName = (w: WorkloadModel) => `${w.namespace}/${w.name}`;

  const label = LABEL.exec(value);
  if (label) {
    const [, name, kind] = label;
    const named = workloads.filter((w) => plainName(w) === name);
    const match = named.find((w) => w.kind.toLowerCase() === kind.toLowerCase());
    if (match) return { workload: match };
    if (named.length === 1) {
      const w = named[0];
      return {
        problem: `workload '${value}' for ${role} is not a ${kind}: ${name} is ${kindPhrase(w)}; `
          + `give '${w.id}' or '${workloadLabel(w)}'`,
      };
    }
    if (named.length > 1) {
      return {
        problem: `workload '${value}' for ${role} is not a ${kind}: the workloads named ${name} are `
          + `${named.map((w) => `'${workloadLabel(w)}'`).join(', ')}; name one of them`,
      };
    }
    return {};
  }

  const kinds = workloads.filter((w) => plainName(w) === value);
  if (kinds.length > 0) {
    return {
      problem: `workload name '${value}' for ${role} is used by ${kinds.length} kinds; `
        + `name one with its kind: ${kinds.map((w) => `'${workloadLabel(w)}'`).join(', ')}`,
    };
  }

  // A Pod the manifests hold, grouped under the workload (its owner absent): `kubectl get pods` names.
  const pod = `Pod/${value}`;
  const owners = workloads.filter((w) => w.objects?.includes(pod) === true);
  if (owners.length === 1) return { workload: owners[0], via: `Pod ${value} is a pod of ${workloadLabel(owners[0])}` };
  return {};
}

/** `a Deployment`, `a workload the analysis assumes`. */
function kindPhrase(w: WorkloadModel): string {
  if (w.kind === 'assumed') return 'a workload the analysis assumes';
  return `${/^[AEIOU]/.test(w.kind) ? 'an' : 'a'} ${w.kind}`;
}
