import { tlsSecretNameForHost } from '../_names';
import {
  fail, isObjectName, validateCidr, validateDns1123Label, validateHost, validateIngressClassName, validateIngressPath, validateNodePort,
  validatePortName, validateRoutePath,
} from '../_validate';
import { checkOptions } from './_inputs';
import { IngressTls } from './ingress-tls';
import { copyRecord } from '../_collections';

/**
 * Options for {@link Exposure.nodePort}.
 */
export interface NodePortExposureOptions {
  /**
   * The node port, in the default service-node-port-range 30000-32767.
   *
   * @default - the cluster picks a free one
   */
  readonly nodePort?: number;

  /**
   * Client CIDRs admitted to the app's container port by its NetworkPolicy (inside a
   * `ZeroTrustNamespace`). Giving them switches `externalTrafficPolicy` to `Local`, so the
   * client address reaches the pod and the rule can match it.
   *
   * @default ['0.0.0.0/0'] - any client
   */
  readonly sourceRanges?: string[];

  /**
   * Whether node traffic is routed to local endpoints only (`Local`, keeps the client address) or
   * to any endpoint (`Cluster`, SNATs the client address to a node address).
   *
   * @default - `Local` when `sourceRanges` is given, otherwise `Cluster`
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/**
 * Options for {@link Exposure.loadBalancer}.
 */
export interface LoadBalancerExposureOptions {
  /**
   * Annotations for the cloud load balancer (e.g.
   * `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing`).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Client CIDRs allowed through the load balancer (`loadBalancerSourceRanges`) and admitted to
   * the container port by the app's NetworkPolicy. Giving them switches `externalTrafficPolicy` to
   * `Local` so the client address reaches the pod.
   *
   * @default ['0.0.0.0/0'] - any client
   */
  readonly sourceRanges?: string[];

  /**
   * `Local` keeps the client address (needed for `sourceRanges` to match in NetworkPolicies);
   * `Cluster` spreads load over every node.
   *
   * @default - `Local` when `sourceRanges` is given, otherwise `Cluster`
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/**
 * Options for {@link Exposure.ingress}.
 */
export interface IngressExposureOptions {
  /** The public host name, e.g. `api.example.com` or `*.example.com` (no scheme, no port). */
  readonly host: string;

  /**
   * The path routed to the app.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` matches.
   *
   * @default PathType.PREFIX
   */
  readonly pathType?: PathType;

  /**
   * The IngressClass.
   *
   * @default 'nginx'
   */
  readonly className?: string;

  /**
   * TLS for the host. With TLS on an nginx class, HTTP is redirected to HTTPS.
   *
   * @default - no TLS (plain HTTP)
   */
  readonly tls?: IngressTls;

