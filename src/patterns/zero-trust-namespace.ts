import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CLUSTER_DOMAIN, MANAGED_BY, NAMESPACE_NAME_LABEL } from '../_names';
import { fail, isDns1123Subdomain, validateCidr, validateDns1123Label } from '../_validate';
import { checkConstruct } from './_inputs';
import type { NetworkPolicySpec } from './_k8s-types';
import { fixCdk8sPlusPodSecurity } from './_kplus-security';
import { assumePeerForLint } from './_peer-sides';
import { ResolvedPeer } from './_peers';
import { makeClusterScoped, policyLabels, WorkloadPolicy } from './_policy';
import { Registry } from './_registry';
import { announceZeroTrustNamespace } from './_routes';
import { inDependencyOrder, sessionOf, SynthesisSession } from './_synthesis';
import { DnsSelector } from './dns-selector';
import { IngressControllerSelector } from './ingress-controller-selector';
import { Peer } from './peer';
import { copyRecord } from '../_collections';
import type { AssumedWorkload } from '../analysis/reachability';
import { ASSUME_WORKLOADS_ANNOTATION, encodeAssumedWorkloads } from '../lint/_annotations';
import { Linter } from '../lint/linter';

/**
 * Props for {@link ZeroTrustNamespace}.
 */
export interface ZeroTrustNamespaceProps {
  /**
   * Name of the Namespace; every object created inside this chart lands in it.
   *
   * Must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Pod Security Standards level enforced (and audited and warned) on the namespace through the
   * `pod-security.kubernetes.io/enforce|audit|warn` labels.
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Where the cluster DNS runs; every pod of the namespace may send UDP and TCP DNS queries there.
   *
   * @default DnsSelector.kubeDns() - pods k8s-app=kube-dns in kube-system, port 53
   */
  readonly dns?: DnsSelector;

  /**
   * The ingress controller, admitted to apps exposed through an Ingress (and to cert-manager's
   * HTTP-01 solver pods when an Ingress of the namespace asks cert-manager for a certificate).
   *
   * @default IngressControllerSelector.ingressNginx()
   */
  readonly ingressController?: IngressControllerSelector;

  /**
   * The data-plane pods of the Gateway API implementation, admitted to apps exposed through
   * `Exposure.gatewayRoute` (or `grpcRoute`, `tlsRoute`) to a Gateway *reference*. Not needed when
   * the route names a `Gateway` construct, which knows its data plane. Required for references:
   * where the proxies run differs per implementation, so the library does not guess.
   *
   * @default - none; apps with a gateway route in this namespace fail until it is set
   */
  readonly gatewayDataPlane?: IngressControllerSelector;

  /**
   * Extra labels on the Namespace object only (not on the objects inside it). The labels the
   * library writes (`pod-security.kubernetes.io/enforce|audit|warn`, `app.kubernetes.io/managed-by`)
   * and `kubernetes.io/metadata.name` are refused: set `podSecurity` or `name` instead.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The metrics scrapers (e.g. `Peer.pods({ name: 'prometheus', namespace: 'monitoring',
   * podLabels: { 'app.kubernetes.io/name': 'prometheus' } })`), admitted to the `metrics` port of
   * every workload of this namespace that declares one. With `metrics.serviceMonitor: true` an app
   * also gets a `monitoring.coreos.com/v1` ServiceMonitor.
   *
   * @default - no scraper is admitted
   */
  readonly monitoring?: Peer;

  /**
   * Let every pod of the namespace reach every other pod of it, on every port (NetworkPolicy
   * `allow-within-namespace`). Convenient, and the opposite of least privilege: prefer `connectTo`.
   * It opens the namespace's `StatefulDatabase`s to every pod of it too (NetworkPolicies add up).
   *
   * @default false
   */
  readonly allowWithinNamespace?: boolean;

  /**
   * Where the API server calls admission webhooks from (usually `Peer.kubeApiServer({ cidrs })` or
   * `Peer.addresses([...])` for the control plane's nodes), admitted to the `admissionWebhookPort`
   * of the workloads that declare one. Without it, webhooks in a default-deny namespace time out.
   *
   * @default - none; a workload with admissionWebhookPort in this namespace fails until it is set
   * @see https://github.com/kubernetes/kubernetes/issues/128162
   */
  readonly controlPlane?: Peer;

