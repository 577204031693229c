/**
 * Exposure analysis: which workloads are reachable from outside the cluster, from every
 * namespace, from namespaces that labels select (which an unlisted namespace could carry), and
 * which are not isolated at all — each with the tier, policy and rule that allows it.
 */
import { App } from 'cdk8s';
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { AllowedRoutes, ExposedApp, Exposure, Gateway, GatewayDataPlane, ZeroTrustNamespace } from '../../src';
import { ExposureCategory, Reachability } from '../../src/analysis';

const API = 'policy.networking.k8s.io/v1alpha1';

function service(ns: string, name: string, spec: any): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

describe('Reachability.exposure', () => {
  // GIVEN a shop namespace whose web is published by a LoadBalancer, whose api admits gateways of
  // any namespace, pods of namespaces labelled env=prod and (shadowed by an ANP Deny) team=ops,
  // whose db admits only listed namespaces; and an ops namespace without any policy
  const objects = [
    namespace('shop', { team: 'shop' }),
    namespace('ops', { team: 'ops' }),
    namespace('kube-system'),
    deployment('shop', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
    deployment('shop', 'api', { app: 'api' }, [9000]),
    deployment('shop', 'db', { app: 'db' }, [5432]),
    deployment('ops', 'runner', { app: 'runner' }, [8080]),
    deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ port: 53, protocol: 'UDP' }]),
    service('shop', 'web', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443, targetPort: 'http', nodePort: 31443 }] }),
    service('shop', 'api', { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 9000 }] }),
    policy('shop', 'web-public', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 8080 }] }],
    }),
    policy('shop', 'api-ingress', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'gateway' } } }], ports: [{ port: 9000 }] },
        { from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }], ports: [{ port: 9000 }] },
        { from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] },
      ],
    }),
    policy('shop', 'db-ingress', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }], ports: [{ port: 5432 }] },
      ],
    }),
    policy('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    policy('shop', 'dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }],
      }],
    }),
    policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] }),
    policy('kube-system', 'dns', { podSelector: {}, ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }),
    {
      apiVersion: API,
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'no-ops-in-shop' },
      spec: { priority: 10, subject: { namespaces: { matchLabels: { team: 'shop' } } }, ingress: [{ name: 'no-ops', action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'ops' } } }] }] },
    },
  ];
  const findings = Reachability.fromManifests(objects, NOTHING_ASSUMED).exposure().findings;
  const of = (workload: string, direction: string) => findings.filter((f) => f.workload === workload && f.direction === direction);

  test('a workload without any policy is not isolated, in both directions', () => {
    expect(of('ops/runner', 'ingress')).toEqual([expect.objectContaining({
      category: ExposureCategory.NOT_ISOLATED,
      connections: 'All Connections',
      tier: 'none',
      message: expect.stringContaining('ops/runner[Deployment] is not isolated for ingress: no NetworkPolicy selects its pods'),
    })]);
    expect(of('ops/runner', 'ingress')[0].policy).toBeUndefined();
    expect(of('ops/runner', 'egress')).toEqual([expect.objectContaining({ category: ExposureCategory.NOT_ISOLATED })]);
  });

  test('an ipBlock rule exposes to outside addresses, and a LoadBalancer publishes the target port', () => {
    expect(of('shop/web', 'ingress')).toEqual([
      {
        workload: 'shop/web',
        kind: 'Deployment',
        direction: 'ingress',
        category: ExposureCategory.OUTSIDE_CLUSTER,
        peer: 'from[0] ipBlock 0.0.0.0/0 except 10.0.0.0/8',
        connections: 'TCP 8080',
        tier: 'networkpolicy',
        policy: 'NetworkPolicy/shop/web-public',
        rule: 'spec.ingress[0]',
        message: 'shop/web[Deployment] accepts TCP 8080 from addresses outside the cluster (from[0] ipBlock 0.0.0.0/0 except 10.0.0.0/8); '
          + 'allowed by NetworkPolicy/shop/web-public spec.ingress[0]',
      },
      expect.objectContaining({
        category: ExposureCategory.OUTSIDE_CLUSTER,
        connections: 'TCP 8080',
        policy: 'NetworkPolicy/shop/web-public',
        via: 'Service shop/web (LoadBalancer, nodePort 31443) 443/TCP -> 8080',
      }),
    ]);
  });

  test('an unisolated workload behind a LoadBalancer or NodePort Service is also listed as reachable from outside through it', () => {
    // GIVEN an ingress controller published by a LoadBalancer (and one by a NodePort) without any NetworkPolicy
    const edge = [
      deployment('edge', 'controller', { app: 'controller' }, [{ port: 80, name: 'http' }, { port: 443, name: 'https' }]),
      service('edge', 'controller', { type: 'LoadBalancer', selector: { app: 'controller' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] }),
      deployment('edge', 'metal', { app: 'metal' }, [8080]),
      service('edge', 'metal', { type: 'NodePort', selector: { app: 'metal' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
      service('edge', 'internal', { selector: { app: 'metal' }, ports: [{ port: 81, targetPort: 8080 }] }),
    ];
    const r = Reachability.fromManifests(edge, NOTHING_ASSUMED).exposure().findings;
    const ingress = (w: string) => r.filter((f) => f.workload === w && f.direction === 'ingress').map((f) => [f.category, f.connections, f.via]);
    // THEN each is not isolated, and the Service that publishes it is a way in from outside (a ClusterIP Service is not)
    expect(ingress('edge/controller')).toEqual([
      [ExposureCategory.NOT_ISOLATED, 'All Connections', undefined],
      [ExposureCategory.OUTSIDE_CLUSTER, 'TCP 443', 'Service edge/controller (LoadBalancer) 443/TCP -> 443'],
    ]);
    expect(ingress('edge/metal')).toEqual([
      [ExposureCategory.NOT_ISOLATED, 'All Connections', undefined],
      [ExposureCategory.OUTSIDE_CLUSTER, 'TCP 8080', 'Service edge/metal (NodePort, nodePort 30080) 80/TCP -> 8080'],
    ]);
    expect(r.find((f) => f.via?.startsWith('Service edge/controller'))?.message).toBe('edge/controller[Deployment] accepts TCP 443 from addresses outside '
      + 'the cluster through Service edge/controller (LoadBalancer) 443/TCP -> 443; no rule of any tier decides, so it is allowed by default');
  });

  test('egress to an ipBlock is an outside exposure; egress to a pinned listed namespace is none', () => {
    expect(of('shop/web', 'egress')).toEqual([expect.objectContaining({
      category: ExposureCategory.OUTSIDE_CLUSTER,
      connections: 'TCP 443',
      policy: 'NetworkPolicy/shop/web-egress',
      rule: 'spec.egress[0]',
      message: 'shop/web[Deployment] may open TCP 443 to addresses outside the cluster (to[0] ipBlock 0.0.0.0/0); allowed by NetworkPolicy/shop/web-egress spec.egress[0]',
    })]);
    expect(of('shop/api', 'egress')).toEqual([]);
  });

  test('namespaceSelector {} exposes to every namespace; labels expose to unlisted namespaces; an ANP Deny shadows a rule', () => {
    expect(of('shop/api', 'ingress').map((f) => [f.category, f.peer, f.connections, f.policy, f.rule])).toEqual([
      [ExposureCategory.ANY_NAMESPACE, 'from[0] namespaceSelector {} AND podSelector app=gateway', 'TCP 9000', 'NetworkPolicy/shop/api-ingress', 'spec.ingress[0]'],
      [ExposureCategory.UNLISTED_NAMESPACES, 'from[0] namespaceSelector env=prod', 'TCP 9000', 'NetworkPolicy/shop/api-ingress', 'spec.ingress[1]'],
    ]);
    // the team=ops rule (spec.ingress[2]) is overridden by the AdminNetworkPolicy Deny: no finding names it
    expect(findings.some((f) => f.rule === 'spec.ingress[2]')).toBe(false);
  });

  test('without the AdminNetworkPolicy, the team=ops rule exposes every port to namespaces labelled team=ops', () => {
    const withoutAnp = Reachability.fromManifests(objects.filter((o) => o.kind !== 'AdminNetworkPolicy'), NOTHING_ASSUMED).exposure().findings;
    expect(withoutAnp.filter((f) => f.workload === 'shop/api' && f.rule === 'spec.ingress[2]')).toEqual([expect.objectContaining({
      category: ExposureCategory.UNLISTED_NAMESPACES,
      peer: 'from[0] namespaceSelector team=ops',
      // a pod of an unlisted namespace labelled team=ops matches rule 2 only, which has no ports
      connections: 'All Connections',
      message: 'shop/api[Deployment] accepts All Connections from any pod in namespaces team=ops, labels a namespace not in the manifests '
        + 'could carry (from[0] namespaceSelector team=ops); allowed by NetworkPolicy/shop/api-ingress spec.ingress[2]',
    })]);
  });

  test('a selector pinned to listed namespace names exposes nothing beyond them', () => {
    expect(of('shop/db', 'ingress')).toEqual([]);
    expect(of('kube-system/coredns', 'ingress')).toEqual([
      expect.objectContaining({ category: ExposureCategory.OUTSIDE_CLUSTER, peer: 'any peer (no from)', connections: 'UDP 53' }),
      expect.objectContaining({ category: ExposureCategory.ANY_NAMESPACE, peer: 'any peer (no from)', connections: 'UDP 53', policy: 'NetworkPolicy/kube-system/dns' }),
    ]);
  });
});

describe('Reachability.exposure: selectors that admit unlabelled namespaces or pods without admitting all', () => {
  const exposureOf = (from: any) => Reachability.fromManifests([
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, [8080]),
    policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [from], ports: [{ port: 8080 }] }] }),
  ], NOTHING_ASSUMED).exposure().findings.filter((f) => f.direction === 'ingress').map((f) => [f.category, f.message]);

  test('env NotIn (dev) reaches namespaces by labels, not every namespace', () => {
    // Pods of a namespace labelled env=dev are not admitted, so this is not "any namespace"
    expect(exposureOf({ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] } })).toEqual([[
      ExposureCategory.UNLISTED_NAMESPACES,
      'shop/web[Deployment] accepts TCP 8080 from any pod in namespaces env notin (dev), labels a namespace not in the manifests could carry '
        + '(from[0] namespaceSelector env notin (dev)); allowed by NetworkPolicy/shop/web spec.ingress[0]',
    ]]);
    expect(exposureOf({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['shop'] }] } })
      .map(([category]) => category)).toEqual([ExposureCategory.UNLISTED_NAMESPACES]);
  });

  test('namespaceSelector {} with a pod selector is every namespace, but not any pod', () => {
    expect(exposureOf({ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['bad'] }] } })).toEqual([[
      ExposureCategory.ANY_NAMESPACE,
      'shop/web[Deployment] accepts TCP 8080 from pods app notin (bad) in any namespace, namespaces not in the manifests included '
        + '(from[0] namespaceSelector {} AND podSelector app notin (bad)); allowed by NetworkPolicy/shop/web spec.ingress[0]',
    ]]);
  });
});

