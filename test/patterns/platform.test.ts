import { Size, Testing } from 'cdk8s';
import { find, findAll, IMAGE, objectsOf, policyNames } from './_helpers';
import {
  DatabaseEngine,
  EnvFromSource,
  ExposedApp,
  Exposure,
  ExternalDependency,
  Gateway,
  GatewayDataPlane,
  IngressGateway,
  Peer,
  Reachability,
  SessionAffinity,
  StatefulDatabase,
  ZeroTrustNamespace,
} from '../../src';

const PROMETHEUS = Peer.pods({
  name: 'prometheus',
  namespace: 'monitoring',
  podLabels: { 'app.kubernetes.io/name': 'prometheus' },
  ports: [{ name: 'web', port: 9090 }],
});

/** Runs `fn` and returns what it wrote to stderr. */
function stderrOf(fn: () => void): string {
  // The test setup silences synthesis-time lint warnings; this report is what is asserted here.
  const before = process.env.NETPATTERNS_LINT_WARNINGS;
  process.env.NETPATTERNS_LINT_WARNINGS = 'on';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fn();
    return spy.mock.calls.map(c => String(c[0])).join('');
  } finally {
    spy.mockRestore();
    process.env.NETPATTERNS_LINT_WARNINGS = before;
  }
}

describe('platform allowances', () => {
  describe('monitoring', () => {
    test('admits the scrapers to the metrics port only, and creates a ServiceMonitor on request', () => {
      // GIVEN a namespace whose Prometheus runs in namespace monitoring
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      // WHEN an app serves metrics on a second port
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'metrics', port: 9102 }],
        metrics: { port: 9102, serviceMonitor: true },
      });
      // THEN
      const objects = objectsOf(ns);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 9102 }],
      }]);
      expect(find(objects, 'ServiceMonitor', 'api').spec).toEqual({
        selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
        endpoints: [{ port: 'metrics', path: '/metrics' }],
      });
      const r = Reachability.fromApp(app, { extraWorkloads: [{ namespace: 'monitoring', name: 'prometheus', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }] });
      expect(r.canReach('monitoring/prometheus', 'production/api', 9102)).toBe(true);
      expect(r.canReach('monitoring/prometheus', 'production/api', 8080)).toBe(false);
    });

    test('gives the scrapers their own egress rule when they live in a ZeroTrustNamespace of the App', () => {
      const app = Testing.app();
      const monitoring = new ZeroTrustNamespace(app, 'monitoring');
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      new ExposedApp(ns, 'api', { image: IMAGE, metrics: { port: 8080 } });
      expect(find(objectsOf(monitoring), 'NetworkPolicy', 'prometheus-egress').spec.egress).toEqual([{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    });

    test('creates a PodMonitor for a workload without a Service, and a ServiceMonitor on a database\'s headless Service', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none(), metrics: { port: 8080, path: '/stats', serviceMonitor: true } });
      new StatefulDatabase(ns, 'cache', { engine: DatabaseEngine.REDIS, readService: true, metrics: { port: 6379, serviceMonitor: true } });
      const objects = objectsOf(ns);
      expect(findAll(objects, 'ServiceMonitor').map(m => m.metadata.name)).toEqual(['cache']);
      expect(find(objects, 'PodMonitor', 'worker').spec).toEqual({
        selector: { matchLabels: { 'app.kubernetes.io/name': 'worker', 'app.kubernetes.io/instance': 'worker' } },
        podMetricsEndpoints: [{ port: 'http', path: '/stats' }],
      });
      // the selector matches the headless Service and not the read Service
      const selector = find(objects, 'ServiceMonitor', 'cache').spec.selector.matchLabels;
      const matches = (s: any) => Object.entries(selector).every(([k, v]) => s.metadata.labels[k] === v);
      expect(findAll(objects, 'Service').filter(matches).map(s => s.metadata.name)).toEqual(['cache']);
      expect(find(objects, 'ServiceMonitor', 'cache').spec.endpoints).toEqual([{ port: 'redis', path: '/metrics' }]);
    });

    test('draws no lint warning for a metrics-only worker scraped by a peer the manifests do not hold', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      new ExposedApp(ns, 'worker', { image: IMAGE, metrics: { port: 8080 } });
      expect(stderrOf(() => app.synth())).toBe('');
    });

    test('adds a port named metrics when no port serves metrics.port, and admits only the scrapers to it', () => {
      // GIVEN a namespace whose Prometheus runs in namespace monitoring
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      // WHEN an app on the default port serves metrics on 9102, and a client connects to it naming no port
      const api = new ExposedApp(ns, 'api', { image: IMAGE, metrics: { port: 9102, serviceMonitor: true } });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      web.connectTo(api);
      // THEN the container and the Service have the port, and the ServiceMonitor names it
      const objects = objectsOf(ns);
      expect(find(objects, 'Deployment', 'api').spec.template.spec.containers[0].ports).toEqual([
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9102, protocol: 'TCP' },
      ]);
      expect(find(objects, 'Service', 'api').spec.ports).toEqual([
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9102, targetPort: 9102, protocol: 'TCP' },
      ]);
      expect(find(objects, 'ServiceMonitor', 'api').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
      expect(api.ports.map(p => p.name)).toEqual(['http', 'metrics']);
      // the scrapers reach the metrics port only; the client, which named no port, the app's own port only
      const r = Reachability.fromApp(app, { extraWorkloads: [{ namespace: 'monitoring', name: 'prometheus', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }] });
      expect(r.canReach('monitoring/prometheus', 'production/api', 9102)).toBe(true);
      expect(r.canReach('monitoring/prometheus', 'production/api', 8080)).toBe(false);
      expect(r.canReach('production/web', 'production/api', 8080)).toBe(true);
      expect(r.canReach('production/web', 'production/api', 9102)).toBe(false);
      expect(web.deployment.toJson().spec.template.spec.containers[0].env).toContainEqual({ name: 'API_PORT', value: '80' });
    });

    test('a client reaches an added metrics port when it names it', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, metrics: { port: 9102 } });
      const exporter = new ExposedApp(ns, 'exporter', { image: IMAGE });
      exporter.connectTo(api, { ports: ['metrics'] });
      const r = Reachability.fromApp(app);
      expect(r.canReach('production/exporter', 'production/api', 9102)).toBe(true);
      expect(r.canReach('production/exporter', 'production/api', 8080)).toBe(false);
    });

    test('adds the metrics port to a database\'s headless Service and pods, not to its read Service or its replicas\' rules', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });
      new StatefulDatabase(ns, 'pg', { engine: DatabaseEngine.POSTGRES, readService: true, metrics: { port: 9187, serviceMonitor: true } });
      const objects = objectsOf(ns);
      expect(find(objects, 'StatefulSet', 'pg').spec.template.spec.containers[0].ports).toEqual([
        { name: 'postgres', containerPort: 5432, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9187, protocol: 'TCP' },
      ]);
      expect(find(objects, 'Service', 'pg').spec.ports.map((p: any) => `${p.name}:${p.port}>${p.targetPort}`)).toEqual(['postgres:5432>5432', 'metrics:9187>9187']);
      expect(find(objects, 'Service', 'pg-read').spec.ports.map((p: any) => p.name)).toEqual(['postgres']);
      expect(find(objects, 'ServiceMonitor', 'pg').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
      const r = Reachability.fromApp(app, { extraWorkloads: [{ namespace: 'monitoring', name: 'prometheus', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }] });
      expect(r.canReach('monitoring/prometheus', 'production/pg', 9187)).toBe(true);
      expect(r.canReach('monitoring/prometheus', 'production/pg', 5432)).toBe(false);
      expect(r.canReach('production/pg', 'production/pg', 5432)).toBe(true);
      expect(r.canReach('production/pg', 'production/pg', 9187)).toBe(false);
    });

    test('adds no port to a Service published outside the cluster, and says why', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production');
      expect(() => new ExposedApp(ns, 'lb', { image: IMAGE, exposure: Exposure.loadBalancer(), metrics: { port: 9102 } }))
        .toThrow("ExposedApp 'lb': metrics.port 9102 is not a container port of the workload (its container ports are 8080), and the library adds no port for it because its LoadBalancer Service would publish it outside the cluster; serve metrics on one of the ports, or add a port for it to ports yourself");
      expect(() => new ExposedApp(ns, 'np', { image: IMAGE, exposure: Exposure.nodePort(), metrics: { port: 9102 } }))
        .toThrow('because its NodePort Service would publish it on every node');
      expect(() => new ExposedApp(ns, 'ext', { image: IMAGE, externalIPs: ['203.0.113.7'], metrics: { port: 9102 } }))
        .toThrow("because its Service's externalIPs would publish it outside the cluster");
      // listed in ports, the port is the user's choice
      expect(() => new ExposedApp(ns, 'listed', {
        image: IMAGE,
        exposure: Exposure.loadBalancer(),
        ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'metrics', port: 9102 }],
        metrics: { port: 9102 },
      })).not.toThrow();
    });

    test('refuses to add a metrics port whose name or Service port is taken', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production');
      expect(() => new ExposedApp(ns, 'named', { image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], metrics: { port: 9102 } }))
        .toThrow("ExposedApp 'named': metrics.port 9102 is not a container port of the workload (its container ports are 9100), and the port name 'metrics' the library would give it is taken by the port of container port 9100; serve metrics on that port, or rename it");
      expect(() => new ExposedApp(ns, 'numbered', { image: IMAGE, port: 8080, servicePort: 9102, metrics: { port: 9102 } }))
        .toThrow("ExposedApp 'numbered': metrics.port 9102 is not a container port of the workload (its container ports are 8080), and Service port 9102/TCP, which the library would give it, is taken by another port");
    });

    test('rejects a serviceMonitor flag that is not a boolean', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production');
      expect(() => new ExposedApp(ns, 'api', { image: IMAGE, metrics: { port: 8080, serviceMonitor: 'yes' as any } }))
        .toThrow("ExposedApp 'api': metrics.serviceMonitor must be true or false, got the string 'yes'");
    });

    test('rejects a metrics path that is not a path', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production');
      expect(() => new ExposedApp(ns, 'api', { image: IMAGE, metrics: { port: 8080, path: 'metrics' } }))
        .toThrow("ExposedApp 'api': path 'metrics' must start with '/'");
    });
  });

  describe('controlPlane and admission webhooks', () => {
    test('admits the control plane to the webhook port only', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { controlPlane: Peer.kubeApiServer({ cidrs: ['172.18.0.0/28'] }) });
      new ExposedApp(ns, 'webhook', {
        image: IMAGE,
        ports: [{ name: 'https', port: 443, containerPort: 9443 }],
        admissionWebhookPort: 9443,
      });
      const r = Reachability.fromApp(app);
      expect(r.canBeReachedFrom('172.18.0.2', 'production/webhook', 9443)).toBe(true);
      expect(r.canBeReachedFrom('10.1.2.3', 'production/webhook', 9443)).toBe(false);
      expect(stderrOf(() => app.synth())).toBe('');
    });

    test('fails when the namespace has no controlPlane, naming the prop', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production');
      expect(() => new ExposedApp(ns, 'webhook', { image: IMAGE, port: 9443, admissionWebhookPort: 9443 }))
        .toThrow("ExposedApp 'webhook': admissionWebhookPort 9443 needs the controlPlane prop of ZeroTrustNamespace 'production'");
    });

    test('adds a port named webhook on Service port 443 when no port serves the webhook', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { controlPlane: Peer.addresses(['10.0.0.0/24']) });
      const webhook = new ExposedApp(ns, 'webhook', { image: IMAGE, admissionWebhookPort: 9443 });
      const client = new ExposedApp(ns, 'client', { image: IMAGE });
      client.connectTo(webhook);
      const objects = objectsOf(ns);
      expect(find(objects, 'Service', 'webhook').spec.ports).toEqual([
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'webhook', port: 443, targetPort: 9443, protocol: 'TCP' },
      ]);
      const r = Reachability.fromApp(app);
      expect(r.canBeReachedFrom('10.0.0.7', 'production/webhook', 9443)).toBe(true);
      expect(r.canBeReachedFrom('10.0.0.7', 'production/webhook', 8080)).toBe(false);
      expect(r.canReach('production/client', 'production/webhook', 8080)).toBe(true);
      expect(r.canReach('production/client', 'production/webhook', 9443)).toBe(false);
    });

    test('refuses a webhook server without a Service, which the API server could not call', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production', { controlPlane: Peer.addresses(['10.0.0.0/24']) });
      expect(() => new ExposedApp(ns, 'webhook', { image: IMAGE, port: 9443, exposure: Exposure.none(), admissionWebhookPort: 9443 }))
        .toThrow("ExposedApp 'webhook': admissionWebhookPort 9443 needs a Service, through which the API server calls the webhook (clientConfig.service of the webhook configuration), but Exposure.none() creates none; use Exposure.clusterIp() (the default)");
    });

    test('gives an added webhook port its container port as Service port when 443 is taken', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production', { controlPlane: Peer.addresses(['10.0.0.0/24']) });
      new ExposedApp(ns, 'webhook', { image: IMAGE, port: 8443, servicePort: 443, admissionWebhookPort: 9443 });
      expect(find(objectsOf(ns), 'Service', 'webhook').spec.ports.map((p: any) => `${p.name}:${p.port}>${p.targetPort}`))
        .toEqual(['http:443>8443', 'webhook:9443>9443']);
    });
  });

  describe('allowWithinNamespace', () => {
    test('lets every pod of the namespace reach every other, and is off by default', () => {
      const build = (allowWithinNamespace?: boolean) => {
        const app = Testing.app();
        const ns = new ZeroTrustNamespace(app, 'production', { allowWithinNamespace });
        new ExposedApp(ns, 'api', { image: IMAGE });
        new ExposedApp(ns, 'web', { image: IMAGE });
        return { app, ns };
      };
      const on = build(true);
      expect(policyNames(objectsOf(on.ns))).toContain('allow-within-namespace');
      expect(Reachability.fromApp(on.app).canReach('production/web', 'production/api', 8080)).toBe(true);
      const off = build();
      expect(policyNames(objectsOf(off.ns))).not.toContain('allow-within-namespace');
      expect(Reachability.fromApp(off.app).canReach('production/web', 'production/api', 8080)).toBe(false);
    });

    test('rejects a value that is not a boolean', () => {
      expect(() => new ZeroTrustNamespace(Testing.app(), 'production', { allowWithinNamespace: 'true' as any }))
        .toThrow("ZeroTrustNamespace 'production': allowWithinNamespace must be true or false, got the string 'true'");
    });
  });

  describe('clusterDomain', () => {
    test('is used in every FQDN the library writes', () => {
      const ns = new ZeroTrustNamespace(Testing.app(), 'production', { clusterDomain: 'corp.internal' });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, storage: Size.gibibytes(1) });
      const partner = new ExternalDependency(ns, 'partner', { externalName: 'api.partner.com', ports: [443] });
      api.connectTo(db);
      api.connectTo(partner);
      expect([api.host, db.host, db.primaryHost, partner.host]).toEqual([
        'api.production.svc.corp.internal',
        'postgres.production.svc.corp.internal',
        'postgres-0.postgres.production.svc.corp.internal',
        'partner.production.svc.corp.internal',
      ]);
      const env = find(objectsOf(ns), 'Deployment', 'api').spec.template.spec.containers[0].env;
      expect(env.map((e: any) => e.value)).toContain('postgres-0.postgres.production.svc.corp.internal');
    });

    test('rejects a monitoring value that is not a Peer', () => {
      expect(() => new ZeroTrustNamespace(Testing.app(), 'production', { monitoring: { name: 'prometheus' } as any }))
        .toThrow('ZeroTrustNamespace \'production\': monitoring must be a Peer');
    });

    test('rejects what is not a DNS name', () => {
      expect(() => new ZeroTrustNamespace(Testing.app(), 'production', { clusterDomain: 'Cluster Local' }))
        .toThrow('ZeroTrustNamespace \'production\': clusterDomain "Cluster Local" is not a DNS name; give the cluster\'s DNS domain, e.g. cluster.local');
    });
  });

  describe('clusterCidrs', () => {
    test('are excluded from the 0.0.0.0/0 of a LoadBalancer and the public internet of an ExternalName', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production', { clusterCidrs: ['100.64.0.0/16', '172.20.0.0/16', '2001:db8:42::/56'] });
      const web = new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.loadBalancer() });
      web.connectTo(new ExternalDependency(ns, 'partner', { externalName: 'api.partner.com', ports: [443] }));
      const objects = objectsOf(ns);
      expect(find(objects, 'NetworkPolicy', 'web-ingress').spec.ingress[0].from)
        .toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['100.64.0.0/16', '172.20.0.0/16'] } }]);
      const egress = find(objects, 'NetworkPolicy', 'web-egress').spec.egress[0].to;
      // the private IPv4 cluster CIDRs lie inside ranges the default already excludes; a global IPv6 pod CIDR does not
      expect(egress[0].ipBlock.except).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8']);
      expect(egress[1].ipBlock.except).toEqual(['fc00::/7', 'fe80::/10', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48', '2001:db8:42::/56']);
      const r = Reachability.fromApp(app);
      expect(r.canBeReachedFrom('172.20.3.4', 'production/web', 8080)).toBe(false);
      expect(r.canBeReachedFrom('203.0.113.9', 'production/web', 8080)).toBe(true);
    });

    test('rejects a CIDR that is not one', () => {
      expect(() => new ZeroTrustNamespace(Testing.app(), 'production', { clusterCidrs: ['10.96.0.0'] }))
        .toThrow("ZeroTrustNamespace 'production': clusterCidr '10.96.0.0' is not a CIDR block; write it with a prefix length");
    });
  });
});

