/**
 * The table of the public-API input test: every public constructor, factory and method, its valid
 * arguments, and every public prop with its kind (which decides the wrong values it is fed, see
 * `_fuzz.ts`), the generated values it legitimately accepts and prop-specific wrong values.
 *
 * To cover a new prop, add a line to its target; a new construct or factory gets a new target.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PropSpec, Target } from './_fuzz';
import {
  AcmeClusterIssuer, AcmeServer, DatabaseEngine, DnsSelector, ExposedApp, Exposure, ExternalDependency,
  IngressControllerSelector, IngressGateway, IngressTls, Linter, lint, Reachability, SessionAffinity,
  StatefulDatabase, ZeroTrustNamespace, Gateway, GatewayDataPlane, AllowedRoutes, AcmeSolver, EnvFromSource,
  GatewayTls, NetworkPatternsApp, NetworkPatternsValidation, Peer,
} from '../../src';

const IMAGE = 'ghcr.io/acme/api:1.4.2';
const LONG_LABEL_VALUE = 'a'.repeat(64);
const HOSTS_17 = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
/** A 253-character host: valid, but `<host>-tls` (its derived Secret name) is 257 characters. */
const HOST_253 = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(60)}.com`;

/** Paths the Ingress API (and the Gateway API) refuses. */
const BAD_PATHS = {
  'double slash': '/api//v1',
  'dot-dot segment': '/api/..',
  'dot segment': '/./api',
  'encoded slash': '/api%2Fv1',
};

/** The wrong values of a label/annotation map beyond its kind's. */
const BAD_LABELS = {
  'label value beyond 63 characters': { team: LONG_LABEL_VALUE },
  'key with two slashes': { 'a/b/c': 'x' },
  'value with a space': { team: 'a b' },
};

/** An ExposedApp `web` in the ZeroTrustNamespace with `exposure`. */
function appWith(ctx: { ns: ZeroTrustNamespace }, props: any = {}): ExposedApp {
  return new ExposedApp(ctx.ns, 'web', { image: IMAGE, ...props });
}

/** A few manifests with workloads `prod/web` and `prod/api` for the analysis entry points. */
function manifests(): any[] {
  const deployment = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'prod' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: IMAGE, ports: [{ containerPort: 8080 }] }] } },
    },
  });
  return [deployment('web'), deployment('api')];
}

/** Every construct but ExposedApp (which has its own scope target), created in `scope`. */
const SCOPED: Array<[string, (scope: any) => unknown]> = [
  ['StatefulDatabase', (scope) => new StatefulDatabase(scope, 'db', { engine: DatabaseEngine.POSTGRES })],
  ['ExternalDependency', (scope) => new ExternalDependency(scope, 'partner', { externalName: 'api.partner.com', ports: [443] })],
  ['AcmeClusterIssuer', (scope) => new AcmeClusterIssuer(scope, 'letsencrypt', { email: 'ops@example.com' })],
  ['IngressGateway', (scope) => new IngressGateway(scope, 'gw').addRoute({ host: 'shop.example.com', app: new ExposedApp(scope, 'web', { image: IMAGE }) })],
  ['ZeroTrustNamespace', (scope) => new ZeroTrustNamespace(scope, 'zt')],
];

/**
 * A query method of `Reachability` over `manifests()`, its positional arguments in the order of
 * `base`'s keys (then `protocol`).
 */
function query(method: 'canReach' | 'canReachAddress' | 'canBeReachedFrom' | 'explain' | 'reachableFromAnyWorkload' | 'reachableFromOutside' | 'toMermaid' | 'toDot' | 'toMarkdown' | 'diff', base: any, props: PropSpec[]): Target {
  const order = [...Object.keys(base).filter(k => k !== 'protocol'), 'protocol'];
  return {
    name: `Reachability.${method}`,
    owner: `Reachability.${method}`,
    synthesizes: false,
    base: () => ({ ...base }),
    run: (_ctx, args) => {
      const r = Reachability.fromManifests(manifests());
      return (r[method] as (...a: unknown[]) => unknown).apply(r, order.map(k => args[k]));
    },
    props,
  };
}

const ws = (path: string, extra: Partial<PropSpec> = {}): PropSpec => ({ path, kind: 'string', ...extra });
const num = (path: string, extra: Partial<PropSpec> = {}): PropSpec => ({ path, kind: 'number', ...extra });

const FIRST_MILESTONE: Target[] = [
  {
    name: 'ZeroTrustNamespace',
    owner: "ZeroTrustNamespace '",
    synthesizes: true,
    base: () => ({}),
    run: (ctx, args) => new ZeroTrustNamespace(ctx.app, 'zt', args),
    props: [
      { path: '(args)', kind: 'struct' },
      ws('name'),
      { path: 'podSecurity', kind: 'instance', extra: { 'capitalized enum value': 'Restricted' } },
      { path: 'dns', kind: 'instance' },
      { path: 'ingressController', kind: 'instance' },
      { path: 'gatewayDataPlane', kind: 'instance' },
      { path: 'labels', kind: 'stringMap', accepts: ['empty map'], extra: BAD_LABELS },
    ],
  },
  {
    name: 'DnsSelector.nodeLocal',
    owner: 'DnsSelector.nodeLocal',
    synthesizes: true,
    base: () => ({ ip: '169.254.20.10', clusterDnsIp: '10.96.0.10' }),
    run: (ctx, args) => new ZeroTrustNamespace(ctx.app, 'zt', { dns: DnsSelector.nodeLocal(args.ip, args.clusterDnsIp) }),
    props: [
      ws('ip', { extra: { 'CIDR': '169.254.20.10/32', 'host name': 'dns.local' } }),
      ws('clusterDnsIp', { extra: { 'CIDR': '10.96.0.10/32', 'Service DNS name': 'kube-dns.kube-system' } }),
    ],
  },
  {
    name: 'DnsSelector.of',
    owner: 'DnsSelector.of',
    synthesizes: true,
    base: () => ({ namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 }),
    run: (ctx, args) => new ZeroTrustNamespace(ctx.app, 'zt', { dns: DnsSelector.of(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('namespace', { required: true }),
      { path: 'podLabels', kind: 'stringMap', required: true, extra: BAD_LABELS },
      num('port'),
    ],
  },
  {
    name: 'IngressControllerSelector.of',
    owner: 'IngressControllerSelector.of',
    synthesizes: true,
    base: () => ({ namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } }),
    run: (ctx, args) => {
      const zt = new ZeroTrustNamespace(ctx.app, 'zt', { ingressController: IngressControllerSelector.of(args) });
      new ExposedApp(zt, 'web', { image: IMAGE, exposure: Exposure.ingress({ host: 'web.example.com' }) });
    },
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('namespace', { required: true }),
      { path: 'podLabels', kind: 'stringMap', required: true, extra: BAD_LABELS },
    ],
  },
  {
    name: 'IngressControllerSelector.fromCidrs',
    owner: 'IngressControllerSelector.fromCidrs',
    synthesizes: true,
    base: () => ({ cidrs: ['10.0.0.0/16'] }),
    run: (ctx, args) => {
      const zt = new ZeroTrustNamespace(ctx.app, 'zt', { ingressController: IngressControllerSelector.fromCidrs(args.cidrs) });
      new ExposedApp(zt, 'web', { image: IMAGE, exposure: Exposure.ingress({ host: 'web.example.com' }) });
    },
    props: [{ path: 'cidrs', kind: 'stringArray', required: true, word: 'cidr', extra: { 'address without prefix': ['10.0.0.1'] } }],
  },
  {
    name: 'Exposure.nodePort',
    owner: 'Exposure.nodePort',
    synthesizes: true,
    base: () => ({ nodePort: 30080, sourceRanges: ['203.0.113.0/24'] }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.nodePort(args) }),
    props: [
      { path: '(args)', kind: 'struct' },
      num('nodePort'),
      { path: 'sourceRanges', kind: 'stringArray', word: 'source range' },
      { path: 'externalTrafficPolicy', kind: 'instance', extra: { 'lower-case enum value': 'local' } },
    ],
  },
  {
    name: 'Exposure.loadBalancer',
    owner: 'Exposure.loadBalancer',
    synthesizes: true,
    base: () => ({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.loadBalancer(args) }),
    props: [
      { path: '(args)', kind: 'struct' },
      { path: 'annotations', kind: 'stringMap', accepts: ['empty map'], extra: { 'key with two slashes': { 'a/b/c': 'x' } } },
      { path: 'sourceRanges', kind: 'stringArray', word: 'source range' },
      { path: 'externalTrafficPolicy', kind: 'instance', extra: { 'lower-case enum value': 'local' } },
    ],
  },
  {
    name: 'Exposure.ingress',
    owner: 'Exposure.ingress',
    synthesizes: true,
    base: () => ({ host: 'api.example.com', path: '/api' }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.ingress(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('host', { required: true, extra: { 'upper case': 'API.example.com', 'URL': 'https://api.example.com' } }),
      ws('path', { extra: BAD_PATHS }),
      { path: 'pathType', kind: 'instance', extra: { 'lower-case enum value': 'prefix' } },
      ws('className', { accepts: ['subdomain'], extra: { subdomain: 'nginx.internal' } }),
      { path: 'tls', kind: 'instance' },
      { path: 'annotations', kind: 'stringMap', accepts: ['empty map'], extra: { 'key with two slashes': { 'a/b/c': 'x' } } },
      ws('port'),
    ],
  },
  {
    name: 'Exposure.ingress (TLS)',
    owner: 'Exposure.ingress',
    synthesizes: true,
    base: () => ({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt' }) }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.ingress(args) }),
    props: [ws('host', { extra: { 'host whose derived Secret name exceeds 253 characters': HOST_253 } })],
  },
  {
    name: 'Exposure.gatewayRoute',
    owner: 'Exposure.gatewayRoute',
    synthesizes: true,
    base: () => ({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['api.example.com'], path: '/api' }),
    run: (ctx, args) => new ExposedApp(ctx.chart, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      { path: 'gateway', kind: 'struct', required: true },
      ws('gateway.name', { required: true }),
      ws('gateway.namespace', { required: true }),
      ws('gateway.sectionName', { accepts: ['subdomain'], extra: { 'upper case': 'HTTPS', 'subdomain': 'https.public' } }),
      { path: 'hostnames', kind: 'stringArray', required: true, word: 'host', extra: { '17 hostnames': HOSTS_17 } },
      ws('path', { extra: BAD_PATHS }),
      ws('port'),
    ],
  },
  {
    name: 'Exposure.grpcRoute',
    owner: 'Exposure.grpcRoute',
    synthesizes: true,
    base: () => ({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['rpc.example.com'] }),
    run: (ctx, args) => new ExposedApp(ctx.chart, 'web', { image: IMAGE, exposure: Exposure.grpcRoute(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      { path: 'gateway', kind: 'struct', required: true },
      ws('gateway.name', { required: true }),
      ws('sectionName', { accepts: ['subdomain'], extra: { 'upper case': 'HTTPS', 'subdomain': 'https.public' } }),
      { path: 'hostnames', kind: 'stringArray', required: true, word: 'host', extra: { '17 hostnames': HOSTS_17 } },
      ws('port'),
    ],
  },
  {
    name: 'Gateway',
    owner: "Gateway '",
    synthesizes: true,
    base: () => ({ gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() }),
    run: (ctx, args) => new Gateway(ctx.ns, 'public', args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'gatewayClassName' },
      ws('name'),
      ws('gatewayClassName', { required: true }),
      { path: 'dataPlane', kind: 'instance', required: true },
      { path: 'tls', kind: 'instance' },
      { path: 'allowedRoutes', kind: 'instance' },
      { path: 'sourceRanges', kind: 'stringArray', word: 'range' },
      { path: 'infrastructureAnnotations', kind: 'stringMap', accepts: ['empty map'], extra: { 'key with two slashes': { 'a/b/c': 'x' } } },
      { path: 'infrastructureLabels', kind: 'stringMap', accepts: ['empty map'], extra: BAD_LABELS },
    ],
  },
  {
    name: 'Gateway.addRoute',
    owner: "Gateway '",
    synthesizes: true,
    base: (ctx) => ({ hostnames: ['shop.example.com'], path: '/api', app: appWith(ctx) }),
    run: (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.all() }).addRoute(args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'hostnames' },
      { path: 'hostnames', kind: 'stringArray', required: true, word: 'host' },
      ws('path', { extra: BAD_PATHS }),
      { path: 'app', kind: 'instance', required: true, extra: { 'app name': 'web' } },
      ws('rewritePath'),
      ws('port'),
    ],
  },
  {
    name: 'GatewayDataPlane.of',
    owner: 'GatewayDataPlane.of',
    synthesizes: true,
    base: () => ({ namespace: 'edge', podLabels: { app: 'proxy' } }),
    run: (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.of(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'podLabels' },
      ws('namespace'),
      { path: 'podLabels', kind: 'stringMap', required: true, extra: BAD_LABELS },
    ],
  },
  {
    name: 'IngressTls.certManager',
    owner: 'IngressTls.certManager',
    synthesizes: true,
    base: () => ({ clusterIssuer: 'letsencrypt' }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager(args) }) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('clusterIssuer'),
      ws('issuer', { with: { clusterIssuer: undefined } }),
      ws('secretName'),
    ],
  },
  {
    name: 'IngressTls.fromClusterIssuer',
    owner: 'IngressTls.fromClusterIssuer',
    synthesizes: true,
    base: (ctx) => ({ issuer: new AcmeClusterIssuer(ctx.chart, 'letsencrypt', { email: 'ops@example.com' }), options: {} }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.fromClusterIssuer(args.issuer, args.options) }) }),
    props: [
      { path: 'issuer', kind: 'instance', required: true },
      { path: 'options', kind: 'struct' },
      ws('options.secretName'),
    ],
  },
  {
    name: 'IngressTls.fromSecret',
    owner: 'IngressTls.fromSecret',
    synthesizes: true,
    base: () => ({ secretName: 'api-tls' }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.fromSecret(args.secretName) }) }),
    props: [ws('secretName', { required: true })],
  },
  {
    name: 'SessionAffinity.clientIp',
    owner: 'SessionAffinity.clientIp',
    synthesizes: true,
    base: () => ({ timeout: Duration.minutes(5) }),
    run: (ctx, args) => appWith(ctx, { sessionAffinity: SessionAffinity.clientIp(args.timeout) }),
    props: [{ path: 'timeout', kind: 'instance', extra: { 'number of seconds': 300 } }],
  },
  {
    name: 'ExposedApp',
    owner: "ExposedApp '",
    synthesizes: true,
    base: () => ({ image: IMAGE }),
    run: (ctx, args) => new ExposedApp(ctx.ns, 'web', args),
    props: [
      { path: '(args)', kind: 'struct', required: true, extra: { 'empty props': {} }, word: 'image' },
      ws('image', { required: true, extra: { 'latest tag': 'nginx:latest' } }),
      ws('name'),
      num('port'),
      num('servicePort'),
      { path: 'ports', kind: 'structArray' },
      ws('ports.0.name', { with: { ports: [{ name: 'http', port: 80 }] } }),
      num('ports.0.port', { with: { ports: [{ name: 'http', port: 80 }] } }),
      num('ports.0.containerPort', { with: { ports: [{ name: 'http', port: 80 }] } }),
      { path: 'ports.0.protocol', kind: 'instance', with: { ports: [{ name: 'http', port: 80 }] }, extra: { 'lower-case enum value': 'tcp' } },
      num('replicas'),
      { path: 'exposure', kind: 'instance', extra: { 'Service type name': 'LoadBalancer' } },
      ws('healthCheckPath', { extra: { 'no leading slash': 'healthz' } }),
      { path: 'env', kind: 'stringMap', accepts: ['empty map'], extra: { 'invalid name': { '1PORT': '8080' } } },
      { path: 'resources', kind: 'struct' },
      { path: 'resources.cpu', kind: 'struct', with: { resources: {} } },
      { path: 'resources.cpu.request', kind: 'instance', with: { resources: { cpu: {} } }, extra: { 'quantity string': '100m' } },
      {
        path: 'resources.cpu.request',
        kind: 'instance',
        with: { resources: { cpu: { limit: kplus.Cpu.millis(200) } } },
        word: 'cpu',
        extra: { 'request above the given limit': kplus.Cpu.millis(500) },
      },
      { path: 'resources.memory', kind: 'struct', with: { resources: {} } },
      {
        path: 'resources.memory.request',
        kind: 'instance',
        with: { resources: { memory: {} } },
        accepts: ['request above the default limit'],
        extra: { 'quantity string': '512Mi', 'request above the default limit': Size.mebibytes(512) },
      },
      {
        path: 'resources.memory.request',
        kind: 'instance',
        with: { resources: { memory: { limit: Size.mebibytes(256) } } },
        word: 'memory',
        extra: { 'request above the given limit': Size.mebibytes(512) },
      },
      { path: 'resources.memory.limit', kind: 'instance', with: { resources: { memory: {} } } },
      { path: 'resources.ephemeralStorage.request', kind: 'instance', with: { resources: { ephemeralStorage: {} } } },
      { path: 'resources.ephemeralStorage.limit', kind: 'instance', with: { resources: { ephemeralStorage: {} } } },
      { path: 'sessionAffinity', kind: 'instance', extra: { 'type name': 'ClientIP' } },
      { path: 'topologyAwareRouting', kind: 'boolean' },
      {
        path: 'externalIPs',
        kind: 'stringArray',
        word: 'externalIP',
        accepts: ['empty array'],
        extra: { 'loopback': ['127.0.0.1'], 'unspecified': ['0.0.0.0'], 'link-local': ['169.254.1.1'], 'multicast': ['224.0.0.1'], 'IPv6 loopback': ['::1'] },
      },
      { path: 'command', kind: 'stringArray', accepts: ['empty array'] },
      { path: 'args', kind: 'stringArray', accepts: ['empty array', 'empty-string element'] },
      { path: 'writablePaths', kind: 'stringArray', accepts: ['empty array'], extra: { 'one path twice': ['/tmp', '/tmp'], 'relative path': ['tmp'] } },
      num('runAsUser'),
    ],
  },
  {
    name: 'ExposedApp scope',
    owner: "ExposedApp '",
    synthesizes: true,
    base: (ctx) => ({ scope: ctx.ns }),
    run: (_ctx, args) => new ExposedApp(args.scope, 'web', { image: IMAGE }),
    props: [{ path: 'scope', kind: 'instance', required: true }],
  },
  ...SCOPED.map(([kind, create]): Target => ({
    name: `${kind} scope`,
    owner: `${kind} '`,
    synthesizes: true,
    base: (ctx) => ({ scope: kind === 'AcmeClusterIssuer' ? ctx.chart : ctx.ns }),
    run: (_ctx, args) => create(args.scope),
    props: [{ path: 'scope', kind: 'instance', required: true }],
  })),
  {
    name: 'DatabaseEngine.custom',
    owner: 'DatabaseEngine.custom',
    synthesizes: true,
    base: () => ({ image: 'ghcr.io/acme/keydb:6.3.4', port: 6379, dataPath: '/data' }),
    run: (ctx, args) => new StatefulDatabase(ctx.ns, 'db', { engine: DatabaseEngine.custom(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('name'),
      ws('image', { required: true }),
      num('port', { required: true }),
      ws('dataPath', { required: true, extra: { 'a writable path': '/tmp' } }),
      ws('portName', { word: 'port name' }),
      num('runAsUser'),
      { path: 'secretEnv', kind: 'stringMap', accepts: ['empty map'], word: 'env', extra: { 'invalid Secret key': { PASSWORD: 'pass word' } } },
      { path: 'env', kind: 'stringMap', accepts: ['empty map'] },
      { path: 'args', kind: 'stringArray', accepts: ['empty array', 'empty-string element'] },
      { path: 'healthCommand', kind: 'stringArray' },
      {
        path: 'writablePaths',
        kind: 'stringArray',
        accepts: ['empty array'],
        extra: { 'one path twice': ['/tmp', '/tmp'], 'the data path': ['/data'] },
      },
      {
        path: 'writablePaths',
        kind: 'stringArray',
        with: { dataPath: '/var/lib/keydb' },
        accepts: ['empty array', 'named like the data volume'],
        extra: { 'named like the data volume': ['/data'] },
      },
    ],
  },
  {
    name: 'StatefulDatabase',
    owner: "StatefulDatabase '",
    synthesizes: true,
    base: () => ({ engine: DatabaseEngine.POSTGRES }),
    run: (ctx, args) => new StatefulDatabase(ctx.ns, 'db', args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'engine' },
      { path: 'engine', kind: 'instance', required: true, extra: { 'engine name': 'postgres' } },
      ws('name'),
      ws('version', { extra: { 'with a colon': '16:4' } }),
      num('replicas'),
      { path: 'storage', kind: 'instance', extra: { 'quantity string': '10Gi' } },
      ws('storageClassName'),
      ws('credentialsSecret'),
      { path: 'readService', kind: 'boolean' },
      { path: 'resources', kind: 'struct' },
      {
        path: 'resources.memory.request',
        kind: 'instance',
        with: { resources: { memory: {} } },
        accepts: ['request above the default limit'],
        extra: { 'request above the default limit': Size.gibibytes(2) },
      },
    ],
  },
  {
    name: 'StatefulDatabase.podHost',
    owner: "StatefulDatabase '",
    synthesizes: false,
    base: () => ({ ordinal: 0 }),
    run: (ctx, args) => new StatefulDatabase(ctx.ns, 'db', { engine: DatabaseEngine.POSTGRES }).podHost(args.ordinal),
    props: [num('ordinal', { required: true, word: 'podHost' })],
  },
  {
    name: 'ExternalDependency',
    owner: "ExternalDependency '",
    synthesizes: true,
    base: () => ({ externalName: 'api.partner.com', ports: [443] }),
    run: (ctx, args) => new ExternalDependency(ctx.ns, 'partner', args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'ports' },
      ws('name'),
      ws('externalName', { extra: { 'IP address': '203.0.113.10', 'URL': 'https://api.partner.com' } }),
      { path: 'addresses', kind: 'stringArray', word: 'address', with: { externalName: undefined }, extra: { 'host name': ['db.example.com'] } },
      { path: 'ports', kind: 'numberArray', required: true, word: 'port' },
      { path: 'protocol', kind: 'instance', extra: { 'lower-case enum value': 'tcp' } },
    ],
  },
  {
    name: 'ExternalDependency without ports',
    owner: "ExternalDependency '",
    synthesizes: true,
    base: () => ({ externalName: '203.0.113.10' }),
    run: (ctx, args) => new ExternalDependency(ctx.ns, 'db', args),
    props: [{ path: 'ports', kind: 'numberArray', required: true, word: 'port' }],
  },
  {
    name: 'AcmeServer.of',
    owner: 'AcmeServer.of',
    synthesizes: true,
    base: () => ({ url: 'https://acme.zerossl.com/v2/DV90' }),
    run: (ctx, args) => new AcmeClusterIssuer(ctx.chart, 'zerossl', { email: 'ops@example.com', server: AcmeServer.of(args.url) }),
    props: [ws('url', { required: true, extra: { 'plain http': 'http://acme.example.com/directory' } })],
  },
  {
    name: 'AcmeClusterIssuer',
    owner: "AcmeClusterIssuer '",
    synthesizes: true,
    base: () => ({ email: 'ops@example.com' }),
    run: (ctx, args) => new AcmeClusterIssuer(ctx.chart, 'letsencrypt', args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'email' },
      ws('email', { required: true }),
      { path: 'server', kind: 'instance', extra: { 'directory URL string': 'https://acme-v02.api.letsencrypt.org/directory' } },
      ws('ingressClassName', { accepts: ['subdomain'], extra: { subdomain: 'nginx.internal' } }),
      ws('name', { extra: { 'name beyond 63 characters': `letsencrypt-${'a'.repeat(60)}` } }),
    ],
  },
  {
    name: 'IngressGateway',
    owner: "IngressGateway '",
    synthesizes: true,
    base: () => ({}),
    run: (ctx, args) => {
      const app = appWith(ctx);
      new IngressGateway(ctx.ns, 'gw', args).addRoute({ host: 'shop.example.com', app });
    },
    props: [
      { path: '(args)', kind: 'struct' },
      ws('name'),
      ws('className', { accepts: ['subdomain'], extra: { subdomain: 'nginx.internal' } }),
      { path: 'tls', kind: 'instance' },
      { path: 'annotations', kind: 'stringMap', accepts: ['empty map'], extra: { 'key with two slashes': { 'a/b/c': 'x' } } },
    ],
  },
  {
    name: 'IngressGateway.addRoute',
    owner: "IngressGateway '",
    synthesizes: true,
    base: (ctx) => ({ host: 'shop.example.com', path: '/api', app: appWith(ctx) }),
    run: (ctx, args) => new IngressGateway(ctx.ns, 'gw').addRoute(args),
    props: [
      { path: '(args)', kind: 'struct', required: true, word: 'host' },
      ws('host', { required: true }),
      ws('path', { extra: BAD_PATHS }),
      { path: 'pathType', kind: 'instance', extra: { 'lower-case enum value': 'prefix' } },
      { path: 'app', kind: 'instance', required: true, extra: { 'app name': 'web' } },
      ws('rewriteTarget'),
      ws('port'),
    ],
  },
  {
    name: 'connectTo',
    owner: "ExposedApp '",
    synthesizes: true,
    base: (ctx) => ({ target: new ExposedApp(ctx.ns, 'api', { image: IMAGE }), options: {} }),
    run: (ctx, args) => appWith(ctx).connectTo(args.target, args.options),
    props: [
      { path: 'target', kind: 'instance', required: true, extra: { 'target name': 'api' } },
      { path: 'options', kind: 'struct' },
      { path: 'options.env', kind: 'boolean' },
      { path: 'options.ports', kind: 'stringArray', word: 'port' },
    ],
  },
  {
    name: 'connectTo (ExternalName)',
    owner: "ExposedApp '",
    synthesizes: true,
    base: (ctx) => ({ target: new ExternalDependency(ctx.ns, 'partner', { externalName: 'api.partner.com', ports: [443] }), options: {} }),
    run: (ctx, args) => appWith(ctx).connectTo(args.target, args.options),
    props: [{ path: 'options.egressCidrs', kind: 'stringArray', word: 'egress' }],
  },
  {
    name: 'Reachability.fromManifests',
    owner: 'Reachability.fromManifests',
    synthesizes: false,
    base: () => ({ objects: manifests(), options: {} }),
    run: (_ctx, args) => Reachability.fromManifests(args.objects, args.options).workloads,
    props: [
      { path: 'objects', kind: 'structArray', required: true, accepts: ['empty array', 'null element', 'string element'] },
      { path: 'options', kind: 'struct' },
      { path: 'options.assumeDns', kind: 'boolean' },
      { path: 'options.extraWorkloads', kind: 'structArray', accepts: ['empty array'] },
    ],
  },
  query('canReach', { from: 'prod/web', to: 'prod/api', port: 8080, protocol: 'TCP' }, [
    ws('from', { required: true }),
    ws('to', { required: true }),
    num('port', { required: true }),
    ws('protocol', { accepts: ['lower case', 'null'], extra: { 'lower case': 'udp' } }),
  ]),
  query('canReachAddress', { from: 'prod/web', address: '203.0.113.10', port: 443 }, [
    ws('from', { required: true }),
    ws('address', { required: true, extra: { CIDR: '203.0.113.0/24' } }),
    num('port', { required: true }),
    ws('protocol', { accepts: ['null'] }),
  ]),
  query('canBeReachedFrom', { address: '203.0.113.10', to: 'prod/api', port: 8080 },
    [ws('address', { required: true }), ws('to', { required: true }), num('port', { required: true }), ws('protocol', { accepts: ['null'] })]),
  query('explain', { from: 'prod/web', to: 'prod/api', port: 8080 },
    [ws('from', { required: true }), ws('to', { required: true }), num('port', { required: true }), ws('protocol', { accepts: ['null'] })]),
  ...([['fromChart', 'chart'], ['fromApp', 'app']] as const).map(([factory, arg]): Target => ({
    name: `Reachability.${factory}`,
    owner: `Reachability.${factory}`,
    synthesizes: false,
    base: (ctx) => ({ [arg]: arg === 'chart' ? ctx.ns : ctx.app, options: {} }),
    run: (_ctx, args) => (factory === 'fromChart' ? Reachability.fromChart(args.chart, args.options) : Reachability.fromApp(args.app, args.options)).workloads,
    props: [{ path: arg, kind: 'instance', required: true }, { path: 'options', kind: 'struct' }],
  })),
  {
    name: 'lint',
    owner: 'lint',
    synthesizes: false,
    base: () => ({ objects: manifests(), options: {} }),
    run: (_ctx, args) => lint(args.objects, args.options),
    props: [
      { path: 'objects', kind: 'structArray', required: true, accepts: ['empty array', 'null element', 'string element'] },
      { path: 'options', kind: 'struct' },
      { path: 'options.acknowledgements', kind: 'structArray', accepts: ['empty array'] },
      { path: 'options.reachability', kind: 'struct' },
    ],
  },
  {
    name: 'Linter.acknowledge',
    owner: 'Linter.acknowledge',
    synthesizes: true,
    base: (ctx) => ({ scope: ctx.ns, rule: 'missing-readiness-probe', reason: 'the worker serves no traffic' }),
    run: (_ctx, args) => Linter.acknowledge(args.scope, args.rule, args.reason, args.object),
    props: [
      { path: 'scope', kind: 'instance', required: true },
      ws('rule', { required: true }),
      ws('reason', { required: true, accepts: ['1000-character string'] }),
      ws('object'),
    ],
  },
];

