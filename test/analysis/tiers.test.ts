/**
 * The cluster tiers (policy.networking.k8s.io/v1alpha1): AdminNetworkPolicy by priority with
 * Allow / Deny / Pass, then NetworkPolicy, then the BaselineAdminNetworkPolicy, then allow. Every
 * expected verdict below is worked out by hand from the upstream API text, in the comments.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy, PortSpec } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';
import { prng } from '../util';

const API = 'policy.networking.k8s.io/v1alpha1';

function anp(name: string, priority: unknown, subject: any, rules: { ingress?: any[]; egress?: any[] }): any {
  return { apiVersion: API, kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, subject, ...rules } };
}

function banp(subject: any, rules: { ingress?: any[]; egress?: any[] }, name = 'default'): any {
  return { apiVersion: API, kind: 'BaselineAdminNetworkPolicy', metadata: { name }, spec: { subject, ...rules } };
}

const ns = (labels: Record<string, string>) => ({ namespaces: { matchLabels: labels } });
const nsName = (name: string) => ns({ 'kubernetes.io/metadata.name': name });
const ALL_NAMESPACES = { namespaces: {} };

function app(namespaceName: string, name: string, ports: readonly PortSpec[], labels: Record<string, string> = { app: name }): any {
  return deployment(namespaceName, name, labels, ports);
}

/**
 * Namespaces app1, app2 and monitoring; a BANP that admits monitoring and denies every other pod;
 * app2/api isolated by a NetworkPolicy admitting app1 on TCP 80; app1 ingress passed on by an ANP.
 */
function banpScenario(): any[] {
  return [
    namespace('app1'),
    namespace('app2'),
    namespace('monitoring'),
    app('app1', 'client', [80]),
    app('app1', 'worker', [80, 9100]),
    app('app2', 'api', [80, 9100]),
    app('monitoring', 'agent', [9100]),
    policy('app2', 'api-from-app1', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app1' } } }], ports: [{ port: 80 }] }],
    }),
    banp(ALL_NAMESPACES, {
      ingress: [
        { name: 'monitoring', action: 'Allow', from: [nsName('monitoring')] },
        { name: 'default-deny', action: 'Deny', from: [ALL_NAMESPACES] },
      ],
    }),
    anp('app1-delegate', 50, nsName('app1'), { ingress: [{ name: 'delegate', action: 'Pass', from: [ALL_NAMESPACES] }] }),
  ];
}

/** Every pod may egress only to ports named 'dns' and to 10.0.0.0/8 on TCP 5000-5999. */
function egressScenario(): any[] {
  return [
    app('default', 'resolver', [{ port: 53, protocol: 'UDP', name: 'dns' }]),
    app('default', 'web', [{ port: 8080, name: 'http' }]),
    app('default', 'client', []),
    anp('egress', 100, ALL_NAMESPACES, {
      egress: [
        { action: 'Allow', to: [ALL_NAMESPACES], ports: [{ namedPort: 'dns' }] },
        { action: 'Allow', to: [{ networks: ['10.0.0.0/8'] }], ports: [{ portRange: { start: 5000, end: 5999 } }] },
        { action: 'Deny', to: [ALL_NAMESPACES, { networks: ['0.0.0.0/0'] }] },
      ],
    }),
  ];
}

