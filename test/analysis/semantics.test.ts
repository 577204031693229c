/**
 * NetworkPolicy semantics the analyzer implements, one behaviour per describe: named ports,
 * selectors with absent keys, policyTypes defaulting, ipBlocks (IPv4 and IPv6), addresses outside
 * the cluster, traffic of a workload to itself, and how manifests become workloads.
 */
import { deployment, namespace, NOTHING_ASSUMED, pod, policy } from './manifests';
import { Reachability } from '../../src/analysis';

describe('Reachability named ports', () => {
  // GIVEN two backends that name different numbers 'http', and a DNS-like server naming UDP 53 'dns'
  const objects = [
    deployment('default', 'web', { tier: 'backend', app: 'web' }, [{ port: 8080, name: 'http' }]),
    deployment('default', 'api', { tier: 'backend', app: 'api' }, [{ port: 9000, name: 'http' }, { port: 9090, name: 'metrics' }]),
    deployment('default', 'resolver', { app: 'resolver' }, [{ port: 53, protocol: 'UDP', name: 'dns' }]),
    deployment('default', 'client', { app: 'client' }, []),
    deployment('default', 'pinger', { app: 'pinger' }, []),
    policy('default', 'backend-http', { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ ports: [{ port: 'http' }] }] }),
    policy('default', 'resolver-dns-tcp', { podSelector: { matchLabels: { app: 'resolver' } }, ingress: [{ ports: [{ port: 'dns' }] }] }),
    policy('default', 'client-egress', {
      podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 'http' }, { port: 'dns', protocol: 'UDP' }] }],
    }),
  ];
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test.each([
    // an ingress named port resolves on each selected pod
    ['default/pinger', 'default/web', 8080, 'TCP', true],
    ['default/pinger', 'default/web', 9000, 'TCP', false],
    ['default/pinger', 'default/api', 9000, 'TCP', true],
    ['default/pinger', 'default/api', 8080, 'TCP', false],
    ['default/pinger', 'default/api', 9090, 'TCP', false],
    // the name must resolve with the rule's protocol: 'dns' is UDP, the rule says TCP (default)
    ['default/pinger', 'default/resolver', 53, 'TCP', false],
    ['default/pinger', 'default/resolver', 53, 'UDP', false],
    // an egress named port resolves on the destination pod
    ['default/client', 'default/web', 8080, 'TCP', true],
    ['default/client', 'default/api', 9000, 'TCP', true],
    ['default/client', 'default/api', 8080, 'TCP', false],
    ['default/client', 'default/pinger', 8080, 'TCP', false], // pinger names no port 'http'
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test('a named port with the right protocol admits the traffic', () => {
    const fixed = Reachability.fromManifests([...objects.slice(0, 5),
      policy('default', 'resolver-dns', { podSelector: { matchLabels: { app: 'resolver' } }, ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }] })], NOTHING_ASSUMED);
    expect(fixed.canReach('default/pinger', 'default/resolver', 53, 'UDP')).toBe(true);
    expect(fixed.canReach('default/client', 'default/resolver', 53, 'UDP')).toBe(true);
  });

  test('a named port never matches an address outside the cluster', () => {
    expect(r.canReachAddress('default/client', '198.51.100.7', 8080)).toBe(false);
    expect(r.canReachAddress('default/client', '198.51.100.7', 53, 'UDP')).toBe(false);
  });
});