/** A cdk8s-plus-28 Deployment `dep` (for Peer.workload). */
function kplusDeployment(ctx: { ns: ZeroTrustNamespace }): kplus.Deployment {
  return new kplus.Deployment(ctx.ns, 'dep', {
    metadata: { name: 'dep' },
    containers: [{ image: IMAGE, portNumber: 8080, securityContext: { user: 1000, ensureNonRoot: true } }],
  });
}

/** A Gateway `public` in the ZeroTrustNamespace that admits routes from every namespace. */
function gateway(ctx: { ns: ZeroTrustNamespace }): Gateway {
  return new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.all() });
}

const REDIS = { name: 'redis', podLabels: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }], serviceName: 'redis-master' };
const BAD_ENV_NAME = { 'invalid variable name': { 'BAD NAME': { secretName: 'db', key: 'password' } } };

/** The props of a workload's pod (`WorkloadPodProps`), for ExposedApp and StatefulDatabase alike. */
function podProps(metricsPort: number): PropSpec[] {
  const metrics = { metrics: { port: metricsPort } };
  return [
    { path: 'podLabels', kind: 'stringMap', accepts: ['empty map'], extra: BAD_LABELS },
    { path: 'podAnnotations', kind: 'stringMap', accepts: ['empty map'], extra: { 'key with two slashes': { 'a/b/c': 'x' } } },
    ws('serviceAccountName', { extra: { 'upper case': 'Operator' } }),
    { path: 'automountServiceAccountToken', kind: 'boolean' },
    { path: 'envFrom', kind: 'structArray', accepts: ['empty array'] },
    { path: 'secretEnv', kind: 'stringMap', accepts: ['empty map'], extra: BAD_ENV_NAME },
    ws('secretEnv.DB_PASSWORD.secretName', { required: true, with: { secretEnv: { DB_PASSWORD: { secretName: 'db', key: 'password' } } } }),
    ws('secretEnv.DB_PASSWORD.key', { required: true, with: { secretEnv: { DB_PASSWORD: { secretName: 'db', key: 'password' } } }, extra: { 'invalid Secret key': 'pass word' } }),
    { path: 'secretEnv.DB_PASSWORD.optional', kind: 'boolean', with: { secretEnv: { DB_PASSWORD: { secretName: 'db', key: 'password' } } } },
    { path: 'metrics', kind: 'struct' },
    num('metrics.port', { required: true, with: metrics }),
    ws('metrics.path', { with: metrics, extra: { 'no leading slash': 'metrics' } }),
    { path: 'metrics.serviceMonitor', kind: 'boolean', with: metrics },
    num('admissionWebhookPort'),
  ];
}

