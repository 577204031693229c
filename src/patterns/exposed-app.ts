import { ApiObject, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { serviceFqdn, standardLabels, tlsSecretNameForHost } from '../_names';
import { fail, isIpAddress, specialAddressRange, validateDns1035Label, validateImage, validatePath, validatePort, validateReplicas, validateRunAsUser } from '../_validate';
import type { BackendsRule, HttpRouteRule, ParentReference, RouteSpec } from './_crd-types';
import { checkConstruct } from './_inputs';
import type { Container, DeploymentSpec, IngressSpec, ServiceSpec } from './_k8s-types';
import { containerSecurityContext, DEFAULT_RUN_AS_USER, renderResources, replicatedPodsSpec, validateWritablePaths, writableVolumes } from './_pod';
import { cidrPeer } from './_policy';
import { resolveAppPorts } from './_ports';
import { Registry } from './_registry';
import { ROUTE_API_VERSIONS, RouteKind } from './_routes';
import { Exposure, ExposureKind, GatewayReference, IngressExposureOptions } from './exposure';
import { AttachedRoute, Gateway } from './gateway';
import { SessionAffinity } from './session-affinity';
import { AppPort, Protocol, ResolvedPort, Workload } from './workload';
import { WorkloadPodProps } from './workload-options';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { copyRecord } from '../_collections';

/**
 * Props for {@link ExposedApp}.
 */
export interface ExposedAppProps extends WorkloadPodProps {
  /** The container image, with a tag or digest (`latest` and untagged images are rejected). */
  readonly image: string;

  /**
   * Name of the Deployment and the Service (a DNS-1035 label, at most 63 characters).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The container port of the single-port form (named `http`). Mutually exclusive with `ports`.
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * Several named ports. Mutually exclusive with `port` and `servicePort`. Ingresses and routes
   * target the first port unless told otherwise; probes target the first TCP port.
   *
   * @default - one port `http`: `servicePort` → `port`
   */
  readonly ports?: AppPort[];

  /**
   * The Service port of the single-port form.
   *
   * @default 80
   */
  readonly servicePort?: number;

  /**
   * Number of pods. With 2 or more, pods prefer distinct nodes (anti-affinity on
   * `kubernetes.io/hostname`).
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * How the app is reached; the Service type follows from it.
   *
   * @default Exposure.clusterIp()
   */
  readonly exposure?: Exposure;

  /**
   * An HTTP path for readiness and liveness probes (HTTP GET on the first TCP port). With it, an
   * app whose ports are all UDP or SCTP is refused: it has no port to probe. The probes use
   * HTTPS when that port serves TLS: it is the `admissionWebhookPort` (the API server calls webhooks
   * over HTTPS only) or its name is `https` or starts with `https-` (the Service port naming
   * convention); the kubelet does not verify the certificate.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes
   * @default - a TCP readiness probe on the first TCP port, no liveness probe; with `Exposure.none()`
   * or without a TCP port no probe at all (there are no Service endpoints to gate, or nothing a
   * TCP connect could test: the kubelet's TCP probe of a UDP port would never pass, the pods would
   * never become Ready and would stall every rollout)
   */
  readonly healthCheckPath?: string;

  /**
   * Environment variables of the container.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Resources of the container; fields left out take the defaults.
   *
   * @default - requests cpu 100m and memory 128Mi, limit memory 256Mi (no CPU limit)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Session affinity of the Service.
   *
   * @default - none
   */
  readonly sessionAffinity?: SessionAffinity;

  /**
   * Topology Aware Routing: annotate the Service `service.kubernetes.io/topology-mode: Auto` so
   * kube-proxy prefers endpoints in the client's zone.
   *
   * @default false
   */
  readonly topologyAwareRouting?: boolean;

  /**
   * External IPs routed to the Service by the cluster's nodes. Inside a `ZeroTrustNamespace` the
   * container ports are then open to any source address (`0.0.0.0/0`, `::/0`), since that traffic
   * comes from outside the cluster.
   *
   * @default - none
   */
  readonly externalIPs?: string[];

  /**
   * The container entrypoint.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Paths that get a writable emptyDir (the root filesystem is read-only).
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * The non-zero UID (and GID) the container runs as.
   *
   * @default 65532
   */
  readonly runAsUser?: number;
}

/**
 * A stateless app: Deployment + the Service its exposure needs + optional Ingress or HTTPRoute +
 * the NetworkPolicies its exposure and connections need.
 *
 * Objects are named after the app (`api` in namespace `production` → Deployment `api`, Service
 * `api`, DNS name `api.production.svc.cluster.local`), selected by `app.kubernetes.io/name` +
 * `app.kubernetes.io/instance`.
 *
 * Security considerations: pods meet the Pod Security Standards `restricted` profile (non-root UID,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root
 * filesystem with a writable `/tmp`), do not mount a service account token and do not get
 * Kubernetes' service-link variables. Inside a `ZeroTrustNamespace` only the exposure's sources
 * (ingress controller, gateway data plane or `sourceRanges`) and `connectTo` clients reach it.
 *
 * @example
 * new ExposedApp(prod, 'api', {
 *   image: 'ghcr.io/acme/api:1.4.2',
 *   exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
 * });
 */
export class ExposedApp extends Workload {
  /** The Deployment (escape hatch). */
  public readonly deployment: ApiObject;
  /** The Service (escape hatch); none with `Exposure.none()`. */
  public readonly service?: ApiObject;
  /** The Ingress, with `Exposure.ingress` (escape hatch). */
  public readonly ingress?: ApiObject;
  /** The HTTPRoute, with `Exposure.gatewayRoute` (escape hatch). */
  public readonly httpRoute?: ApiObject;
  /** The GRPCRoute, with `Exposure.grpcRoute` (escape hatch). */
  public readonly grpcRoute?: ApiObject;
  /** The TLSRoute, with `Exposure.tlsRoute` (escape hatch). */
  public readonly tlsRoute?: ApiObject;
  /** The exposure. */
  public readonly exposure: Exposure;
  /** The in-cluster FQDN the Service has (or would have): `<name>.<namespace>.svc.<clusterDomain>`. */
  private readonly fqdn: string;
  private readonly ownUrl: string;
  /** Routes to this app added by shared gateways, in order: each gives its https URL, or undefined while it is not reached over TLS. */
  private readonly sharedRoutes: Array<() => string | undefined> = [];
  /** The route of this app's own exposure through a `Gateway` construct, whose listeners decide the URL's scheme. */
  private gatewayRoute?: { readonly gateway: Gateway; readonly route: AttachedRoute };
  /** The number of replicas. */
  public readonly replicas: number;
  /** The app's ports. */
  public readonly ports: AppPort[];

  constructor(scope: Construct, id: string, props: ExposedAppProps) {
    const owner = checkConstruct('ExposedApp', scope, id, props);
    const name = props.name ?? id;
    validateDns1035Label(owner, 'name', name);
    const ports = resolvePorts(owner, props);
    super(scope, id, { name, ports, env: props.env, pod: props, _platformPortsRefused: platformPortsRefusal(props) });

    validateImage(owner, props.image);
    const replicas = props.replicas ?? 2;
    validateReplicas(owner, replicas, 0);
    if (props.healthCheckPath !== undefined) {
      validatePath(owner, props.healthCheckPath, 'healthCheckPath');
    }
    for (const ip of props.externalIPs ?? []) {
      if (!isIpAddress(ip)) {
        fail(owner, `externalIP '${ip}' is not an IP address (no CIDR, no host name)`);
      }
      const range = specialAddressRange(ip);
      if (range !== undefined) {
        fail(owner, `externalIP '${ip}' is ${range}, which the API server refuses in externalIPs; give an address the nodes receive traffic on`);
      }
    }
    validateWritablePaths(owner, props.writablePaths ?? []);
    const user = props.runAsUser ?? DEFAULT_RUN_AS_USER;
    validateRunAsUser(owner, user);

    this.exposure = props.exposure ?? Exposure.clusterIp();
    this.replicas = replicas;
    this.ports = this._ports.map(p => copyRecord(p));
    this.fqdn = serviceFqdn(name, this.namespace, this.clusterDomain);

    const labels = standardLabels(name, 'server');
    this.deployment = this.createDeployment(props, labels, user);
    this.service = this.exposure.kind === ExposureKind.NONE ? undefined : this.createService(props, labels);

    const zeroTrust = this.inZeroTrustNamespace ? Chart.of(this) as ZeroTrustNamespace : undefined;
    switch (this.exposure.kind) {
      case ExposureKind.INGRESS: {
        const options = this.exposure.ingressOptions!;
        const port = this._port(owner, options.port);
        if (port.protocol !== Protocol.TCP) {
          fail(owner, `port '${port.name}' is ${port.protocol}, but an Ingress routes HTTP over TCP; route a TCP port`);
        }
        this.ingress = this.createIngress(options, port, labels);
        if (zeroTrust) {
          this._admit(zeroTrust.ingressController._peers(), this._policyPorts([port]));
          if (options.tls?.usesCertManager) {
            zeroTrust._admitAcmeSolver();
          }
        }
        this.ownUrl = options.tls ? `https://${options.host}${options.path}` : this.clusterUrl();
        break;
      }
      case ExposureKind.GATEWAY_ROUTE:
      case ExposureKind.GRPC_ROUTE:
      case ExposureKind.TLS_ROUTE: {
        const kind: RouteKind = this.exposure.kind === ExposureKind.GATEWAY_ROUTE ? 'HTTPRoute'
          : this.exposure.kind === ExposureKind.GRPC_ROUTE ? 'GRPCRoute' : 'TLSRoute';
        const options = (this.exposure.gatewayRouteOptions ?? this.exposure.grpcRouteOptions ?? this.exposure.tlsRouteOptions)!;
        const port = this._port(owner, options.port);
        if (port.protocol !== Protocol.TCP) {
          fail(owner, `port '${port.name}' is ${port.protocol}, but a ${kind} carries ${kind === 'TLSRoute' ? 'TLS' : 'HTTP'} over TCP; route a TCP port`);
        }
        const gateway = Gateway._constructFor(this, options.gateway);
        const route = this.createRoute(kind, options, gateway, port, labels);
        if (kind === 'HTTPRoute') {
          this.httpRoute = route;
        } else if (kind === 'GRPCRoute') {
          this.grpcRoute = route;
        } else {
          this.tlsRoute = route;
        }
        if (zeroTrust && !gateway) {
          if (!zeroTrust.gatewayDataPlane) {
            fail(owner, `Exposure.${kind === 'HTTPRoute' ? 'gatewayRoute' : kind === 'GRPCRoute' ? 'grpcRoute' : 'tlsRoute'} needs the gatewayDataPlane prop of ZeroTrustNamespace '${zeroTrust.name}' when it names a Gateway reference that no Gateway construct made earlier in this App stands for (where the Gateway's proxies run differs per implementation, so the library does not guess); pass the Gateway construct instead (or make it before this app), or set it, e.g. IngressControllerSelector.of({ namespace: 'envoy-gateway-system', podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': '${options.gateway.name}' } })`);
          }
          this._admit(zeroTrust.gatewayDataPlane._peers(), this._policyPorts([port]));
        }
        const path = this.exposure.gatewayRouteOptions?.path ?? '';
        this.ownUrl = `https://${options.hostnames[0]}${path}`;
        break;
      }
      case ExposureKind.NODE_PORT:
      case ExposureKind.LOAD_BALANCER:
        if (zeroTrust) {
          this._admit(this.exposure.sourceRanges.map(r => cidrPeer(r)));
        }
        this.ownUrl = this.clusterUrl();
        break;
      default:
        this.ownUrl = this.clusterUrl();
    }
    if (zeroTrust && props.externalIPs && props.externalIPs.length > 0) {
      // Traffic to an external IP comes from outside the cluster: admit it like a NodePort.
      this._admit([cidrPeer('0.0.0.0/0'), cidrPeer('::/0')]);
    }
    if (this.exposure.kind === ExposureKind.NONE) {
      // Service settings without a Service would be dropped silently.
      const serviceOnly = [
        ...(props.externalIPs && props.externalIPs.length > 0 ? [`externalIPs [${props.externalIPs.join(', ')}]`] : []),
        ...(props.servicePort !== undefined ? [`servicePort ${props.servicePort}`] : []),
        ...(props.sessionAffinity !== undefined ? ['sessionAffinity'] : []),
        ...(props.topologyAwareRouting === true ? ['topologyAwareRouting'] : []),
      ];
      if (serviceOnly.length > 0) {
        fail(owner, `${serviceOnly.join(', ')} ${serviceOnly.length > 1 ? 'are Service settings' : 'is a Service setting'}, but Exposure.none() creates no Service; choose another exposure or drop ${serviceOnly.length > 1 ? 'them' : 'it'}`);
      }
      if (this.admissionWebhookPort !== undefined) {
        // A webhook configuration reaches its server through a Service (clientConfig.service) or a URL,
        // and a pod without a Service has no stable address for either.
        fail(owner, `admissionWebhookPort ${this.admissionWebhookPort} needs a Service, through which the API server calls the webhook (clientConfig.service of the webhook configuration), but Exposure.none() creates none; use Exposure.clusterIp() (the default)`);
      }
    }
    this._wirePlatform(labels, this.service ? copyRecord(this.selector) : undefined);
  }

  /** @internal */
  protected get _hasService(): boolean {
    return this.exposure.kind !== ExposureKind.NONE;
  }

  /**
   * The Service name (same as the app name).
   *
   * @throws with `Exposure.none()`, which creates no Service
   */
  public get serviceName(): string {
    this.requireService('serviceName');
    return this.name;
  }

  /**
   * The in-cluster FQDN of the Service: `<name>.<namespace>.svc.cluster.local`.
   *
   * @throws with `Exposure.none()`, which creates no Service: no name resolves to the pods
   */
  public get host(): string {
    this.requireService('host');
    return this.fqdn;
  }

  /** The in-cluster DNS name clients use (`<TARGET>_HOST`). */
  public get connectionHost(): string {
    return this.host;
  }

  /** Fails naming `what` when the app has no Service (`Exposure.none()`). */
  private requireService(what: string): void {
    if (this.exposure.kind === ExposureKind.NONE) {
      fail(this._description, `has no Service (Exposure.none()), so it has no ${what}: no name resolves to its pods; expose it (e.g. Exposure.clusterIp()) for clients to reach it by name`);
    }
  }

  /** The Service port clients connect to (`<TARGET>_PORT`, the first port). */
  public get connectionPort(): number {
    return this._ports[0].port;
  }

  /** @internal */
  protected get _kind(): string {
    return 'ExposedApp';
  }

  /** @internal */
  protected get _isolatesIngress(): boolean {
    return this.inZeroTrustNamespace;
  }

  /**
   * The URL clients use: `https://<host><path>` behind an Ingress with TLS or a gateway route —
   * its own exposure's, or the first route of an `IngressGateway` with TLS or a `Gateway` that
   * serves it — otherwise `http://<fqdn>:<servicePort>`. A route through a `Gateway` construct
   * counts only when it attaches to an HTTPS or TLS listener (a plain-HTTP route gives the cluster
   * URL, as an Ingress without TLS does), and the URL carries that listener's port when clients
   * reach it on another port than 443 (`https://shop.example.com:8443/api`); a route to a Gateway
   * *reference* is taken as https on 443.
   *
   * @throws with `Exposure.none()`, which creates no Service
   */
  public get url(): string {
    this.requireService('url');
    if (this.gatewayRoute) {
      // The listeners decide: https on the port of the TLS listener, or (served by plain HTTP
      // listeners only) no external https URL to give.
      const { gateway, route } = this.gatewayRoute;
      return gateway._httpsUrl(route, this.exposure.gatewayRouteOptions?.path ?? '') ?? this.clusterUrl();
    }
    if (this.ownUrl !== this.clusterUrl()) {
      return this.ownUrl;
    }
    for (const urlOf of this.sharedRoutes) {
      const url = urlOf();
      if (url !== undefined) return url;
    }
    return this.ownUrl;
  }

  /** This app's own route, made with a Gateway reference, was adopted by the Gateway construct it names. @internal */
  public _attachedTo(gateway: Gateway, route: AttachedRoute): void {
    this.gatewayRoute = { gateway, route };
  }

  /**
   * Records the external URL of a route to this app added by a shared gateway (`IngressGateway`,
   * `Gateway`), for an app without an external exposure of its own: the first route reached over
   * TLS when `url` is read counts (`urlOf` gives its URL, or undefined while it is not: a
   * `Gateway`'s listeners may be added after the route). @internal
   */
  public _routedAt(urlOf: () => string | undefined): void {
    this.sharedRoutes.push(urlOf);
  }

  private clusterUrl(): string {
    return `http://${this.fqdn}:${this._ports[0].port}`;
  }

  private createDeployment(props: ExposedAppProps, labels: { [key: string]: string }, user: number): ApiObject {
    // Everything the spec depends on is read and checked now; the spec itself is built when the
    // object is rendered (see `lazySpec`).
    // A TCP probe of a UDP or SCTP port would never pass (the kubelet connects over TCP).
    const probePort = this._ports.find(p => p.protocol === Protocol.TCP);
    if (props.healthCheckPath !== undefined && probePort === undefined) {
      fail(this._description, `healthCheckPath '${props.healthCheckPath}' needs a TCP port to send the HTTP GET to, but every port is ${[...new Set(this._ports.map(p => p.protocol))].join(' or ')} (${this._ports.map(p => p.name).join(', ')}); add a TCP port for the health endpoint, or drop healthCheckPath`);
    }
    const ports = this._ports.map(p => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol }));
    const writable = writableVolumes(props.writablePaths ?? ['/tmp']);
    const sources = this._renderEnvSources();
    const resources = renderResources(props.resources, { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' }, this._description);
    const image = props.image;
    const command = props.command ? [...props.command] : undefined;
    const args = props.args ? [...props.args] : undefined;
    const healthCheckPath = props.healthCheckPath;
    const scheme = probePort && servesTls(probePort, this.admissionWebhookPort) ? { scheme: 'HTTPS' } : {};
    const readinessByDefault = this.exposure.kind !== ExposureKind.NONE && probePort !== undefined;
    const selector = this.selector;
    const replicas = this.replicas;
    const podTemplate = this._podTemplateProps();
    const spec = (): DeploymentSpec => {
      const httpGet = healthCheckPath !== undefined ? { path: healthCheckPath, port: probePort!.name, ...scheme } : undefined;
      const container: Container = {
        name: this.name,
        image,
        ...(command ? { command: [...command] } : {}),
        ...(args ? { args: [...args] } : {}),
        ports: ports.map(p => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })),
        ...(sources.envFrom ? { envFrom: sources.envFrom } : {}),
        env: Lazy.any({
          produce: () => {
            const env = [...sources.secretEnv, ...this._renderEnv() ?? []];
            return env.length > 0 ? env : undefined;
          },
        }),
        resources,
        ...(httpGet
          ? { readinessProbe: { httpGet, periodSeconds: 10, failureThreshold: 3 } }
          : readinessByDefault ? { readinessProbe: { tcpSocket: { port: probePort!.name }, periodSeconds: 10, failureThreshold: 3 } } : {}),
        ...(httpGet ? { livenessProbe: { httpGet, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 } } : {}),
        securityContext: containerSecurityContext(true),
        volumeMounts: writable.mounts,
      };
      return replicatedPodsSpec({ labels, selector, replicas, user, container, volumes: writable.volumes, ...podTemplate });
    };
    return new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, labels },
      spec: lazySpec(spec),
    });
  }

  private createService(props: ExposedAppProps, labels: { [key: string]: string }): ApiObject {
    const exposure = this.exposure;
    const annotations: { [key: string]: string } = copyRecord(exposure.serviceAnnotations);
    if (props.topologyAwareRouting) {
      annotations['service.kubernetes.io/topology-mode'] = 'Auto';
    }
    const external = exposure.kind === ExposureKind.NODE_PORT || exposure.kind === ExposureKind.LOAD_BALANCER;
    if (exposure.requestedNodePort !== undefined) {
      Registry.of(this).claim(`NodePort ${exposure.requestedNodePort}`, this._description, this);
    }
    const affinity = props.sessionAffinity;
    return new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: this.name,
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        type: exposure.serviceType,
        selector: copyRecord(this.selector),
        ports: this._ports.map((p, i) => ({
          name: p.name,
          port: p.port,
          targetPort: p.containerPort,
          protocol: p.protocol,
          ...(i === 0 && exposure.requestedNodePort !== undefined ? { nodePort: exposure.requestedNodePort } : {}),
        })),
        ...(external ? { externalTrafficPolicy: exposure.externalTrafficPolicy } : {}),
        ...(exposure.kind === ExposureKind.LOAD_BALANCER && exposure.restrictsSources
          ? { loadBalancerSourceRanges: [...exposure.sourceRanges] } : {}),
        ...(props.externalIPs && props.externalIPs.length > 0 ? { externalIPs: [...props.externalIPs] } : {}),
        ...(affinity ? { sessionAffinity: affinity.type } : {}),
        ...(affinity?.timeoutSeconds !== undefined
          ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: affinity.timeoutSeconds } } } : {}),
      } satisfies ServiceSpec,
    });
  }

  private createIngress(options: IngressExposureOptions, port: ResolvedPort, labels: { [key: string]: string }): ApiObject {
    const className = options.className!;
    const path = options.path!;
    const registry = Registry.of(this);
    registry.claim(`Ingress route ${options.host}${path} (class ${className})`, this._description, this);
    registry.claim(`Ingress ${this.namespace}/${this.name}`, this._description, this);
    const tls = options.tls;
    if (tls?.usesCertManager) {
      registry.claim(`cert-manager certificate Secret ${this.namespace}/${tls.secretName ?? tlsSecretNameForHost(options.host)}`, this._description, this);
    }
    const annotations: { [key: string]: string } = copyRecord<{ [key: string]: string }>(
      options.annotations,
      tls?._annotations(),
      tls && className === 'nginx' ? { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } : undefined,
    );
    // Read now, built when rendered (see `lazySpec`).
    const host = options.host;
    const secretName = tls ? tls.secretName ?? tlsSecretNameForHost(host) : undefined;
    const pathType = options.pathType!; // Exposure.ingress fills in the default
    const serviceName = this.serviceName;
    const servicePort = port.port;
    return new ApiObject(this, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: this.name,
        labels,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: lazySpec((): IngressSpec => ({
        ingressClassName: className,
        ...(secretName !== undefined ? { tls: [{ hosts: [host], secretName }] } : {}),
        rules: [{
          host,
          http: {
            paths: [{
              path,
              pathType,
              backend: { service: { name: serviceName, port: { number: servicePort } } },
            }],
          },
        }],
      })),
    });
  }

  /** The route of a route exposure, attached to `gateway` (the construct `options.gateway` stands for, if any). */
  private createRoute(
    kind: RouteKind, options: GatewayReferenceOptions, gateway: Gateway | undefined, port: ResolvedPort, labels: { [key: string]: string },
  ): ApiObject {
    const reference = options.gateway;
    const path = this.exposure.gatewayRouteOptions?.path;
    let parentRefs: ParentReference[];
    if (gateway) {
      const attached: AttachedRoute = {
        kind,
        namespace: this.namespace,
        name: this.name,
        hostnames: [...options.hostnames],
        path,
        sectionName: options.sectionName ?? (Gateway.isGateway(reference) ? undefined : reference.sectionName),
        backends: [{ app: this, port }],
      };
      parentRefs = gateway._attach(attached);
      this.gatewayRoute = { gateway, route: attached };
    } else {
      const sectionName = options.sectionName ?? reference.sectionName;
      parentRefs = [{
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: reference.name,
        namespace: reference.namespace,
        ...(sectionName ? { sectionName } : {}),
      }];
    }
    const backendRefs = [{ name: this.serviceName, port: port.port }];
    const rules: Array<HttpRouteRule | BackendsRule> = kind === 'HTTPRoute'
      ? [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs }]
      : [{ backendRefs }];
    Registry.of(this).claim(`${kind} ${this.namespace}/${this.name}`, this._description, this);
    const route = new ApiObject(this, kind, {
      apiVersion: ROUTE_API_VERSIONS[kind],
      kind,
      metadata: { name: this.name, labels },
      spec: { parentRefs, hostnames: [...options.hostnames], rules } satisfies RouteSpec,
    });
    if (gateway) {
      gateway._ownsAttachmentChecks(route);
    } else {
      // A Gateway construct of this name made later in the App adopts the route.
      Gateway._referenced(this, reference, {
        kind,
        namespace: this.namespace,
        name: this.name,
        hostnames: [...options.hostnames],
        path,
        sectionName: options.sectionName ?? reference.sectionName,
        backends: [{ app: this, port }],
      }, route);
    }
    return route;
  }
}

