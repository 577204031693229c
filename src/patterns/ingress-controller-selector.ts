import { checkArg, required, strings } from '../_check';
import { fail, validateCidr, validateDns1123Label } from '../_validate';
import { checkOptions } from './_inputs';
import { cidrPeer, namespacedPodPeer, PolicyPeer } from './_policy';
import { copyRecord } from '../_collections';

/**
 * Options for {@link IngressControllerSelector.of}.
 */
export interface IngressControllerSelectorOptions {
  /** Namespace of the controller (or proxy) pods. */
  readonly namespace: string;
  /** Labels of the controller (or proxy) pods. */
  readonly podLabels: { [key: string]: string };
}

/**
 * Where the pods that forward outside traffic into the namespace run: an ingress controller, or the
 * data plane of a Gateway API implementation.
 *
 * Inside a {@link ZeroTrustNamespace} these pods, and only these, are admitted to the container
 * ports of apps exposed through an Ingress (or an HTTPRoute), and to cert-manager's HTTP-01 solver.
 * A pod peer is a namespaceSelector AND a podSelector in one peer element.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress-controllers/
 */
export class IngressControllerSelector {
  /**
   * ingress-nginx: pods `app.kubernetes.io/name=ingress-nginx` in namespace `ingress-nginx` (the
   * default).
   */
  public static ingressNginx(): IngressControllerSelector {
    return new IngressControllerSelector('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }, []);
  }

  /** Controller pods selected by namespace and labels. */
  public static of(options: IngressControllerSelectorOptions): IngressControllerSelector {
    checkOptions('IngressControllerSelector.of', options);
    validateDns1123Label('IngressControllerSelector.of', 'namespace', options.namespace);
    if (Object.keys(options.podLabels).length === 0) {
      fail('IngressControllerSelector.of', 'podLabels is empty, which would admit every pod of the namespace; give the labels of the controller pods');
    }
    return new IngressControllerSelector(options.namespace, options.podLabels, []);
  }

  /**
   * A controller on the host network (its traffic comes from node addresses, which no pod selector
   * matches): admit these CIDRs, typically the node subnet.
   */
  public static fromCidrs(cidrs: string[]): IngressControllerSelector {
    checkArg('IngressControllerSelector.fromCidrs', 'cidrs', cidrs, required(strings()));
    if (cidrs.length === 0) {
      fail('IngressControllerSelector.fromCidrs', 'cidrs is empty; give the node subnet(s) the host-network controller sends from');
    }
    for (const cidr of cidrs) {
      validateCidr('IngressControllerSelector.fromCidrs', 'cidr', cidr);
    }
    return new IngressControllerSelector(undefined, undefined, cidrs);
  }

  /** Namespace of the controller pods, unless selected by CIDR. */
  public readonly namespace?: string;
  /** Labels of the controller pods, unless selected by CIDR. */
  public readonly podLabels?: { [key: string]: string };
  /** CIDRs of a host-network controller. */
  public readonly cidrs: string[];

  private constructor(namespace: string | undefined, podLabels: { [key: string]: string } | undefined, cidrs: string[]) {
    this.namespace = namespace;
    this.podLabels = podLabels ? copyRecord(podLabels) : undefined;
    this.cidrs = [...cidrs];
  }

  /** @internal */
  public _peers(): PolicyPeer[] {
    if (this.namespace !== undefined && this.podLabels !== undefined) {
      return [namespacedPodPeer(this.podLabels, this.namespace)];
    }
    return this.cidrs.map(c => cidrPeer(c));
  }
}
