/**
 * Internal: the run-time input specs of every public constructor, factory and method of the
 * patterns, in one place (see `../_check.ts` for the checkers and the message voice).
 *
 * Classes are referred to lazily (`() => Exposure`), so this module may be imported by the modules
 * it refers to. A prop missing here is not checked: add every new public prop.
 */
import { Chart, Duration, Size, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { loadKplus } from './_kplus';
import {
  annotations, arrayOf, bool, Checker, checkProps, instance, labels, mapOf, num, oneOf, required, show, Spec, str,
  strings, struct,
} from '../_check';
import { AcmeServer, AcmeSolver } from './acme-cluster-issuer';
import { AllowedRoutes } from './allowed-routes';
import { DatabaseEngine } from './database-engine';
import { DnsSelector } from './dns-selector';
import { ExposedApp } from './exposed-app';
import { Exposure, ExternalTrafficPolicy, PathType } from './exposure';
import { ListenerProtocol } from './gateway';
import { GatewayDataPlane } from './gateway-data-plane';
import { GatewayTls } from './gateway-tls';
import { IngressControllerSelector } from './ingress-controller-selector';
import { IngressTls } from './ingress-tls';
import { LintMode } from './network-patterns-app';
import { Peer } from './peer';
import { SessionAffinity } from './session-affinity';
import { Protocol } from './workload';
import { EnvFromSource } from './workload-options';
import { PodSecurityLevel } from './zero-trust-namespace';

const EXPOSURE_HINT = 'use Exposure.clusterIp(), Exposure.nodePort(), Exposure.loadBalancer(), Exposure.ingress() or Exposure.gatewayRoute()';
const TLS_HINT = 'use IngressTls.certManager(), IngressTls.fromClusterIssuer() or IngressTls.fromSecret()';
const SELECTOR_HINT = 'use IngressControllerSelector.ingressNginx(), .of() or .fromCidrs()';
const DATA_PLANE_HINT = 'use GatewayDataPlane.envoyGateway(), .nginxGatewayFabric(), .istio(), .traefik() or .of()';

const protocol = oneOf(() => Protocol, 'Protocol');
const pathType = oneOf(() => PathType, 'PathType');
const trafficPolicy = oneOf(() => ExternalTrafficPolicy, 'ExternalTrafficPolicy');
const size = instance(() => Size, 'a Size', 'e.g. Size.mebibytes(512)');
const cpu = instance(() => loadKplus().Cpu, 'a Cpu', 'e.g. Cpu.millis(250)');
const tls = instance(() => IngressTls, 'an IngressTls', TLS_HINT);
const selector = instance(() => IngressControllerSelector, 'an IngressControllerSelector', SELECTOR_HINT);
const gatewayTls = instance(() => GatewayTls, 'a GatewayTls', 'use GatewayTls.fromClusterIssuer() or GatewayTls.fromSecret()');
const allowedRoutes = instance(() => AllowedRoutes, 'an AllowedRoutes',
  'use AllowedRoutes.sameNamespace(), .fromNamespaces(), .fromNamespaceLabels() or .all()');

/** `kplus.ContainerResources`. */
const resources = struct({
  cpu: struct({ request: cpu, limit: cpu }),
  memory: struct({ request: size, limit: size }),
  ephemeralStorage: struct({ request: size, limit: size }),
});

/** `AppPort`. */
const appPort = struct({ name: required(str()), port: required(num), containerPort: num, protocol });

/** An `IClusterIssuerRef` (an `AcmeClusterIssuer`, or any object with its two fields). */
const clusterIssuerRef: Checker = (owner, what, value) => {
  const ref = value as { clusterIssuerName?: unknown; supportsWildcards?: unknown } | null;
  if (ref === null || typeof ref !== 'object' || typeof ref.clusterIssuerName !== 'string' || typeof ref.supportsWildcards !== 'boolean') {
    throw new Error(`${owner}: ${what} must be an IClusterIssuerRef such as an AcmeClusterIssuer, got ${show(value)}; for a ClusterIssuer by name use IngressTls.certManager({ clusterIssuer })`);
  }
};

const portNumbers = (nonEmpty = false): Checker => arrayOf(num, { noun: 'port numbers', nonEmpty });

/** `ports` of `connectTo` / `allowFrom`: the names of ports (`['http']`), not their numbers. */
const portNames = arrayOf(str({ hint: "give the port's name, e.g. 'http' (a peer's numbered ports are named like 'tcp-9090')" }),
  { noun: 'port names', splitStrings: true });

/**
 * `WorkloadPodProps`: what ExposedApp and StatefulDatabase both take for their pods (the value
 * rules, such as the metrics port being a container port, run in the workload).
 */
const podProps = {
  podLabels: labels,
  podAnnotations: annotations,
  serviceAccountName: str(),
  automountServiceAccountToken: bool,
  envFrom: arrayOf(instance(() => EnvFromSource, 'an EnvFromSource', 'use EnvFromSource.secret(name) or EnvFromSource.configMap(name)'),
    { noun: 'EnvFromSource values' }),
  secretEnv: mapOf(struct({ secretName: required(str()), key: required(str()), optional: bool }, 'a { secretName, key, optional? } reference'),
    'Secret key references ({ secretName, key, optional? })'),
  metrics: struct({ port: required(num), path: str(), serviceMonitor: bool }, 'a { port, path?, serviceMonitor? } object'),
  admissionWebhookPort: num,
};

const gatewayReference = struct({ name: required(str()), namespace: required(str()), sectionName: str() }, 'a Gateway or a { name, namespace, sectionName? } reference');

/** A `{ name, namespace, sectionName? }` reference, or a Gateway construct (checked by the factory). */
const gatewayRef: Checker = (owner, what, value) => {
  if (value === null || typeof value !== 'object' || !('node' in value)) {
    gatewayReference(owner, what, value);
  }
};

/** The props of every public constructor, factory and method, by name. */
/** `AppProps.outputFileExtension`: a file name extension such as `.k8s.yaml`. */
const fileExtension: Checker = (owner, what, value) => {
  str()(owner, what, value);
  const text = value as string;
  if (!/^\.[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text) || text.length > 64) {
    throw new Error(`${owner}: ${what} must be a file name extension starting with '.', got ${show(value)}; e.g. '.k8s.yaml' (at most 64 characters)`);
  }
};

/** A cdk8s `IResolver` (an object with a `resolve` method). */
const resolver: Checker = (owner, what, value) => {
  if (value === null || typeof value !== 'object' || typeof (value as { resolve?: unknown }).resolve !== 'function') {
    throw new Error(`${owner}: ${what} must be a cdk8s IResolver (an object with a resolve(context) method), got ${show(value)}`);
  }
};

/** cdk8s's `YamlOutputType` (a numeric enum). */
const yamlOutputType: Checker = (owner, what, value) => {
  const names = Object.keys(YamlOutputType).filter(k => Number.isNaN(Number(k)));
  if (!names.some(n => (YamlOutputType as unknown as { [k: string]: unknown })[n] === value)) {
    throw new Error(`${owner}: ${what} must be a YamlOutputType (${names.map(n => `YamlOutputType.${n}`).join(', ')}), got ${show(value)}`);
  }
};

export const SPECS = {
  'NetworkPatternsApp': {
    outdir: str({ nonEmpty: true }),
    outputFileExtension: fileExtension,
    yamlOutputType: yamlOutputType,
    recordConstructMetadata: bool,
    resolvers: arrayOf(resolver, { noun: 'resolvers' }),
    lint: oneOf(() => LintMode, 'LintMode'),
    fastYaml: bool,
  },
  'ZeroTrustNamespace': {
    name: str(),
    podSecurity: oneOf(() => PodSecurityLevel, 'PodSecurityLevel'),
    dns: instance(() => DnsSelector, 'a DnsSelector', 'use DnsSelector.kubeDns(), .nodeLocal() or .of()'),
    ingressController: selector,
    gatewayDataPlane: selector,
    labels,
    monitoring: instance(() => Peer, 'a Peer', "e.g. Peer.pods({ name: 'prometheus', namespace: 'monitoring', podLabels: {...} })"),
    allowWithinNamespace: bool,
    controlPlane: instance(() => Peer, 'a Peer', 'e.g. Peer.kubeApiServer({ cidrs: [...] })'),
    clusterDomain: str(),
    clusterCidrs: strings(),
  },
  'Peer.pods': {
    name: required(str()),
    podLabels: required(labels),
    namespace: str(),
    ports: arrayOf(appPort, { noun: 'ports ({ name, port, containerPort?, protocol? })' }),
    serviceName: str(),
  },
  'Peer.namespace': { ports: portNumbers(true), protocol },
  'Peer.namespaces': { labels: required(labels), ports: portNumbers(true), protocol },
  'Peer.addresses': { ports: portNumbers(true), protocol },
  'Peer.kubeApiServer': {
    cidrs: required(strings(), "give the API server endpoint addresses as CIDRs (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), e.g. ['172.18.0.2/32']"),
    ports: portNumbers(true),
  },
  'EnvFromSource': { prefix: str(), optional: bool },
  'DnsSelector.of': { namespace: required(str()), podLabels: required(labels), port: num },
  'IngressControllerSelector.of': { namespace: required(str()), podLabels: required(labels) },
  'Exposure.nodePort': {
    nodePort: num,
    sourceRanges: strings(),
    externalTrafficPolicy: trafficPolicy,
  },
  'Exposure.loadBalancer': { annotations, sourceRanges: strings(), externalTrafficPolicy: trafficPolicy },
  'Exposure.ingress': { host: required(str()), path: str(), pathType, className: str(), tls, annotations, port: str() },
  'Exposure.gatewayRoute': {
    gateway: required(gatewayRef),
    hostnames: required(strings()),
    sectionName: str(),
    path: str(),
    port: str(),
  },
  'Exposure.grpcRoute': { gateway: required(gatewayRef), hostnames: required(strings()), sectionName: str(), port: str() },
  'Exposure.tlsRoute': { gateway: required(gatewayRef), hostnames: required(strings()), sectionName: str(), port: str() },
  'Gateway': {
    name: str(),
    gatewayClassName: required(str(), "e.g. 'eg' for Envoy Gateway"),
    dataPlane: required(instance(() => GatewayDataPlane, 'a GatewayDataPlane', DATA_PLANE_HINT)),
    tls: gatewayTls,
    allowedRoutes,
    sourceRanges: strings(),
    infrastructureAnnotations: annotations,
    infrastructureLabels: labels,
  },
  'Gateway.addListener': {
    hostname: str(),
    name: str(),
    protocol: oneOf(() => ListenerProtocol, 'ListenerProtocol'),
    port: num,
    tls: gatewayTls,
    allowedRoutes,
  },
  'Gateway.addRoute': {
    hostnames: required(strings()),
    path: str(),
    app: required(instance(() => ExposedApp, 'an ExposedApp', 'pass the ExposedApp construct, not its name')),
    port: str(),
    rewritePath: str(),
  },
  'GatewayDataPlane.of': {
    namespace: str(),
    podLabels: required(labels),
    ports: arrayOf(struct({ listenerPort: required(num), containerPort: required(num) }), { noun: 'port mappings ({ listenerPort, containerPort })' }),
    controlPlane: struct({ namespace: required(str()), podLabels: required(labels), ports: required(portNumbers(true)) }),
  },
  'GatewayDataPlane.envoyGateway': { controllerNamespace: str(), gatewayNamespaceMode: bool, mergeGateways: bool },
  'GatewayDataPlane.traefik': { namespace: str() },
  'GatewayTls.fromClusterIssuer': { issuer: required(clusterIssuerRef), options: struct({ secretName: str() }) },
  'IngressTls.certManager': { clusterIssuer: str(), issuer: str(), secretName: str() },
  'IngressTls.fromClusterIssuer': { issuer: required(clusterIssuerRef), options: struct({ secretName: str() }) },
  'ExposedApp': {
    image: required(str(), 'give an image reference with a tag or digest, e.g. ghcr.io/acme/api:1.4.2'),
    name: str(),
    port: num,
    ports: arrayOf(appPort, { noun: 'ports ({ name, port, containerPort?, protocol? })' }),
    servicePort: num,
    replicas: num,
    exposure: instance(() => Exposure, 'an Exposure', EXPOSURE_HINT),
    healthCheckPath: str(),
    env: mapOf(str({ hint: 'quote numbers and booleans: environment variable values are strings' })),
    resources,
    sessionAffinity: instance(() => SessionAffinity, 'a SessionAffinity', 'use SessionAffinity.clientIp() or SessionAffinity.none()'),
    topologyAwareRouting: bool,
    externalIPs: strings(),
    command: strings({ nonEmptyElements: true }),
    args: strings(),
    writablePaths: strings(),
    runAsUser: num,
    ...podProps,
  },
  'DatabaseEngine.custom': {
    name: str(),
    image: required(str()),
    port: required(num),
    dataPath: required(str()),
    portName: str(),
    runAsUser: num,
    secretEnv: mapOf(str(), 'Secret keys'),
    env: mapOf(str({ hint: 'quote numbers and booleans: environment variable values are strings' })),
    args: strings(),
    healthCommand: strings({ nonEmpty: true, nonEmptyElements: true }),
    writablePaths: strings(),
  },
  'StatefulDatabase': {
    engine: required(instance(() => DatabaseEngine, 'a DatabaseEngine', 'use DatabaseEngine.POSTGRES, .MYSQL, .REDIS, .MONGODB or DatabaseEngine.custom()')),
    name: str(),
    version: str(),
    replicas: num,
    storage: size,
    storageClassName: str(),
    credentialsSecret: str(),
    readService: bool,
    resources,
    ...podProps,
  },
  'ExternalDependency': {
    name: str(),
    externalName: str(),
    addresses: strings(),
    ports: required(arrayOf(num, { noun: 'port numbers' }), 'list the ports clients use, e.g. [443]'),
    protocol,
  },
  'AcmeClusterIssuer': {
    email: required(str()),
    server: instance(() => AcmeServer, 'an AcmeServer', 'use AcmeServer.PRODUCTION, AcmeServer.STAGING or AcmeServer.of(url)'),
    ingressClassName: str(),
    name: str(),
    solver: instance(() => AcmeSolver, 'an AcmeSolver', 'use AcmeSolver.ingress(className) or AcmeSolver.gatewayHttpRoute(gateway)'),
  },
  'IngressGateway': { name: str(), className: str(), tls, annotations },
  'IngressGateway.addRoute': {
    host: required(str()),
    path: str(),
    pathType,
    app: required(instance(() => ExposedApp, 'an ExposedApp', 'pass the ExposedApp construct, not its name')),
    rewriteTarget: str(),
    port: str(),
  },
  'connectTo': { env: bool, ports: portNames, egressCidrs: strings() },
  'allowFrom': { ports: portNames },
  'SessionAffinity.clientIp': { timeout: instance(() => Duration, 'a Duration', 'e.g. Duration.hours(3)') },
} satisfies { [name: string]: Spec };

/**
 * Checks the scope, id and props of a construct of kind `kind` and returns its owner for messages,
 * `<kind> '<name>'` (the `name` prop when it is a string, else the id). With `inChart`, the scope
 * must be inside a cdk8s `Chart` (a `ZeroTrustNamespace` or any other).
 */
export function checkConstruct(kind: keyof typeof SPECS, scope: unknown, id: unknown, props: unknown, inChart = true): string {
  const name = (props as { name?: unknown } | null | undefined)?.name;
  const owner = `${kind} '${typeof name === 'string' ? name : String(id)}'`;
  if (typeof id !== 'string' || id.length === 0) {
    throw new Error(`${owner}: id must be a non-empty string, got ${show(id)}; the id names the construct in its scope (only the App's own id is empty)`);
  }
  if (scope === null || typeof scope !== 'object' || !('node' in scope)) {
    throw new Error(`${owner}: scope must be a construct, got ${show(scope)}; create it inside a ZeroTrustNamespace or another Chart`);
  }
  if (inChart && !(scope as IConstruct).node.scopes.some(s => Chart.isChart(s))) {
    const path = (scope as IConstruct).node.path;
    throw new Error(`${owner}: scope must be a ZeroTrustNamespace or another Chart (or a construct inside one), got ${path ? `the construct '${path}', which is in no Chart` : 'the App itself'}; cdk8s writes every object into the manifest of its Chart`);
  }
  checkProps(owner, props, SPECS[kind]);
  return owner;
}

/** Checks the options of a factory or method `name` (`Exposure.ingress`) against its spec. */
export function checkOptions(name: keyof typeof SPECS, options: unknown, owner: string = name): void {
  checkProps(owner, options, SPECS[name], 'options');
}
