import { checkArg, num, required } from '../_check';
import { fail, validateDns1123Label, validatePort } from '../_validate';
import { checkOptions } from './_inputs';
import { copyRecord } from '../_collections';

/**
 * A listener port and the container port the proxy pods actually listen on for it.
 */
export interface GatewayPortMapping {
  /** The Gateway listener port (what clients and the load balancer use). */
  readonly listenerPort: number;
  /** The container port of the proxy pods serving that listener (what NetworkPolicies must open). */
  readonly containerPort: number;
}

/**
 * Where a Gateway API implementation's control plane runs, for the egress of proxies that run in
 * a `ZeroTrustNamespace`.
 */
export interface GatewayControlPlane {
  /** Namespace of the control-plane pods. */
  readonly namespace: string;
  /** Labels of the control-plane pods. */
  readonly podLabels: { [key: string]: string };
  /** TCP ports the proxies connect to (xDS, configuration agents). */
  readonly ports: number[];
}

/**
 * Options for {@link GatewayDataPlane.of}.
 */
export interface GatewayDataPlaneOptions {
  /**
   * Namespace of the proxy pods.
   *
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;
  /** Labels of the proxy pods (at least one). */
  readonly podLabels: { [key: string]: string };
  /**
   * Listener port → container port mappings; a listener port not listed is served on the same
   * container port.
   *
   * @default - container ports equal listener ports
   */
  readonly ports?: GatewayPortMapping[];
  /**
   * The control plane the proxies connect to (opened for proxies running in a `ZeroTrustNamespace`).
   *
   * @default - none
   */
  readonly controlPlane?: GatewayControlPlane;
}

/**
 * Options for {@link GatewayDataPlane.envoyGateway}.
 */
export interface EnvoyGatewayOptions {
  /**
   * The namespace Envoy Gateway is installed in (its controller namespace), where it runs the
   * proxies of every Gateway in the default deployment mode.
   *
   * @default 'envoy-gateway-system'
   */
  readonly controllerNamespace?: string;
  /**
   * Gateway Namespace Mode: the proxies of each Gateway run in the Gateway's own namespace.
   *
   * @default false
   */
  readonly gatewayNamespaceMode?: boolean;
  /**
   * Merged Gateways: the GatewayClass's `EnvoyProxy` sets `mergeGateways: true`, so one proxy
   * fleet in the controller namespace serves every Gateway of the class. Its pods carry
   * `gateway.envoyproxy.io/owning-gatewayclass: <gatewayClassName>` instead of the per-Gateway
   * owner labels (`OwningGatewayClassLabel` in `internal/gatewayapi` of
   * github.com/envoyproxy/gateway), so the policies select them by class.
   *
   * @default false
   * @see https://gateway.envoyproxy.io/docs/tasks/operations/deployment-mode/
   */
  readonly mergeGateways?: boolean;
}

/**
 * Options for {@link GatewayDataPlane.traefik}.
 */
export interface TraefikGatewayOptions {
  /**
   * The namespace Traefik is installed in.
   *
   * @default 'traefik'
   */
  readonly namespace?: string;
}

/** The label the Gateway API (GEP-1762) and Istio put on resources generated for a Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The proxies of one Gateway, resolved. @internal */
export interface ResolvedDataPlane {
  readonly namespace: string;
  readonly podLabels: { [key: string]: string };
  readonly controlPlane?: GatewayControlPlane;
}

type Kind = 'envoy' | 'nginx' | 'istio' | 'traefik' | 'custom';

