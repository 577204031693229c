/**
 * The examples of the Kubernetes NetworkPolicy concept page, re-expressed as reachability tables.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { deployment, fixture, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';

describe('Reachability on the concept page example "test-network-policy"', () => {
  // GIVEN the db with its ingress (ipBlock/except, namespaceSelector, podSelector) and egress rules
  const r = Reachability.fromManifests(fixture('concept-page'), NOTHING_ASSUMED);

  test('finds every workload and no problem', () => {
    expect(r.workloads).toEqual(['default/backend', 'default/db', 'default/frontend', 'elsewhere/client', 'myproject/client']);
    expect(r.problems).toEqual([]);
  });

  test.each([
    // podSelector role=frontend: pods of the policy's own namespace only
    ['default/frontend', 'default/db', 6379, 'TCP', true],
    ['elsewhere/client', 'default/db', 6379, 'TCP', false], // role=frontend, but another namespace
    ['default/backend', 'default/db', 6379, 'TCP', false],
    // namespaceSelector project=myproject: every pod there
    ['myproject/client', 'default/db', 6379, 'TCP', true],
    // only TCP 6379
    ['default/frontend', 'default/db', 6380, 'TCP', false],
    ['default/frontend', 'default/db', 6379, 'UDP', false],
    // egress of the db only to 10.0.0.0/24 on 5978: nothing in the cluster
    ['default/db', 'default/frontend', 80, 'TCP', false],
    ['default/db', 'default/db', 6379, 'TCP', false],
    // pods not selected by any policy stay open
    ['default/db', 'default/backend', 8080, 'TCP', false],
    ['default/frontend', 'default/backend', 8080, 'TCP', true],
    ['myproject/client', 'default/frontend', 80, 'TCP', true],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test.each([
    ['172.17.0.1', 6379, true],
    ['172.17.255.254', 6379, true],
    ['172.17.1.20', 6379, false], // except 172.17.1.0/24
    ['172.18.0.1', 6379, false],
    ['172.17.0.1', 6380, false],
  ])('a client at %s reaches the db on TCP %d: %s', (address, port, allowed) => {
    expect(r.canBeReachedFrom(address, 'default/db', port)).toBe(allowed);
  });

  test.each([
    ['10.0.0.7', 5978, true],
    ['10.0.1.7', 5978, false],
    ['10.0.0.7', 5979, false],
  ])('the db reaches %s on TCP %d: %s', (address, port, allowed) => {
    expect(r.canReachAddress('default/db', address, port)).toBe(allowed);
  });
});

describe('Reachability on the concept page peer combinations', () => {
  // "namespaceSelector and podSelector" in one element vs two elements
  const base = [
    namespace('prod', { user: 'alice' }),
    namespace('dev', { user: 'bob' }),
    deployment('prod', 'server', { app: 'server' }),
    deployment('prod', 'client', { role: 'client' }),
    deployment('dev', 'client', { role: 'client' }),
    deployment('dev', 'tool', { role: 'tool' }),
  ];
  const and = Reachability.fromManifests([...base,
    policy('prod', 'and', {
      podSelector: { matchLabels: { app: 'server' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'bob' } }, podSelector: { matchLabels: { role: 'client' } } }] }],
    })], NOTHING_ASSUMED);
  const or = Reachability.fromManifests([...base,
    policy('prod', 'or', {
      podSelector: { matchLabels: { app: 'server' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'bob' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }],
    })], NOTHING_ASSUMED);

  test.each([
    ['dev/client', true, true],
    ['dev/tool', false, true],
    ['prod/client', false, true],
  ])('%s -> prod/server: one element (AND) %s, two elements (OR) %s', (from, viaAnd, viaOr) => {
    expect(and.canReach(from, 'prod/server', 80)).toBe(viaAnd);
    expect(or.canReach(from, 'prod/server', 80)).toBe(viaOr);
  });
});

describe('Reachability on the concept page default policies', () => {
  const base = [
    deployment('default', 'web', { app: 'web' }),
    deployment('default', 'db', { app: 'db' }, [5432]),
    deployment('other', 'client', { app: 'client' }),
  ];
  const denyIngress = policy('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
  const allowIngress = policy('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] });
  const denyEgress = policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
  const allowEgress = policy('default', 'allow-all-egress', { podSelector: {}, egress: [{}], policyTypes: ['Egress'] });
  const denyAll = policy('default', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

  const sets: Record<string, any[]> = {
    'default deny ingress': [denyIngress],
    'default deny ingress + allow all ingress': [denyIngress, allowIngress],
    'default deny egress': [denyEgress],
    'default deny egress + allow all egress': [denyEgress, allowEgress],
    'default deny all': [denyAll],
  };
  test.each([
    ['default deny ingress', 'other/client', 'default/web', false],
    ['default deny ingress', 'default/web', 'default/db', false],
    ['default deny ingress', 'default/web', 'other/client', true],
    ['default deny ingress + allow all ingress', 'other/client', 'default/web', true],
    ['default deny egress', 'default/web', 'default/db', false],
    ['default deny egress', 'default/web', 'other/client', false],
    ['default deny egress', 'other/client', 'default/web', true],
    ['default deny egress + allow all egress', 'default/web', 'other/client', true],
    ['default deny all', 'default/web', 'default/db', false],
    ['default deny all', 'other/client', 'default/db', false],
    ['default deny all', 'default/db', 'other/client', false],
  ])('%s: %s -> %s on 80/TCP allowed: %s', (set, from, to, allowed) => {
    // GIVEN the workloads and the policy set WHEN analyzed THEN the pair is allowed or not
    const r = Reachability.fromManifests([...base, ...sets[set as string]], NOTHING_ASSUMED);
    expect(r.canReach(from as string, to as string, 80)).toBe(allowed);
  });

  test('allow all egress reaches every outside address', () => {
    const r = Reachability.fromManifests([...base, denyEgress, allowEgress], NOTHING_ASSUMED);
    expect(r.canReachAddress('default/web', '198.51.100.1', 443)).toBe(true);
    expect(r.canReachAddress('default/web', '2001:db8::1', 443, 'UDP')).toBe(true);
  });
});

describe('Reachability on the concept page endPort example', () => {
  // GIVEN egress of role=db pods to 10.0.0.0/24 on TCP 32000-32768, and to pods on a range
  const r = Reachability.fromManifests([
    deployment('default', 'db', { role: 'db' }),
    deployment('default', 'server', { app: 'server' }, [32000, 32768, 32769]),
    policy('default', 'multi-port-egress', {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] },
        { to: [{ podSelector: { matchLabels: { app: 'server' } } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] },
      ],
    }),
  ], NOTHING_ASSUMED);

  test.each([
    ['10.0.0.1', 31999, false],
    ['10.0.0.1', 32000, true],
    ['10.0.0.1', 32500, true],
    ['10.0.0.1', 32768, true],
    ['10.0.0.1', 32769, false],
    ['10.0.1.1', 32000, false],
  ])('the db reaches %s on TCP %d: %s', (address, port, allowed) => {
    expect(r.canReachAddress('default/db', address, port)).toBe(allowed);
  });

  test.each([
    ['default/db', 'default/server', 32000, 'TCP', true],
    ['default/db', 'default/server', 32768, 'TCP', true],
    ['default/db', 'default/server', 32769, 'TCP', false],
    ['default/db', 'default/server', 32000, 'UDP', false],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });

  test('flows list the declared ports inside the range only', () => {
    expect(r.toJson().flows.filter((f) => f.from === 'default/db' && f.to === 'default/server')).toEqual([
      { from: 'default/db', to: 'default/server', port: 32000, protocol: 'TCP' },
      { from: 'default/db', to: 'default/server', port: 32768, protocol: 'TCP' },
    ]);
  });
});
