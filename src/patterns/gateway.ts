import { createHash } from 'crypto';
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { standardLabels } from '../_names';
import { fail, isObjectName, validateCidr, validateDns1123Label, validateHost, validatePort, validatePortName, validateRoutePath } from '../_validate';
import type { GatewayListener, GatewaySpec, HttpRouteRule, ParentReference, RouteSpec } from './_crd-types';
import { checkConstruct, checkOptions } from './_inputs';
import type { NetworkPolicySpec } from './_k8s-types';
import { cidrPeer, namespacedPodPeer, podPeer, PolicyPeer, PolicyRule, policyLabels, WorkloadPolicy } from './_policy';
import { Registry } from './_registry';
import { grantBackend, httpRule, onZeroTrustNamespace, ROUTE_API_VERSIONS, RouteKind, zeroTrustNamespacesSoFar } from './_routes';
import { AllowedRoutes } from './allowed-routes';
import type { ExposedApp } from './exposed-app';
import type { GatewayReference } from './exposure';
import { GatewayDataPlane, ResolvedDataPlane } from './gateway-data-plane';
import { GatewayTls } from './gateway-tls';
import { Protocol, ResolvedPort, Workload } from './workload';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { copyRecord, pushTo } from '../_collections';
import { GATEWAY_DATA_PLANE_ANNOTATION, hostnamesIntersect } from '../_vocabulary';
import { recordAcknowledgement } from '../lint/_acknowledgements';

/**
 * Props for {@link Gateway}.
 */
export interface GatewayProps {
  /**
   * Name of the Gateway object (a DNS-1123 label).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The GatewayClass (e.g. `eg` for Envoy Gateway, `nginx`, `istio`, `traefik`). */
  readonly gatewayClassName: string;

  /** Where the implementation runs the Gateway's proxies and on which container ports. */
  readonly dataPlane: GatewayDataPlane;

  /**
   * TLS for the HTTPS listeners. With cert-manager, one HTTPS listener per route hostname is added
   * on demand, each with its certificate Secret; with a Secret, one HTTPS listener `https` serves
   * every hostname. With TLS, the HTTP listener redirects to HTTPS.
   *
   * @default - no TLS: routes attach to the HTTP listener
   */
  readonly tls?: GatewayTls;

  /**
   * Which namespaces may attach routes to the Gateway's listeners.
   *
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;

  /**
   * Client CIDRs admitted: on the load balancer (annotation
   * `service.beta.kubernetes.io/load-balancer-source-ranges` in `spec.infrastructure`), and, when
   * the proxies run in this `ZeroTrustNamespace`, by their NetworkPolicy.
   *
   * The NetworkPolicy sees the client's address only when the data plane's load-balancer Service
   * keeps it (`externalTrafficPolicy: Local`): Envoy Gateway and NGINX Gateway Fabric create their
   * Services that way; for Istio, Traefik and other implementations set it in the implementation's
   * Service settings, or the proxies see node addresses and admit no client.
   *
   * @see https://kubernetes.io/docs/tutorials/services/source-ip/#source-ip-for-services-with-typeloadbalancer
   * @default ['0.0.0.0/0', '::/0'] - any client
   */
  readonly sourceRanges?: string[];

  /**
   * Annotations the implementation copies to the resources it creates for the Gateway (its
   * load-balancer Service), `spec.infrastructure.annotations`.
   *
   * @default - none
   */
  readonly infrastructureAnnotations?: { [key: string]: string };

  /**
   * Labels the implementation copies to the resources it creates, `spec.infrastructure.labels`.
   *
   * @default - none
   */
  readonly infrastructureLabels?: { [key: string]: string };
}

/**
 * A listener protocol.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.ProtocolType
 */
export enum ListenerProtocol {
  /** Plain HTTP (HTTPRoute, GRPCRoute). */
  HTTP = 'HTTP',
  /** HTTP over TLS terminated at the Gateway (HTTPRoute, GRPCRoute). */
  HTTPS = 'HTTPS',
  /** TLS passed through to the backend, routed by SNI (TLSRoute). */
  TLS = 'TLS',
}

/**
 * Options for {@link Gateway.addListener}.
 */
export interface GatewayListenerOptions {
  /**
   * The hostname the listener serves (`*.example.com` for a wildcard).
   *
   * @default - any hostname (not allowed for HTTPS with cert-manager)
   */
  readonly hostname?: string;
  /**
   * Name of the listener (a DNS-1123 label), the `sectionName` routes name.
   *
   * @default - `<protocol>-<hostname with '.' → '-'>`, e.g. `https-shop-example-com`
   */
  readonly name?: string;
  /**
   * The protocol.
   *
   * @default ListenerProtocol.HTTPS
   */
  readonly protocol?: ListenerProtocol;
  /**
   * The listener port.
   *
   * @default - the data plane's HTTP or HTTPS port (80 / 443; 8000 / 8443 on Traefik)
   */
  readonly port?: number;
  /**
   * TLS of an HTTPS listener.
   *
   * @default - the Gateway's `tls`
   */
  readonly tls?: GatewayTls;
  /**
   * Namespaces admitted to this listener.
   *
   * @default - the Gateway's `allowedRoutes`
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * Options for {@link Gateway.addRoute}.
 */
export interface GatewayAddRouteOptions {
  /** Host names the route matches (at least one). */
  readonly hostnames: string[];
  /**
   * The path prefix routed to the app.
   *
   * @default '/'
   */
  readonly path?: string;
  /** The app the route sends traffic to (any namespace: a ReferenceGrant is added there). */
  readonly app: ExposedApp;
  /**
   * Name of the app port the route targets.
   *
   * @default - the app's first port
   */
  readonly port?: string;
  /**
   * Replace the matched path prefix with this path before forwarding (a `URLRewrite` filter with
   * `ReplacePrefixMatch`; the Gateway API form of ingress-nginx `rewrite-target`).
   *
   * @default - the path is forwarded unchanged
   */
  readonly rewritePath?: string;
}

/** A listener, with defaults resolved. */
interface Listener {
  readonly name: string;
  readonly hostname?: string;
  readonly port: number;
  readonly protocol: ListenerProtocol;
  readonly tls?: GatewayTls;
  readonly allowedRoutes: AllowedRoutes;
}

/** A route attached to the Gateway. @internal */
export interface AttachedRoute {
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly name: string;
  readonly hostnames: string[];
  /** The path prefix (HTTPRoute) or undefined (the whole host). */
  readonly path?: string;
  readonly sectionName?: string;
  readonly backends: Array<{ app: Workload; port: ResolvedPort }>;
}

const GATEWAY_SYMBOL = Symbol.for('cdk8s-network-patterns.Gateway');
/** Lint rules whose findings the Gateway's own validation reports for its routes. */
const ATTACHMENT_RULES = ['gateway-route-without-listener', 'gateway-route-namespace-not-admitted', 'gateway-route-hostname-mismatch'];
const ANY_SOURCE = ['0.0.0.0/0', '::/0'];
const ACME_SOLVER_LABELS = { 'acme.cert-manager.io/http01-solver': 'true' };
const ACME_SOLVER_PORT = 8089;
/** `spec.listeners` maxItems of a Gateway. @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.GatewaySpec */
const MAX_LISTENERS = 64;
/** `spec.hostnames` and `spec.rules` maxItems of an HTTPRoute. @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.HTTPRouteSpec */
const MAX_ROUTE_HOSTNAMES = 16;
/** "ParentRefs [...] +kubebuilder:validation:MaxItems=32". */
const MAX_PARENT_REFS = 32;
const MAX_ROUTE_RULES = 16;

const PROTOCOL_KINDS: { readonly [protocol in ListenerProtocol]: RouteKind[] } = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
};