  /**
   * The cluster's DNS domain, used in every FQDN the library writes for objects of this namespace
   * (`app.host`, `db.podHost(0)`, `<NAME>_HOST`).
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The cluster's pod and Service CIDRs. They are excluded from every ipBlock the library writes in
   * this namespace that contains them (the `0.0.0.0/0` of NodePort, LoadBalancer and externalIPs
   * exposures, the public-internet egress of ExternalName dependencies), because some network
   * plugins also match pod IPs against ipBlocks and would otherwise admit every pod of the cluster.
   *
   * @default - none excluded
   */
  readonly clusterCidrs?: string[];
}

/**
 * A Pod Security Standards level.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Heavily restricted pods: current pod-hardening best practices (the default). */
  RESTRICTED = 'restricted',
  /** Minimally restrictive: prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

const ZERO_TRUST_NAMESPACE_SYMBOL = Symbol.for('cdk8s-network-patterns.ZeroTrustNamespace');

/** Namespace labels the library (or the API server) sets, and what sets them: `labels` may not give them. */
const LABELS_THE_LIBRARY_WRITES: { readonly [key: string]: string } = {
  'pod-security.kubernetes.io/enforce': 'the Pod Security labels follow the podSecurity prop; set podSecurity instead',
  'pod-security.kubernetes.io/audit': 'the Pod Security labels follow the podSecurity prop; set podSecurity instead',
  'pod-security.kubernetes.io/warn': 'the Pod Security labels follow the podSecurity prop; set podSecurity instead',
  'app.kubernetes.io/managed-by': 'the library marks the objects it manages with it',
  'kubernetes.io/metadata.name': 'the API server sets it to the namespace name; set the name prop instead',
};

/** The ZeroTrustNamespaces of each App, by namespace name. */
const namespacesOfApp = new WeakMap<IConstruct, Map<string, ZeroTrustNamespace>>();

/**
 * The `ZeroTrustNamespace` named `namespace` in the App of `scope`, if one was created (peers use
 * it to write their own side of a connection).
 */
export function findZeroTrustNamespace(scope: IConstruct, namespace: string): ZeroTrustNamespace | undefined {
  return namespacesOfApp.get(scope.node.root)?.get(namespace);
}

/** Every `ZeroTrustNamespace` created so far in the App of `scope`. */
export function zeroTrustNamespacesOf(scope: IConstruct): ZeroTrustNamespace[] {
  return [...namespacesOfApp.get(scope.node.root)?.values() ?? []];
}

/**
 * A namespace where nothing talks to anything until a construct asks for it.
 *
 * A cdk8s `Chart` whose namespace is `name`: constructs created inside it land in that namespace
 * and in its own YAML file. It synthesizes:
 * - a `Namespace` (cluster-scoped, no `metadata.namespace`) with Pod Security Standards labels
 *   (`enforce`, `audit` and `warn` all set to `podSecurity`, `restricted` by default);
 * - NetworkPolicy `default-deny`: selects every pod, `policyTypes: [Ingress, Egress]`, no rules —
 *   every pod is isolated in both directions;
 * - NetworkPolicy `allow-dns`: every pod may send UDP and TCP 53 to the DNS pods (namespaceSelector
 *   AND podSelector in one peer), so default-deny does not silently break name resolution.
 *
 * With `allowWithinNamespace`, NetworkPolicy `allow-within-namespace` lets every pod reach every
 * other pod of the namespace. Peers whose pods live here (`Peer.pods`, `Peer.workload`,
 * `Peer.namespace`) get their side of `connectTo` / `allowFrom` in policies named after them
 * (`<peer>-ingress`, `<peer>-egress`). cdk8s-plus workloads placed here under `restricted` get the
 * seccomp profile and dropped capabilities cdk8s-plus leaves out, or fail synthesis naming what else
 * to change.
 *
 * Security considerations: only DNS egress is open. `ExposedApp`s add ingress from the ingress
 * controller or from their `sourceRanges`; `connectTo` adds each connection on both ends. Policies
 * are additive (a union of allows), so nothing created here can be weakened by another policy — but
 * any other NetworkPolicy applied to the namespace can open more.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 * @example
 * const app = new App();
 * const prod = new ZeroTrustNamespace(app, 'production');
 * new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.4.2' });
 */