describe('AdminNetworkPolicy priorities and actions', () => {
  // GIVEN two tenants, a monitoring namespace and the cluster DNS
  const objects = [
    namespace('tenant-a', { tenant: 'a' }),
    namespace('tenant-b', { tenant: 'b' }),
    namespace('monitoring', { role: 'monitoring' }),
    namespace('kube-system'),
    app('tenant-a', 'web', [{ port: 8080, name: 'http' }, { port: 9090, name: 'metrics' }]),
    app('tenant-a', 'db', [5432]),
    app('tenant-b', 'web', [{ port: 8080, name: 'http' }]),
    app('monitoring', 'prometheus', [9090]),
    app('kube-system', 'coredns', [{ port: 53, protocol: 'UDP', name: 'dns' }, { port: 53, name: 'dns-tcp' }], { 'k8s-app': 'kube-dns' }),
    // tenant-a's own NetworkPolicies: ingress default-deny, web may reach db; egress allowed to anywhere
    policy('tenant-a', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('tenant-a', 'web-to-db', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
    }),
    policy('tenant-a', 'egress-anywhere', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, { to: [{ namespaceSelector: {} }] }] }),
    anp('cluster-dns', 5, ALL_NAMESPACES, {
      egress: [{
        name: 'dns',
        action: 'Allow',
        to: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }],
        ports: [{ portNumber: { port: 53, protocol: 'UDP' } }, { portNumber: { port: 53, protocol: 'TCP' } }],
      }],
    }),
    anp('no-metadata', 1, ALL_NAMESPACES, {
      egress: [{ name: 'metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    }),
    anp('allow-monitoring', 10, ALL_NAMESPACES, {
      ingress: [{ name: 'scrape', action: 'Allow', from: [nsName('monitoring')], ports: [{ namedPort: 'metrics' }] }],
    }),
    anp('tenant-a-isolation', 20, ns({ tenant: 'a' }), {
      ingress: [
        { name: 'same-tenant', action: 'Pass', from: [ns({ tenant: 'a' })] },
        { name: 'everyone-else', action: 'Deny', from: [ALL_NAMESPACES] },
      ],
    }),
    anp('tenant-b-isolation', 21, ns({ tenant: 'b' }), {
      ingress: [
        { name: 'no-a-on-http', action: 'Deny', from: [ns({ tenant: 'a' })], ports: [{ portNumber: { port: 8080 } }] },
        { name: 'a-otherwise', action: 'Allow', from: [ns({ tenant: 'a' })] },
      ],
    }),
    anp('tenant-b-lockdown', 30, { pods: { namespaceSelector: { matchLabels: { tenant: 'b' } }, podSelector: { matchLabels: { app: 'web' } } } }, {
      egress: [
        { name: 'system', action: 'Allow', to: [nsName('kube-system')] },
        { name: 'nothing-else', action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    }),
  ];
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test('the manifests are valid: nothing in problems', () => {
    expect(r.problems).toEqual([]);
  });

  test.each([
    // tenant-a-isolation passes intra-tenant traffic to NetworkPolicy: web-to-db allows 5432
    ['tenant-a/web', 'tenant-a/db', 5432, 'TCP', true],
    // ... and default-deny (NetworkPolicy tier) denies the rest of it
    ['tenant-a/db', 'tenant-a/web', 8080, 'TCP', false],
    ['tenant-a/web', 'tenant-a/db', 5433, 'TCP', false],
    // traffic from another tenant matches no Pass, then the Deny of rule 1
    ['tenant-b/web', 'tenant-a/web', 8080, 'TCP', false],
    ['tenant-b/web', 'tenant-a/db', 5432, 'TCP', false],
    // priority 10 before 20: monitoring may scrape the port named 'metrics' despite default-deny and the Deny at 20
    ['monitoring/prometheus', 'tenant-a/web', 9090, 'TCP', true],
    // other ports of web: no 'metrics' there, so the Deny at priority 20 decides
    ['monitoring/prometheus', 'tenant-a/web', 8080, 'TCP', false],
    // db names no 'metrics' port: the named port resolves to nothing on it
    ['monitoring/prometheus', 'tenant-a/db', 9090, 'TCP', false],
    // rule order within one ANP: Deny on 8080 (rule 0) before Allow on all ports (rule 1)
    ['tenant-a/web', 'tenant-b/web', 8080, 'TCP', false],
    ['tenant-a/web', 'tenant-b/web', 9000, 'TCP', true],
    ['tenant-a/web', 'tenant-b/web', 8080, 'UDP', true],
    // no tier decides monitoring -> tenant-b: no rule of tenant-b-isolation matches, no NetworkPolicy, no BANP
    ['monitoring/prometheus', 'tenant-b/web', 8080, 'TCP', true],
    // cluster-dns (priority 5) allows DNS before tenant-b-lockdown (30) could deny it
    ['tenant-a/web', 'kube-system/coredns', 53, 'UDP', true],
    ['tenant-b/web', 'kube-system/coredns', 53, 'UDP', true],
    ['tenant-b/web', 'kube-system/coredns', 53, 'TCP', true],
    // tenant-b-lockdown rule 0 allows anything to kube-system
    ['tenant-b/web', 'kube-system/coredns', 9153, 'TCP', true],
    // rule 1 denies 0.0.0.0/0, which holds every pod address too ("cluster-internal traffic will be checked against the rule as well")
    ['tenant-b/web', 'tenant-a/db', 5432, 'TCP', false],
    ['tenant-b/web', 'monitoring/prometheus', 9090, 'TCP', false],
    // ... but it selects only app=web pods of tenant-b: the others egress freely
    ['monitoring/prometheus', 'kube-system/coredns', 9153, 'TCP', true],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test.each([
    // an ANP Deny on a networks peer beats tenant-a's NetworkPolicy egress to 0.0.0.0/0
    ['tenant-a/web', '169.254.169.254', 80, false],
    ['tenant-a/web', '203.0.113.9', 443, true],
    ['tenant-b/web', '203.0.113.9', 443, false],
    ['tenant-b/web', '2001:db8::1', 443, false],
    ['monitoring/prometheus', '169.254.169.254', 80, false],
    ['monitoring/prometheus', '203.0.113.9', 443, true],
  ])('%s -> address %s on TCP %d allowed: %s', (from, address, port, allowed) => {
    expect(r.canReachAddress(from, address, port)).toBe(allowed);
  });

  test('an outside client never matches an ingress rule of an ANP (v1alpha1 ingress peers are pods and namespaces only)', () => {
    // tenant-a-isolation denies "everyone else" by namespaces {}, which selects pods, not addresses;
    // the client then meets tenant-a's default-deny
    expect(r.canBeReachedFrom('198.51.100.4', 'tenant-a/web', 8080)).toBe(false);
    // tenant-b has no NetworkPolicy and no BANP: allowed by default
    expect(r.canBeReachedFrom('198.51.100.4', 'tenant-b/web', 8080)).toBe(true);
  });

  test('explain names the admin tier, the policy, its priority and the rule that denied', () => {
    const text = r.explain('tenant-b/web', 'tenant-a/web', 8080);
    expect(text).toContain('tenant-b/web[Deployment] => tenant-a/web[Deployment] : TCP 8080 : denied');
    expect(text).toContain("ingress of tenant-a/web: denied (admin tier: AdminNetworkPolicy/tenant-a-isolation (priority 20) spec.ingress[1] 'everyone-else')");
    expect(text).toContain("admin tier: Deny by AdminNetworkPolicy/tenant-a-isolation (priority 20) spec.ingress[1] 'everyone-else' (from[0] namespaces {}; any port)");
    // the egress side: tenant-b-lockdown's Deny of 0.0.0.0/0
    expect(text).toContain("egress of tenant-b/web: denied (admin tier: AdminNetworkPolicy/tenant-b-lockdown (priority 30) spec.egress[1] 'nothing-else')");
  });

  test('explain follows a Pass into the NetworkPolicy tier', () => {
    const text = r.explain('tenant-a/db', 'tenant-a/web', 8080);
    expect(text).toContain("admin tier: Pass by AdminNetworkPolicy/tenant-a-isolation (priority 20) spec.ingress[0] 'same-tenant' (from[0] namespaces tenant=a; any port), which hands the connection to the NetworkPolicy tier");
    expect(text).toContain('ingress of tenant-a/web: denied (NetworkPolicy tier: isolated by tenant-a/default-deny, no rule allows it)');
    expect(text).toContain('NetworkPolicy tier: isolated for ingress by tenant-a/default-deny');
  });

  test('explain names an Allow at a higher priority than the Deny', () => {
    const text = r.explain('monitoring/prometheus', 'tenant-a/web', 9090);
    expect(text).toContain(': TCP 9090 : allowed');
    expect(text).toContain("admin tier: Allow by AdminNetworkPolicy/allow-monitoring (priority 10) spec.ingress[0] 'scrape' (from[0] namespaces kubernetes.io/metadata.name=monitoring; named port 'metrics' (TCP 9090))");
  });

  test('explain says when no tier decides', () => {
    const text = r.explain('monitoring/prometheus', 'tenant-b/web', 8080);
    expect(text).toContain('ingress of tenant-b/web: allowed (default: no tier denies it)');
    expect(text).toContain('admin tier: no rule of AdminNetworkPolicy/allow-monitoring, AdminNetworkPolicy/tenant-b-isolation (which select its pods) matches');
    expect(text).toContain('baseline tier: no BaselineAdminNetworkPolicy (nor Baseline-tier ClusterNetworkPolicy) selects its pods for ingress; the connection is allowed by default');
  });

  test('flows go through the tiers', () => {
    const flows = r.toJson().flows;
    expect(flows).toContainEqual({ from: 'monitoring/prometheus', to: 'tenant-a/web', port: 9090, protocol: 'TCP' });
    expect(flows).toContainEqual({ from: 'tenant-a/web', to: 'tenant-a/db', port: 5432, protocol: 'TCP' });
    expect(flows).not.toContainEqual({ from: 'monitoring/prometheus', to: 'tenant-a/web', port: 8080, protocol: 'TCP' });
    expect(flows).not.toContainEqual({ from: 'tenant-b/web', to: 'tenant-a/db', port: 5432, protocol: 'TCP' });
    // every flow agrees with canReach, and every allowed declared port is a flow
    for (const f of flows) expect(r.canReach(f.from, f.to, f.port, f.protocol)).toBe(true);
    expect(r.toMarkdown()).toContain('9090/TCP');
  });
});

describe('BaselineAdminNetworkPolicy under NetworkPolicy', () => {
  // GIVEN a BANP that admits monitoring and denies every other pod, and app2/api isolated by a NetworkPolicy
  const objects = banpScenario();
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test.each([
    // app2/api is isolated for ingress by a NetworkPolicy: the NetworkPolicy tier decides
    ['app1/client', 'app2/api', 80, 'TCP', true],
    ['app1/client', 'app2/api', 81, 'TCP', false],
    // the BANP would allow monitoring, but a pod isolated by NetworkPolicy never falls through to it
    ['monitoring/agent', 'app2/api', 9100, 'TCP', false],
    // app1 pods are not isolated: the BANP decides, rule by rule in order
    ['monitoring/agent', 'app1/worker', 9100, 'TCP', true],
    ['app2/api', 'app1/worker', 80, 'TCP', false],
    ['app1/client', 'app1/worker', 80, 'TCP', false],
    // a Pass (app1-delegate) leads to NetworkPolicy and, with none isolating, to the BANP: still denied
    ['app2/api', 'app1/client', 80, 'TCP', false],
    // monitoring itself is subject to the BANP too: nothing but monitoring reaches it
    ['app1/client', 'monitoring/agent', 9100, 'TCP', false],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test('an outside client matches no BANP ingress peer: allowed by default where no NetworkPolicy isolates', () => {
    expect(r.canBeReachedFrom('203.0.113.5', 'app1/worker', 80)).toBe(true);
    expect(r.canBeReachedFrom('203.0.113.5', 'app2/api', 80)).toBe(false);
  });

  test('explain names the baseline tier and its rule, and says when the BANP is not consulted', () => {
    const baseline = r.explain('app2/api', 'app1/worker', 80);
    expect(baseline).toContain("ingress of app1/worker: denied (baseline tier: BaselineAdminNetworkPolicy/default spec.ingress[1] 'default-deny')");
    expect(baseline).toContain("baseline tier: Deny by BaselineAdminNetworkPolicy/default spec.ingress[1] 'default-deny' (from[0] namespaces {}; any port)");
    const isolated = r.explain('monitoring/agent', 'app2/api', 9100);
    expect(isolated).toContain('ingress of app2/api: denied (NetworkPolicy tier: isolated by app2/api-from-app1, no rule allows it)');
    expect(isolated).toContain('baseline tier: not consulted: a pod isolated by NetworkPolicy for ingress never falls through to it');
    const passed = r.explain('app2/api', 'app1/client', 80);
    expect(passed).toContain("admin tier: Pass by AdminNetworkPolicy/app1-delegate (priority 50) spec.ingress[0] 'delegate'");
    expect(passed).toContain("ingress of app1/client: denied (baseline tier: BaselineAdminNetworkPolicy/default spec.ingress[1] 'default-deny')");
  });
});

describe('AdminNetworkPolicy ties at one priority', () => {
  // GIVEN two ANPs at priority 10 that disagree about one connection
  const objects = [
    app('default', 'web', [80]),
    app('default', 'client', [80]),
    anp('b-deny', 10, nsName('default'), { ingress: [{ name: 'deny', action: 'Deny', from: [ALL_NAMESPACES] }] }),
    anp('a-allow', 10, nsName('default'), { ingress: [{ name: 'allow', action: 'Allow', from: [ALL_NAMESPACES], ports: [{ portNumber: { port: 80 } }] }] }),
  ];
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test('the shared priority is a problem: the spec leaves the outcome to the implementation', () => {
    expect(r.problems).toEqual([expect.stringContaining('AdminNetworkPolicy/a-allow, AdminNetworkPolicy/b-deny: share priority 10;')]);
    expect(r.problems[0]).toContain('the implementation can apply any of the matching policies');
  });

  test.each([
    // name order decides: a-allow before b-deny
    ['default/client', 'default/web', 80, 'TCP', true],
    // only b-deny matches port 81: no tie there
    ['default/client', 'default/web', 81, 'TCP', false],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test('explain shows the tie', () => {
    expect(r.explain('default/client', 'default/web', 80)).toContain(
      "tie: Deny by AdminNetworkPolicy/b-deny (priority 10) spec.ingress[0] 'deny' (from[0] namespaces {}; any port) has the same priority");
    expect(r.explain('default/client', 'default/web', 81)).not.toContain('tie:');
  });
});

describe('AdminNetworkPolicy ports and peers', () => {
  // GIVEN a resolver naming UDP 53 'dns', a web server, and an ANP that lets every pod egress only
  // to the port named 'dns' and to 10.0.0.0/8 on TCP 5000-5999
  const objects = egressScenario();
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test.each([
    // a named port takes the protocol of the container port it names: UDP 53 here
    ['default/client', 'default/resolver', 53, 'UDP', true],
    ['default/client', 'default/resolver', 53, 'TCP', false],
    // web names no 'dns' port
    ['default/client', 'default/web', 8080, 'TCP', false],
    // 10.0.0.0/8 is taken to hold outside addresses only: it does not admit a pod on 5000
    ['default/client', 'default/web', 5000, 'TCP', false],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test.each([
    ['10.1.2.3', 5000, 'TCP', true],
    ['10.1.2.3', 5999, 'TCP', true],
    ['10.1.2.3', 6000, 'TCP', false],
    ['10.1.2.3', 5000, 'UDP', false],
    ['11.1.2.3', 5000, 'TCP', false],
    // a named port never matches an address; 2001:db8::1 is in no networks peer: no rule matches, allowed by default
    ['2001:db8::1', 53, 'UDP', true],
  ])('default/client -> address %s on %d/%s allowed: %s', (address, port, protocol, allowed) => {
    expect(r.canReachAddress('default/client', address, port, protocol)).toBe(allowed);
  });

  test('host-network pods are outside ANP subjects and pods/namespaces peers, but a nodes {} peer matches them', () => {
    const hostPod = app('default', 'node-agent', [9100]);
    hostPod.spec.template.spec.hostNetwork = true;
    const h = Reachability.fromManifests([
      app('default', 'web', [80]), hostPod,
      anp('deny-all', 1, ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES] }], egress: [{ action: 'Deny', to: [{ nodes: {} }] }] }),
    ], NOTHING_ASSUMED);
    // the subject does not select the host-network pod: its ingress is not denied
    expect(h.canReach('default/web', 'default/node-agent', 9100)).toBe(false); // web's egress: nodes {} matches the host-network pod
    // web's ingress: namespaces {} does not match the host-network source
    expect(h.canReach('default/node-agent', 'default/web', 80)).toBe(true);
    expect(h.explain('default/node-agent', 'default/web', 80)).toContain('"host-networked pods are not included in subject selection"');
  });

  describe('a nodes peer with a selector matches host-network pods by the node labels known to the manifests', () => {
    // GIVEN web's egress: Allow TCP 9100 to the selected nodes, then Deny everything (0.0.0.0/0
    // holds every pod IP), as the AdminNetworkPolicy conformance suite's node-peer tests do
    const hostAgent = (name: string, nodeSelector?: Record<string, string>, labels: Record<string, string> = { app: name }) => {
      const d = app('monitoring', name, [9100], labels);
      d.spec.template.spec.hostNetwork = true;
      if (nodeSelector) d.spec.template.spec.nodeSelector = nodeSelector;
      return d;
    };
    const reach = (nodes: any, ...agents: any[]) => Reachability.fromManifests([
      namespace('monitoring'), app('default', 'web', [80]), ...agents,
      anp('web-egress', 5, nsName('default'), {
        egress: [
          { action: 'Allow', to: [{ nodes }], ports: [{ portNumber: { port: 9100, protocol: 'TCP' } }] },
          { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] },
        ],
      }),
    ], NOTHING_ASSUMED);

    test('kubernetes.io/os: linux, which the kubelet sets on every (Linux) node, selects them', () => {
      const h = reach({ matchLabels: { 'kubernetes.io/os': 'linux' } }, hostAgent('agent'));
      expect(h.canReach('default/web', 'monitoring/agent', 9100)).toBe(true);
      expect(h.canReach('default/web', 'monitoring/agent', 9101)).toBe(false); // the Deny rule
      expect(h.explain('default/web', 'monitoring/agent', 9100)).toContain('spec.egress[0]');
    });

    test("a pod's nodeSelector overrides the assumed labels and adds its own", () => {
      const windows = reach({ matchLabels: { 'kubernetes.io/os': 'linux' } }, hostAgent('agent', { 'kubernetes.io/os': 'windows' }));
      expect(windows.canReach('default/web', 'monitoring/agent', 9100)).toBe(false);
      const controlPlane = { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] };
      expect(reach(controlPlane, hostAgent('agent')).canReach('default/web', 'monitoring/agent', 9100)).toBe(false); // label not known
      expect(reach(controlPlane, hostAgent('agent', { 'node-role.kubernetes.io/control-plane': '' }))
        .canReach('default/web', 'monitoring/agent', 9100)).toBe(true);
    });

    test('two host-network workloads with the same pod labels on different nodes are told apart', () => {
      const h = reach({ matchLabels: { pool: 'a' } },
        hostAgent('agent-a', { pool: 'a' }, { app: 'agent' }), hostAgent('agent-b', { pool: 'b' }, { app: 'agent' }));
      expect(h.canReach('default/web', 'monitoring/agent-a', 9100)).toBe(true);
      expect(h.canReach('default/web', 'monitoring/agent-b', 9100)).toBe(false);
    });

    test('pods of one workload whose nodeSelectors differ keep only the node labels they share', () => {
      const pod = (name: string, pool: string) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'monitoring', labels: { app: 'agent' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', controller: true, uid: 'u' }] },
        spec: { hostNetwork: true, nodeSelector: { pool }, containers: [{ name: 'c', image: 'agent:1', ports: [{ containerPort: 9100 }] }] },
      });
      const h = reach({ matchLabels: { pool: 'a' } }, pod('agent-1', 'a'), pod('agent-2', 'b'));
      expect(h.workloads).toContain('monitoring/agent');
      expect(h.canReach('default/web', 'monitoring/agent', 9100)).toBe(false);
    });
  });
});

describe('ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2): the Admin and Baseline tiers in one kind', () => {
  const cnp = (name: string, tier: string, priority: number, subject: any, rules: { ingress?: any[]; egress?: any[] }): any => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, subject, ...rules },
  });
  const tcp = (port: number) => ({ tcp: { destinationPort: { number: port } } });
  // GIVEN web in app1 (ports 80, 9100) under a NetworkPolicy admitting app2 on 80, and clients in app2 and monitoring
  const base = () => [
    namespace('app1'), namespace('app2'), namespace('monitoring'),
    app('app1', 'web', [80, 9100]), app('app2', 'client', [80]), app('monitoring', 'agent', [9100]),
    policy('app1', 'web-from-app2', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app2' } } }], ports: [{ port: 80 }] }] }),
  ];
  const reach = (...extra: any[]) => Reachability.fromManifests([...base(), ...extra], NOTHING_ASSUMED);

  test('Admin tier: Accept lets through what NetworkPolicy denies, Deny stops what it allows, Pass hands over to NetworkPolicy', () => {
    const r = reach(cnp('platform', 'Admin', 10, nsName('app1'), {
      ingress: [
        { name: 'scrape', action: 'Accept', from: [nsName('monitoring')], protocols: [tcp(9100)] },
        { name: 'no-client-443', action: 'Deny', from: [nsName('app2')], protocols: [{ tcp: { destinationPort: { range: { start: 80, end: 443 } } } }] },
      ],
    }));
    expect(r.problems).toEqual([]);
    expect(r.canReach('monitoring/agent', 'app1/web', 9100)).toBe(true); // NetworkPolicy alone would deny it
    expect(r.canReach('app2/client', 'app1/web', 80)).toBe(false); // NetworkPolicy alone would allow it
    expect(r.explain('app2/client', 'app1/web', 80)).toContain("Deny by ClusterNetworkPolicy/platform (Admin tier, priority 10) spec.ingress[1] 'no-client-443'");
    const passing = reach(cnp('platform', 'Admin', 10, nsName('app1'), { ingress: [{ action: 'Pass', from: [nsName('app2')] }, { action: 'Deny', from: [{ namespaces: {} }] }] }));
    expect(passing.canReach('app2/client', 'app1/web', 80)).toBe(true); // passed on: the NetworkPolicy allows 80
    expect(passing.canReach('app2/client', 'app1/web', 9100)).toBe(false); // passed on: the NetworkPolicy does not allow 9100
    expect(passing.canReach('monitoring/agent', 'app1/web', 9100)).toBe(false); // the Deny
  });

  test('Baseline tier: only for pods no NetworkPolicy isolates, policies by priority; a Pass goes to the default, which allows', () => {
    const deny = cnp('deny-all', 'Baseline', 20, { namespaces: {} }, { egress: [{ action: 'Deny', to: [{ namespaces: {} }] }] });
    const pass = cnp('monitoring-free', 'Baseline', 5, nsName('monitoring'), { egress: [{ action: 'Pass', to: [{ namespaces: {} }] }] });
    const r = reach(deny, pass);
    expect(r.problems).toEqual([]);
    expect(r.canReach('app2/client', 'app1/web', 80)).toBe(false); // app2's egress: the Baseline Deny
    // the Pass (priority 5) comes before the Deny (20); app2/client's ingress is not isolated
    expect(r.canReach('monitoring/agent', 'app2/client', 80)).toBe(true);
    expect(r.explain('monitoring/agent', 'app2/client', 80)).toContain('Pass by ClusterNetworkPolicy/monitoring-free (Baseline tier, priority 5) spec.egress[0]');
    expect(r.connections()).toContain('monitoring/agent[Deployment] => app2/client[Deployment] : All Connections');
    // app2/client reaches no pod (outside addresses are not peers of the Deny)
    expect(r.connections().filter((c) => c.startsWith('app2/client[Deployment] => '))).toEqual(['app2/client[Deployment] => 0.0.0.0-255.255.255.255 : All Connections']);
    // an egress NetworkPolicy decides app2's egress: the baseline is not consulted
    const isolated = reach(deny, policy('app2', 'client-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] }));
    expect(isolated.canReach('app2/client', 'app1/web', 80)).toBe(true);
  });

  test('protocols: tcp, udp and sctp ports and ranges, and destinationNamedPort resolved on the destination; none means every port', () => {
    const named = app('app1', 'dns', [{ port: 5353, protocol: 'UDP', name: 'dns' }]);
    const r = reach(named, cnp('only', 'Admin', 1, nsName('app1'), {
      ingress: [
        { action: 'Accept', from: [{ namespaces: {} }], protocols: [{ udp: { destinationPort: { range: { start: 1000, end: 2000 } } } }, { sctp: { destinationPort: { number: 9000 } } }, { destinationNamedPort: 'dns' }] },
        { action: 'Deny', from: [{ namespaces: {} }] },
      ],
    }));
    expect(r.canReach('app2/client', 'app1/web', 1500, 'UDP')).toBe(true);
    expect(r.canReach('app2/client', 'app1/web', 1500, 'TCP')).toBe(false);
    expect(r.canReach('app2/client', 'app1/web', 9000, 'SCTP')).toBe(true);
    expect(r.canReach('app2/client', 'app1/dns', 5353, 'UDP')).toBe(true);
    expect(r.canReach('app2/client', 'app1/web', 80)).toBe(false);
  });

  test.each([
    ['no tier', { priority: 1, subject: { namespaces: {} } }, "spec.tier: is required ('Admin' or 'Baseline')"],
    ['an unknown tier', { tier: 'admin', priority: 1, subject: { namespaces: {} } }, "spec.tier: 'admin' is not one of 'Admin', 'Baseline'"],
    ['no priority', { tier: 'Baseline', subject: { namespaces: {} } }, 'spec.priority: is required'],
    ['the v1alpha1 action Allow', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] },
      "spec.ingress[0].action: 'Allow' is not one of Accept, Deny, Pass"],
    ['the v1alpha1 field ports', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Accept', from: [{ namespaces: {} }], ports: [] }] },
      'spec.ingress[0].ports: unknown field'],
    ['a range whose start is not below its end', {
      tier: 'Admin',
      priority: 1,
      subject: { namespaces: {} },
      ingress: [{ action: 'Accept', from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { range: { start: 80, end: 80 } } } }] }],
    },
    'spec.ingress[0].protocols[0].tcp.destinationPort.range: start 80 is not less than end 80'],
    ['tcp without destinationPort', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Accept', from: [{ namespaces: {} }], protocols: [{ tcp: {} }] }] },
      'spec.ingress[0].protocols[0].tcp: must be an object with destinationPort'],
    ['26 rules', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: Array.from({ length: 26 }, () => ({ action: 'Deny', from: [{ namespaces: {} }] })) },
      'spec.ingress: 26 rules, more than the 25 the API allows'],
  ])('a ClusterNetworkPolicy with %s is reported, not evaluated, and lint names it', (_case, spec, message) => {
    const object = { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'bad' }, spec };
    const r = reach(object);
    expect(r.problems).toEqual([expect.stringContaining(`ClusterNetworkPolicy/bad: ${message}`)]);
    expect(r.canReach('app2/client', 'app1/web', 80)).toBe(true); // as if the policy were not there
    expect(lint([...base(), object]).filter((f) => f.rule === 'admin-network-policy-invalid').map((f) => f.message))
      .toEqual([expect.stringContaining(`ClusterNetworkPolicy bad ${message}`)]);
  });

  test('Baseline-tier policies of one priority that disagree: applied in name order, and explain shows the tie', () => {
    // app2/client is not isolated by NetworkPolicy: the baseline tier decides for it
    const deny = cnp('a-deny', 'Baseline', 7, nsName('app2'), { ingress: [{ name: 'deny', action: 'Deny', from: [nsName('monitoring')] }] });
    const accept = (priority: number) => cnp('b-accept', 'Baseline', priority, nsName('app2'), { ingress: [{ name: 'accept', action: 'Accept', from: [nsName('monitoring')] }] });
    const tied = reach(deny, accept(7));
    expect(tied.canReach('monitoring/agent', 'app2/client', 80)).toBe(false);
    const text = tied.explain('monitoring/agent', 'app2/client', 80);
    expect(text).toContain("baseline tier: Deny by ClusterNetworkPolicy/a-deny (Baseline tier, priority 7) spec.ingress[0] 'deny'");
    expect(text).toContain("tie: Accept by ClusterNetworkPolicy/b-accept (Baseline tier, priority 7) spec.ingress[0] 'accept'");
    // agreeing rules, or another priority: no tie
    expect(tied.explain('app1/web', 'app2/client', 80)).not.toContain('tie:');
    expect(reach(deny, accept(8)).explain('monitoring/agent', 'app2/client', 80)).not.toContain('tie:');
    // a baseline Pass ends allowed, as an Accept does: no tie between them
    const pass = cnp('a-pass', 'Baseline', 7, nsName('app2'), { ingress: [{ action: 'Pass', from: [nsName('monitoring')] }] });
    expect(reach(pass, accept(7)).explain('monitoring/agent', 'app2/client', 80)).not.toContain('tie:');
    expect(reach(pass, deny).explain('monitoring/agent', 'app2/client', 80)).toContain('tie: Pass by ClusterNetworkPolicy/a-pass');
  });

  test('priorities are shared within a tier only', () => {
    const r = reach(cnp('a', 'Admin', 7, { namespaces: {} }, { ingress: [{ action: 'Deny', from: [nsName('monitoring')] }] }),
      cnp('b', 'Admin', 7, { namespaces: {} }, { ingress: [{ action: 'Accept', from: [nsName('monitoring')] }] }),
      cnp('c', 'Baseline', 7, { namespaces: {} }, { ingress: [{ action: 'Deny', from: [nsName('monitoring')] }] }));
    expect(r.problems).toEqual([expect.stringMatching(/^ClusterNetworkPolicy\/a, ClusterNetworkPolicy\/b: share priority 7/)]);
  });
});