/** What the route exposures have in common. */
interface GatewayReferenceOptions {
  readonly gateway: GatewayReference;
  readonly hostnames: string[];
  readonly port?: string;
  readonly sectionName?: string;
}

/**
 * Whether `port` serves TLS, so an HTTP probe on it must use HTTPS: the webhook port (the API
 * server calls admission webhooks over HTTPS only) or a port named `https` / `https-…`.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#contacting-the-webhook
 */
function servesTls(port: ResolvedPort, admissionWebhookPort: number | undefined): boolean {
  return port.containerPort === admissionWebhookPort || port.name === 'https' || port.name.startsWith('https-');
}

/**
 * Why the library may not add a port for `metrics.port` / `admissionWebhookPort` to this app's
 * Service: a Service reachable from outside the cluster would publish it there too.
 */
function platformPortsRefusal(props: ExposedAppProps): string | undefined {
  const kind = props.exposure?.kind;
  if (kind === ExposureKind.NODE_PORT) return 'its NodePort Service would publish it on every node';
  if (kind === ExposureKind.LOAD_BALANCER) return 'its LoadBalancer Service would publish it outside the cluster';
  if (Array.isArray(props.externalIPs) && props.externalIPs.length > 0) return 'its Service\'s externalIPs would publish it outside the cluster';
  return undefined;
}