export class ZeroTrustNamespace extends Chart {
  /** Whether `x` is a {@link ZeroTrustNamespace} (works across copies of the library). */
  public static isZeroTrustNamespace(x: any): x is ZeroTrustNamespace {
    return x !== null && typeof x === 'object' && ZERO_TRUST_NAMESPACE_SYMBOL in x;
  }

  /** The name of the Namespace. */
  public readonly name: string;
  /** The Pod Security Standards level enforced. */
  public readonly podSecurity: PodSecurityLevel;
  /** Where DNS runs. */
  public readonly dns: DnsSelector;
  /** The ingress controller admitted to Ingress-exposed apps. */
  public readonly ingressController: IngressControllerSelector;
  /** The Gateway API data plane admitted to route-exposed apps, if set. */
  public readonly gatewayDataPlane?: IngressControllerSelector;
  /** The Namespace object. */
  public readonly namespaceObject: ApiObject;
  /** The default-deny NetworkPolicy (`default-deny`). */
  public readonly defaultDenyPolicy: ApiObject;
  /** The DNS egress NetworkPolicy (`allow-dns`). */
  public readonly allowDnsPolicy: ApiObject;
  /** The metrics scrapers admitted to workloads' metrics ports, if set. */
  public readonly monitoring?: Peer;
  /** Where admission webhook calls come from, if set. */
  public readonly controlPlane?: Peer;
  /** Whether every pod of the namespace may reach every other. */
  public readonly allowWithinNamespace: boolean;
  /** The labels of the Namespace object given in `labels` (without the library's own). */
  public readonly namespaceLabels: { [key: string]: string };
  /** The cluster DNS domain (`cluster.local` unless told otherwise). */
  public readonly clusterDomain: string;
  /** The cluster's pod and Service CIDRs, excluded from the ipBlocks the library writes here. */
  public readonly clusterCidrs: string[];
  /** The `allow-within-namespace` NetworkPolicy, with `allowWithinNamespace`. */
  public readonly allowWithinNamespacePolicy?: ApiObject;
  private acmeSolverPolicy?: ApiObject;
  private readonly peerPolicies = new Map<string, WorkloadPolicy>();
  /** The assumed workloads the Namespace's annotation declares, in the order they were declared. */
  private readonly assumedInYaml: AssumedWorkload[] = [];
  /** The pods (canonical labels) and description of the peer each peer policy was written for. */
  private readonly peerSelectors = new Map<string, { readonly selects: string; readonly description: string }>();