/** The Gateway constructs of each App, in construction order. */
const gatewaysOfApp = new WeakMap<IConstruct, Gateway[]>();

/** Routes of each App that named a Gateway by reference before a Gateway construct of that name and namespace existed. */
const referencesOfApp = new WeakMap<IConstruct, PendingReference[]>();

/** A route that named a Gateway by reference, kept for the Gateway construct of that name. */
interface PendingReference {
  readonly namespace: string;
  readonly name: string;
  readonly route: AttachedRoute;
  readonly object: ApiObject;
  readonly app: ExposedApp;
}

/**
 * A Gateway API `Gateway` (`gateway.networking.k8s.io/v1`): the platform team's entry point,
 * usually in its own namespace, that routes of app teams attach to.
 *
 * Synthesizes:
 * - Gateway `<name>` with class `gatewayClassName`, an HTTP listener `http` on 80, and — with
 *   `tls` — HTTPS listeners on 443 (one per route hostname with cert-manager, each with its
 *   `certificateRefs` Secret and the Gateway annotated `cert-manager.io/cluster-issuer`; or one
 *   listener `https` with the given Secret); `allowedRoutes` on every listener;
 *   `spec.infrastructure` annotations and labels (and the source ranges annotation); and the
 *   annotation `netpatterns.dev/gateway-data-plane`, which tells the analyzer and lint
 *   where the proxies run;
 * - once it has an HTTPS listener, HTTPRoute `<name>-https-redirect` on the HTTP listener (a
 *   `RequestRedirect` to https, status 301), when that listener admits the Gateway's own namespace
 *   (the route lives there; a listener admitting namespaces by name, `AllowedRoutes.fromNamespaces`,
 *   admits the Gateway's namespace too for it);
 * - for `addRoute`, HTTPRoutes in the Gateway's namespace (one per hostname list, the first named
 *   `<name>`, further ones `<name>-2`, …) and a ReferenceGrant in each backend's namespace.
 *
 * Synthesis fails, naming route, Gateway and listener, when a route would not attach: a
 * `sectionName` the Gateway lacks, a listener of another protocol, a hostname no listener serves,
 * a namespace no listener admits, or a hostname + path claimed by two routes.
 *
 * Security considerations: routed apps in a `ZeroTrustNamespace` admit the proxy pods on the
 * routed container port only. When the proxies run in this Gateway's namespace and it is a
 * `ZeroTrustNamespace`, their container ports (mapped from the listener ports) are open to
 * `sourceRanges` (policy `<name>-data-plane-ingress`) and their egress to routed apps, to the
 * control plane and to HTTP-01 solver pods is opened (`<name>-data-plane-egress`); DNS is open
 * through the namespace's `allow-dns`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 * @example
 * const gw = new Gateway(infra, 'public', {
 *   gatewayClassName: 'eg',
 *   dataPlane: GatewayDataPlane.envoyGateway(),
 *   tls: GatewayTls.fromClusterIssuer(issuer),
 *   allowedRoutes: AllowedRoutes.fromNamespaces(['storefront']),
 * });
 */
export class Gateway extends Construct {
  /** Whether `x` is a {@link Gateway} (works across copies of the library). */
  public static isGateway(x: any): x is Gateway {
    return x !== null && typeof x === 'object' && GATEWAY_SYMBOL in x;
  }

  /**
   * The `Gateway` construct `reference` stands for in the App holding `scope`: the construct
   * itself, or the Gateway construct of that App with the reference's name and namespace (how
   * Python, Java, Go and .NET callers name one: a struct is passed by value there). Undefined for a
   * Gateway the App does not hold (yet). @internal
   */
  public static _constructFor(scope: IConstruct, reference: GatewayReference): Gateway | undefined {
    if (Gateway.isGateway(reference)) return reference;
    return (gatewaysOfApp.get(scope.node.root) ?? []).find(g => g.name === reference.name && g.namespace === reference.namespace);
  }

  /**
   * Records a route of `app` that names a Gateway by `reference` which no Gateway construct of
   * the App stands for yet: a Gateway construct made later with that name and namespace adopts it
   * (its listeners, attachment checks and default-deny wiring). @internal
   */
  public static _referenced(app: ExposedApp, reference: GatewayReference, route: AttachedRoute, object: ApiObject): void {
    pushTo(referencesOfApp, app.node.root, { namespace: reference.namespace, name: reference.name, route, object, app });
  }

  /** Name of the Gateway. */
  public readonly name: string;
  /** Namespace of the Gateway. */
  public readonly namespace: string;
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /** The data plane. */
  public readonly dataPlane: GatewayDataPlane;
  /** The TLS setting, if any. */
  public readonly tls?: GatewayTls;
  /** The default allowed routes of the listeners. */
  public readonly allowedRoutes: AllowedRoutes;
  /** The client CIDRs admitted. */
  public readonly sourceRanges: string[];
  /** The Gateway object (escape hatch). */
  public readonly apiObject: ApiObject;

  private readonly owner: string;
  private readonly listeners: Listener[] = [];
  private readonly routes: AttachedRoute[] = [];
  private readonly sharedRoutes: Array<{ hostnames: string[]; object: ApiObject; rules: HttpRouteRule[]; route: AttachedRoute }> = [];
  private readonly resolved: ResolvedDataPlane;
  private readonly acmeIssuers = new Set<string>();
  private readonly solverNamespaces = new Set<string>();
  private redirect?: ApiObject;
  private proxyIngress?: WorkloadPolicy;
  private proxyEgress?: WorkloadPolicy;
  /** The ZeroTrustNamespace of this App the proxies run in, once it exists. */
  private proxyNamespace?: ZeroTrustNamespace;
  /** Whether the proxies may reach the solver pods of the Gateway's own (plain) namespace. */
  private ownSolversAdmitted = false;
  /** Whether the control plane's ZeroTrustNamespace admits the proxies (once it exists). */
  private controlPlaneAdmitsProxies = false;
  /** Every rule of the proxies' own policies, kept for a ZeroTrustNamespace of theirs created later. */
  private readonly proxyRules: Array<{ readonly direction: 'Ingress' | 'Egress'; readonly rule: PolicyRule }> = [];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    const owner = checkConstruct('Gateway', scope, id, props);
    super(scope, id);
    const name = props.name ?? id;
    validateDns1123Label(owner, 'name', name);
    if (typeof props.gatewayClassName !== 'string') {
      fail(owner, `gatewayClassName must be a string, got ${String(props.gatewayClassName)}; e.g. 'eg' for Envoy Gateway`);
    }
    if (!isObjectName(props.gatewayClassName)) {
      // A GatewayClass is a cluster-scoped object: its name is a DNS-1123 subdomain.
      fail(owner, `gatewayClassName '${props.gatewayClassName}' is not a valid GatewayClass name (a lowercase DNS-1123 subdomain, e.g. eg or gateway.example.com)`);
    }
    if (!(props.dataPlane instanceof GatewayDataPlane)) {
      fail(owner, `dataPlane must be a GatewayDataPlane, got ${String(props.dataPlane)}; e.g. GatewayDataPlane.envoyGateway()`);
    }
    if (props.sourceRanges !== undefined) {
      if (!Array.isArray(props.sourceRanges) || props.sourceRanges.length === 0) {
        fail(owner, `sourceRanges ${JSON.stringify(props.sourceRanges)} is empty, which would admit no client; omit it to admit any client or list the client CIDRs`);
      }
      for (const range of props.sourceRanges) {
        validateCidr(owner, 'source range', range);
      }
    }