  /**
   * Extra annotations on the Ingress.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Name of the app port the Ingress routes to.
   *
   * @default - the app's first port
   */
  readonly port?: string;
}

/**
 * The Gateway a route attaches to (owned by the platform team; its `allowedRoutes` must admit the
 * route's namespace). A {@link Gateway} construct of the same program can be passed where a
 * reference is expected (it has `name` and `namespace`): the library then knows its listeners and
 * data plane, checks that the route attaches and wires default-deny itself. A reference whose name
 * and namespace are those of a `Gateway` construct made earlier in the same App stands for that
 * construct too — the way to name one from Python, Java, Go or .NET, where a struct is passed by
 * value (`GatewayReference(name=gw.name, namespace=gw.namespace)`); a Gateway construct made later
 * adopts the routes that named it before.
 */
export interface GatewayReference {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
  /**
   * A listener of the Gateway (`parentRefs[].sectionName`).
   *
   * @default - every listener that admits the route
   */
  readonly sectionName?: string;
}

/**
 * Options for {@link Exposure.gatewayRoute}.
 */
export interface GatewayRouteExposureOptions {
  /** The Gateway the route attaches to: a `Gateway` construct or a `{ name, namespace }` reference. */
  readonly gateway: GatewayReference;
  /** Host names matched by the route (at least one). */
  readonly hostnames: string[];
  /**
   * The listener of the Gateway the route attaches to (`parentRefs[].sectionName`).
   *
   * @default - `gateway.sectionName` for a reference; for a Gateway construct, every listener
   * serving the route's hostnames and kind
   */
  readonly sectionName?: string;
  /**
   * The path prefix routed to the app.
   *
   * @default '/'
   */
  readonly path?: string;
  /**
   * Name of the app port the route targets.
   *
   * @default - the app's first port
   */
  readonly port?: string;
}

/**
 * Options for {@link Exposure.grpcRoute}.
 */
export interface GrpcRouteExposureOptions {
  /** The Gateway the route attaches to: a `Gateway` construct or a `{ name, namespace }` reference. */
  readonly gateway: GatewayReference;
  /** Host names matched by the route (at least one). */
  readonly hostnames: string[];
  /**
   * The listener of the Gateway the route attaches to (`parentRefs[].sectionName`).
   *
   * @default - `gateway.sectionName` for a reference; for a Gateway construct, every listener
   * serving the route's hostnames and kind
   */
  readonly sectionName?: string;
  /**
   * Name of the app port the route targets (the gRPC server's port).
   *
   * @default - the app's first port
   */
  readonly port?: string;
}

/**
 * Options for {@link Exposure.tlsRoute}.
 */
export interface TlsRouteExposureOptions {
  /** The Gateway the route attaches to: a `Gateway` construct or a `{ name, namespace }` reference. */
  readonly gateway: GatewayReference;
  /** Host names (TLS SNI) matched by the route (at least one). */
  readonly hostnames: string[];
  /**
   * The listener of the Gateway the route attaches to (`parentRefs[].sectionName`).
   *
   * @default - `gateway.sectionName` for a reference; for a Gateway construct, every listener
   * serving the route's hostnames and kind
   */
  readonly sectionName?: string;
  /**
   * Name of the app port the route targets (the app terminates TLS itself).
   *
   * @default - the app's first port
   */
  readonly port?: string;
}

/**
 * A Service type.
 */
export enum ServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node. */
  NODE_PORT = 'NodePort',
  /** Also through a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * How traffic from outside the cluster reaches the endpoints of a NodePort or LoadBalancer Service.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum ExternalTrafficPolicy {
  /** Any ready endpoint on any node; the client address is SNATed. */
  CLUSTER = 'Cluster',
  /** Only endpoints on the receiving node; the client address is kept. */
  LOCAL = 'Local',
}

/**
 * How an Ingress path matches.
 */
export enum PathType {
  /** Matches on path elements split by '/'. */
  PREFIX = 'Prefix',
  /** Matches the exact path. */
  EXACT = 'Exact',
  /** Left to the IngressClass (regular expressions on ingress-nginx). */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/**
 * Kinds of {@link Exposure}.
 */
export enum ExposureKind {
  /** No Service at all (`Exposure.none()`): a worker nothing connects to. */
  NONE = 'None',
  /** A ClusterIP Service only. */
  CLUSTER_IP = 'ClusterIP',
  /** A NodePort Service. */
  NODE_PORT = 'NodePort',
  /** A LoadBalancer Service. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A ClusterIP Service and an Ingress. */
  INGRESS = 'Ingress',
  /** A ClusterIP Service and a Gateway API HTTPRoute. */
  GATEWAY_ROUTE = 'GatewayRoute',
  /** A ClusterIP Service and a Gateway API GRPCRoute. */
  GRPC_ROUTE = 'GrpcRoute',
  /** A ClusterIP Service and a Gateway API TLSRoute (TLS passthrough). */
  TLS_ROUTE = 'TlsRoute',
}

const ANY_SOURCE = ['0.0.0.0/0'];

/**
 * How an `ExposedApp` is reached; the Service type follows from it.
 *
 * | factory | Service | also | NetworkPolicy (in a ZeroTrustNamespace) |
 * | --- | --- | --- | --- |
 * | `none()` | none | | nothing beyond `connectTo` / `allowFrom` |
 * | `clusterIp()` | ClusterIP | | nothing beyond `connectTo` |
 * | `nodePort()` | NodePort | | container port open to `sourceRanges` |
 * | `loadBalancer()` | LoadBalancer | | container port open to `sourceRanges` |
 * | `ingress()` | ClusterIP | Ingress (+ TLS) | ingress controller → container port |
 * | `gatewayRoute()` | ClusterIP | HTTPRoute | gateway data plane → container port |
 * | `grpcRoute()` | ClusterIP | GRPCRoute | gateway data plane → container port |
 * | `tlsRoute()` | ClusterIP | TLSRoute (passthrough) | gateway data plane → container port |
 *
 * Factories validate their own arguments and throw with the offending value.
 */
export class Exposure {
  /**
   * No Service: a workload nothing connects to (a queue worker, a controller). No Service is
   * created, so no lint warning says it is unreachable; `connectTo` it still opens its pods' ports
   * but injects no `<NAME>_HOST` / `<NAME>_PORT` (there is no Service to name), and its
   * `metrics.serviceMonitor` becomes a PodMonitor. `serviceType` reads ClusterIP but is unused.
   */
  public static none(): Exposure {
    return new Exposure(ExposureKind.NONE, ServiceType.CLUSTER_IP, {});
  }

  /** Reachable inside the cluster only (Service type ClusterIP). */
  public static clusterIp(): Exposure {
    return new Exposure(ExposureKind.CLUSTER_IP, ServiceType.CLUSTER_IP, {});
  }

