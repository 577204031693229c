import { renderDiffMarkdown, renderDiffText, summarize } from './_diff';
import { ExposureCategory } from './exposure';

/**
 * How the connections of one pair of endpoints changed.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export enum ConnectionChangeKind {
  /** Nothing was allowed before; something is now. */
  ADDED = 'added',
  /** Something was allowed before; nothing is now. */
  REMOVED = 'removed',
  /** More ports are allowed than before, and none fewer. */
  WIDENED = 'widened',
  /** Fewer ports are allowed than before, and none more. */
  NARROWED = 'narrowed',
  /** Some ports were gained and others lost. */
  CHANGED = 'changed',
}

/**
 * One entry of a connectivity diff: a pair of endpoints (workloads `namespace/name[Kind]` or
 * outside address ranges `first-last`) whose allowed connections differ between two analyses.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ConnectionChange {
  /**
   * How the pair changed.
   */
  readonly kind: ConnectionChangeKind;

  /**
   * The source: `namespace/name[Kind]` or an outside address range.
   */
  readonly from: string;

  /**
   * The destination: `namespace/name[Kind]` or an outside address range.
   */
  readonly to: string;

  /**
   * What was allowed before, in the connectivity-list grammar (`No Connections` when nothing).
   */
  readonly before: string;

  /**
   * What is allowed after (`No Connections` when nothing).
   */
  readonly after: string;

  /**
   * What is allowed after and was not before (`No Connections` when nothing).
   */
  readonly gained: string;

  /**
   * What was allowed before and is not after (`No Connections` when nothing).
   */
  readonly lost: string;

  /**
   * Whether the source is an address range outside the cluster (the destination's exposure to
   * the outside world changed).
   */
  readonly fromOutside: boolean;

  /**
   * Whether the destination is an address range outside the cluster.
   */
  readonly toOutside: boolean;
}

/**
 * A workload newly reachable beyond the pairs a connectivity list holds: from outside the cluster
 * through a Service or a proxy (a LoadBalancer, an Ingress and its controller, a Gateway route), or
 * from pods of namespaces the manifests do not hold. What `Reachability.exposure()` lists after the
 * change and did not before.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ExposureChange {
  /**
   * The workload, `namespace/name`.
   */
  readonly workload: string;

  /**
   * The workload's kind.
   */
  readonly kind: string;

  /**
   * Who newly reaches it: `outside-cluster` (through `via`), `any-namespace` or
   * `unlisted-namespaces`.
   */
  readonly category: ExposureCategory;

  /**
   * The way in from outside (`Service shop/web (LoadBalancer)`, an Ingress and its controller).
   *
   * @default - none: pods of other namespaces reach the workload directly
   */
  readonly via?: string;

  /**
   * Who reaches it, in words, as `exposure()` says it after the change.
   */
  readonly peer: string;

  /**
   * What is newly allowed, in the connectivity-list grammar.
   */
  readonly gained: string;

  /**
   * Everything that audience may open after the change.
   */
  readonly after: string;
}

/**
 * The machine-readable form of a connectivity diff (`ConnectionDiff.toJson()`).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ConnectionDiffReport {
  /**
   * One sentence: counts of added, removed and changed pairs, and new outside exposure.
   */
  readonly summary: string;

  /**
   * Pairs that may connect after and could not before, sorted by from, to.
   */
  readonly added: ConnectionChange[];

  /**
   * Pairs that could connect before and cannot after, sorted.
   */
  readonly removed: ConnectionChange[];

  /**
   * Pairs whose allowed ports changed (widened, narrowed or both), sorted.
   */
  readonly changed: ConnectionChange[];

  /**
   * Workloads newly reachable through Services and proxies from outside, or from namespaces the
   * manifests do not hold, sorted by workload.
   */
  readonly exposure: ExposureChange[];
}