/** A target calling `call(args)` on a fresh ExposedApp `web` (or StatefulDatabase `db`). */
function onWorkload(name: string, kind: 'ExposedApp' | 'StatefulDatabase', base: (ctx: any) => any,
  call: (w: ExposedApp | StatefulDatabase, args: any) => unknown, props: PropSpec[]): Target {
  return {
    name,
    owner: `${kind} '`,
    synthesizes: true,
    base,
    run: (ctx, args) => call(kind === 'ExposedApp' ? appWith(ctx) : new StatefulDatabase(ctx.ns, 'db', { engine: DatabaseEngine.POSTGRES }), args),
    props,
  };
}

/** A target for a static factory whose result `use` puts to work in the context. */
function factoryTarget(name: string, base: (ctx: any) => any, use: (ctx: any, args: any) => unknown, props: PropSpec[]): Target {
  return { name, owner: name.replace(/ \(.*\)$/, ''), synthesizes: true, base, run: use, props };
}

const SECOND_MILESTONE: Target[] = [
  {
    name: 'NetworkPatternsApp',
    owner: 'NetworkPatternsApp',
    synthesizes: false,
    base: () => ({ outdir: '/tmp/netpatterns-inputs-fuzz' }),
    run: (_ctx, args) => {
      const app = new NetworkPatternsApp(args);
      new ZeroTrustNamespace(app, 'zt');
      return [];
    },
    props: [
      { path: '(args)', kind: 'struct' },
      ws('outdir', { accepts: ['1000-character string'] }),
      ws('outputFileExtension', { extra: { 'no dot': 'yaml' } }),
      { path: 'recordConstructMetadata', kind: 'boolean' },
      { path: 'lint', kind: 'instance', extra: { 'capitalized enum value': 'Error' } },
      { path: 'fastYaml', kind: 'boolean' },
    ],
  },
  factoryTarget('Peer.pods', () => ({ ...REDIS, namespace: 'data' }), (ctx, args) => appWith(ctx).connectTo(Peer.pods(args)), [
    { path: '(args)', kind: 'struct', required: true, word: 'name' },
    ws('name', { required: true }),
    { path: 'podLabels', kind: 'stringMap', required: true, extra: BAD_LABELS },
    ws('namespace'),
    { path: 'ports', kind: 'structArray', word: 'port' },
    num('ports.0.port'),
    ws('ports.0.name'),
    ws('serviceName'),
  ]),
  factoryTarget('Peer.workload', (ctx) => ({ workload: kplusDeployment(ctx) }), (ctx, args) => appWith(ctx).allowFrom(Peer.workload(args.workload)), [
    { path: 'workload', kind: 'instance', required: true, extra: { ExposedApp: 'web' } },
  ]),
  factoryTarget('Peer.namespace', () => ({ name: 'monitoring' }), (ctx, args) => appWith(ctx).allowFrom(Peer.namespace(args.name)), [
    ws('name', { required: true, extra: { 'upper case': 'Monitoring' } }),
  ]),
  factoryTarget('Peer.namespaces', () => ({ labels: { team: 'observability' } }), (ctx, args) => appWith(ctx).allowFrom(Peer.namespaces(args)), [
    { path: '(args)', kind: 'struct', required: true, word: 'labels' },
    { path: 'labels', kind: 'stringMap', required: true, extra: BAD_LABELS },
  ]),
  factoryTarget('Peer.addresses', () => ({ cidrs: ['203.0.113.0/24'], options: { ports: [443] } }),
    (ctx, args) => appWith(ctx).connectTo(Peer.addresses(args.cidrs, args.options)), [
      { path: 'cidrs', kind: 'stringArray', required: true, word: 'cidr', extra: { 'address without prefix': ['203.0.113.10'] } },
      { path: 'options', kind: 'struct' },
      { path: 'options.ports', kind: 'numberArray', word: 'port' },
      { path: 'options.protocol', kind: 'instance', extra: { 'lower-case enum value': 'tcp' } },
    ]),
  factoryTarget('Peer.kubeApiServer', () => ({ cidrs: ['172.18.0.2/32'] }), (ctx, args) => appWith(ctx).connectTo(Peer.kubeApiServer(args)), [
    { path: '(args)', kind: 'struct', required: true, word: 'cidrs' },
    { path: 'cidrs', kind: 'stringArray', required: true, word: 'cidr' },
    { path: 'ports', kind: 'numberArray', word: 'port' },
  ]),
  ...(['ExposedApp', 'StatefulDatabase'] as const).flatMap((kind): Target[] => [
    onWorkload(`${kind}.connectTo (Peer)`, kind, () => ({ target: Peer.pods(REDIS), options: {} }), (w, args) => w.connectTo(args.target, args.options), [
      { path: 'target', kind: 'instance', required: true, extra: { 'target name': 'redis' } },
      { path: 'options', kind: 'struct' },
      { path: 'options.env', kind: 'boolean' },
      { path: 'options.ports', kind: 'stringArray', word: 'port', extra: { 'unknown port': ['http'] } },
      { path: 'options.egressCidrs', kind: 'stringArray', word: 'egress' },
    ]),
    onWorkload(`${kind}.allowFrom`, kind, () => ({ peer: Peer.namespace('monitoring'), options: {} }), (w, args) => w.allowFrom(args.peer, args.options), [
      { path: 'peer', kind: 'instance', required: true, extra: { 'namespace name': 'monitoring' } },
      { path: 'options', kind: 'struct' },
      { path: 'options.ports', kind: 'stringArray', word: 'port', extra: { 'unknown port': ['metrics'] } },
    ]),
  ]),
  ...(['secret', 'configMap'] as const).map(method => factoryTarget(`EnvFromSource.${method}`, () => ({ name: 'app-config', options: {} }),
    (ctx, args) => appWith(ctx, { envFrom: [EnvFromSource[method](args.name, args.options)] }), [
      ws('name', { required: true, extra: { 'upper case': 'AppConfig' } }),
      { path: 'options', kind: 'struct' },
      ws('options.prefix', { word: 'prefix', accepts: ['1000-character string'], extra: { 'starts with a digit': '1_' } }),
      { path: 'options.optional', kind: 'boolean' },
    ])),
  {
    name: 'ExposedApp (pod)',
    owner: "ExposedApp '",
    synthesizes: true,
    base: () => ({ image: IMAGE }),
    run: (ctx, args) => new ExposedApp(ctx.ns, 'web', args),
    props: podProps(8080),
  },
  {
    name: 'StatefulDatabase (pod)',
    owner: "StatefulDatabase '",
    synthesizes: true,
    base: () => ({ engine: DatabaseEngine.POSTGRES }),
    run: (ctx, args) => new StatefulDatabase(ctx.ns, 'db', args),
    props: podProps(5432),
  },
  {
    name: 'ZeroTrustNamespace (milestone 2)',
    owner: "ZeroTrustNamespace '",
    synthesizes: true,
    base: () => ({}),
    run: (ctx, args) => {
      const zt = new ZeroTrustNamespace(ctx.app, 'zt', args);
      new ExposedApp(zt, 'web', { image: IMAGE, metrics: { port: 8080 } });
    },
    props: [
      { path: 'monitoring', kind: 'instance', extra: { 'namespace name': 'monitoring' } },
      { path: 'allowWithinNamespace', kind: 'boolean' },
      { path: 'controlPlane', kind: 'instance', extra: { 'CIDR string': '172.18.0.2/32' } },
      ws('clusterDomain', { extra: { 'trailing dot': 'cluster.local.', 'upper case': 'Cluster.Local' } }),
      { path: 'clusterCidrs', kind: 'stringArray', word: 'cidr', accepts: ['empty array'], extra: { 'address without prefix': ['10.0.0.1'] } },
    ],
  },
  {
    name: 'Gateway.addListener',
    owner: "Gateway '",
    synthesizes: true,
    base: () => ({ name: 'admin', hostname: 'admin.example.com', port: 8443, protocol: 'HTTPS', tls: GatewayTls.fromSecret('admin-tls') }),
    run: (ctx, args) => gateway(ctx).addListener(args),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      ws('hostname', { word: 'host', extra: { 'upper case': 'Admin.example.com', 'URL': 'https://admin.example.com' } }),
      ws('name', { extra: { 'upper case': 'Admin' } }),
      { path: 'protocol', kind: 'instance', extra: { 'lower-case enum value': 'https' } },
      num('port'),
      { path: 'tls', kind: 'instance' },
      { path: 'allowedRoutes', kind: 'instance' },
    ],
  },
  factoryTarget('GatewayDataPlane.of (ports)', () => ({ namespace: 'edge', podLabels: { app: 'proxy' }, ports: [{ listenerPort: 443, containerPort: 8443 }] }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.of(args) }), [
      { path: 'ports', kind: 'structArray', word: 'port', accepts: ['empty array'] },
      num('ports.0.listenerPort', { required: true, word: 'listenerPort' }),
      num('ports.0.containerPort', { required: true }),
      { path: 'controlPlane', kind: 'struct', with: { controlPlane: { namespace: 'cp', podLabels: { app: 'cp' }, ports: [18000] } } },
      ws('controlPlane.namespace', { required: true, with: { controlPlane: { namespace: 'cp', podLabels: { app: 'cp' }, ports: [18000] } } }),
      { path: 'controlPlane.podLabels', kind: 'stringMap', required: true, accepts: ['empty map'], extra: BAD_LABELS, with: { controlPlane: { namespace: 'cp', podLabels: { app: 'cp' }, ports: [18000] } } },
      { path: 'controlPlane.ports', kind: 'numberArray', required: true, word: 'port', with: { controlPlane: { namespace: 'cp', podLabels: { app: 'cp' }, ports: [18000] } } },
    ]),
  factoryTarget('GatewayDataPlane.envoyGateway', () => ({ controllerNamespace: 'envoy-gateway-system' }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(args) }), [
      { path: '(args)', kind: 'struct' },
      ws('controllerNamespace'),
      { path: 'gatewayNamespaceMode', kind: 'boolean' },
      { path: 'mergeGateways', kind: 'boolean' },
    ]),
  factoryTarget('GatewayDataPlane.traefik', () => ({ namespace: 'traefik' }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'traefik', dataPlane: GatewayDataPlane.traefik(args) }), [
      { path: '(args)', kind: 'struct' },
      ws('namespace'),
    ]),
  factoryTarget('GatewayTls.fromClusterIssuer', (ctx) => ({ issuer: new AcmeClusterIssuer(ctx.chart, 'letsencrypt', { email: 'ops@example.com' }), options: {} }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), tls: GatewayTls.fromClusterIssuer(args.issuer, args.options) })
      .addListener({ hostname: 'shop.example.com' }), [
      { path: 'issuer', kind: 'instance', required: true, extra: { 'issuer name': 'letsencrypt' } },
      { path: 'options', kind: 'struct' },
      ws('options.secretName'),
    ]),
  factoryTarget('GatewayTls.fromSecret', () => ({ secretName: 'shop-tls' }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), tls: GatewayTls.fromSecret(args.secretName) })
      .addListener({ hostname: 'shop.example.com' }), [
      ws('secretName', { required: true }),
    ]),
  factoryTarget('AllowedRoutes.fromNamespaces', () => ({ namespaces: ['prod', 'staging'] }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaces(args.namespaces) }), [
      { path: 'namespaces', kind: 'stringArray', required: true, word: 'namespace', extra: { 'upper case': ['Prod'] } },
    ]),
  factoryTarget('AllowedRoutes.fromNamespaceLabels', () => ({ labels: { 'gateway-access': 'public' } }),
    (ctx, args) => new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaceLabels(args.labels) }), [
      { path: 'labels', kind: 'stringMap', required: true, extra: BAD_LABELS },
    ]),
  {
    name: 'Exposure.gatewayRoute (Gateway construct)',
    owner: 'Exposure.gatewayRoute',
    synthesizes: true,
    base: (ctx) => ({ gateway: gateway(ctx), hostnames: ['api.example.com'], sectionName: 'http' }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.gatewayRoute(args) }),
    props: [
      { path: 'gateway', kind: 'instance', required: true },
      ws('sectionName'),
      { path: 'hostnames', kind: 'stringArray', required: true, word: 'host' },
    ],
  },
  {
    name: 'Exposure.tlsRoute',
    owner: 'Exposure.tlsRoute',
    synthesizes: true,
    base: (ctx) => ({ gateway: gateway(ctx), hostnames: ['db.example.com'] }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.tlsRoute(args) }),
    props: [
      { path: '(args)', kind: 'struct', required: true },
      { path: 'gateway', kind: 'instance', required: true },
      { path: 'hostnames', kind: 'stringArray', required: true, word: 'host', extra: { '17 hostnames': HOSTS_17 } },
      ws('sectionName', { extra: { 'upper case': 'TLS' } }),
      ws('port'),
    ],
  },
  {
    name: 'Exposure.grpcRoute (Gateway construct)',
    owner: 'Exposure.grpcRoute',
    synthesizes: true,
    base: (ctx) => ({ gateway: gateway(ctx), hostnames: ['rpc.example.com'] }),
    run: (ctx, args) => appWith(ctx, { exposure: Exposure.grpcRoute(args) }),
    props: [{ path: 'gateway', kind: 'instance', required: true }, ws('port')],
  },
  factoryTarget('AcmeSolver.ingress', () => ({ className: 'nginx' }),
    (ctx, args) => new AcmeClusterIssuer(ctx.chart, 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.ingress(args.className) }), [
      ws('className', { accepts: ['subdomain'], extra: { subdomain: 'nginx.internal' } }),
    ]),
  factoryTarget('AcmeSolver.gatewayHttpRoute', (ctx) => ({ gateway: new Gateway(ctx.ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() }) }),
    (ctx, args) => new AcmeClusterIssuer(ctx.chart, 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(args.gateway) }), [
      { path: 'gateway', kind: 'instance', required: true, extra: { 'Gateway name': 'public' } },
    ]),
  {
    name: 'AcmeClusterIssuer (solver)',
    owner: "AcmeClusterIssuer '",
    synthesizes: true,
    base: () => ({ email: 'ops@example.com' }),
    run: (ctx, args) => new AcmeClusterIssuer(ctx.chart, 'letsencrypt', args),
    props: [{ path: 'solver', kind: 'instance', extra: { 'class name': 'nginx' } }],
  },
  query('reachableFromAnyWorkload', { to: 'prod/api', port: 8080 }, [ws('to', { required: true }), num('port', { required: true }), ws('protocol', { accepts: ['null'] })]),
  query('reachableFromOutside', { to: 'prod/api', port: 8080 }, [ws('to', { required: true }), num('port', { required: true }), ws('protocol', { accepts: ['null'] })]),
  ...(['toMermaid', 'toDot', 'toMarkdown'] as const).map(method => query(method, { options: {} }, [
    { path: 'options', kind: 'struct' },
    { path: 'options.showAssumed', kind: 'boolean' },
    ws('options.focus', { word: 'focus', extra: { 'unknown workload': 'prod/nothing' } }),
  ])),
  {
    name: 'Reachability.diff',
    owner: 'Reachability.diff',
    synthesizes: false,
    base: () => ({ other: Reachability.fromManifests(manifests().slice(0, 1)) }),
    run: (_ctx, args) => Reachability.fromManifests(manifests()).diff(args.other),
    props: [{ path: 'other', kind: 'instance', required: true, extra: { 'connection list': ['prod/web -> prod/api:8080/TCP'] } }],
  },
  {
    name: 'lint (rule options)',
    owner: 'lint',
    synthesizes: false,
    base: () => ({ objects: manifests(), options: {} }),
    run: (_ctx, args) => lint(args.objects, args.options),
    props: [
      { path: 'options.disabledRules', kind: 'stringArray', accepts: ['empty array'], word: 'rule', extra: { 'unknown rule': ['no-such-rule'] } },
      { path: 'options.severityOverrides', kind: 'stringMap', accepts: ['empty map'], word: 'severit', extra: { 'unknown rule': { 'no-such-rule': 'error' }, 'capitalized severity': { 'missing-readiness-probe': 'Error' } } },
    ],
  },
  {
    name: 'NetworkPatternsValidation',
    owner: 'NetworkPatternsValidation',
    synthesizes: false,
    base: () => ({}),
    run: (_ctx, args) => { new NetworkPatternsValidation(args); },
    props: [
      { path: '(args)', kind: 'struct', word: 'properties' },
      { path: 'failOnWarnings', kind: 'boolean' },
      ws('config'),
      { path: 'lint', kind: 'struct' },
      { path: 'lint.disable', kind: 'stringArray', with: { lint: {} }, accepts: ['empty array'], word: 'disable', extra: { 'unknown rule': ['no-such-rule'] } },
      { path: 'lint.severity', kind: 'stringMap', with: { lint: {} }, accepts: ['empty map'], word: 'severity', extra: { 'unknown rule': { 'no-such-rule': 'error' } } },
      { path: 'lint.acknowledgements', kind: 'structArray', with: { lint: {} }, accepts: ['empty array'], word: 'acknowledgement' },
      { path: 'assumeWorkloads', kind: 'structArray', accepts: ['empty array'], word: 'assumeWorkloads' },
    ],
  },
];

/** Every target: the first milestone's entry points, then those added since. */
export const TARGETS: Target[] = [...FIRST_MILESTONE, ...SECOND_MILESTONE];