function resolvePorts(owner: string, props: ExposedAppProps): ResolvedPort[] {
  if (props.ports !== undefined) {
    if (props.port !== undefined || props.servicePort !== undefined) {
      const given = [
        ...(props.port !== undefined ? [`port ${props.port}`] : []),
        ...(props.servicePort !== undefined ? [`servicePort ${props.servicePort}`] : []),
      ].join(' and ');
      fail(owner, `${given} and ports are mutually exclusive; use port (+ servicePort) for one port, or ports for several named ports`);
    }
    if (props.ports.length === 0) {
      fail(owner, 'ports is empty; give at least one port, or use port for a single one');
    }
    return resolveAppPorts(owner, props.ports);
  }
  const port = props.port ?? 8080;
  const servicePort = props.servicePort ?? 80;
  validatePort(owner, 'port', port);
  validatePort(owner, 'servicePort', servicePort);
  return [{ name: 'http', port: servicePort, containerPort: port, protocol: Protocol.TCP }];
}

/**
 * A spec built when its object is rendered, from values read (and checked) at construction: the
 * App holds a small closure per object instead of the whole spec tree between construction and
 * synthesis (about 2 KB per app). The output is the same: cdk8s resolves what `build` returns.
 */
function lazySpec<T>(build: () => T): T {
  return Lazy.any({ produce: build }) as unknown as T;
}