  /** On a port of every node (Service type NodePort, 30000-32767). */
  public static nodePort(options: NodePortExposureOptions = {}): Exposure {
    const owner = 'Exposure.nodePort';
    checkOptions(owner, options);
    if (options.nodePort !== undefined) {
      validateNodePort(owner, options.nodePort);
    }
    const external = externalOptions(owner, options.sourceRanges, options.externalTrafficPolicy);
    return new Exposure(ExposureKind.NODE_PORT, ServiceType.NODE_PORT, { ...external, nodePort: options.nodePort });
  }

  /** Through a cloud load balancer (Service type LoadBalancer). */
  public static loadBalancer(options: LoadBalancerExposureOptions = {}): Exposure {
    const owner = 'Exposure.loadBalancer';
    checkOptions(owner, options);
    const external = externalOptions(owner, options.sourceRanges, options.externalTrafficPolicy);
    return new Exposure(ExposureKind.LOAD_BALANCER, ServiceType.LOAD_BALANCER, {
      ...external,
      annotations: copyRecord(options.annotations),
    });
  }

  /** Behind an Ingress (ClusterIP Service + Ingress, optional TLS). */
  public static ingress(options: IngressExposureOptions): Exposure {
    const owner = 'Exposure.ingress';
    checkOptions(owner, options);
    validateHost(owner, options.host);
    const path = options.path ?? '/';
    validateIngressPath(owner, 'path', path, options.pathType ?? PathType.PREFIX);
    const className = options.className ?? 'nginx';
    validateIngressClassName(owner, 'className', className);
    if (options.port !== undefined) {
      validatePortName(owner, options.port);
    }
    options.tls?._checkHosts(owner, [options.host]);
    if (options.tls && options.tls.secretName === undefined && !isObjectName(tlsSecretNameForHost(options.host))) {
      fail(owner, `tls secret name '${tlsSecretNameForHost(options.host)}' derived from host '${options.host}' is longer than the 253 characters of a Secret name; give tls a secretName`);
    }
    return new Exposure(ExposureKind.INGRESS, ServiceType.CLUSTER_IP, {
      ingress: copyRecord<IngressExposureOptions>(options, { host: options.host, path, className, pathType: options.pathType ?? PathType.PREFIX }),
    });
  }

  /**
   * Behind a Gateway API HTTPRoute (ClusterIP Service + `gateway.networking.k8s.io/v1` HTTPRoute
   * with a PathPrefix match). Inside a `ZeroTrustNamespace`, the namespace's `gatewayDataPlane`
   * pods are admitted to the container port.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
   */
  public static gatewayRoute(options: GatewayRouteExposureOptions): Exposure {
    const owner = 'Exposure.gatewayRoute';
    const hostnames = routeTarget(owner, options);
    const path = options.path ?? '/';
    validateRoutePath(owner, 'path', path);
    return new Exposure(ExposureKind.GATEWAY_ROUTE, ServiceType.CLUSTER_IP, {
      gatewayRoute: { ...options, gateway: options.gateway, hostnames, path },
    });
  }

  /**
   * Behind a Gateway API GRPCRoute (ClusterIP Service + `gateway.networking.k8s.io/v1` GRPCRoute
   * for every service and method of the hostnames). The Gateway's data plane is admitted to the
   * container port, as with `gatewayRoute`.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
   */
  public static grpcRoute(options: GrpcRouteExposureOptions): Exposure {
    const hostnames = routeTarget('Exposure.grpcRoute', options);
    return new Exposure(ExposureKind.GRPC_ROUTE, ServiceType.CLUSTER_IP, {
      grpcRoute: { ...options, gateway: options.gateway, hostnames },
    });
  }

  /**
   * Behind a Gateway API TLSRoute: TLS passthrough routed by SNI (ClusterIP Service +
   * `gateway.networking.k8s.io/v1` TLSRoute, served since Gateway API v1.5); the app terminates TLS
   * itself. The Gateway's data plane is admitted to the container port.
   *
   * @see https://gateway-api.sigs.k8s.io/guides/tls/
   */
  public static tlsRoute(options: TlsRouteExposureOptions): Exposure {
    const hostnames = routeTarget('Exposure.tlsRoute', options);
    return new Exposure(ExposureKind.TLS_ROUTE, ServiceType.CLUSTER_IP, {
      tlsRoute: { ...options, gateway: options.gateway, hostnames },
    });
  }