    this.owner = owner;
    this.name = name;
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.gatewayClassName = props.gatewayClassName;
    this.dataPlane = props.dataPlane;
    this.tls = props.tls;
    this.allowedRoutes = props.allowedRoutes ?? AllowedRoutes.sameNamespace();
    this.sourceRanges = props.sourceRanges ? [...props.sourceRanges] : [...ANY_SOURCE];
    this.resolved = this.dataPlane._resolve(name, this.namespace, this.gatewayClassName);
    Object.defineProperty(this, GATEWAY_SYMBOL, { value: true });

    Registry.of(this).claim(`Gateway ${this.namespace}/${name}`, owner, this);
    pushTo(gatewaysOfApp, this.node.root, this);

    const infraAnnotations: { [key: string]: string } = {
      ...props.infrastructureAnnotations,
      ...(props.sourceRanges ? { 'service.beta.kubernetes.io/load-balancer-source-ranges': props.sourceRanges.join(',') } : {}),
    };
    checkInfrastructure(owner, infraAnnotations, props.infrastructureLabels ?? {});
    const infrastructure = {
      ...(Object.keys(infraAnnotations).length > 0 ? { annotations: infraAnnotations } : {}),
      ...(props.infrastructureLabels && Object.keys(props.infrastructureLabels).length > 0 ? { labels: copyRecord(props.infrastructureLabels) } : {}),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name,
        labels: standardLabels(name, 'gateway'),
        annotations: {
          ...(this.tls?.clusterIssuer !== undefined ? { 'cert-manager.io/cluster-issuer': this.tls.clusterIssuer } : {}),
          // Rendered at synthesis: listeners added later change the port mapping.
          [GATEWAY_DATA_PLANE_ANNOTATION]: Lazy.any({ produce: () => this.renderDataPlaneAnnotation() }) as unknown as string,
        },
      },
      spec: {
        gatewayClassName: this.gatewayClassName,
        ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
        listeners: Lazy.any({ produce: () => this.listeners.map(l => this.renderListener(l)) }),
      } satisfies GatewaySpec,
    });

    // The proxies' namespace may be a ZeroTrustNamespace of this App: the Gateway's own (the
    // proxies run beside it) or another one, made before or after the Gateway (Envoy Gateway's
    // envoy-gateway-system). Their default-deny then needs the proxies' own policies there.
    onZeroTrustNamespace(this, chart => {
      const namespace = (chart as ZeroTrustNamespace).name;
      if (this.proxyNamespace === undefined && namespace === this.resolved.namespace) {
        this.proxiesLiveIn(chart as ZeroTrustNamespace);
      }
      if (!this.controlPlaneAdmitsProxies && namespace === this.resolved.controlPlane?.namespace) {
        this.admitProxiesToControlPlane(chart as ZeroTrustNamespace);
      }
    });
    this.addListener({ name: 'http', protocol: ListenerProtocol.HTTP, port: this.dataPlane.defaultHttpPort });
    if (this.tls && !this.tls.usesCertManager) {
      this.addListener({ name: 'https', protocol: ListenerProtocol.HTTPS });
    }
    this.node.addValidation({ validate: () => this.validateRoutes() });
    for (const ref of referencesOfApp.get(this.node.root) ?? []) {
      if (ref.namespace === this.namespace && ref.name === this.name) this.adopt(ref.app, ref.route, ref.object);
    }
  }

  /** Takes a route made before this construct, naming it by reference, as if it had been given the construct. */
  private adopt(app: ExposedApp, route: AttachedRoute, object: ApiObject): void {
    this.routes.push(route);
    if (route.sectionName === undefined) this.addListenersOnDemand(route);
    for (const backend of route.backends) this.admitToBackend(backend.app, backend.port);
    this._ownsAttachmentChecks(object);
    app._attachedTo(this, route);
  }

  /** The HTTP → HTTPS redirect route, once an HTTPS listener exists (escape hatch). */
  public get redirectRoute(): ApiObject | undefined {
    return this.redirect;
  }

  /** The Gateway's listeners' names, in order. */
  public get listenerNames(): string[] {
    return this.listeners.map(l => l.name);
  }

  /**
   * Adds a listener. Throws on a duplicate name, a duplicate port + hostname, an HTTPS listener
   * without TLS, or a cert-manager listener without a hostname.
   */
  public addListener(options: GatewayListenerOptions): void {
    const owner = this.owner;
    checkOptions('Gateway.addListener', options, owner);
    const protocol = options.protocol ?? ListenerProtocol.HTTPS;
    if (!Object.values(ListenerProtocol).includes(protocol)) {
      fail(owner, `listener protocol '${String(protocol)}' is not one of ${Object.values(ListenerProtocol).join(', ')}`);
    }
    if (options.hostname !== undefined) {
      if (typeof options.hostname !== 'string') {
        fail(owner, `listener hostname must be a string, got ${JSON.stringify(options.hostname)}; e.g. 'shop.example.com'`);
      }
      validateHost(owner, options.hostname, 'listener hostname');
    }
    const port = options.port ?? (protocol === ListenerProtocol.HTTP ? this.dataPlane.defaultHttpPort : this.dataPlane.defaultHttpsPort);
    if (typeof port !== 'number') {
      fail(owner, `listener port must be a number, got ${JSON.stringify(port)}; e.g. 443`);
    }
    validatePort(owner, 'listener port', port);
    const name = options.name ?? this.defaultListenerName(protocol, options.hostname);
    validateDns1123Label(owner, 'listener name', name);
    if (this.listeners.length >= MAX_LISTENERS) {
      fail(owner, `listener '${name}' would be listener ${this.listeners.length + 1}, but a Gateway holds at most ${MAX_LISTENERS} (with cert-manager, one per HTTPS hostname); split the hostnames over several Gateways`);
    }
    if (options.tls !== undefined && protocol !== ListenerProtocol.HTTPS) {
      fail(owner, `listener '${name}' is ${protocol}, which takes no tls (${protocol === ListenerProtocol.TLS ? 'TLS passthrough: the app terminates TLS itself' : 'plain HTTP'}); leave tls out, or use ListenerProtocol.HTTPS`);
    }
    const tls = protocol === ListenerProtocol.HTTPS ? options.tls ?? this.tls : undefined;
    if (protocol === ListenerProtocol.HTTPS && !tls) {
      fail(owner, `HTTPS listener '${name}' has no TLS; give tls to the Gateway or to addListener, or use ListenerProtocol.HTTP`);
    }
    if (tls?.usesCertManager && tls.secretName === undefined && options.hostname === undefined) {
      fail(owner, `HTTPS listener '${name}' has no hostname, but cert-manager issues certificates for listener hostnames; give a hostname`);
    }
    const otherIssuer = this.clusterIssuer;
    if (tls?.clusterIssuer !== undefined && otherIssuer !== undefined && tls.clusterIssuer !== otherIssuer) {
      fail(owner, `listener '${name}' asks ClusterIssuer '${tls.clusterIssuer}', but the Gateway's certificates come from ClusterIssuer '${otherIssuer}' and cert-manager reads one issuer annotation per Gateway; use one issuer per Gateway`);
    }
    if (tls && options.hostname?.startsWith('*.') && !tls.supportsWildcards) {
      fail(owner, `listener hostname '${options.hostname}' is a wildcard, but ClusterIssuer '${tls.clusterIssuer}' only solves HTTP-01 challenges; wildcard certificates need a DNS-01 solver`);
    }
    if (this.listeners.some(l => l.name === name)) {
      fail(owner, `listener name '${name}' is used twice; listener names must be unique`);
    }
    const incompatible = this.listeners.find(l => l.port === port && (l.protocol === ListenerProtocol.HTTP) !== (protocol === ListenerProtocol.HTTP));
    if (incompatible) {
      // Listeners sharing a port must be compatible: all HTTP, or all HTTPS/TLS; otherwise the
      // implementation marks them Conflicted (ProtocolConflict).
      fail(owner, `listener '${name}' (${protocol} on port ${port}) conflicts with listener '${incompatible.name}' (${incompatible.protocol} on port ${port}): a port serves plain HTTP or TLS (HTTPS, TLS), not both; give it another port`);
    }
    if (tls !== undefined && !tls.usesCertManager && options.hostname !== undefined && this.clusterIssuer !== undefined) {
      fail(owner, `listener '${name}' serves ${options.hostname} with Secret '${tls.secretName}', but the Gateway is annotated for ClusterIssuer '${this.clusterIssuer}', and cert-manager's gateway-shim issues a certificate into the Secret of every HTTPS listener with a hostname, replacing yours; put listeners with your own certificates on another Gateway`);
    }
    if (tls?.clusterIssuer !== undefined) {
      const own = this.listeners.find(l => l.tls !== undefined && !l.tls.usesCertManager && l.hostname !== undefined);
      if (own) {
        fail(owner, `listener '${name}' asks ClusterIssuer '${tls.clusterIssuer}', whose annotation on the Gateway makes cert-manager's gateway-shim issue a certificate into the Secret of every HTTPS listener with a hostname, replacing Secret '${own.tls!.secretName}' of listener '${own.name}'; put listeners with your own certificates on another Gateway`);
      }
    }
    if (tls?.usesCertManager) {
      // gateway-shim names each Certificate after its Secret: two Gateways of one namespace with
      // one Secret name would fight over one Certificate (fails on a name beyond 253 characters too).
      Registry.of(this).claim(`Certificate ${this.namespace}/${tls._secretFor(options.hostname)} (cert-manager names it after the listener's Secret)`, owner, this);
    }
    const clash = this.listeners.find(l => l.port === port && l.hostname === options.hostname);
    if (clash) {
      fail(owner, `listener '${name}' (port ${port}, hostname ${options.hostname ?? 'any'}) conflicts with listener '${clash.name}' on the same port and hostname; give it another hostname or port`);
    }
    const listener: Listener = { name, hostname: options.hostname, port, protocol, tls, allowedRoutes: options.allowedRoutes ?? this.allowedRoutes };
    const httpIndex = this.listeners.findIndex(l => l.name === 'http');
    const needsRedirect = protocol === ListenerProtocol.HTTPS && !this.redirect && httpIndex >= 0;
    const redirectFrom = needsRedirect ? this.redirectListener(this.listeners[httpIndex]) : undefined;
    if (redirectFrom && redirectFrom.allowedRoutes._admits(this.namespace, this.namespace, this.labelsOf(this.namespace)) === false) {
      fail(owner, `HTTPS listener '${name}' gets an HTTP → HTTPS redirect route in namespace ${this.namespace}, but the HTTP listener 'http' admits routes from ${redirectFrom.allowedRoutes._describe()}, which namespace ${this.namespace} is not, so plain-HTTP clients would get 404s; label the namespace so, or give the HTTP listener AllowedRoutes that admit it`);
    }
    this.listeners.push(listener);
    if (redirectFrom) {
      // Unknown labels (a plain Chart): the namespace is taken to carry them.
      this.listeners[httpIndex] = redirectFrom;
      this.redirect = this.createRedirectRoute(this.dataPlane._publicPort(port));
      if (this.acmeIssuers.size > 0) {
        // The HTTP listener now admits the Gateway's own namespace too, where cert-manager puts the
        // Certificates of these listeners and so their solver pods.
        for (const chart of zeroTrustNamespacesSoFar(this)) this.admitToSolvers(chart as ZeroTrustNamespace);
        this.admitProxiesToOwnSolvers();
      }
    }
    if (tls?.clusterIssuer !== undefined) {
      // cert-manager's gateway-shim issues the certificateRefs of a Gateway annotated with its issuer.
      this.apiObject.metadata.addAnnotation('cert-manager.io/cluster-issuer', tls.clusterIssuer);
      const chart = Chart.of(this);
      if (tls._solvedThroughIngress && ZeroTrustNamespace.isZeroTrustNamespace(chart)) {
        // The Certificates, and so the solver pods, are in the Gateway's namespace; the issuer's
        // ingress controller must reach them there (as for an IngressGateway).
        chart._admitAcmeSolver();
      }
    }
    this.addProxyRule('Ingress', {
      peers: this.sourceRanges.map(r => cidrPeer(r)),
      ports: [{ port: this.dataPlane.containerPort(port), protocol: 'TCP' }],
    });
  }

  /**
   * Routes `hostnames` + `path` to `app` through an HTTPRoute in the Gateway's namespace (shared
   * by every `addRoute` with the same hostnames), like `IngressGateway.addRoute`. An app in another
   * namespace gets a ReferenceGrant there. Inside a `ZeroTrustNamespace` the app admits the proxy
   * pods on the routed container port.
   */
  public addRoute(options: GatewayAddRouteOptions): void {
    const owner = this.owner;
    checkOptions('Gateway.addRoute', options, owner);
    const hostnames = checkHostnames(owner, options.hostnames);
    const path = options.path ?? '/';
    validateRoutePath(owner, 'path', path);
    if (options.rewritePath !== undefined) {
      validateRoutePath(owner, 'rewritePath', options.rewritePath);
    }
    const app = options.app;
    if (!(app instanceof Workload) || !Array.isArray((app as ExposedApp).ports)) {
      fail(owner, `addRoute app must be an ExposedApp, got ${String(app)}`);
    }
    if (!(app as ExposedApp).service) {
      fail(owner, `route ${hostnames[0]}${path} targets ExposedApp '${app.name}', which has no Service (Exposure.none()), and an HTTPRoute backend is a Service; give the app Exposure.clusterIp()`);
    }
    if (options.port !== undefined) {
      validatePortName(owner, options.port);
    }
    const port = resolveAppPort(owner, app, options.port);
    if (port.protocol !== Protocol.TCP) {
      fail(owner, `route ${hostnames[0]}${path}: port '${port.name}' of ExposedApp '${app.name}' is ${port.protocol}, but an HTTPRoute carries HTTP over TCP; route a TCP port`);
    }
    const key = [...hostnames].sort().join(',');
    let shared = this.sharedRoutes.find(r => [...r.hostnames].sort().join(',') === key);
    if (!shared) {
      const name = this.sharedRoutes.length === 0 ? this.name : `${this.name}-${this.sharedRoutes.length + 1}`;
      Registry.of(this).claim(`HTTPRoute ${this.namespace}/${name}`, owner, this);
      const rules: HttpRouteRule[] = [];
      const route: AttachedRoute = { kind: 'HTTPRoute', namespace: this.namespace, name, hostnames, backends: [] };
      const parentRefs = this._attach(route, false);
      const object = new ApiObject(this, `Route${this.sharedRoutes.length + 1}`, {
        apiVersion: ROUTE_API_VERSIONS.HTTPRoute,
        kind: 'HTTPRoute',
        metadata: { name, labels: standardLabels(this.name, 'gateway-route') },
        spec: { parentRefs, hostnames: [...hostnames], rules: Lazy.any({ produce: () => rules.map(r => copyRecord(r)) }) } satisfies RouteSpec,
      });
      this._ownsAttachmentChecks(object);
      shared = { hostnames, object, rules, route };
      this.sharedRoutes.push(shared);
    }
    if (shared.rules.length >= MAX_ROUTE_RULES) {
      fail(owner, `route ${hostnames.join(',')}${path} would be rule ${shared.rules.length + 1} of HTTPRoute '${shared.route.name}', but an HTTPRoute holds at most ${MAX_ROUTE_RULES} rules; route some of these paths under other hostnames`);
    }
    const paths = shared.rules.map(r => prefixPath(r.matches![0].path!.value!));
    if (paths.includes(prefixPath(path))) {
      fail(owner, `route ${hostnames.join(',')}${path} to ${app.node.id} conflicts with a route added before on the same hostnames and path; give one of them another path`);
    }
    const crosses = app.namespace !== this.namespace;
    shared.rules.push(httpRule(path, { name: app.name, namespace: crosses ? app.namespace : undefined, port: port.port }, options.rewritePath));
    // One AttachedRoute per path, so duplicate hostname + path checks see each path.
    const pathRoute: AttachedRoute = { ...shared.route, path, backends: [{ app, port }] };
    this.routes.push(pathRoute);
    if (crosses) {
      grantBackend(app, app.name, 'HTTPRoute', this.namespace);
    }
    this.admitToBackend(app, port);
    // https once the shared route attaches to an HTTPS listener (the Gateway's TLS, or a listener
    // added with its own TLS before or after this route).
    (app as ExposedApp)._routedAt(() => this._httpsUrl(pathRoute, path));
  }

  /**
   * Attaches a route: adds on-demand listeners, wires default-deny for its backends, and returns
   * the parentRefs (rendered at synthesis). @internal
   */
  public _attach(route: AttachedRoute, record = true): ParentReference[] {
    if (record) {
      this.routes.push(route);
    }
    if (route.sectionName === undefined) {
      this.addListenersOnDemand(route);
    }
    for (const backend of route.backends) {
      this.admitToBackend(backend.app, backend.port);
    }
    const sameNamespace = route.namespace === this.namespace;
    return Lazy.any({
      produce: () => {
        const names = route.sectionName !== undefined ? [route.sectionName] : this.attachingListeners(route);
        const ref = (at: { sectionName?: string; port?: number }): ParentReference => ({
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: this.name,
          ...(sameNamespace ? {} : { namespace: this.namespace }),
          ...at,
        });
        if (names.length > MAX_PARENT_REFS) {
          // A route holds at most 32 parentRefs: one per port then, which attaches to every
          // listener on that port accepting the route — the same listeners.
          const ports = [...new Set(this.listeners.filter(l => names.includes(l.name)).map(l => l.port))];
          return ports.map(port => ref({ port }));
        }
        return names.length > 0 ? names.map(sectionName => ref({ sectionName })) : [ref({})];
      },
    });
  }

  /**
   * HTTP-01 challenges of ClusterIssuer `issuer` are answered through this Gateway's HTTP listener:
   * the proxies are admitted to cert-manager's solver pods in every `ZeroTrustNamespace` of the
   * App this Gateway admits routes from. @internal
   */
  public _solvesHttp01For(issuer: string): void {
    if (this.acmeIssuers.size === 0) {
      onZeroTrustNamespace(this, chart => this.admitToSolvers(chart as ZeroTrustNamespace));
    }
    this.acmeIssuers.add(issuer);
    this.admitProxiesToOwnSolvers();
  }

  /**
   * The proxies' egress to the solver pods of the Gateway's own namespace, where cert-manager puts
   * the Certificates of its listeners, when that namespace is not a ZeroTrustNamespace (which
   * `admitToSolvers` covers) and its HTTP listener admits it; once.
   */
  private admitProxiesToOwnSolvers(): void {
    const httpListener = this.listeners.find(l => l.name === 'http');
    if (this.ownSolversAdmitted || this.acmeIssuers.size === 0 || ZeroTrustNamespace.isZeroTrustNamespace(Chart.of(this))
      || httpListener?.allowedRoutes._admits(this.namespace, this.namespace, this.labelsOf(this.namespace)) !== true) {
      return;
    }
    this.ownSolversAdmitted = true;
    this.addProxyRule('Egress', {
      peers: [podPeer(ACME_SOLVER_LABELS, this.namespace, this.resolved.namespace)],
      ports: [{ port: ACME_SOLVER_PORT, protocol: 'TCP' }],
    });
  }

  /**
   * Leaves the attachment findings of lint on `route` to this Gateway's own check, which reports
   * each once, naming route, Gateway and listener. @internal
   */
  public _ownsAttachmentChecks(route: Construct): void {
    // Recorded for the synthesis-time lint only (no annotation in the YAML): a route that would
    // not attach fails synthesis, so no YAML with such a finding is ever written.
    for (const rule of ATTACHMENT_RULES) {
      recordAcknowledgement(route, { rule, reason: `checked at synthesis by Gateway '${this.namespace}/${this.name}', which reports it naming route, Gateway and listener` });
    }
  }

  /**
   * The URL clients reach `route` at, as the listeners stand now: `https://<first hostname><path>`
   * when an HTTPS or TLS listener attaches it, with the port clients connect to unless it is 443
   * (preferring 443, then the lowest port, among the TLS listeners serving the first hostname);
   * undefined when only plain-HTTP listeners attach it. @internal
   */
  public _httpsUrl(route: AttachedRoute, path: string): string | undefined {
    const names = route.sectionName !== undefined ? [route.sectionName] : this.attachingListeners(route);
    const overTls = this.listeners.filter(l => names.includes(l.name) && l.protocol !== ListenerProtocol.HTTP);
    if (overTls.length === 0) return undefined;
    const hostname = route.hostnames[0];
    const serving = overTls.filter(l => hostnamesIntersect(l.hostname, hostname));
    // The port clients connect to (Traefik publishes its 8443 entry point on 443).
    const ports = (serving.length > 0 ? serving : overTls).map(l => this.dataPlane._publicPort(l.port));
    const port = ports.includes(443) ? 443 : Math.min(...ports);
    return `https://${hostname}${port === 443 ? '' : `:${port}`}${path}`;
  }

  /** The pod peer of the proxies as seen from a policy in `namespace`. @internal */
  public _proxyPeer(namespace: string): PolicyPeer {
    return podPeer(this.resolved.podLabels, this.resolved.namespace, namespace);
  }

  private admitToBackend(app: Workload, port: ResolvedPort): void {
    if (app.inZeroTrustNamespace) {
      app._admitFrom([this._proxyPeer(app.namespace)], port.name);
    }
    this.addProxyRule('Egress', {
      peers: [podPeer(app.selector, app.namespace, this.resolved.namespace)],
      ports: [{ port: port.containerPort, protocol: port.protocol }],
    });
  }

  private admitToSolvers(chart: ZeroTrustNamespace): void {
    const httpListener = this.listeners.find(l => l.name === 'http');
    const admitted = httpListener?.allowedRoutes._admits(chart.name, this.namespace, chart._clusterLabels());
    if (admitted !== true || this.solverNamespaces.has(chart.name)) {
      return;
    }
    this.solverNamespaces.add(chart.name);
    const name = `allow-acme-http01-${this.name}`.slice(0, 63).replace(/-+$/, '');
    Registry.of(chart).claim(`NetworkPolicy ${chart.name}/${name}`, this.owner, chart);
    new ApiObject(chart, `AllowAcmeHttp01Via-${this.namespace}-${this.name}`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, labels: policyLabels(this.name) },
      spec: {
        podSelector: { matchLabels: copyRecord(ACME_SOLVER_LABELS) },
        policyTypes: ['Ingress'],
        ingress: [{ from: [this._proxyPeer(chart.name)], ports: [{ protocol: 'TCP', port: ACME_SOLVER_PORT }] }],
      } satisfies NetworkPolicySpec,
    });
    this.addProxyRule('Egress', {
      peers: [podPeer(ACME_SOLVER_LABELS, chart.name, this.resolved.namespace)],
      ports: [{ port: ACME_SOLVER_PORT, protocol: 'TCP' }],
    });
  }

  /** Records a rule of the proxies' own policies, written once their ZeroTrustNamespace exists. */
  private addProxyRule(direction: 'Ingress' | 'Egress', rule: PolicyRule): void {
    this.proxyRules.push({ direction, rule });
    if (this.proxyNamespace !== undefined) {
      this.proxyPolicy(direction).addRule(rule);
    }
  }

  /** The proxies run in `chart`, a ZeroTrustNamespace of this App: writes their policies there. */
  private proxiesLiveIn(chart: ZeroTrustNamespace): void {
    this.proxyNamespace = chart;
    if (this.resolved.controlPlane) {
      // Proxies under default-deny need their configuration before any route exists.
      this.proxyPolicy('Egress');
    }
    for (const { direction, rule } of this.proxyRules) {
      this.proxyPolicy(direction).addRule(rule);
    }
  }

  /**
   * The control plane runs in `chart`, a ZeroTrustNamespace of this App: its pods admit the proxies
   * on the ports the proxies fetch their configuration from (`<gateway namespace>.<gateway>-control-plane-ingress`).
   * The controller's own traffic (to the API server) is the platform team's to allow.
   */
  private admitProxiesToControlPlane(chart: ZeroTrustNamespace): void {
    this.controlPlaneAdmitsProxies = true;
    const control = this.resolved.controlPlane!;
    const name = `${this.namespace}.${this.name}-control-plane-ingress`;
    Registry.of(this).claim(`NetworkPolicy ${chart.name}/${name}`, this.owner, this);
    new WorkloadPolicy(chart, `ControlPlaneIngress-${this.namespace}.${this.name}`, {
      name,
      direction: 'Ingress',
      podSelector: control.podLabels,
      labels: policyLabels(this.name),
    }).addRule({
      peers: [this._proxyPeer(chart.name)],
      ports: control.ports.map(port => ({ port, protocol: 'TCP' })),
    });
  }

  /**
   * The proxies' ingress or egress policy, in their ZeroTrustNamespace: under the Gateway when that
   * is the Gateway's own (`<gateway>-data-plane-ingress`), in the other namespace's chart otherwise
   * (`<gateway namespace>.<gateway>-data-plane-ingress`, as Gateways of several namespaces may
   * share one data plane namespace; a dot, which no namespace or Gateway name holds, keeps
   * `a` + `b-c` apart from `a-b` + `c`).
   */
  private proxyPolicy(direction: 'Ingress' | 'Egress'): WorkloadPolicy {
    const existing = direction === 'Ingress' ? this.proxyIngress : this.proxyEgress;
    if (existing) {
      return existing;
    }
    const chart = this.proxyNamespace!;
    const beside = chart === Chart.of(this);
    const suffix = direction === 'Ingress' ? 'ingress' : 'egress';
    const name = beside ? `${this.name}-data-plane-${suffix}` : `${this.namespace}.${this.name}-data-plane-${suffix}`;
    Registry.of(this).claim(`NetworkPolicy ${chart.name}/${name}`, this.owner, this);
    const policy = new WorkloadPolicy(beside ? this : chart, beside ? `DataPlane${direction}` : `DataPlane${direction}-${this.namespace}.${this.name}`, {
      name,
      direction,
      podSelector: this.resolved.podLabels,
      labels: policyLabels(this.name),
      // `sourceRanges` default to every address: the namespace's pod and Service CIDRs stay out.
      clusterCidrs: chart.clusterCidrs,
    });
    if (direction === 'Ingress') {
      this.proxyIngress = policy;
    } else {
      this.proxyEgress = policy;
      const control = this.resolved.controlPlane;
      if (control) {
        policy.addRule({
          peers: [namespacedPodPeer(control.podLabels, control.namespace)],
          ports: control.ports.map(port => ({ port, protocol: 'TCP' })),
        });
      }
    }
    return policy;
  }

  /**
   * `<protocol>-<hostname with '.' → '-'>` (`https-shop-example-com`); when that is longer than a
   * label allows or already names a listener of another hostname (`a-b.example.com` and
   * `a.b.example.com` give the same), a hash of the hostname makes it unique.
   */
  private defaultListenerName(protocol: ListenerProtocol, hostname: string | undefined): string {
    const base = `${protocol.toLowerCase()}-${(hostname ?? 'any').replace(/^\*\./, 'wildcard.').replace(/\./g, '-')}`;
    if (base.length <= 63 && !this.listeners.some(l => l.name === base && l.hostname !== hostname)) {
      return base;
    }
    const hash = createHash('sha256').update(`${protocol} ${hostname ?? ''}`).digest('hex').slice(0, 8);
    return `${base.slice(0, 54).replace(/-+$/, '')}-${hash}`;
  }

  private addListenersOnDemand(route: AttachedRoute): void {
    const passthrough = route.kind === 'TLSRoute';
    if (!passthrough && !this.tls?.usesCertManager) {
      return;
    }
    const protocol = passthrough ? ListenerProtocol.TLS : ListenerProtocol.HTTPS;
    for (const hostname of route.hostnames) {
      const served = this.listeners.some(l => l.protocol === protocol && l.hostname !== undefined && hostnamesIntersect(l.hostname, hostname));
      if (!served) {
        this.addListener({ hostname, protocol });
      }
    }
  }

  /** The listeners a route attaches to (those serving its kind, one of its hostnames and its namespace). */
  private attachingListeners(route: AttachedRoute): string[] {
    const names = new Set<string>();
    for (const hostname of route.hostnames) {
      for (const l of this.candidates(route, hostname)) {
        if (l.allowedRoutes._admits(route.namespace, this.namespace, this.labelsOf(route.namespace)) !== false) {
          names.add(l.name);
        }
      }
    }
    return this.listeners.filter(l => names.has(l.name)).map(l => l.name);
  }

  /** Listeners of the route's protocol family that serve `hostname` (HTTPS before HTTP when TLS is on). */
  private candidates(route: AttachedRoute, hostname: string): Listener[] {
    const protocols = route.kind === 'TLSRoute'
      ? [ListenerProtocol.TLS]
      : this.listeners.some(l => l.protocol === ListenerProtocol.HTTPS) ? [ListenerProtocol.HTTPS] : [ListenerProtocol.HTTP];
    return this.listeners.filter(l => protocols.includes(l.protocol) && hostnamesIntersect(l.hostname, hostname));
  }

  /**
   * The listeners `route` attaches to for `hostname`: its `sectionName` (when that listener serves
   * the hostname), otherwise the candidates admitting its namespace.
   */
  private listenersServing(route: AttachedRoute, hostname: string): string[] {
    if (route.sectionName !== undefined) {
      const named = this.listeners.find(l => l.name === route.sectionName);
      return named && hostnamesIntersect(named.hostname, hostname) ? [named.name] : [];
    }
    const labels = this.labelsOf(route.namespace);
    return this.candidates(route, hostname)
      .filter(l => l.allowedRoutes._admits(route.namespace, this.namespace, labels) !== false)
      .map(l => l.name);
  }

  /**
   * The listener that receives requests for `hostname` on the port of listener `name`: "inbound
   * request hostnames MUST match from the most specific to least specific Hostname values" — an
   * exact hostname, then the longest wildcard, then a listener without hostname.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  private receivingListener(name: string, hostname: string): string {
    const own = this.listeners.find(l => l.name === name)!;
    // A wildcard route hostname is served by several listeners at once: it stays where it attached.
    if (hostname.startsWith('*.')) return name;
    // For a concrete hostname, the listeners that serve it (exactly, by wildcard, or without hostname).
    const covers = (l: Listener) => hostnamesIntersect(l.hostname, hostname);
    const specificity = (l: Listener) => (l.hostname === undefined ? 0 : l.hostname === hostname ? 1000 : l.hostname.length);
    const plain = own.protocol === ListenerProtocol.HTTP;
    const rivals = this.listeners.filter(l => l.port === own.port && (l.protocol === ListenerProtocol.HTTP) === plain && covers(l));
    return rivals.reduce((best, l) => (specificity(l) > specificity(best) ? l : best), own).name;
  }

  private labelsOf(namespace: string): { [key: string]: string } | undefined {
    for (const chart of this.node.root.node.findAll()) {
      if (ZeroTrustNamespace.isZeroTrustNamespace(chart) && chart.name === namespace) {
        return chart._clusterLabels();
      }
    }
    return undefined;
  }

  private validateRoutes(): string[] {
    const errors: string[] = [];
    const gateway = `Gateway '${this.namespace}/${this.name}'`;
    const claimed = new Map<string, string>();
    const byHostname = new Map<string, { readonly kind: RouteKind; readonly what: string }>();
    // One message per conflict, however many listeners both routes share.
    const reported = new Set<string>();
    const report = (conflict: string, message: string) => {
      if (!reported.has(conflict)) {
        reported.add(conflict);
        errors.push(message);
      }
    };
    for (const route of this.routes) {
      const what = `${route.kind} '${route.namespace}/${route.name}'`;
      if (route.sectionName !== undefined) {
        const listener = this.listeners.find(l => l.name === route.sectionName);
        if (!listener) {
          errors.push(`${what} names listener '${route.sectionName}', which ${gateway} does not have (its listeners: ${this.listenerNames.join(', ')}); the route would not attach — name one of them or omit sectionName`);
          continue;
        }
        if (!PROTOCOL_KINDS[listener.protocol].includes(route.kind)) {
          errors.push(`${what} cannot attach to listener '${listener.name}' of ${gateway}: protocol ${listener.protocol} serves ${PROTOCOL_KINDS[listener.protocol].join(' and ')}, not ${route.kind}; use a listener of protocol ${route.kind === 'TLSRoute' ? 'TLS' : 'HTTP or HTTPS'}`);
          continue;
        }
        if (listener.allowedRoutes._admits(route.namespace, this.namespace, this.labelsOf(route.namespace)) === false) {
          errors.push(`${what} is in namespace '${route.namespace}', which listener '${listener.name}' of ${gateway} does not admit (it admits ${listener.allowedRoutes._describe()}); the route would not attach — add '${route.namespace}' to the Gateway's allowedRoutes`);
          continue;
        }
        for (const hostname of route.hostnames) {
          if (!hostnamesIntersect(listener.hostname, hostname)) {
            errors.push(`${what} hostname '${hostname}' is not served by listener '${listener.name}' of ${gateway} (hostname ${listener.hostname}); the route would not attach — add a listener for it or fix the hostname`);
          }
        }
      } else {
        for (const hostname of route.hostnames) {
          const candidates = this.candidates(route, hostname);
          if (candidates.length === 0) {
            const kinds = this.listeners.map(l => `${l.name} (${l.protocol}${l.hostname ? ` ${l.hostname}` : ''})`).join(', ');
            errors.push(`${what} hostname '${hostname}' is served by no ${route.kind === 'TLSRoute' ? 'TLS' : 'HTTP(S)'} listener of ${gateway} (its listeners: ${kinds}); the route would not attach — add one with addListener({ hostname: '${hostname}' })`);
            continue;
          }
          const labels = this.labelsOf(route.namespace);
          if (candidates.every(l => l.allowedRoutes._admits(route.namespace, this.namespace, labels) === false)) {
            errors.push(`${what} is in namespace '${route.namespace}', which listener '${candidates[0].name}' of ${gateway} does not admit (it admits ${candidates[0].allowedRoutes._describe()}); the route would not attach — add '${route.namespace}' to the Gateway's allowedRoutes`);
          }
        }
      }
      for (const hostname of route.hostnames) {
        const key = route.kind === 'HTTPRoute' ? `${hostname}${prefixPath(route.path ?? '/')}` : `${hostname} (${route.kind})`;
        // Conflicts are per listener: two routes for one hostname and path on different listeners
        // (another port, another hostname) do not meet.
        // A request for the hostname reaches the most specific listener on its port, whichever
        // listener the route attached to: claims meet there.
        for (const listener of new Set(this.listenersServing(route, hostname).map(l => this.receivingListener(l, hostname)))) {
          const claimKey = `${listener}\u0000${key}`;
          const previous = claimed.get(claimKey);
          if (previous !== undefined && previous !== what) {
            report(`${what}\u0000${previous}\u0000${key}`, `${what} and ${previous} both claim ${key} on listener '${listener}' of ${gateway}; the Gateway would serve only one of them — give one another hostname or path`);
          } else {
            claimed.set(claimKey, what);
          }
          if (route.kind !== 'TLSRoute') {
            // GEP-1016 ("Cross Serving"): an HTTPRoute and a GRPCRoute may not share a hostname on one
            // listener; the implementation rejects the later one.
            const hostKey = `${listener}\u0000${hostname}`;
            const other = byHostname.get(hostKey);
            if (other !== undefined && other.kind !== route.kind) {
              report(`${what}\u0000${other.what}\u0000${hostname}`, `${what} and ${other.what} both serve hostname '${hostname}' on listener '${listener}' of ${gateway}, but an HTTPRoute and a GRPCRoute may not share a hostname on one listener (the later one is not accepted); give the gRPC service its own hostname`);
            } else if (other === undefined) {
              byHostname.set(hostKey, { kind: route.kind, what });
            }
          }
        }
      }
    }
    const httpListener = this.listeners.find(l => l.name === 'http');
    const issuer = this.clusterIssuer;
    if (issuer !== undefined && this.acmeIssuers.has(issuer) && httpListener
      && httpListener.allowedRoutes._admits(this.namespace, this.namespace, this.labelsOf(this.namespace)) === false) {
      errors.push(`${gateway}: its certificates are issued by ClusterIssuer '${issuer}', which solves HTTP-01 through this Gateway, but listener 'http' does not admit routes from the Gateway's own namespace '${this.namespace}' (it admits ${httpListener.allowedRoutes._describe()}), so cert-manager's challenge HTTPRoute would never attach and the certificates would never issue; add '${this.namespace}' to allowedRoutes`);
    }
    return errors;
  }

  private renderDataPlaneAnnotation(): string {
    const ports = [...new Set(this.listeners.map(l => l.port))].sort((a, b) => a - b)
      .map(port => ({ listenerPort: port, containerPort: this.dataPlane.containerPort(port) }));
    return JSON.stringify({ namespace: this.resolved.namespace, podLabels: this.resolved.podLabels, ports });
  }

  /** The one ClusterIssuer of the listeners' cert-manager TLS (gateway-shim reads one annotation per Gateway). */
  private get clusterIssuer(): string | undefined {
    return this.listeners.find(l => l.tls?.clusterIssuer !== undefined)?.tls?.clusterIssuer ?? this.tls?.clusterIssuer;
  }

  private renderListener(l: Listener): GatewayListener {
    return {
      name: l.name,
      ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
      port: l.port,
      protocol: l.protocol,
      ...(l.protocol === ListenerProtocol.HTTPS ? {
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: l.tls!._secretFor(l.hostname) }] },
      } : {}),
      ...(l.protocol === ListenerProtocol.TLS ? { tls: { mode: 'Passthrough' } } : {}),
      allowedRoutes: l.allowedRoutes._render(PROTOCOL_KINDS[l.protocol]),
    };
  }

  /**
   * The HTTP listener as the redirect route needs it: the route lives in the Gateway's namespace,
   * so a listener admitting namespaces by name admits that one too, and plain-HTTP clients are
   * redirected instead of getting a 404.
   */
  private redirectListener(http: Listener): Listener {
    const names = http.allowedRoutes.namespaces;
    return names.length > 0 && !names.includes(this.namespace)
      ? { ...http, allowedRoutes: AllowedRoutes.fromNamespaces([...names, this.namespace]) }
      : http;
  }

  /**
   * The HTTP → HTTPS redirect. "If no port is specified, the redirect port MUST be derived using
   * the following rules: [...] If redirect scheme is not-empty, the well-known port associated
   * with the redirect scheme MUST be used": 443, so a port is written when clients reach HTTPS on
   * another (`httpsPort`, the port clients connect to).
   */
  private createRedirectRoute(httpsPort: number): ApiObject {
    const name = `${this.name}-https-redirect`;
    Registry.of(this).claim(`HTTPRoute ${this.namespace}/${name}`, this.owner, this);
    return new ApiObject(this, 'HttpsRedirect', {
      apiVersion: ROUTE_API_VERSIONS.HTTPRoute,
      kind: 'HTTPRoute',
      metadata: { name, labels: standardLabels(this.name, 'gateway-route') },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.name, sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301, ...(httpsPort !== 443 ? { port: httpsPort } : {}) } }] }],
      } satisfies RouteSpec,
    });
  }
}