describe('Reachability selectors with absent keys', () => {
  // GIVEN pods with tier=frontend, tier=backend and no tier, and a deny-all ingress policy whose
  // podSelector uses one expression
  const workloads = [
    deployment('default', 'front', { app: 'front', tier: 'frontend' }),
    deployment('default', 'back', { app: 'back', tier: 'backend' }),
    deployment('default', 'untiered', { app: 'untiered' }),
    deployment('default', 'probe', { app: 'probe', tier: 'frontend' }),
  ];
  test.each([
    ['NotIn', ['frontend'], ['default/back', 'default/untiered']],
    ['In', ['frontend', 'backend'], ['default/back', 'default/front', 'default/probe']],
    ['Exists', undefined, ['default/back', 'default/front', 'default/probe']],
    ['DoesNotExist', undefined, ['default/untiered']],
  ])('tier %s %j isolates exactly %j', (operator, values, isolated) => {
    const r = Reachability.fromManifests([...workloads,
      policy('default', 'deny', { podSelector: { matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }] }, policyTypes: ['Ingress'] })], NOTHING_ASSUMED);
    const denied = r.workloads.filter((to) => !r.canReach('default/probe', to, 80));
    expect(denied).toEqual(isolated);
  });

  test('matchLabels and matchExpressions are ANDed', () => {
    const r = Reachability.fromManifests([...workloads,
      policy('default', 'deny', {
        podSelector: { matchLabels: { tier: 'frontend' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['probe'] }] },
        policyTypes: ['Ingress'],
      })], NOTHING_ASSUMED);
    expect(r.workloads.filter((to) => !r.canReach('default/back', to, 80))).toEqual(['default/front']);
  });

  test('a peer selector with NotIn admits pods without the key', () => {
    const r = Reachability.fromManifests([...workloads,
      policy('default', 'allow', {
        podSelector: { matchLabels: { app: 'back' } },
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] } }] }],
      })], NOTHING_ASSUMED);
    expect(r.canReach('default/untiered', 'default/back', 80)).toBe(true);
    expect(r.canReach('default/front', 'default/back', 80)).toBe(false);
  });
});

describe('Reachability policyTypes defaulting', () => {
  const base = [deployment('default', 'app', { app: 'app' }), deployment('default', 'peer', { app: 'peer' })];
  const selectApp = { podSelector: { matchLabels: { app: 'app' } } };
  const toPeer = { to: [{ podSelector: { matchLabels: { app: 'peer' } } }], ports: [{ port: 8080 }] };
  const fromPeer = { from: [{ podSelector: { matchLabels: { app: 'peer' } } }] };
  const specs: Record<string, any> = {
    'no policyTypes, no rules': { ...selectApp },
    'no policyTypes, empty egress list': { ...selectApp, egress: [] },
    'no policyTypes, egress rules': { ...selectApp, egress: [toPeer] },
    'policyTypes [] and egress rules': { ...selectApp, policyTypes: [], egress: [toPeer] },
    'policyTypes [Egress] with ingress rules': { ...selectApp, policyTypes: ['Egress'], ingress: [fromPeer], egress: [toPeer] },
    'policyTypes [Ingress] with egress rules': { ...selectApp, policyTypes: ['Ingress'], ingress: [fromPeer], egress: [toPeer] },
  };
  test.each([
    // [spec, ingress from peer on 80 allowed, egress to peer on 80 allowed]
    ['no policyTypes, no rules', false, true],
    ['no policyTypes, empty egress list', false, true],
    ['no policyTypes, egress rules', false, false],
    ['policyTypes [] and egress rules', false, false],
    ['policyTypes [Egress] with ingress rules', true, false],
    ['policyTypes [Ingress] with egress rules', true, true],
  ])('%s: peer -> app allowed %s, app -> peer on 80 allowed %s', (name, ingress, egress) => {
    const r = Reachability.fromManifests([...base, policy('default', 'p', specs[name])], NOTHING_ASSUMED);
    expect(r.problems).toEqual([]);
    expect(r.canReach('default/peer', 'default/app', 80)).toBe(ingress);
    expect(r.canReach('default/app', 'default/peer', 80)).toBe(egress);
  });
});