describe('Reachability.exposure through the cluster tiers', () => {
  const anp = (name: string, priority: number, spec: any) => ({ apiVersion: API, kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, ...spec } });
  const banp = (spec: any) => ({ apiVersion: API, kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec });

  test('an ANP Allow from namespaces {} exposes to every namespace, in the admin tier, whatever NetworkPolicy says', () => {
    // GIVEN app isolated by a deny-all NetworkPolicy, and an ANP that lets every namespace scrape 9100
    const r = Reachability.fromManifests([
      deployment('apps', 'app', { app: 'app' }, [8080, 9100]),
      policy('apps', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
      anp('scrape', 5, { subject: { namespaces: {} }, ingress: [{ name: 'scrape', action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 9100 } }] }] }),
    ], NOTHING_ASSUMED);
    expect(r.exposure().findings.filter((f) => f.direction === 'ingress')).toEqual([expect.objectContaining({
      workload: 'apps/app',
      category: ExposureCategory.ANY_NAMESPACE,
      connections: 'TCP 9100',
      tier: 'admin',
      policy: 'AdminNetworkPolicy/scrape',
      rule: "spec.ingress[0] 'scrape'",
      peer: 'from[0] namespaces {}',
    })]);
  });

  test.each(['admin', 'baseline'])('a %s-tier Deny of every namespace but a few unlisted ones leaves those exposed', (tier) => {
    // GIVEN pods in shop; a Deny from namespaces NotIn [shop, monitoring] (monitoring is not in the manifests),
    // and — in the admin case — a NetworkPolicy admitting every namespace
    const deny = {
      subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
      ingress: [{ name: 'deny-others', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['shop', 'monitoring'] }] } }] }],
    };
    const objects = [
      deployment('shop', 'a', { app: 'a' }, [8080]),
      ...(tier === 'admin'
        ? [anp('iso', 10, deny), policy('shop', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })]
        : [banp(deny)]),
    ];
    // WHEN a pod of monitoring is assumed, it may connect (the ground truth)
    const withMonitoring = Reachability.fromManifests(objects, { ...NOTHING_ASSUMED, extraWorkloads: [{ namespace: 'monitoring', name: 'prom', podLabels: { app: 'prom' } }] });
    expect(withMonitoring.canReach('monitoring/prom', 'shop/a', 8080)).toBe(true);
    // THEN the exposure of the manifests alone says that pods of namespaces outside them reach shop/a
    const reached = Reachability.fromManifests(objects, NOTHING_ASSUMED).exposure().findings
      .filter((f) => f.direction === 'ingress' && (f.category === ExposureCategory.ANY_NAMESPACE || f.category === ExposureCategory.UNLISTED_NAMESPACES));
    expect(reached.map((f) => [f.workload, f.connections])).toEqual([['shop/a', 'All Connections']]);
  });

  test.each([
    ['an ANP Deny of namespaces without a label', 'admin', [{ key: 'trusted', operator: 'DoesNotExist' }], 'labelled trusted=probe'],
    ['an ANP Deny of namespaces NotIn a value', 'admin', [{ key: 'env', operator: 'NotIn', values: ['prod'] }], 'labelled env=prod'],
    ['a BANP Deny of namespaces NotIn a team', 'baseline', [{ key: 'team', operator: 'NotIn', values: ['platform'] }], 'labelled team=platform'],
  ])('%s leaves the namespaces that carry the label exposed, and says so', (_what, tier, matchExpressions, labelled) => {
    const deny = { subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }, ingress: [{ name: 'd', action: 'Deny', from: [{ namespaces: { matchExpressions } }] }] };
    const r = Reachability.fromManifests([
      deployment('apps', 'app', { app: 'app' }, [8080]),
      ...(tier === 'admin' ? [anp('d', 10, deny), policy('apps', 'all', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })] : [banp(deny)]),
    ], NOTHING_ASSUMED);
    const reached = r.exposure().findings.filter((f) => f.direction === 'ingress' && f.category === ExposureCategory.UNLISTED_NAMESPACES);
    expect(reached).toHaveLength(1);
    expect(reached[0].message).toContain(`in namespaces ${labelled}`);
  });

  test('a BANP: Allow by labels exposes to unlisted namespaces; what no tier decides is allowed by default, outside included', () => {
    // GIVEN a BANP that admits namespaces labelled env=prod and denies every other pod
    const r = Reachability.fromManifests([
      deployment('apps', 'app', { app: 'app' }, [8080]),
      banp({ subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: { matchLabels: { env: 'prod' } } }] }, { action: 'Deny', from: [{ namespaces: {} }] }] }),
    ], NOTHING_ASSUMED);
    const ingress = r.exposure().findings.filter((f) => f.direction === 'ingress');
    expect(ingress.map((f) => [f.category, f.tier, f.connections, f.policy, f.rule])).toEqual([
      // BANP peers never match addresses: nothing decides outside traffic, so it is allowed by default
      [ExposureCategory.OUTSIDE_CLUSTER, 'none', 'All Connections', undefined, undefined],
      [ExposureCategory.UNLISTED_NAMESPACES, 'baseline', 'All Connections', 'BaselineAdminNetworkPolicy/default', 'spec.ingress[0]'],
    ]);
    expect(ingress[0].message).toBe('apps/app[Deployment] accepts All Connections from addresses outside the cluster; '
      + 'no rule of any tier decides, so it is allowed by default');
  });

  test('an ANP egress Allow on networks 0.0.0.0/0 before a Deny exposes outside addresses and, per the API, every pod', () => {
    const r = Reachability.fromManifests([
      deployment('apps', 'app', { app: 'app' }, [8080]),
      anp('egress', 5, {
        subject: { namespaces: {} },
        egress: [
          { name: 'https', action: 'Allow', to: [{ networks: ['0.0.0.0/0'] }], ports: [{ portNumber: { port: 443 } }] },
          { name: 'nothing-else', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
        ],
      }),
    ], NOTHING_ASSUMED);
    const egress = r.exposure().findings.filter((f) => f.direction === 'egress');
    expect(egress.map((f) => [f.category, f.tier, f.connections, f.policy, f.rule, f.peer])).toEqual([
      [ExposureCategory.OUTSIDE_CLUSTER, 'admin', 'TCP 443', 'AdminNetworkPolicy/egress', "spec.egress[0] 'https'", 'to[0] networks 0.0.0.0/0'],
      [ExposureCategory.ANY_NAMESPACE, 'admin', 'TCP 443', 'AdminNetworkPolicy/egress', "spec.egress[0] 'https'", 'to[0] networks 0.0.0.0/0'],
    ]);
  });

  test('a NodePort Service is listed only where the policies let outside addresses reach its target port', () => {
    const r = Reachability.fromManifests([
      deployment('apps', 'app', { app: 'app' }, [8080, 9090]),
      service('apps', 'app', { type: 'NodePort', selector: { app: 'app' }, ports: [{ name: 'web', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'admin', port: 90, targetPort: 9090 }] }),
      policy('apps', 'web-only', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 8080 }] }] }),
    ], NOTHING_ASSUMED);
    const via = r.exposure().findings.filter((f) => f.via !== undefined);
    expect(via).toEqual([expect.objectContaining({
      category: ExposureCategory.OUTSIDE_CLUSTER,
      connections: 'TCP 8080',
      peer: 'from[0] ipBlock 203.0.113.0/24',
      via: 'Service apps/app (NodePort, nodePort 30080) 80/TCP -> 8080',
      policy: 'NetworkPolicy/apps/web-only',
    })]);
  });

  describe('through an Ingress and its controller', () => {
    const ingress = (ns: string, name: string, host: string, backend: string, port: unknown) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: ns },
      spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: backend, port } } }] } }] },
    });
    const admitsController = policy('shop', 'web-ingress', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
        ports: [{ port: 8080 }],
      }],
    });
    const objects = [
      deployment('shop', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
      service('shop', 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      ingress('shop', 'web', 'shop.example.com', 'web', { name: 'http' }),
    ];
    const viaIngress = (r: Reachability) => r.exposure().findings.filter((f) => f.via?.startsWith('Ingress'));

    test('lists the workload behind an Ingress as reachable from outside, with the rule admitting the controller', () => {
      const r = Reachability.fromManifests([...objects, admitsController], { assumeDns: false, assumeAcmeSolvers: false });
      expect(viaIngress(r)).toEqual([expect.objectContaining({
        workload: 'shop/web',
        direction: 'ingress',
        category: ExposureCategory.OUTSIDE_CLUSTER,
        connections: 'TCP 8080',
        tier: 'networkpolicy',
        policy: 'NetworkPolicy/shop/web-ingress',
        rule: 'spec.ingress[0]',
        via: 'Ingress shop/web (shop.example.com/) -> Service shop/web 80 -> 8080, served by the ingress controller ingress-nginx/ingress-nginx-controller',
      })]);
    });

    test('lists nothing when the pods do not admit the controller, or the controller admits no outside address', () => {
      const denyWeb = policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
      expect(viaIngress(Reachability.fromManifests([...objects, denyWeb], { assumeDns: false, assumeAcmeSolvers: false }))).toEqual([]);
      const closedController = policy('ingress-nginx', 'internal-only', {
        podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
      });
      const controllerOnly = { assumeDns: false, assumeAcmeSolvers: false };
      expect(viaIngress(Reachability.fromManifests([...objects, admitsController, closedController], controllerOnly))).toEqual([]);
    });

    test('ingress-nginx serves the class nginx or no class; another class has no known controller', () => {
      const traefik = { ...objects[2], spec: { ...objects[2].spec, ingressClassName: 'traefik' } };
      const controllerOnly = { assumeDns: false, assumeAcmeSolvers: false };
      const r = Reachability.fromManifests([objects[0], objects[1], traefik, admitsController], controllerOnly);
      // Admitting ingress-nginx does not open the app to the traefik class's controller, which the analysis does not know.
      expect(viaIngress(r)).toEqual([]);
      const nginx = { ...objects[2], spec: { ...objects[2].spec, ingressClassName: 'nginx' } };
      expect(viaIngress(Reachability.fromManifests([objects[0], objects[1], nginx, admitsController], controllerOnly))).toHaveLength(1);
    });

    test('an Ingress without a class has the default IngressClass of the manifests, and the legacy annotation names a class', () => {
      const controllerOnly = { assumeDns: false, assumeAcmeSolvers: false };
      const ingressClass = (name: string, controller: string, isDefault: boolean) => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
        spec: { controller },
      });
      // GIVEN the class-less Ingress and pods admitting ingress-nginx
      // WHEN the cluster's default class is Traefik's: ingress-nginx does not serve the Ingress
      const traefikDefault = ingressClass('traefik', 'traefik.io/ingress-controller', true);
      expect(viaIngress(Reachability.fromManifests([...objects, admitsController, traefikDefault], controllerOnly))).toEqual([]);
      // WHEN the default class is ingress-nginx's, whatever its name: it does
      const nginxDefault = ingressClass('public', 'k8s.io/ingress-nginx', true);
      expect(viaIngress(Reachability.fromManifests([...objects, admitsController, nginxDefault], controllerOnly))).toHaveLength(1);
      // WHEN the Ingress names Traefik's class by the legacy annotation: ingress-nginx does not serve it
      const annotated = { ...objects[2], metadata: { ...objects[2].metadata, annotations: { 'kubernetes.io/ingress.class': 'traefik' } } };
      expect(viaIngress(Reachability.fromManifests([objects[0], objects[1], annotated, admitsController], controllerOnly))).toEqual([]);
      // WHEN an IngressClass of another name has ingress-nginx's controller: it serves that class
      const named = { ...objects[2], spec: { ...objects[2].spec, ingressClassName: 'internal' } };
      const internal = ingressClass('internal', 'k8s.io/ingress-nginx', false);
      expect(viaIngress(Reachability.fromManifests([objects[0], objects[1], named, admitsController, internal], controllerOnly))).toHaveLength(1);
    });

    test('ingress-nginx\'s controller is known by its pod labels in a namespace of its own, and nothing is assumed beside it', () => {
      // GIVEN the controller installed by Helm in namespace `ingress`, and pods admitting that namespace
      const controller = deployment('ingress', 'nginx-ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, [80, 443]);
      const admitsIngressNs = policy('shop', 'web-ingress', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }], ports: [{ port: 8080 }] }],
      });
      const r = Reachability.fromManifests([...objects, controller, admitsIngressNs], { assumeDns: false, assumeAcmeSolvers: false });
      // THEN the web app is exposed through it, and no ingress-nginx controller is assumed
      expect(viaIngress(r).map((f) => f.via)).toEqual(['Ingress shop/web (shop.example.com/) -> Service shop/web 80 -> 8080, served by the ingress controller ingress/nginx-ingress-nginx-controller']);
      expect(r.workloads.filter((w) => w.includes('ingress'))).toEqual(['ingress/nginx-ingress-nginx-controller']);
    });

    test('without a known controller, the pods must admit outside addresses themselves', () => {
      const open = policy('shop', 'public', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
      const r = Reachability.fromManifests([...objects, open], NOTHING_ASSUMED);
      expect(viaIngress(r).map((f) => f.via)).toEqual(['Ingress shop/web (shop.example.com/) -> Service shop/web 80 -> 8080']);
      expect(viaIngress(Reachability.fromManifests([...objects, admitsController], NOTHING_ASSUMED))).toEqual([]);
    });
  });

  test('lists the workload behind a Gateway API route, served by the Gateway\'s data plane', () => {
    const app = new App();
    const infra = new ZeroTrustNamespace(app, 'infra');
    const shop = new ZeroTrustNamespace(app, 'shop');
    const gateway = new Gateway(infra, 'public', {
      gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaces(['shop']),
    });
    new ExposedApp(shop, 'web', { image: 'ghcr.io/acme/web:1.0.0', exposure: Exposure.gatewayRoute({ gateway, hostnames: ['shop.example.com'] }) });
    const via = Reachability.fromApp(app).exposure().findings.filter((f) => f.via?.startsWith('HTTPRoute'));
    expect(via).toEqual([expect.objectContaining({
      workload: 'shop/web',
      category: ExposureCategory.OUTSIDE_CLUSTER,
      connections: 'TCP 8080',
      policy: 'NetworkPolicy/shop/web-ingress',
    })]);
    expect(via[0].via)
      .toMatch(/^HTTPRoute shop\/web \(shop\.example\.com\) on Gateway infra\/public listener \S+ \(\d+\) -> Service shop\/web 80 -> 8080, served by /);
  });
});