/**
 * The limits of `spec.infrastructure` in the Gateway CRD: at most 16 annotations (the source
 * ranges annotation included) and 8 labels, values up to 4096 characters, key prefixes under 253.
 */
function checkInfrastructure(owner: string, annotations: { [key: string]: string }, labels: { [key: string]: string }): void {
  const count = Object.keys(annotations).length;
  if (count > 16) {
    fail(owner, `spec.infrastructure would have ${count} annotations${annotations['service.beta.kubernetes.io/load-balancer-source-ranges'] !== undefined ? ' (sourceRanges included)' : ''}, more than the 16 a Gateway accepts; give fewer infrastructureAnnotations`);
  }
  if (Object.keys(labels).length > 8) {
    fail(owner, `infrastructureLabels has ${Object.keys(labels).length} labels, more than the 8 a Gateway accepts`);
  }
  for (const [what, map] of [['infrastructureAnnotations', annotations], ['infrastructureLabels', labels]] as const) {
    for (const [key, value] of Object.entries(map)) {
      if (key.includes('/') && key.split('/')[0].length >= 253) {
        fail(owner, `${what} key '${key.slice(0, 40)}…' has a prefix of ${key.split('/')[0].length} characters; a Gateway accepts prefixes under 253`);
      }
      if (value.length > 4096) {
        const source = key === 'service.beta.kubernetes.io/load-balancer-source-ranges' ? 'sourceRanges joined with commas' : `${what} value of '${key}'`;
        fail(owner, `${source} has ${value.length} characters, more than the 4096 a Gateway accepts in spec.infrastructure; give fewer or wider ranges`);
      }
    }
  }
}