describe('pod props of ExposedApp and StatefulDatabase', () => {
  test('adds pod labels and annotations to the selector labels, with identity and env sources', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      podLabels: { version: 'stable', app: 'my-app' },
      podAnnotations: { 'example.com/owner': 'team-a' },
      serviceAccountName: 'api',
      envFrom: [EnvFromSource.configMap('api-config'), EnvFromSource.secret('api-secrets', { prefix: 'SECRET_', optional: true })],
      secretEnv: { API_TOKEN: { secretName: 'api-token', key: 'token' } },
    });
    const deployment = find(objectsOf(ns), 'Deployment', 'api');
    const template = deployment.spec.template;
    expect(template.metadata.labels).toMatchObject({ 'version': 'stable', 'app': 'my-app', 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(template.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect([template.spec.serviceAccountName, template.spec.automountServiceAccountToken]).toEqual(['api', false]);
    const container = template.spec.containers[0];
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'api-config' } },
      { prefix: 'SECRET_', secretRef: { name: 'api-secrets', optional: true } },
    ]);
    expect(container.env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }]);
  });

  test('gives a database the same props next to its credentials', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    new StatefulDatabase(ns, 'postgres', {
      engine: DatabaseEngine.POSTGRES,
      podLabels: { tier: 'data' },
      secretEnv: { PGBOUNCER_TOKEN: { secretName: 'pgbouncer', key: 'token' } },
    });
    const template = find(objectsOf(ns), 'StatefulSet', 'postgres').spec.template;
    expect(template.metadata.labels.tier).toBe('data');
    expect(template.spec.containers[0].env.map((e: any) => e.name)).toContain('PGBOUNCER_TOKEN');
  });

  test.each([
    ['pod labels that would replace a selector label', { podLabels: { 'app.kubernetes.io/name': 'other' } },
      "ExposedApp 'api': podLabels app.kubernetes.io/name=other would replace the selector label app.kubernetes.io/name=api; pod labels are added to the selector labels, never replace them — choose another key"],
    ['an invalid label key', { podLabels: { 'bad key': 'x' } }, "ExposedApp 'api': podLabels key 'bad key' has a name part that is not 1-63 letters"],
    ['a non-string annotation', { podAnnotations: { a: 1 as any } }, "ExposedApp 'api': podAnnotations['a'] must be a string, got 1"],
    ['an invalid ServiceAccount name', { serviceAccountName: 'API' }, 'ExposedApp \'api\': serviceAccountName "API" is not a valid ServiceAccount name'],
    ['a secretEnv key that is not a Secret key', { secretEnv: { TOKEN: { secretName: 'api', key: 'a/b' } } },
      'ExposedApp \'api\': secretEnv TOKEN: key "a/b" is not a Secret key (letters, digits, \'-\', \'_\' and \'.\')'],
    ['a variable both in env and secretEnv', { env: { TOKEN: 'x' }, secretEnv: { TOKEN: { secretName: 'api', key: 'token' } } },
      "ExposedApp 'api': environment variable TOKEN is set both in env and in secretEnv; keep one"],
    ['an envFrom entry that is not an EnvFromSource', { envFrom: [{ secretRef: { name: 'x' } } as any] },
      "ExposedApp 'api': envFrom[0] must be an EnvFromSource, got the object {\"secretRef\":{\"name\":\"x\"}}; use EnvFromSource.secret(name) or EnvFromSource.configMap(name)"],
    ['automountServiceAccountToken as a string', { automountServiceAccountToken: 'yes' as any },
      "ExposedApp 'api': automountServiceAccountToken must be true or false, got the string 'yes'"],
  ])('rejects %s', (_what, props, message) => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    expect(() => new ExposedApp(ns, 'api', { image: IMAGE, ...props as any })).toThrow(message);
  });

  test('rejects an EnvFromSource with an invalid name', () => {
    expect(() => EnvFromSource.secret('Bad_Name')).toThrow('EnvFromSource.secret: name "Bad_Name" is not a valid object name (a lowercase DNS-1123 subdomain)');
  });
});