/**
 * Where a Gateway API implementation runs the proxies of a Gateway (namespace and pod labels) and
 * on which container port they serve each listener port — what NetworkPolicies must name.
 *
 * The listener port is what clients use; the container port is what a NetworkPolicy matches
 * (policies see pod ports after the Service's DNAT). They differ for Envoy Gateway, whose proxies
 * run unprivileged and shift ports below 1024 by 10000 (listener 80 → container 10080).
 *
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1762/
 * @example
 * GatewayDataPlane.envoyGateway();                         // envoy-gateway-system, 80 → 10080, 443 → 10443
 * GatewayDataPlane.istio();                                // the Gateway's namespace, same ports
 * GatewayDataPlane.of({ namespace: 'edge', podLabels: { app: 'my-proxy' }, ports: [{ listenerPort: 80, containerPort: 8080 }] });
 */
export class GatewayDataPlane {
  /**
   * Envoy Gateway.
   *
   * - Proxies run in the controller namespace `envoy-gateway-system` ("In standard deployment mode,
   *   Envoy Gateway creates all data plane resources in the controller namespace"), or in the
   *   Gateway's namespace with `gatewayNamespaceMode` — https://gateway.envoyproxy.io/latest/tasks/operations/gateway-namespace-mode/
   * - Proxy pods carry `gateway.envoyproxy.io/owning-gateway-name` and
   *   `gateway.envoyproxy.io/owning-gateway-namespace` (the selector the docs use to find a
   *   Gateway's Envoy Service) — https://gateway.envoyproxy.io/docs/tasks/operations/customize-envoyproxy/
   * - Envoy runs without CAP_NET_BIND_SERVICE, so listener ports below 1024 are served on the port
   *   plus 10000 (80 → 10080, 443 → 10443); ports from 1024 up are unchanged
   *   (`servicePortToContainerPort` in `internal/gatewayapi` of github.com/envoyproxy/gateway:
   *   "If the service port is a privileged port (1-1023) add a constant to the value").
   * - The proxies' labels come from `GatewayOwnerLabels(namespace, name)` in the same package.
   * - The proxies fetch their configuration from the Envoy Gateway controller (pods
   *   `control-plane: envoy-gateway` in the controller namespace, as the Helm chart labels them) on
   *   its xDS port 18000 ("Xds EnvoyProxy Server 0.0.0.0 18000" in the docs' table of open ports).
   */
  public static envoyGateway(options: EnvoyGatewayOptions = {}): GatewayDataPlane {
    checkOptions('GatewayDataPlane.envoyGateway', options);
    const controllerNamespace = options.controllerNamespace ?? 'envoy-gateway-system';
    validateDns1123Label('GatewayDataPlane.envoyGateway', 'controllerNamespace', controllerNamespace);
    if (options.mergeGateways && options.gatewayNamespaceMode) {
      // Envoy Gateway's docs describe a merged fleet in the controller namespace only.
      fail('GatewayDataPlane.envoyGateway', 'mergeGateways and gatewayNamespaceMode are both true, but where a merged proxy fleet runs in Gateway Namespace Mode is not documented; choose one, or describe the proxies with GatewayDataPlane.of({ namespace, podLabels, ports })');
    }
    return new GatewayDataPlane('envoy', {
      mergedGateways: options.mergeGateways ?? false,
      namespace: options.gatewayNamespaceMode ? undefined : controllerNamespace,
      controlPlane: {
        namespace: controllerNamespace,
        podLabels: { 'control-plane': 'envoy-gateway' },
        ports: [18000],
      },
    });
  }