/**
 * A PathPrefix path as it matches: "a trailing `/` is ignored" (`/api/` and `/api` are one match).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
 */
function prefixPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/** The port named `name` (or the first) of `app`, resolved. @internal */
export function resolveAppPort(owner: string, app: ExposedApp, name: string | undefined): ResolvedPort {
  const found = name === undefined ? app.ports[0] : app.ports.find(p => p.name === name);
  if (!found) {
    return fail(owner, `port '${name}' is not a port of ExposedApp '${app.name}'; its ports are ${app.ports.map(p => p.name).join(', ')}`);
  }
  return { name: found.name, port: found.port, containerPort: found.containerPort ?? found.port, protocol: found.protocol ?? Protocol.TCP };
}

/** Validated hostnames of a route (at least one). @internal */
export function checkHostnames(owner: string, hostnames: unknown): string[] {
  if (!Array.isArray(hostnames) || hostnames.length === 0) {
    return fail(owner, `hostnames ${JSON.stringify(hostnames)} is empty; give at least one host name the route matches`);
  }
  if (hostnames.length > MAX_ROUTE_HOSTNAMES) {
    return fail(owner, `hostnames has ${hostnames.length} entries, more than the ${MAX_ROUTE_HOSTNAMES} an HTTPRoute accepts; split the hosts over several routes`);
  }
  hostnames.forEach((host, i) => {
    if (typeof host !== 'string') {
      fail(owner, `hostnames[${i}] ${JSON.stringify(host)} must be a string`);
    }
    validateHost(owner, host, `hostnames[${i}]`);
  });
  return [...hostnames];
}