describe('Exposure.none', () => {
  test('creates no Service, draws no unreachable warning, and connections to it inject no env', () => {
    const app = Testing.app();
    const ns = new ZeroTrustNamespace(app, 'production');
    const worker = new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none() });
    const api = new ExposedApp(ns, 'api', { image: IMAGE });
    api.connectTo(worker);
    const objects = objectsOf(ns);
    expect(findAll(objects, 'Service').map(s => s.metadata.name)).toEqual(['api']);
    expect(worker.service).toBeUndefined();
    expect(find(objects, 'Deployment', 'api').spec.template.spec.containers[0].env).toBeUndefined();
    expect(Reachability.fromApp(app).canReach('production/api', 'production/worker', 8080)).toBe(true);
    expect(stderrOf(() => app.synth())).not.toMatch(/Deployment\/production\/worker/);
  });

  test.each([
    ['servicePort', { servicePort: 8081 }, 'servicePort 8081 is a Service setting, but Exposure.none() creates no Service; choose another exposure or drop it'],
    ['sessionAffinity', { sessionAffinity: SessionAffinity.clientIp() }, 'sessionAffinity is a Service setting'],
    ['topologyAwareRouting', { topologyAwareRouting: true }, 'topologyAwareRouting is a Service setting'],
    ['externalIPs and servicePort', { externalIPs: ['203.0.113.7'], servicePort: 81 }, 'externalIPs [203.0.113.7], servicePort 81 are Service settings, but Exposure.none() creates no Service; choose another exposure or drop them'],
  ])('refuses %s, which only a Service would carry', (_what, props, message) => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    expect(() => new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none(), ...props })).toThrow(`ExposedApp 'worker': ${message}`);
  });

  test('takes topologyAwareRouting: false, which asks for nothing', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    expect(new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none(), topologyAwareRouting: false }).service).toBeUndefined();
  });

  test.each(['host', 'serviceName', 'url', 'connectionHost'])('has no %s: reading it fails instead of giving a name nothing resolves', (property) => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    const worker = new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none() });
    const what = property === 'connectionHost' ? 'host' : property;
    expect(() => (worker as any)[property]).toThrow(`ExposedApp 'worker': has no Service (Exposure.none()), so it has no ${what}: no name resolves to its pods; expose it (e.g. Exposure.clusterIp()) for clients to reach it by name`);
  });

  test('an app with a Service keeps its host, serviceName and url', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    const api = new ExposedApp(ns, 'api', { image: IMAGE });
    expect([api.host, api.serviceName, api.url]).toEqual(['api.production.svc.cluster.local', 'api', 'http://api.production.svc.cluster.local:80']);
  });

  test('cannot be the backend of an IngressGateway or Gateway route, which needs a Service', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    const worker = new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none() });
    expect(() => new IngressGateway(ns, 'edge', {}).addRoute({ host: 'w.example.com', app: worker }))
      .toThrow("IngressGateway 'edge': route w.example.com/ targets ExposedApp 'worker', which has no Service (Exposure.none()), and an Ingress backend is a Service; give the app Exposure.clusterIp()");
    const gateway = new Gateway(ns, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
    expect(() => gateway.addRoute({ hostnames: ['w.example.com'], app: worker }))
      .toThrow("Gateway 'public': route w.example.com/ targets ExposedApp 'worker', which has no Service (Exposure.none()), and an HTTPRoute backend is a Service; give the app Exposure.clusterIp()");
  });
});

describe('connectTo twice', () => {
  test('merges the ports of one pair instead of colliding on env vars', () => {
    const ns = new ZeroTrustNamespace(Testing.app(), 'production');
    const api = new ExposedApp(ns, 'api', { image: IMAGE, ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'grpc', port: 9000 }] });
    const web = new ExposedApp(ns, 'web', { image: IMAGE });
    web.connectTo(api, { ports: ['http'] });
    web.connectTo(api, { ports: ['grpc'] });
    const objects = objectsOf(ns);
    expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress).toHaveLength(1);
    expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9000 }]);
    expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toHaveLength(1);
    expect(find(objects, 'Deployment', 'web').spec.template.spec.containers[0].env)
      .toEqual([{ name: 'API_HOST', value: 'api.production.svc.cluster.local' }, { name: 'API_PORT', value: '80' }]);
  });
});