describe('Reachability ipBlocks', () => {
  // GIVEN an app admitting IPv4 and IPv6 ranges minus exceptions, and allowed to reach some
  const r = Reachability.fromManifests([
    deployment('default', 'app', { app: 'app' }, [443]),
    deployment('default', 'peer', { app: 'peer' }, [443]),
    policy('default', 'app', {
      podSelector: { matchLabels: { app: 'app' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } },
          { ipBlock: { cidr: '10.0.0.1/8', except: ['10.9.0.0/16', '10.10.10.10/32'] } },
        ],
      }],
      egress: [{ to: [{ ipBlock: { cidr: '::/0', except: ['fc00::/7'] } }], ports: [{ port: 443 }] }],
    }),
  ], NOTHING_ASSUMED);

  test.each([
    ['2001:db8::5', true],
    ['2001:DB8:2::5', true],
    ['2001:db8:1::5', false],
    ['2001:db9::1', false],
    ['10.1.2.3', true], // host bits in the cidr are ignored, as by the API server
    ['10.9.2.3', false],
    ['10.10.10.10', false],
    ['10.10.10.11', true],
    ['11.0.0.1', false],
    ['::ffff:10.1.2.3', true], // IPv4-mapped: 10.1.2.3, as Go's net package reads it
    ['::ffff:10.9.2.3', false], // 10.9.2.3, in an except
  ])('a client at %s reaches the app: %s', (address, allowed) => {
    expect(r.canBeReachedFrom(address, 'default/app', 443)).toBe(allowed);
  });

  test.each([
    ['2606:4700::1', 443, true],
    ['fd00::1', 443, false],
    ['2606:4700::1', 80, false],
    ['1.1.1.1', 443, false], // ::/0 holds no IPv4 address
  ])('the app reaches %s on TCP %d: %s', (address, port, allowed) => {
    expect(r.canReachAddress('default/app', address, port)).toBe(allowed);
  });

  test('ipBlocks do not match pods, whatever their addresses', () => {
    expect(r.canReach('default/peer', 'default/app', 443)).toBe(false);
    expect(r.canReach('default/app', 'default/peer', 443)).toBe(false);
  });

  test('a side that is not isolated admits every address', () => {
    expect(r.canBeReachedFrom('203.0.113.1', 'default/peer', 443)).toBe(true);
    expect(r.canReachAddress('default/peer', '203.0.113.1', 9, 'UDP')).toBe(true);
  });

  test.each([
    ['10.0.0.0/8'],
    ['example.com'],
    ['010.0.0.1'],
    ['fe80::1%eth0'],
  ])('rejects %s as an address', (address) => {
    expect(() => r.canReachAddress('default/app', address, 443)).toThrow(/Reachability\.canReachAddress: address .* is not an IP address/);
    expect(() => r.canBeReachedFrom(address, 'default/app', 443)).toThrow(/Reachability\.canBeReachedFrom: address/);
  });
});

describe('Reachability traffic of a workload to itself', () => {
  test.each([
    ['deny-all ingress', { podSelector: {}, policyTypes: ['Ingress'] }, false],
    ['allow from the same labels', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }, true],
    ['allow from others only', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }, false],
  ])('%s: db -> db allowed %s, like any other pair', (_name, spec, allowed) => {
    const r = Reachability.fromManifests([deployment('default', 'db', { app: 'db' }, [5432]), policy('default', 'p', spec)], NOTHING_ASSUMED);
    expect(r.canReach('default/db', 'default/db', 5432)).toBe(allowed);
    expect(r.toJson().flows.some((f) => f.from === 'default/db' && f.to === 'default/db')).toBe(allowed);
  });

  test('workloads with the same labels get the same answers', () => {
    const r = Reachability.fromManifests([
      deployment('default', 'blue', { app: 'web' }),
      deployment('default', 'green', { app: 'web' }),
      deployment('default', 'other', { app: 'other' }),
      policy('default', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ], NOTHING_ASSUMED);
    expect(r.canReach('default/blue', 'default/green', 80)).toBe(true);
    expect(r.canReach('default/green', 'default/blue', 80)).toBe(true);
    expect(r.canReach('default/other', 'default/blue', 80)).toBe(false);
  });
});