  /**
   * NGINX Gateway Fabric (2.x).
   *
   * - "When a Gateway is attached to a GatewayClass associated with NGINX Gateway Fabric, it creates
   *   a Service and an NGINX deployment in the same namespace as the Gateway" —
   *   https://docs.nginx.com/nginx-gateway-fabric/install/deploy-data-plane/
   * - Every NGINX pod carries `gateway.networking.k8s.io/gateway-name: <gateway>` (the
   *   provisioner's selector labels, `buildLabelsAndAnnotations` in
   *   `internal/controller/provisioner/objects.go` of github.com/nginx/nginx-gateway-fabric, since
   *   2.0); its `app.kubernetes.io/name` is `<gateway>-<gatewayClassName>`, truncated and hashed
   *   beyond 63 characters since 2.3, so it is not what the policies select.
   * - The NGINX Service targets the listener ports themselves (`TargetPort` = the listener port in
   *   the provisioner), so container port = listener port.
   * - The NGINX agent in each pod connects to the control plane in namespace `nginx-gateway`,
   *   container port 8443 (`agent-grpc`, behind Service port 443). Its pods are labelled
   *   `app.kubernetes.io/name: nginx-gateway-fabric` when installed with the Helm chart as the docs
   *   show (the chart's name; `app.kubernetes.io/instance` is the release name) and `nginx-gateway`
   *   when installed from `deploy/default/deploy.yaml`, so every pod of that namespace, the control
   *   plane's alone, is admitted — https://docs.nginx.com/nginx-gateway-fabric/install/helm/
   */
  public static nginxGatewayFabric(): GatewayDataPlane {
    return new GatewayDataPlane('nginx', {
      controlPlane: { namespace: 'nginx-gateway', podLabels: {}, ports: [8443] },
    });
  }

  /**
   * Istio (automated deployment, `gatewayClassName: istio`).
   *
   * - "the Gateway resource both configures and deploys a gateway": Istio creates a Deployment and
   *   a Service for each Gateway in the Gateway's namespace —
   *   https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   * - Its pods carry `gateway.networking.k8s.io/gateway-name: <gateway>` and run with the sysctl
   *   `net.ipv4.ip_unprivileged_port_start=0`, so they bind the listener ports themselves
   *   (container port = listener port); the proxies reach istiod at
   *   `istiod.istio-system.svc:15012` (`CA_ADDR`) — the gateway deployment template
   *   `manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml` in github.com/istio/istio.
   * - istiod's pods carry `app: istiod` in `istio-system`.
   */
  public static istio(): GatewayDataPlane {
    return new GatewayDataPlane('istio', {
      controlPlane: { namespace: 'istio-system', podLabels: { app: 'istiod' }, ports: [15012] },
    });
  }

  /**
   * Traefik (Kubernetes Gateway provider, installed with its Helm chart).
   *
   * - One Traefik Deployment serves every Gateway: pods `app.kubernetes.io/name: traefik` in the
   *   namespace Traefik is installed in (`traefik` by default here).
   * - "Gateway listener ports must match the configured EntryPoint ports of the Traefik
   *   deployment": the chart's entry points `web` and `websecure` listen on 8000 and 8443, so a
   *   Gateway on Traefik gets its default listeners on 8000 (HTTP) and 8443 (HTTPS), which are
   *   also the container ports — https://doc.traefik.io/traefik/routing/providers/kubernetes-gateway/
   * - Traefik reads the Kubernetes API itself; there is no separate control plane.
   */
  public static traefik(options: TraefikGatewayOptions = {}): GatewayDataPlane {
    checkOptions('GatewayDataPlane.traefik', options);
    const namespace = options.namespace ?? 'traefik';
    validateDns1123Label('GatewayDataPlane.traefik', 'namespace', namespace);
    return new GatewayDataPlane('traefik', { namespace, podLabels: { 'app.kubernetes.io/name': 'traefik' }, httpPort: 8000, httpsPort: 8443 });
  }