describe('invalid AdminNetworkPolicies and BaselineAdminNetworkPolicies', () => {
  const web = app('default', 'web', [80]);
  const client = app('default', 'client', [80]);
  /** A deny-everything ANP, changed by `edit`: when invalid it must not deny anything. */
  function denyAll(edit: (o: any) => void): any {
    const o = anp('bad', 10, ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES] }] });
    edit(o);
    return o;
  }
  const rules = (n: number) => Array.from({ length: n }, () => ({ action: 'Deny', from: [ALL_NAMESPACES] }));

  test.each([
    ['a peer without namespaceSelector', (o: any) => { o.spec.ingress[0].from = [{ pods: { podSelector: {} } }]; }, 'spec.ingress[0].from[0].pods.namespaceSelector', 'namespace'],
    ['a peer without podSelector', (o: any) => { o.spec.ingress[0].from = [{ pods: { namespaceSelector: {} } }]; }, 'spec.ingress[0].from[0].pods.podSelector', 'pod'],
    ['a subject without podSelector', (o: any) => { o.spec.subject = { pods: { namespaceSelector: {} } }; }, 'spec.subject.pods.podSelector', 'pod'],
  ])('an ANP with %s is evaluated with {} there (as np-guard reads it), noted, and reported by lint', (_, edit, path, what) => {
    const bad = denyAll(edit);
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    const note = `${path}: is required by the CRD, so the API server rejects the policy; the analysis reads it as {} (every ${what})`;
    expect(r.problems).toEqual([`AdminNetworkPolicy/bad: ${note}`]);
    // the Deny from every pod of every namespace applies
    expect(r.canReach('default/client', 'default/web', 80)).toBe(false);
    expect(lint([web, client, bad]).filter((f) => f.rule === 'admin-network-policy-invalid').map((f) => f.message))
      .toEqual([`AdminNetworkPolicy bad ${note}; fix it: write the selector ({} selects all)`]);
  });

  test.each([
    ['priority 1001', denyAll((o) => { o.spec.priority = 1001; }), 'spec.priority: 1001 is not an integer in 0-1000'],
    ['priority -1', denyAll((o) => { o.spec.priority = -1; }), 'spec.priority: -1 is not an integer in 0-1000'],
    ['priority as a string', denyAll((o) => { o.spec.priority = '10'; }), "spec.priority: '10' is not an integer in 0-1000"],
    ['no priority', denyAll((o) => { delete o.spec.priority; }), 'spec.priority: is required'],
    ['101 ingress rules', denyAll((o) => { o.spec.ingress = rules(101); }), 'spec.ingress: 101 rules, more than the 100 the API allows'],
    ['an unknown action', denyAll((o) => { o.spec.ingress[0].action = 'Reject'; }), "spec.ingress[0].action: 'Reject' is not one of Allow, Deny, Pass"],
    ['a lowercase action', denyAll((o) => { o.spec.ingress[0].action = 'deny'; }), "spec.ingress[0].action: 'deny' is not one of Allow, Deny, Pass"],
    ['no action', denyAll((o) => { delete o.spec.ingress[0].action; }), 'spec.ingress[0].action: is required'],
    ['a misspelt from', denyAll((o) => { o.spec.ingress[0].form = o.spec.ingress[0].from; delete o.spec.ingress[0].from; }),
      "spec.ingress[0].form: unknown field; expected 'name', 'action', 'from', 'ports'"],
    ['an empty from', denyAll((o) => { o.spec.ingress[0].from = []; }), 'spec.ingress[0].from: must hold 1-100 peers, got 0'],
    ['an empty peer', denyAll((o) => { o.spec.ingress[0].from = [{}]; }), 'spec.ingress[0].from[0]: exactly one of namespaces, pods must be set, got none'],
    ['a peer with two fields', denyAll((o) => { o.spec.ingress[0].from = [{ namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }]; }),
      'spec.ingress[0].from[0]: exactly one of namespaces, pods must be set, got namespaces and pods'],
    ['a networks peer on ingress', denyAll((o) => { o.spec.ingress[0].from = [{ networks: ['10.0.0.0/8'] }]; }),
      "spec.ingress[0].from[0].networks: unknown field; expected 'namespaces', 'pods'"],
    ['a subject with both fields', denyAll((o) => { o.spec.subject = { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }; }),
      'spec.subject: exactly one of namespaces, pods must be set, got both'],
    ['no subject', denyAll((o) => { delete o.spec.subject; }), 'spec.subject: is required'],
    ['an invalid selector', denyAll((o) => { o.spec.subject = { namespaces: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] } }; }),
      "spec.subject.namespaces.matchExpressions[0].operator: 'Equals' is not one of In, NotIn, Exists, DoesNotExist"],
    ['empty ports', denyAll((o) => { o.spec.ingress[0].ports = []; }), 'spec.ingress[0].ports: must hold 1-100 ports when set, got 0'],
    ['port 70000', denyAll((o) => { o.spec.ingress[0].ports = [{ portNumber: { port: 70000 } }]; }), 'spec.ingress[0].ports[0].portNumber.port: 70000 is not a port number 1-65535'],
    ['a port entry with two fields', denyAll((o) => { o.spec.ingress[0].ports = [{ portNumber: { port: 80 }, namedPort: 'http' }]; }),
      'spec.ingress[0].ports[0]: exactly one of portNumber, namedPort, portRange must be set, got portNumber and namedPort'],
    ['a protocol that is not a string', denyAll((o) => { o.spec.ingress[0].ports = [{ portRange: { start: 1, end: 2, protocol: 6 } }]; }),
      'spec.ingress[0].ports[0].portRange.protocol: 6 is not one of TCP, UDP, SCTP'],
    ['an invalid CIDR', denyAll((o) => { o.spec.egress = [{ action: 'Deny', to: [{ networks: ['10.0.0.0/33'] }] }]; }),
      "spec.egress[0].to[0].networks[0].cidr: '10.0.0.0/33' is not a valid CIDR"],
    ['26 networks', denyAll((o) => { o.spec.egress = [{ action: 'Deny', to: [{ networks: Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`) }] }]; }),
      'spec.egress[0].to[0].networks: must hold 1-25 entries, got 26'],
    ['an unknown spec field', denyAll((o) => { o.spec.podSelector = {}; }), "spec.podSelector: unknown field; expected 'priority', 'subject', 'ingress', 'egress'"],
    ['another apiVersion', denyAll((o) => { o.apiVersion = 'policy.networking.k8s.io/v1alpha2'; }),
      "apiVersion: 'policy.networking.k8s.io/v1alpha2' is not policy.networking.k8s.io/v1alpha1"],
  ])('an ANP with %s is reported and not evaluated', (_, bad, message) => {
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    expect(r.problems).toContainEqual(expect.stringContaining(`AdminNetworkPolicy/bad: ${message}`));
    for (const problem of r.problems) expect(problem).toMatch(/^AdminNetworkPolicy\/bad: .*; the policy is not evaluated$/);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });

  test('a port protocol the CRD accepts but no traffic has (tcp) matches nothing; the rest of the ANP applies; noted and reported by lint', () => {
    // GIVEN a Deny of 'tcp' 80 (the CRD types protocol as a string without an enum) and a Deny of UDP 53
    const dns = app('default', 'web', [80, { port: 53, protocol: 'UDP' }]);
    const admin = anp('bad', 10, ALL_NAMESPACES, {
      ingress: [
        { action: 'Deny', from: [ALL_NAMESPACES], ports: [{ portNumber: { protocol: 'tcp', port: 80 } }] },
        { action: 'Deny', from: [ALL_NAMESPACES], ports: [{ portRange: { protocol: 'ICMP', start: 1, end: 1024 } }, { portNumber: { protocol: 'UDP', port: 53 } }] },
      ],
    });
    const r = Reachability.fromManifests([dns, client, admin], NOTHING_ASSUMED);
    // THEN the lowercase entry denies nothing, and the UDP rule denies
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
    expect(r.canReach('default/client', 'default/web', 53, 'UDP')).toBe(false);
    const note = "spec.ingress[0].ports[0].portNumber.protocol: 'tcp' is not one of TCP, UDP, SCTP; the CRD accepts any string here (the API is case-sensitive), "
      + 'and no traffic has that protocol, so the entry matches no port';
    expect(r.problems).toEqual([`AdminNetworkPolicy/bad: ${note}`, expect.stringMatching(/^AdminNetworkPolicy\/bad: spec.ingress\[1\].ports\[0\].portRange.protocol: 'ICMP'/)]);
    expect(lint([dns, client, admin]).filter((f) => f.rule === 'admin-network-policy-invalid').map((f) => f.message))
      .toEqual([`AdminNetworkPolicy bad ${note}; fix it: write TCP, UDP or SCTP in capitals`, expect.stringMatching(/'ICMP'.*fix it: write TCP, UDP or SCTP in capitals$/)]);
  });

  test('a domainNames peer outside an Allow rule (accepted by the CRD) matches nothing; the rest of the ANP applies', () => {
    // GIVEN a Deny to *.evil.com and a Deny to 192.0.2.0/24
    const admin = anp('bad', 10, ALL_NAMESPACES, {
      egress: [
        { action: 'Deny', to: [{ domainNames: ['*.evil.com'] }] },
        { action: 'Deny', to: [{ networks: ['192.0.2.0/24'] }] },
      ],
    });
    const r = Reachability.fromManifests([web, client, admin], NOTHING_ASSUMED);
    // THEN the addresses rule denies; the names deny nothing the analysis can see
    expect(r.canReachAddress('default/client', '192.0.2.10', 443)).toBe(false);
    expect(r.canReachAddress('default/client', '198.51.100.10', 443)).toBe(true);
    expect(r.problems).toEqual([expect.stringMatching(/^AdminNetworkPolicy\/bad: spec.egress\[0\]: domainNames peers are only supported in Allow rules, got action 'Deny'; the CRD accepts it/)]);
    expect(lint([web, client, admin]).filter((f) => f.rule === 'admin-network-policy-invalid').map((f) => f.message))
      .toEqual([expect.stringMatching(/fix it: deny the addresses with a networks peer, or allow the names in an Allow rule$/)]);
  });

  test('an ANP with address and pod peers and a named port is evaluated as written (named ports match pods only), noted, and reported by lint', () => {
    // GIVEN a Deny of TCP 80 and of the named port 'http' to 10.0.0.0/8 and to the web pods (the CRD refuses the mix)
    const webNamed = deployment('default', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]);
    const bad = anp('bad', 10, ALL_NAMESPACES, {
      egress: [{
        action: 'Deny',
        to: [{ networks: ['10.0.0.0/8'] }, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } }],
        ports: [{ namedPort: 'http' }, { portNumber: { port: 80, protocol: 'TCP' } }],
      }],
    });
    const r = Reachability.fromManifests([webNamed, client, bad], NOTHING_ASSUMED);
    const note = 'spec.egress[0]: networks/nodes/domainNames peers cannot be combined with namedPort ports; the CRD rejects the policy; '
      + 'the analysis evaluates it as written (an address has no named ports, so they match pods only)';
    expect(r.problems).toEqual([`AdminNetworkPolicy/bad: ${note}`]);
    // THEN the named port is denied to the pods that name it, port 80 to both, and other ports to neither
    expect(r.canReach('default/client', 'default/web', 8080)).toBe(false);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(false);
    expect(r.canReachAddress('default/client', '10.1.2.3', 80)).toBe(false);
    expect(r.canReachAddress('default/client', '10.1.2.3', 8080)).toBe(true);
    expect(r.canReachAddress('default/client', '192.0.2.1', 80)).toBe(true);
    expect(lint([webNamed, client, bad]).filter((f) => f.rule === 'admin-network-policy-invalid').map((f) => f.message))
      .toEqual([`AdminNetworkPolicy bad ${note}; fix it: give the addresses port numbers in a rule of their own`]);
  });

  test.each([
    ['a name other than default', banp(ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES] }] }, 'baseline'),
      "BaselineAdminNetworkPolicy/baseline: metadata.name: 'baseline' is not 'default'"],
    ['a Pass action', banp(ALL_NAMESPACES, { ingress: [{ action: 'Pass', from: [ALL_NAMESPACES] }, { action: 'Deny', from: [ALL_NAMESPACES] }] }),
      "BaselineAdminNetworkPolicy/default: spec.ingress[0].action: 'Pass' is not one of Allow, Deny (Pass exists only in AdminNetworkPolicy)"],
    ['a priority', { ...banp(ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES] }] }), spec: { priority: 5, subject: ALL_NAMESPACES, ingress: [{ action: 'Deny', from: [ALL_NAMESPACES] }] } },
      "BaselineAdminNetworkPolicy/default: spec.priority: unknown field; expected 'subject', 'ingress', 'egress'"],
  ])('a BANP with %s is reported and not evaluated', (_, bad, message) => {
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    expect(r.problems).toEqual([expect.stringContaining(message)]);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });

  test('a port range with start above end is evaluated, matches no port, and is noted', () => {
    const r = Reachability.fromManifests([web, client,
      anp('backwards', 10, ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES], ports: [{ portRange: { start: 90, end: 70 } }] }] })], NOTHING_ASSUMED);
    expect(r.problems).toEqual(['AdminNetworkPolicy/backwards: spec.ingress[0].ports[0].portRange: start 90 is greater than end 70, so the entry matches no port']);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });

  test('a valid ANP beside an invalid one is evaluated', () => {
    const r = Reachability.fromManifests([web, client,
      denyAll((o) => { o.spec.priority = 5000; }),
      anp('good', 10, ALL_NAMESPACES, { ingress: [{ action: 'Deny', from: [ALL_NAMESPACES], ports: [{ portNumber: { port: 80 } }] }] })], NOTHING_ASSUMED);
    expect(r.problems).toHaveLength(1);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(false);
    expect(r.canReach('default/client', 'default/web', 81)).toBe(true);
  });
});

describe('connections through the tiers', () => {
  test('BANP under NetworkPolicy, every port: hand-computed connectivity list', () => {
    // GIVEN the BANP scenario: monitoring allowed, everything else denied by the BANP; app2/api
    // isolated by a NetworkPolicy admitting app1 on TCP 80; app1 ingress passed on by an ANP
    const r = Reachability.fromManifests(banpScenario(), NOTHING_ASSUMED);
    // THEN outside clients reach what no NetworkPolicy isolates (BANP peers never match addresses),
    // monitoring reaches app1, app1 reaches app2/api on TCP 80 only, and nothing else crosses
    expect(r.connections()).toEqual([
      '0.0.0.0-255.255.255.255 => app1/client[Deployment] : All Connections',
      '0.0.0.0-255.255.255.255 => app1/worker[Deployment] : All Connections',
      '0.0.0.0-255.255.255.255 => monitoring/agent[Deployment] : All Connections',
      'app1/client[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'app1/client[Deployment] => app2/api[Deployment] : TCP 80',
      'app1/worker[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'app1/worker[Deployment] => app2/api[Deployment] : TCP 80',
      'app2/api[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'monitoring/agent[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'monitoring/agent[Deployment] => app1/client[Deployment] : All Connections',
      'monitoring/agent[Deployment] => app1/worker[Deployment] : All Connections',
    ]);
  });

  test('ANP egress with a named port, a networks peer and a Deny, every port: hand-computed connectivity list', () => {
    // GIVEN every pod may egress only to ports named 'dns' and to 10.0.0.0/8 on TCP 5000-5999
    const r = Reachability.fromManifests(egressScenario(), NOTHING_ASSUMED);
    expect(r.connections()).toEqual([
      // sources are cut at ingress ipBlocks only: the egress networks peer 10.0.0.0/8 cuts destinations
      '0.0.0.0-255.255.255.255 => default/client[Deployment] : All Connections',
      '0.0.0.0-255.255.255.255 => default/resolver[Deployment] : All Connections',
      '0.0.0.0-255.255.255.255 => default/web[Deployment] : All Connections',
      'default/client[Deployment] => 10.0.0.0-10.255.255.255 : TCP 5000-5999',
      'default/client[Deployment] => default/resolver[Deployment] : UDP 53',
      'default/resolver[Deployment] => 10.0.0.0-10.255.255.255 : TCP 5000-5999',
      'default/web[Deployment] => 10.0.0.0-10.255.255.255 : TCP 5000-5999',
      'default/web[Deployment] => default/resolver[Deployment] : UDP 53',
    ]);
  });

  test('explain toward an outside address or CIDR names the tier that decides each piece', () => {
    // GIVEN every pod may egress only to ports named 'dns' and to 10.0.0.0/8 on TCP 5000-5999
    const r = Reachability.fromManifests(egressScenario(), NOTHING_ASSUMED);
    // WHEN explaining one address in 10.0.0.0/8 on an allowed port, and a CIDR across the boundary
    const inside = r.explain('default/web', '10.1.2.3', 5000);
    const across = r.explain('default/web', '8.0.0.0/5', 5000);
    // THEN the Allow rule of the ANP decides inside 10.0.0.0/8, its Deny rule elsewhere; no NetworkPolicy is involved
    expect(inside).toContain('default/web[Deployment] => 10.1.2.3 : TCP 5000 : allowed');
    expect(inside).toContain('egress of default/web: allowed (admin tier: AdminNetworkPolicy/egress (priority 100) spec.egress[1])');
    expect(inside).toContain('no policy of any tier applies on the side of 10.1.2.3, outside the cluster');
    expect(across).toMatch(/=> 10\.0\.0\.0\/8 : TCP 5000 : allowed\negress of default\/web: allowed \(admin tier: AdminNetworkPolicy\/egress \(priority 100\) spec\.egress\[1\]\)/);
    expect(across).toMatch(/ : TCP 5000 : denied\negress of default\/web: denied \(admin tier: AdminNetworkPolicy\/egress \(priority 100\) spec\.egress\[2\]\)/);
    expect(r.explain('default/web', '10.1.2.3', 6000)).toContain('denied (admin tier: AdminNetworkPolicy/egress (priority 100) spec.egress[2])');
  });

  test('an IPv6 networks peer puts IPv6 ranges in the list', () => {
    const r = Reachability.fromManifests([
      app('default', 'web', [80]),
      anp('v6', 1, ALL_NAMESPACES, { egress: [{ action: 'Deny', to: [{ networks: ['2001:db8::/32'] }] }] }),
    ], NOTHING_ASSUMED);
    // THEN the denied 2001:db8::/32 is cut out of the IPv6 space, both neighbours listed
    expect(r.connections()).toEqual([
      '0.0.0.0-255.255.255.255 => default/web[Deployment] : All Connections',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => default/web[Deployment] : All Connections',
      'default/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'default/web[Deployment] => 2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
      'default/web[Deployment] => ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
    ]);
  });
});

describe('AdminNetworkPolicy networks peers and pod addresses from a live dump', () => {
  /** A Pod object of a dump: labels, a container port and, when given, its addresses in status. */
  function pod(namespaceName: string, name: string, labels: Record<string, string>, ips?: string[], owner?: string): any {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: namespaceName,
        labels,
        ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, controller: true, uid: `uid-${owner}` }] } : {}),
      },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
      ...(ips ? { status: { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } } : {}),
    };
  }
  const denyTo = (networks: string[]) => anp('deny', 10, nsName('a'), { egress: [{ name: 'deny', action: 'Deny', to: [{ networks }] }] });

  test('a networks CIDR matches the pods whose addresses it holds ("cluster-internal traffic will be checked against the rule as well")', () => {
    // GIVEN pods with addresses, and an ANP denying a's egress to 10.244.2.0/24
    const objects = [
      namespace('a'), namespace('b'),
      pod('a', 'client', { app: 'client' }, ['10.244.1.5', 'fd00:10:244:1::5']),
      pod('b', 'server', { app: 'server' }, ['10.244.2.7']),
      pod('b', 'other', { app: 'other' }, ['10.244.3.9']),
      denyTo(['10.244.2.0/24']),
    ];
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // THEN the pod at 10.244.2.7 is denied, the one at 10.244.3.9 is not
    expect(r.canReach('a/client', 'b/server', 80)).toBe(false);
    expect(r.canReach('a/client', 'b/other', 80)).toBe(true);
    expect(r.explain('a/client', 'b/server', 80)).toContain("Deny by AdminNetworkPolicy/deny (priority 10) spec.egress[0] 'deny' (to[0] networks 10.244.2.0/24; any port)");
    expect(r.connections().filter((l) => l.startsWith('a/client[Pod] => b/'))).toEqual(['a/client[Pod] => b/other[Pod] : All Connections']);
  });

  test('matches a workload only when the CIDRs hold an address of every one of its pods', () => {
    // GIVEN the two pods of ReplicaSet web-7d4b9c8f6, one inside 10.244.2.0/24 and one outside
    const objects = (secondIp: string) => [
      namespace('a'), namespace('b'),
      pod('a', 'client', { app: 'client' }, ['10.244.1.5']),
      pod('b', 'web-7d4b9c8f6-x7k2p', { app: 'web' }, ['10.244.2.10'], 'web-7d4b9c8f6'),
      pod('b', 'web-7d4b9c8f6-q9z8m', { app: 'web' }, [secondIp], 'web-7d4b9c8f6'),
      denyTo(['10.244.2.0/24']),
    ];
    expect(Reachability.fromManifests(objects('10.244.2.11'), NOTHING_ASSUMED).canReach('a/client', 'b/web-7d4b9c8f6', 80)).toBe(false);
    expect(Reachability.fromManifests(objects('10.244.5.11'), NOTHING_ASSUMED).canReach('a/client', 'b/web-7d4b9c8f6', 80)).toBe(true);
  });

  test('without addresses a narrower CIDR holds no pod, as before; a pending pod without one changes nothing', () => {
    const objects = (serverIps?: string[]) => [
      namespace('a'), namespace('b'),
      pod('a', 'client', { app: 'client' }),
      pod('b', 'server', { app: 'server' }, serverIps),
      denyTo(['10.244.2.0/24']),
    ];
    expect(Reachability.fromManifests(objects(), NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(true);
    expect(Reachability.fromManifests(objects(['10.244.2.7']), NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(false);
    // 0.0.0.0/0 still holds every pod, with or without addresses
    const all = [...objects().slice(0, 4), denyTo(['0.0.0.0/0'])];
    expect(Reachability.fromManifests(all, NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(false);
  });

  test('an IPv4-mapped status address is its IPv4 address; an address that does not parse is left out', () => {
    const objects = (ip: string) => [
      namespace('a'), namespace('b'),
      pod('a', 'client', { app: 'client' }, ['10.244.1.5']),
      pod('b', 'server', { app: 'server' }, [ip]),
      denyTo(['10.244.2.0/24']),
    ];
    expect(Reachability.fromManifests(objects('::ffff:10.244.2.7'), NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(false);
    expect(Reachability.fromManifests(objects('not-an-ip'), NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(true);
  });

  test('NetworkPolicy ipBlocks still match no pod by address (whether they do is up to the network plugin)', () => {
    const objects = [
      namespace('a'), namespace('b'),
      pod('a', 'client', { app: 'client' }, ['10.244.1.5']),
      pod('b', 'server', { app: 'server' }, ['10.244.2.7']),
      policy('b', 'from-cidr', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.244.1.0/24' } }] }] }),
    ];
    expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).canReach('a/client', 'b/server', 80)).toBe(false);
  });
});

/** Parses the connectivity grammar (`All Connections`, `TCP 80,8000-8080,UDP 53`) into a membership test. */
function parseConn(text: string | undefined): (port: number, protocol: string) => boolean {
  if (text === undefined) return () => false;
  if (text === 'All Connections') return () => true;
  const ranges: Array<[string, number, number]> = [];
  let protocol = '';
  for (const part of text.split(',')) {
    const m = /^(?:(TCP|UDP|SCTP) )?(\d+)(?:-(\d+))?$/.exec(part)!;
    if (m[1]) protocol = m[1];
    ranges.push([protocol, Number(m[2]), Number(m[3] ?? m[2])]);
  }
  return (port, proto) => ranges.some(([p, lo, hi]) => p === proto && lo <= port && port <= hi);
}

describe('connections through the tiers agree with the per-port evaluation on random clusters', () => {
  const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
  const PORTS = [53, 80, 443, 5000, 8080];

  function randomCluster(seed: number): { objects: any[]; breakpoints: number[] } {
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const labels = (): Record<string, string> => (rand() < 0.7 ? { app: pick(['a', 'b']) } : { app: pick(['a', 'b']), tier: pick(['x', 'y']) });
    const selector = () => (rand() < 0.3 ? {} : { matchLabels: rand() < 0.5 ? { app: pick(['a', 'b']) } : { tier: pick(['x', 'y']) } });
    const nsSelector = () => (rand() < 0.4 ? {} : { matchLabels: { team: pick(['red', 'blue']) } });
    const breakpoints = new Set<number>([1, 65535]);
    const port = () => {
      const p = pick(PORTS);
      breakpoints.add(p);
      return p;
    };
    const objects: any[] = [namespace('n1', { team: 'red' }), namespace('n2', { team: pick(['red', 'blue']) })];
    for (let i = 0; i < 4; i++) {
      const ports = [{ port: port(), protocol: pick(PROTOCOLS), name: pick(['web', 'dns', 'db']) }, { port: port(), protocol: 'TCP', name: 'main' }];
      const w = app(pick(['n1', 'n2']), `w${i}`, ports, labels());
      if (rand() < 0.1) w.spec.template.spec.hostNetwork = true;
      objects.push(w);
    }
    const adminPorts = () => {
      if (rand() < 0.3) return undefined;
      return [pick([
        () => ({ portNumber: { port: port(), protocol: pick(PROTOCOLS) } }),
        () => {
          const a = port();
          const b = port();
          return { portRange: { start: Math.min(a, b), end: Math.max(a, b) + 10, protocol: pick(PROTOCOLS) } };
        },
        () => ({ namedPort: pick(['web', 'dns', 'db', 'main']) }),
      ])()];
    };
    const adminPeer = (egress: boolean) => pick([
      () => ({ namespaces: nsSelector() }),
      () => ({ pods: { namespaceSelector: nsSelector(), podSelector: selector() } }),
      ...(egress ? [() => ({ networks: [pick(['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16'])] }), () => ({ nodes: {} })] : []),
    ])();
    const adminRules = (egress: boolean, actions: string[]) => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const ports = adminPorts();
      const peers = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => adminPeer(egress));
      // networks/nodes peers cannot be combined with named ports (CEL rule): drop the named port then
      const named = ports?.some((p: any) => p.namedPort) && peers.some((p: any) => p.networks || p.nodes);
      return { action: pick(actions), [egress ? 'to' : 'from']: peers, ...(ports && !named ? { ports } : {}) };
    });
    const subject = () => (rand() < 0.5 ? { namespaces: nsSelector() } : { pods: { namespaceSelector: nsSelector(), podSelector: selector() } });
    const anpCount = Math.floor(rand() * 4);
    for (let i = 0; i < anpCount; i++) {
      objects.push(anp(`anp${i}`, Math.floor(rand() * 5), subject(), {
        ...(rand() < 0.7 ? { ingress: adminRules(false, ['Allow', 'Deny', 'Pass']) } : {}),
        ...(rand() < 0.7 ? { egress: adminRules(true, ['Allow', 'Deny', 'Pass']) } : {}),
      }));
    }
    if (rand() < 0.6) {
      objects.push(banp(subject(), {
        ...(rand() < 0.7 ? { ingress: adminRules(false, ['Allow', 'Deny']) } : {}),
        ...(rand() < 0.7 ? { egress: adminRules(true, ['Allow', 'Deny']) } : {}),
      }));
    }
    const npCount = Math.floor(rand() * 3);
    for (let i = 0; i < npCount; i++) {
      const npPorts = () => (rand() < 0.4 ? undefined : [{ port: port(), protocol: pick(PROTOCOLS) }]);
      const npPeer = () => pick([
        () => ({ podSelector: selector() }),
        () => ({ namespaceSelector: nsSelector() }),
        () => ({ ipBlock: { cidr: pick(['0.0.0.0/0', '10.0.0.0/8']) } }),
      ])();
      const rules = () => Array.from({ length: Math.floor(rand() * 3) }, () => {
        const ports = npPorts();
        return { ...(rand() < 0.8 ? { from: [npPeer()], to: [npPeer()] } : {}), ...(ports ? { ports } : {}) };
      });
      const ingress = rules().map(({ to, ...r }: any) => r);
      const egress = rules().map(({ from, ...r }: any) => r);
      objects.push(policy(pick(['n1', 'n2']), `np${i}`, { podSelector: selector(), policyTypes: pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]), ingress, egress }));
    }
    const points = new Set<number>();
    for (const b of breakpoints) for (const d of [-1, 0, 1, 10, 11]) if (b + d >= 1 && b + d <= 65535) points.add(b + d);
    return { objects, breakpoints: [...points].sort((a, b) => a - b) };
  }

  /**
   * The same cluster with its ANPs and BANP written as v1alpha2 ClusterNetworkPolicies (Admin and
   * Baseline tiers; Accept for Allow, `protocols` for `ports`), plus Baseline-tier policies of their
   * own priority that Pass or Deny, which the v1alpha1 kinds cannot express.
   */
  function asClusterNetworkPolicies(objects: any[], seed: number): any[] {
    const rand = prng(seed * 7919);
    const protocols = (ports: any[] | undefined) => ports && ports.map((p: any) => (p.namedPort ? { destinationNamedPort: p.namedPort }
      : p.portNumber ? { [String(p.portNumber.protocol ?? 'TCP').toLowerCase()]: { destinationPort: { number: p.portNumber.port } } }
        : { [String(p.portRange.protocol ?? 'TCP').toLowerCase()]: { destinationPort: { range: { start: p.portRange.start, end: p.portRange.end } } } }));
    const rules = (list: any[] | undefined) => list && list.map(({ ports, action, ...rest }: any) => ({
      ...rest, action: action === 'Allow' ? 'Accept' : action, ...(ports ? { protocols: protocols(ports) } : {}),
    }));
    const cnp = (name: string, tier: string, priority: number, spec: any) => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name },
      spec: {
        tier,
        priority,
        subject: spec.subject,
        ...(spec.ingress ? { ingress: rules(spec.ingress) } : {}),
        ...(spec.egress ? { egress: rules(spec.egress) } : {}),
      },
    });
    const out = objects.map((o) => (o.kind === 'AdminNetworkPolicy' ? cnp(o.metadata.name, 'Admin', o.spec.priority, o.spec)
      : o.kind === 'BaselineAdminNetworkPolicy' ? cnp('baseline', 'Baseline', 3, o.spec) : o));
    for (let i = 0; i < Math.floor(rand() * 3); i++) {
      const action = rand() < 0.5 ? 'Pass' : 'Deny';
      const peer = rand() < 0.5 ? { namespaces: {} } : { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: rand() < 0.5 ? 'a' : 'b' } } } };
      const ports = rand() < 0.5 ? undefined : [{ tcp: { destinationPort: { range: { start: 53, end: 8080 } } } }];
      out.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha2',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: `baseline-${i}` },
        spec: {
          tier: 'Baseline',
          priority: Math.floor(rand() * 6),
          subject: { namespaces: {} },
          [rand() < 0.5 ? 'ingress' : 'egress']: [{ action, [rand() < 0.5 ? 'from' : 'to']: [peer], ...(ports ? { protocols: ports } : {}) }],
        },
      });
    }
    // `from` only in ingress rules and `to` only in egress rules
    for (const o of out) {
      if (o.kind !== 'ClusterNetworkPolicy') continue;
      for (const r of o.spec.ingress ?? []) if (r.to) { r.from = r.to; delete r.to; }
      for (const r of o.spec.egress ?? []) if (r.from) { r.to = r.from; delete r.from; }
    }
    return out;
  }

  test.each(Array.from({ length: 80 }, (_, i) => [i + 1, 'v1alpha1']).concat(Array.from({ length: 60 }, (_, i) => [i + 1, 'ClusterNetworkPolicy'])))('cluster #%d (%s)', (seed, flavour) => {
    const generated = randomCluster(seed as number);
    const breakpoints = generated.breakpoints;
    const objects = flavour === 'v1alpha1' ? generated.objects : asClusterNetworkPolicies(generated.objects, seed as number);
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // the generator writes valid objects only (a shared priority is the one problem it may cause)
    expect(r.problems.filter((p) => !p.includes('share priority'))).toEqual([]);
    const lines = new Map<string, string>();
    for (const line of r.connections()) {
      const m = /^(\S+) => (\S+) : (.+)$/.exec(line)!;
      lines.set(`${m[1]} => ${m[2]}`, m[3]);
    }
    const kinds = new Map(r.workloads.map((w) => [w, 'Deployment']));
    for (const from of r.workloads) {
      for (const to of r.workloads) {
        if (from === to) continue;
        const has = parseConn(lines.get(`${from}[${kinds.get(from)}] => ${to}[${kinds.get(to)}]`));
        for (const protocol of PROTOCOLS) {
          for (const port of breakpoints) {
            const expected = r.canReach(from, to, port, protocol);
            if (has(port, protocol) !== expected) {
              throw new Error(`seed ${seed}: ${from} -> ${to} ${protocol} ${port}: connections say ${!expected}, canReach says ${expected}\n${r.explain(from, to, port, protocol)}`);
            }
          }
        }
      }
      // the outside world, egress: one address in each block boundary region
      for (const address of ['9.255.255.255', '10.0.0.1', '10.1.0.1', '10.2.0.1', '11.0.0.0', '203.0.113.9']) {
        const line = [...lines].find(([pair]) => pair.startsWith(`${from}[Deployment] => `) && !pair.endsWith(']') && inRange(pair.split(' => ')[1], address));
        const has = parseConn(line?.[1]);
        for (const protocol of PROTOCOLS) {
          for (const port of breakpoints) {
            const expected = r.canReachAddress(from, address, port, protocol);
            expect([seed, from, address, protocol, port, has(port, protocol)]).toEqual([seed, from, address, protocol, port, expected]);
          }
        }
      }
    }
  });
});

/** Whether an IPv4 address lies in `first-last`. */
function inRange(range: string, address: string): boolean {
  const value = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [first, last] = range.split('-');
  if (first.includes(':')) return false;
  return value(first) <= value(address) && value(address) <= value(last);
}