describe('Reachability workloads from manifests', () => {
  const template = { metadata: { labels: { app: 'target' } }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 80 }] }] } };
  test.each([
    ['Deployment', { apiVersion: 'apps/v1', spec: { template } }],
    ['StatefulSet', { apiVersion: 'apps/v1', spec: { serviceName: 't', template } }],
    ['DaemonSet', { apiVersion: 'apps/v1', spec: { template } }],
    ['ReplicaSet', { apiVersion: 'apps/v1', spec: { template } }],
    ['Job', { apiVersion: 'batch/v1', spec: { template } }],
    ['CronJob', { apiVersion: 'batch/v1', spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }],
    ['Pod', { apiVersion: 'v1', metadata: { labels: { app: 'target' } }, spec: template.spec }],
  ])('a %s is a workload whose pods carry its template labels', (kind, body: any) => {
    // GIVEN the workload and a policy isolating pods app=target
    const r = Reachability.fromManifests([
      { ...body, kind, metadata: { name: 'target', namespace: 'apps', ...body.metadata } },
      deployment('apps', 'client', { app: 'client' }),
      policy('apps', 'deny', { podSelector: { matchLabels: { app: 'target' } }, ingress: [] }),
    ], NOTHING_ASSUMED);
    // THEN it is named namespace/name and the policy selects it
    expect(r.workloads).toEqual(['apps/client', 'apps/target']);
    expect(r.canReach('apps/client', 'apps/target', 80)).toBe(false);
    expect(r.toJson().flows).toContainEqual({ from: 'apps/target', to: 'apps/client', port: 80, protocol: 'TCP' });
  });

  test('objects without a namespace are in default', () => {
    const r = Reachability.fromManifests([
      deployment(undefined, 'web', { app: 'web' }),
      deployment('other', 'client', { app: 'client' }),
      policy(undefined, 'deny', { podSelector: {}, ingress: [] }),
    ], NOTHING_ASSUMED);
    expect(r.workloads).toEqual(['default/web', 'other/client']);
    expect(r.canReach('other/client', 'default/web', 80)).toBe(false);
  });

  test.each([
    ['team-a', 'team-a/client', true],
    ['team-b', 'team-b/client', true], // no Namespace object: the label is there all the same
    ['spoofed', 'team-a/client', false], // the control plane overwrites the Namespace object's value
    ['team-a', 'team-b/client', false],
  ])('kubernetes.io/metadata.name=%s admits %s: %s', (value, from, allowed) => {
    const r = Reachability.fromManifests([
      namespace('team-a', { 'kubernetes.io/metadata.name': 'spoofed', 'team': 'a' }),
      deployment('team-a', 'client', { app: 'client' }),
      deployment('team-b', 'client', { app: 'client' }),
      deployment('default', 'web', { app: 'web' }),
      policy('default', 'allow', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': value } } }] }],
      }),
    ], NOTHING_ASSUMED);
    expect(r.canReach(from, 'default/web', 80)).toBe(allowed);
  });

  test('Namespace labels decide namespaceSelectors', () => {
    const r = Reachability.fromManifests([
      namespace('team-a', { team: 'a' }),
      deployment('team-a', 'client', { app: 'client' }),
      deployment('team-b', 'client', { app: 'client' }),
      deployment('default', 'web', { app: 'web' }),
      policy('default', 'allow', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] }),
    ], NOTHING_ASSUMED);
    expect(r.canReach('team-a/client', 'default/web', 80)).toBe(true);
    expect(r.canReach('team-b/client', 'default/web', 80)).toBe(false);
  });

  test('a kubectl dump lists a Deployment once, not its ReplicaSet and Pods too', () => {
    const d = deployment('default', 'web', { app: 'web' });
    const rs = { ...deployment('default', 'web-5d4f8', { app: 'web' }), kind: 'ReplicaSet' };
    rs.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true, uid: '1' }];
    const p = pod('default', 'web-5d4f8-abcde', { app: 'web' });
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8', controller: true, uid: '2' }];
    const orphan = pod('default', 'orphan', { app: 'orphan' });
    orphan.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', controller: true, uid: '3' }];
    const r = Reachability.fromManifests([p, rs, d, orphan], NOTHING_ASSUMED);
    // The orphan is grouped under its controller, although that ReplicaSet is not in the input.
    expect(r.workloads).toEqual(['default/gone', 'default/web']);
  });

  test('lists are flattened and empty documents skipped', () => {
    const r = Reachability.fromManifests([null, { apiVersion: 'v1', kind: 'List', items: [deployment('a', 'one', { app: 'one' }), deployment('a', 'two', { app: 'two' })] }], NOTHING_ASSUMED);
    expect(r.workloads).toEqual(['a/one', 'a/two']);
    expect(r.problems).toEqual([]);
  });

  test('container ports come from every container and from sidecar init containers', () => {
    const d = deployment('default', 'app', { app: 'app' }, [{ port: 8080, name: 'http' }]);
    d.spec.template.spec.containers.push({ name: 'proxy', image: 'envoy:1.29', ports: [{ containerPort: 15001, name: 'proxy' }] });
    d.spec.template.spec.initContainers = [
      { name: 'sidecar', image: 'agent:1', restartPolicy: 'Always', ports: [{ containerPort: 9100, name: 'metrics' }] },
      { name: 'migrate', image: 'tool:1', ports: [{ containerPort: 5000 }] },
    ];
    const r = Reachability.fromManifests([d, deployment('default', 'client', { app: 'client' }, [])], NOTHING_ASSUMED);
    expect(r.toJson().flows.filter((f) => f.from === 'default/client').map((f) => f.port)).toEqual([8080, 9100, 15001]);
  });
});