  /** Any other implementation: where its proxies run and which container port serves each listener port. */
  public static of(options: GatewayDataPlaneOptions): GatewayDataPlane {
    const owner = 'GatewayDataPlane.of';
    checkOptions(owner, options);
    if (options.namespace !== undefined) {
      validateDns1123Label(owner, 'namespace', options.namespace);
    }
    if (options.podLabels === null || typeof options.podLabels !== 'object' || Object.keys(options.podLabels).length === 0) {
      fail(owner, `podLabels ${JSON.stringify(options.podLabels)} is empty, which would admit every pod of the namespace; give the labels of the proxy pods`);
    }
    const ports = new Map<number, number>();
    for (const mapping of options.ports ?? []) {
      validatePort(owner, 'listenerPort', mapping.listenerPort);
      validatePort(owner, 'containerPort', mapping.containerPort);
      if (ports.has(mapping.listenerPort)) {
        fail(owner, `listenerPort ${mapping.listenerPort} is mapped twice; map each listener port once`);
      }
      ports.set(mapping.listenerPort, mapping.containerPort);
    }
    if (options.controlPlane) {
      validateDns1123Label(owner, 'controlPlane.namespace', options.controlPlane.namespace);
      for (const port of options.controlPlane.ports) {
        validatePort(owner, 'controlPlane port', port);
      }
    }
    return new GatewayDataPlane('custom', {
      namespace: options.namespace,
      podLabels: copyRecord(options.podLabels),
      ports,
      controlPlane: options.controlPlane,
    });
  }

  /** The default port of an HTTP listener on this implementation. */
  public readonly defaultHttpPort: number;
  /** The default port of an HTTPS (and TLS) listener on this implementation. */
  public readonly defaultHttpsPort: number;

  private readonly kind: Kind;
  private readonly namespace?: string;
  private readonly podLabels?: { [key: string]: string };
  private readonly ports: Map<number, number>;
  private readonly controlPlane?: GatewayControlPlane;
  /** Envoy Gateway's merged Gateways: one fleet per GatewayClass. */
  private readonly mergedGateways: boolean;

  private constructor(kind: Kind, props: {
    mergedGateways?: boolean;
    namespace?: string;
    podLabels?: { [key: string]: string };
    ports?: Map<number, number>;
    controlPlane?: GatewayControlPlane;
    httpPort?: number;
    httpsPort?: number;
  }) {
    this.kind = kind;
    this.namespace = props.namespace;
    this.podLabels = props.podLabels;
    this.ports = props.ports ?? new Map();
    this.controlPlane = props.controlPlane;
    this.mergedGateways = props.mergedGateways ?? false;
    this.defaultHttpPort = props.httpPort ?? 80;
    this.defaultHttpsPort = props.httpsPort ?? 443;
  }

  /** The container port the proxies serve `listenerPort` on. */
  public containerPort(listenerPort: number): number {
    checkArg('GatewayDataPlane.containerPort', 'listenerPort', listenerPort, required(num));
    validatePort('GatewayDataPlane.containerPort', 'listenerPort', listenerPort);
    if (this.kind === 'envoy') {
      return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
    }
    return this.ports.get(listenerPort) ?? listenerPort;
  }

  /**
   * The port clients connect to for a listener on `listenerPort`: the listener port, except
   * Traefik's entry points (8000 and 8443), which its chart's Service publishes on 80 and 443.
   * @internal
   */
  public _publicPort(listenerPort: number): number {
    if (this.kind === 'traefik') {
      if (listenerPort === this.defaultHttpsPort) return 443;
      if (listenerPort === this.defaultHttpPort) return 80;
    }
    return listenerPort;
  }

  /** Where the proxies of Gateway `name` in `namespace`, of class `gatewayClassName`, run. @internal */
  public _resolve(name: string, namespace: string, gatewayClassName: string): ResolvedDataPlane {
    switch (this.kind) {
      case 'envoy':
        return {
          namespace: this.namespace ?? namespace,
          podLabels: this.mergedGateways
            ? { 'gateway.envoyproxy.io/owning-gatewayclass': gatewayClassName }
            : {
              'gateway.envoyproxy.io/owning-gateway-name': name,
              'gateway.envoyproxy.io/owning-gateway-namespace': namespace,
            },
          controlPlane: this.controlPlane,
        };
      case 'nginx':
      case 'istio':
        return { namespace, podLabels: { [GATEWAY_NAME_LABEL]: name }, controlPlane: this.controlPlane };
      default:
        return { namespace: this.namespace ?? namespace, podLabels: copyRecord(this.podLabels), controlPlane: this.controlPlane };
    }
  }
}