  /** Which kind of exposure this is. */
  public readonly kind: ExposureKind;
  /** The Service type this exposure needs. */
  public readonly serviceType: ServiceType;
  /** The requested node port (NodePort exposure). */
  public readonly requestedNodePort?: number;
  /** Client CIDRs admitted (NodePort / LoadBalancer exposure). */
  public readonly sourceRanges: string[];
  /** External traffic policy (NodePort / LoadBalancer exposure). */
  public readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** Service annotations (LoadBalancer exposure). */
  public readonly serviceAnnotations: { [key: string]: string };
  /** Ingress settings (Ingress exposure). */
  public readonly ingressOptions?: IngressExposureOptions;
  /** Route settings (gateway route exposure). */
  public readonly gatewayRouteOptions?: GatewayRouteExposureOptions;
  /** Route settings (GRPC route exposure). */
  public readonly grpcRouteOptions?: GrpcRouteExposureOptions;
  /** Route settings (TLS route exposure). */
  public readonly tlsRouteOptions?: TlsRouteExposureOptions;
  /** Whether `sourceRanges` were given explicitly. */
  public readonly restrictsSources: boolean;

  private constructor(kind: ExposureKind, serviceType: ServiceType, props: {
    nodePort?: number;
    sourceRanges?: string[];
    restrictsSources?: boolean;
    externalTrafficPolicy?: ExternalTrafficPolicy;
    annotations?: { [key: string]: string };
    ingress?: IngressExposureOptions;
    gatewayRoute?: GatewayRouteExposureOptions;
    grpcRoute?: GrpcRouteExposureOptions;
    tlsRoute?: TlsRouteExposureOptions;
  }) {
    this.kind = kind;
    this.serviceType = serviceType;
    this.requestedNodePort = props.nodePort;
    this.sourceRanges = props.sourceRanges ?? [];
    this.restrictsSources = props.restrictsSources ?? false;
    this.externalTrafficPolicy = props.externalTrafficPolicy;
    this.serviceAnnotations = props.annotations ?? {};
    this.ingressOptions = props.ingress;
    this.gatewayRouteOptions = props.gatewayRoute;
    this.grpcRouteOptions = props.grpcRoute;
    this.tlsRouteOptions = props.tlsRoute;
  }
}

function externalOptions(owner: string, sourceRanges: string[] | undefined, policy: ExternalTrafficPolicy | undefined) {
  if (sourceRanges !== undefined) {
    if (sourceRanges.length === 0) {
      fail(owner, 'sourceRanges is empty, which would admit no client; omit it to admit any client or list the client CIDRs');
    }
    for (const range of sourceRanges) {
      validateCidr(owner, 'source range', range);
    }
    if (policy === ExternalTrafficPolicy.CLUSTER) {
      fail(owner, `externalTrafficPolicy 'Cluster' SNATs client addresses, so sourceRanges [${sourceRanges.join(', ')}] could never match in a NetworkPolicy; use 'Local' (the default with sourceRanges)`);
    }
    return { sourceRanges: [...sourceRanges], restrictsSources: true, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL };
  }
  return { sourceRanges: [...ANY_SOURCE], restrictsSources: false, externalTrafficPolicy: policy ?? ExternalTrafficPolicy.CLUSTER };
}

/** Validates the Gateway, hostnames and port of a route exposure; returns a copy of the hostnames. */
function routeTarget(
  owner: 'Exposure.gatewayRoute' | 'Exposure.grpcRoute' | 'Exposure.tlsRoute',
  options: { gateway: GatewayReference; hostnames: string[]; port?: string; sectionName?: string },
): string[] {
  checkOptions(owner, options);
  const gateway = options.gateway;
  validateDns1123Label(owner, 'gateway.name', gateway.name);
  validateDns1123Label(owner, 'gateway.namespace', gateway.namespace);
  for (const [what, sectionName] of [['gateway.sectionName', gateway.sectionName], ['sectionName', options.sectionName]]) {
    if (sectionName !== undefined && !isObjectName(sectionName)) {
      fail(owner, `${what} '${sectionName}' is not a listener name (a lowercase DNS-1123 subdomain of at most 253 characters, e.g. https)`);
    }
  }
  if (!Array.isArray(options.hostnames) || options.hostnames.length === 0) {
    fail(owner, 'hostnames is empty; give at least one host name the route matches');
  }
  if (options.hostnames.length > 16) {
    const kind = owner === 'Exposure.gatewayRoute' ? 'an HTTPRoute' : owner === 'Exposure.grpcRoute' ? 'a GRPCRoute' : 'a TLSRoute';
    fail(owner, `hostnames has ${options.hostnames.length} entries, more than the 16 ${kind} accepts; split the hosts over several routes`);
  }
  options.hostnames.forEach((host, i) => {
    if (typeof host !== 'string') {
      fail(owner, `hostnames[${i}] ${JSON.stringify(host)} must be a string; e.g. 'shop.example.com'`);
    }
    validateHost(owner, host, `hostnames[${i}]`);
  });
  if (options.port !== undefined) {
    validatePortName(owner, options.port);
  }
  return [...options.hostnames];
}