/**
 * What changed between two analyses (`before.diff(after)`): connections added, removed and
 * changed, outside address ranges included — the review of a change to manifests.
 *
 * Workloads are matched by `namespace/name[Kind]`. Outside ranges are compared address by
 * address: when the two sides cut the address space differently, only the addresses whose
 * connections changed are reported, merged into ranges.
 *
 * @example
 * const before = Reachability.fromManifests(oldObjects);
 * const after = Reachability.fromManifests(newObjects);
 * const diff = before.diff(after);
 * if (diff.addsExposure) console.log(diff.toMarkdown());
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class ConnectionDiff {
  /**
   * Builds a diff from its sorted entries (used by `Reachability.diff`).
   *
   * @internal
   */
  public static _of(changes: ConnectionChange[], exposure: ExposureChange[] = []): ConnectionDiff {
    return new ConnectionDiff(changes, exposure);
  }

  /**
   * Every entry, sorted by from, then to.
   */
  public readonly changes: ConnectionChange[];

  /**
   * Pairs that may connect after and could not before.
   */
  public readonly added: ConnectionChange[];

  /**
   * Pairs that could connect before and cannot after.
   */
  public readonly removed: ConnectionChange[];

  /**
   * Pairs whose allowed ports were widened, narrowed, or both.
   */
  public readonly changed: ConnectionChange[];

  /**
   * Workloads newly reachable through Services and proxies from outside, or from namespaces the
   * manifests do not hold (what `exposure()` lists after and did not before).
   */
  public readonly exposure: ExposureChange[];

  private constructor(changes: ConnectionChange[], exposure: ExposureChange[]) {
    this.changes = changes;
    this.exposure = exposure;
    this.added = changes.filter((c) => c.kind === ConnectionChangeKind.ADDED);
    this.removed = changes.filter((c) => c.kind === ConnectionChangeKind.REMOVED);
    this.changed = changes.filter((c) => c.kind !== ConnectionChangeKind.ADDED && c.kind !== ConnectionChangeKind.REMOVED);
  }

  /**
   * Whether nothing changed.
   */
  public get isEmpty(): boolean {
    return this.changes.length === 0 && this.exposure.length === 0;
  }

  /**
   * Whether the change allows anything new: an added pair, or a pair that gained ports.
   */
  public get addsConnections(): boolean {
    return this.changes.some(gains);
  }

  /**
   * Whether the change exposes a workload to more of the world: an outside address range gained
   * ports towards a workload, or a workload became reachable through a Service or a proxy from
   * outside, or from namespaces the manifests do not hold (`exposure`).
   */
  public get addsExposure(): boolean {
    return this.exposure.length > 0 || this.changes.some((c) => c.fromOutside && gains(c));
  }

  /**
   * One line per entry after a summary line: `+` added, `-` removed, `~` changed, e.g.
   * `~ shop/web[Deployment] => shop/api[Deployment] : TCP 8080 -> TCP 8080-8090 (widened: +TCP 8081-8090)`;
   * then `!` per new exposure, e.g. `! shop/api[Deployment] newly reachable from any pod in any namespace : TCP 9090`.
   * Control characters in names are written as escapes (`\n`), so a name cannot forge a line.
   */
  public toText(): string {
    return renderDiffText(this.changes, this.exposure);
  }

  /**
   * A pull-request comment: a summary line, then tables — new exposure through Services, proxies
   * and other namespaces, exposure to outside addresses, then added, removed and changed
   * connections. Each table holds at most 50 rows, and the comment stays under 60,000 characters
   * (GitHub refuses comments over 65,536): what is left out is counted, for `toText()` or
   * `toJson()` to list.
   */
  public toMarkdown(): string {
    return renderDiffMarkdown(this.changes, this.exposure);
  }

  /**
   * The diff as data: `{ summary, added, removed, changed, exposure }`.
   */
  public toJson(): ConnectionDiffReport {
    const summary = summarize(this.changes, this.exposure);
    return { summary, added: this.added, removed: this.removed, changed: this.changed, exposure: this.exposure };
  }
}

function gains(c: ConnectionChange): boolean {
  return c.kind === ConnectionChangeKind.ADDED || c.kind === ConnectionChangeKind.WIDENED || c.kind === ConnectionChangeKind.CHANGED;
}