  constructor(scope: Construct, id: string, props: ZeroTrustNamespaceProps = {}) {
    checkConstruct('ZeroTrustNamespace', scope, id, props, false);
    const name = props.name ?? id;
    validateDns1123Label(`ZeroTrustNamespace '${id}'`, 'name', name);
    if (name.startsWith('kube-')) {
      // Default-deny in kube-system would cut every pod off from CoreDNS; kube-* belong to Kubernetes.
      throw new Error(`ZeroTrustNamespace '${id}': name '${name}' is reserved for Kubernetes system namespaces (kube-*); isolating them breaks cluster services such as DNS — choose another name`);
    }
    super(scope, id, { namespace: name });
    Object.defineProperty(this, ZERO_TRUST_NAMESPACE_SYMBOL, { value: true });

    this.name = name;
    this.podSecurity = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.dns = props.dns ?? DnsSelector.kubeDns();
    this.ingressController = props.ingressController ?? IngressControllerSelector.ingressNginx();
    this.gatewayDataPlane = props.gatewayDataPlane;
    const owner = `ZeroTrustNamespace '${name}'`;
    const known = namespacesOfApp.get(this.node.root) ?? new Map<string, ZeroTrustNamespace>();
    if (!known.has(name)) {
      known.set(name, this);
    }
    namespacesOfApp.set(this.node.root, known);
    this.monitoring = props.monitoring;
    this.controlPlane = props.controlPlane;
    this.allowWithinNamespace = props.allowWithinNamespace ?? false;
    this.namespaceLabels = copyRecord(props.labels);
    for (const key of Object.keys(this.namespaceLabels)) {
      const replacedBy = LABELS_THE_LIBRARY_WRITES[key];
      if (replacedBy) {
        fail(owner, `labels['${key}'] is a label the library writes, got ${JSON.stringify(this.namespaceLabels[key])}; ${replacedBy}`);
      }
    }
    this.clusterDomain = props.clusterDomain ?? CLUSTER_DOMAIN;
    if (!isDns1123Subdomain(this.clusterDomain)) {
      fail(owner, `clusterDomain ${JSON.stringify(this.clusterDomain)} is not a DNS name; give the cluster's DNS domain, e.g. cluster.local`);
    }
    this.clusterCidrs = (props.clusterCidrs ?? []).map(c => validateCidr(owner, 'clusterCidr', c));

    const registry = Registry.of(this);
    registry.claim(`Namespace ${name}`, `ZeroTrustNamespace '${id}'`, this);
    if (props.ingressController) {
      this.assumeForLint(registry, 'ingress-controller', props.ingressController);
    }
    if (props.gatewayDataPlane) {
      this.assumeForLint(registry, 'gateway-data-plane', props.gatewayDataPlane);
    }
    for (const [role, peer] of [['monitoring', props.monitoring], ['control-plane', props.controlPlane]] as const) {
      if (peer) {
        assumePeerForLint(this, peer._resolve(name, this), role);
      }
    }

    this.namespaceObject = new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          ...props.labels,
          'app.kubernetes.io/managed-by': MANAGED_BY,
          'pod-security.kubernetes.io/enforce': this.podSecurity,
          'pod-security.kubernetes.io/audit': this.podSecurity,
          'pod-security.kubernetes.io/warn': this.podSecurity,
        },
      },
    });
    makeClusterScoped(this.namespaceObject);
    this.annotateAssumed();

    this.defaultDenyPolicy = new ApiObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      } satisfies NetworkPolicySpec,
    });

    if (props.dns !== undefined && !(this.dns.namespace === 'kube-system' && this.dns.podLabels['k8s-app'] === 'kube-dns')) {
      // The analyzer behind lint assumes CoreDNS in kube-system; this namespace allows its own DNS.
      // The finding is reported on the Namespace object, which alone carries the annotation.
      Linter.acknowledge(this, 'default-deny-egress-without-dns',
        `DNS egress goes to the DnsSelector of ZeroTrustNamespace '${name}' (${this.dns.namespace}), which the analyzer does not model`,
        `Namespace/${name}`);
    }

    this.allowDnsPolicy = new ApiObject(this, 'AllowDns', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: this.dns._peers(),
          ports: this.dns._ports(),
        }],
      } satisfies NetworkPolicySpec,
    });
    // Gateways answering HTTP-01 challenges admit their proxies to this namespace's solver pods.
    announceZeroTrustNamespace(this);

    if (this.allowWithinNamespace) {
      this.allowWithinNamespacePolicy = new ApiObject(this, 'AllowWithinNamespace', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-within-namespace', labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [{ to: [{ podSelector: {} }] }],
        } satisfies NetworkPolicySpec,
      });
    }

    // cdk8s-plus workloads in a restricted namespace: add what cdk8s-plus leaves out, or fail naming
    // it. An App-wide validator, which runs before the synthesis-time lint reads the objects.
    registry.addValidator(() => fixCdk8sPlusPodSecurity(this));
  }

  /**
   * The NetworkPolicy `<peer>-ingress` / `<peer>-egress` selecting a peer's pods in this namespace,
   * created on first use (a peer's own side of `connectTo` / `allowFrom`). @internal
   */
  public _peerPolicy(peer: ResolvedPeer, direction: 'Ingress' | 'Egress', owner: string, claimant: IConstruct): WorkloadPolicy {
    const policyName = `${peer.name}-${direction.toLowerCase()}`;
    const selects = Object.entries(peer.podLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
    const known = this.peerSelectors.get(policyName);
    if (known !== undefined && known.selects !== selects) {
      // One policy per peer name: a second peer of that name with other pods would take over the
      // first one's policy (its selector) and drop its rules.
      fail(owner, `${peer.description} (pods ${selects || 'all'}) and ${known.description} (pods ${known.selects || 'all'}) are two peers named '${peer.name}' with different pods in namespace '${this.name}', but a peer's own NetworkPolicy there is named after it (${policyName}); give one of them another name`);
    }
    let policy = this.peerPolicies.get(policyName);
    if (!policy) {
      this.peerSelectors.set(policyName, { selects, description: peer.description });
      // Claimed by the construct that connects the peer: a clash with an app's own policy name is
      // reported there, and does not mark the whole namespace as in conflict.
      Registry.of(this).claim(`NetworkPolicy ${this.name}/${policyName}`, peer.description, claimant);
      policy = new WorkloadPolicy(this, `Peer-${policyName}`, {
        name: policyName,
        direction,
        podSelector: peer.podLabels ?? {},
        // A label value: at most 63 characters, ending alphanumeric (a workload name may be 253 long).
        labels: policyLabels(peer.name.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '')),
        clusterCidrs: this.clusterCidrs,
      });
      this.peerPolicies.set(policyName, policy);
    }
    return policy;
  }

  /**
   * The labels the Namespace carries in the cluster: those of the Namespace object as it renders
   * now (`labels`, the library's own — Pod Security, managed-by — and escape-hatch changes) and
   * `kubernetes.io/metadata.name`, which the API server sets. What namespace selectors match.
   * @internal
   */
  public _clusterLabels(): { [key: string]: string } {
    const labels = (this.namespaceObject.toJson()?.metadata?.labels ?? {}) as { [key: string]: string };
    return copyRecord(labels, { [NAMESPACE_NAME_LABEL]: this.name });
  }

  /**
   * Declares pods the cluster runs that the manifests do not hold (a peer this namespace admits or
   * reaches, a custom controller, a Gateway's proxies) in the Namespace's annotation
   * `netpatterns.dev/assume-workloads`, so tools reading the YAML (netpatterns lint,
   * NetworkPatternsValidation) know what the synthesis-time lint knew. @internal
   */
  public _declareAssumed(workload: AssumedWorkload): void {
    if (this.assumedInYaml.some(w => w.namespace === workload.namespace && w.name === workload.name)) return;
    this.assumedInYaml.push(workload);
    this.annotateAssumed();
  }

  private annotateAssumed(): void {
    // The Namespace object exists once the constructor has made it; until then the list grows.
    if (this.namespaceObject !== undefined && this.assumedInYaml.length > 0) {
      this.namespaceObject.metadata.addAnnotation(ASSUME_WORKLOADS_ANNOTATION, encodeAssumedWorkloads(this.assumedInYaml));
    }
  }

  /** Lets the synthesis-time lint (and tools reading the YAML) know where custom controller or proxy pods run. */
  private assumeForLint(registry: Registry, role: string, selector: IngressControllerSelector): void {
    if (selector.namespace !== undefined && selector.podLabels !== undefined) {
      this._declareAssumed(registry.assumeWorkload({
        namespace: selector.namespace,
        name: `${role}-for-${this.name}`,
        podLabels: selector.podLabels,
        ports: [{ port: 80 }, { port: 443 }],
      }));
    }
  }

  /**
   * Renders this chart to Kubernetes JSON objects.
   *
   * Exactly `Chart.toJson()`, except inside the synthesis of a `NetworkPatternsApp`, which has
   * validated the whole App and resolved its dependencies once before asking each chart for its
   * objects: there the App-wide validation and dependency resolution that `Chart.toJson()` repeats
   * for every chart is skipped, so one namespace per app does not cost quadratic time. The objects
   * are the ones that App rendered once after every validation had run and linted (see
   * `NetworkPatternsApp`); nothing rendered during validation is reused.
   */
  public toJson(): any[] {
    const session = sessionOf(this);
    if (!session) {
      return super.toJson();
    }
    // The objects of this chart (not of nested charts), in dependency order — as cdk8s does.
    return inDependencyOrder(this)
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this)
      .map(o => takeRendering(session, o));
  }

  /**
   * Admits the ingress controller to cert-manager's HTTP-01 solver pods
   * (`acme.cert-manager.io/http01-solver: "true"`, TCP 8089), once per namespace. Called by the
   * constructs that create an Ingress with a cert-manager issuer annotation in this namespace.
   *
   * @internal
   */
  public _admitAcmeSolver(): void {
    if (this.acmeSolverPolicy) {
      return;
    }
    this.acmeSolverPolicy = new ApiObject(this, 'AllowAcmeHttp01Solver', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-acme-http01-solver', labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: this.ingressController._peers(),
          ports: [{ protocol: 'TCP', port: 8089 }],
        }],
      } satisfies NetworkPolicySpec,
    });
  }
}

/**
 * The rendering of `o` made for this synthesis, handed over once (the session forgets it, so the
 * App's JSON is not held after its chart is written); rendered now if the session has none.
 */
function takeRendering(session: SynthesisSession, o: ApiObject): any {
  const json = session.rendered?.get(o);
  if (json === undefined) return o.toJson();
  session.rendered!.delete(o);
  return json;
}
