import { checkArg, labels as labelMap, required, strings } from '../_check';
import { fail, validateDns1123Label } from '../_validate';
import type { AllowedRoutesSpec } from './_crd-types';
import { copyRecord } from '../_collections';

type From = 'Same' | 'All' | 'Names' | 'Labels';

/** `kubernetes.io/metadata.name`, set by Kubernetes on every Namespace. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Which namespaces may attach routes to a Gateway listener (`allowedRoutes.namespaces`).
 *
 * A route in a namespace the listener does not admit is silently not attached by the
 * implementation; the library fails synthesis instead, naming the route, the Gateway and the
 * listener.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/#allowedroutes
 * @example
 * AllowedRoutes.sameNamespace();                                 // from: Same (the default)
 * AllowedRoutes.fromNamespaces(['storefront', 'checkout']);      // from: Selector on kubernetes.io/metadata.name
 * AllowedRoutes.fromNamespaceLabels({ 'shared-gateway-access': 'true' });
 * AllowedRoutes.all();                                           // from: All
 */
export class AllowedRoutes {
  /** Routes in the Gateway's own namespace only (the Gateway API default). */
  public static sameNamespace(): AllowedRoutes {
    return new AllowedRoutes('Same', [], {});
  }

  /** Routes in these namespaces, by name (a selector on `kubernetes.io/metadata.name`). */
  public static fromNamespaces(namespaces: string[]): AllowedRoutes {
    const owner = 'AllowedRoutes.fromNamespaces';
    checkArg(owner, 'namespaces', namespaces, required(strings()));
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
      fail(owner, `namespaces must list at least one namespace, got ${JSON.stringify(namespaces)}; use AllowedRoutes.sameNamespace() for the Gateway's own`);
    }
    for (const ns of namespaces) {
      validateDns1123Label(owner, 'namespace', ns);
    }
    return new AllowedRoutes('Names', [...new Set(namespaces)].sort(), {});
  }

  /** Routes in the namespaces carrying all these labels. */
  public static fromNamespaceLabels(labels: { [key: string]: string }): AllowedRoutes {
    checkArg('AllowedRoutes.fromNamespaceLabels', 'labels', labels, required(labelMap));
    if (labels === null || typeof labels !== 'object' || Object.keys(labels).length === 0) {
      fail('AllowedRoutes.fromNamespaceLabels', `labels ${JSON.stringify(labels)} is empty, which would admit every namespace; use AllowedRoutes.all() to say so`);
    }
    return new AllowedRoutes('Labels', [], copyRecord(labels));
  }

  /** Routes in any namespace. */
  public static all(): AllowedRoutes {
    return new AllowedRoutes('All', [], {});
  }

  /** The namespaces admitted by name (`fromNamespaces`), otherwise empty. */
  public readonly namespaces: string[];
  /** The namespace labels required (`fromNamespaceLabels`), otherwise empty. */
  public readonly namespaceLabels: { [key: string]: string };
  private readonly from: From;

  private constructor(from: From, namespaces: string[], labels: { [key: string]: string }) {
    this.from = from;
    this.namespaces = namespaces;
    this.namespaceLabels = labels;
  }

  /**
   * Whether a route in `namespace` (whose labels are `labels`, when known) is admitted by a
   * listener of a Gateway in `gatewayNamespace`; undefined when the labels are unknown.
   * @internal
   */
  public _admits(namespace: string, gatewayNamespace: string, labels?: { [key: string]: string }): boolean | undefined {
    switch (this.from) {
      case 'Same': return namespace === gatewayNamespace;
      case 'All': return true;
      case 'Names': return this.namespaces.includes(namespace);
      default:
        if (labels === undefined) {
          return undefined;
        }
        return Object.entries(this.namespaceLabels).every(([k, v]) => labels[k] === v);
    }
  }

  /** In words, for messages. @internal */
  public _describe(): string {
    switch (this.from) {
      case 'Same': return 'its own namespace only (AllowedRoutes.sameNamespace)';
      case 'All': return 'every namespace';
      case 'Names': return `namespaces ${this.namespaces.join(', ')}`;
      default: return `namespaces labelled ${Object.entries(this.namespaceLabels).map(([k, v]) => `${k}=${v}`).join(',')}`;
    }
  }

  /** The `allowedRoutes` of a listener. @internal */
  public _render(kinds: string[]): AllowedRoutesSpec {
    const namespaces: AllowedRoutesSpec['namespaces'] = this.from === 'Names'
      ? { from: 'Selector', selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...this.namespaces] }] } }
      : this.from === 'Labels'
        ? { from: 'Selector', selector: { matchLabels: copyRecord(this.namespaceLabels) } }
        : { from: this.from };
    return { namespaces, kinds: kinds.map(kind => ({ group: 'gateway.networking.k8s.io', kind })) };
  }
}
