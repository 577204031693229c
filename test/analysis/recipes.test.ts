/**
 * The well-known public NetworkPolicy recipes (ahmetb/kubernetes-network-policy-recipes),
 * re-expressed as reachability tables: each recipe's policy, a few workloads around it, and the
 * connections the recipe is meant to allow or deny.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';

type Row = [string, string, number, string, boolean];

function check(objects: any[], rows: Row[], options = NOTHING_ASSUMED): void {
  const r = Reachability.fromManifests(objects, options);
  test.each(rows)('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.problems).toEqual([]);
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });
}

const web = deployment('default', 'web', { app: 'web' });
const client = deployment('default', 'client', { app: 'client' });
const otherClient = deployment('other', 'client', { app: 'client' });

describe('recipe 01: deny all traffic to an application', () => {
  check([web, client, otherClient, policy('default', 'web-deny-all', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] })], [
    ['default/client', 'default/web', 80, 'TCP', false],
    ['other/client', 'default/web', 80, 'TCP', false],
    ['default/web', 'default/client', 80, 'TCP', true], // egress of web is not isolated
    ['other/client', 'default/client', 80, 'TCP', true],
  ]);
});

describe('recipe 02: limit traffic to an application', () => {
  check([
    deployment('default', 'api', { app: 'bookstore', role: 'api' }),
    deployment('default', 'frontend', { app: 'bookstore', role: 'frontend' }),
    deployment('default', 'coffeeshop', { app: 'coffeeshop', role: 'api' }),
    deployment('other', 'frontend', { app: 'bookstore', role: 'frontend' }),
    policy('default', 'api-allow', {
      podSelector: { matchLabels: { app: 'bookstore', role: 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'bookstore' } } }] }],
    }),
  ], [
    ['default/frontend', 'default/api', 80, 'TCP', true],
    ['default/coffeeshop', 'default/api', 80, 'TCP', false],
    ['other/frontend', 'default/api', 80, 'TCP', false],
    ['default/api', 'default/api', 80, 'TCP', true], // app=bookstore itself
    ['default/frontend', 'default/coffeeshop', 80, 'TCP', true],
  ]);
});

describe('recipe 02a: allow all traffic to an application', () => {
  check([web, client, otherClient, deployment('default', 'db', { app: 'db' }, [5432]),
    policy('default', 'default-deny-all', { podSelector: {}, ingress: [] }),
    policy('default', 'web-allow-all', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] })], [
    ['default/client', 'default/web', 80, 'TCP', true],
    ['other/client', 'default/web', 8080, 'UDP', true],
    ['default/client', 'default/db', 5432, 'TCP', false],
  ]);
});

describe('recipe 03: deny all non-whitelisted traffic to a namespace', () => {
  check([web, client, otherClient, policy('default', 'default-deny-all', { podSelector: {}, ingress: [] })], [
    ['other/client', 'default/web', 80, 'TCP', false],
    ['default/client', 'default/web', 80, 'TCP', false],
    ['default/web', 'other/client', 80, 'TCP', true],
  ]);
});

describe('recipe 04: deny all traffic from other namespaces', () => {
  check([
    deployment('secondary', 'web', { app: 'web' }),
    deployment('secondary', 'worker', { app: 'worker' }),
    client,
    policy('secondary', 'deny-from-other-namespaces', { podSelector: { matchLabels: {} }, ingress: [{ from: [{ podSelector: {} }] }] }),
  ], [
    ['secondary/worker', 'secondary/web', 80, 'TCP', true],
    ['default/client', 'secondary/web', 80, 'TCP', false],
    ['default/client', 'secondary/worker', 80, 'TCP', false],
  ]);
});

describe('recipe 05: allow traffic to an application from all namespaces', () => {
  const objects = [
    deployment('secondary', 'web', { app: 'web' }),
    deployment('secondary', 'db', { app: 'db' }),
    client,
    policy('secondary', 'deny-from-other-namespaces', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
    policy('secondary', 'web-allow-all-namespaces', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    }),
  ];
  check(objects, [
    ['default/client', 'secondary/web', 80, 'TCP', true],
    ['secondary/db', 'secondary/web', 80, 'TCP', true],
    ['default/client', 'secondary/db', 80, 'TCP', false],
  ]);

  test('an empty namespaceSelector does not admit addresses outside the cluster', () => {
    expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).canBeReachedFrom('203.0.113.9', 'secondary/web', 80)).toBe(false);
  });
});

describe('recipe 06: allow all traffic from a namespace', () => {
  check([
    namespace('prod', { purpose: 'production' }),
    namespace('dev', { purpose: 'testing' }),
    web,
    deployment('prod', 'client', { app: 'client' }),
    deployment('dev', 'client', { app: 'client' }),
    client,
    policy('default', 'web-allow-prod', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'production' } } }] }],
    }),
  ], [
    ['prod/client', 'default/web', 80, 'TCP', true],
    ['dev/client', 'default/web', 80, 'TCP', false],
    ['default/client', 'default/web', 80, 'TCP', false],
  ]);
});

describe('recipe 07: allow traffic from some pods in another namespace', () => {
  check([
    namespace('other', { team: 'operations' }),
    web,
    deployment('other', 'monitoring', { type: 'monitoring' }),
    deployment('other', 'alpine', { type: 'shell' }),
    deployment('default', 'monitoring', { type: 'monitoring' }),
    policy('default', 'web-allow-all-ns-monitoring', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'operations' } }, podSelector: { matchLabels: { type: 'monitoring' } } }] }],
    }),
  ], [
    ['other/monitoring', 'default/web', 80, 'TCP', true],
    ['other/alpine', 'default/web', 80, 'TCP', false],
    ['default/monitoring', 'default/web', 80, 'TCP', false], // right pod label, wrong namespace
  ]);
});

describe('recipe 08: allow traffic from external clients', () => {
  const r = Reachability.fromManifests([web, client,
    policy('default', 'default-deny-all', { podSelector: {}, ingress: [] }),
    policy('default', 'web-allow-external', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [] }] })], NOTHING_ASSUMED);

  test.each([
    ['203.0.113.9', 'default/web', 80, true],
    ['2001:db8::9', 'default/web', 443, true],
    ['203.0.113.9', 'default/client', 80, false],
  ])('a client at %s reaches %s on TCP %d: %s', (address, to, port, allowed) => {
    expect(r.canBeReachedFrom(address, to, port)).toBe(allowed);
  });

  test('pods in the cluster reach the app too', () => {
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });
});

describe('recipe 09: allow traffic only to a port of an application', () => {
  check([
    deployment('default', 'apiserver', { app: 'apiserver' }, [5000, 8000]),
    deployment('default', 'prometheus', { role: 'monitoring' }),
    client,
    policy('default', 'api-allow-5000', {
      podSelector: { matchLabels: { app: 'apiserver' } },
      ingress: [{ ports: [{ port: 5000 }], from: [{ podSelector: { matchLabels: { role: 'monitoring' } } }] }],
    }),
  ], [
    ['default/prometheus', 'default/apiserver', 5000, 'TCP', true],
    ['default/prometheus', 'default/apiserver', 8000, 'TCP', false],
    ['default/prometheus', 'default/apiserver', 5000, 'UDP', false],
    ['default/client', 'default/apiserver', 5000, 'TCP', false],
  ]);
});

describe('recipe 10: allow traffic from apps using multiple selectors', () => {
  check([
    deployment('default', 'db', { app: 'bookstore', role: 'db' }, [6379]),
    deployment('default', 'search', { app: 'bookstore', role: 'search' }),
    deployment('default', 'api', { app: 'bookstore', role: 'api' }),
    deployment('default', 'inventory', { app: 'inventory', role: 'web' }),
    deployment('default', 'inventory-jobs', { app: 'inventory', role: 'jobs' }),
    deployment('default', 'frontend', { app: 'bookstore', role: 'frontend' }),
    policy('default', 'redis-allow-services', {
      podSelector: { matchLabels: { app: 'bookstore', role: 'db' } },
      ingress: [{
        from: [
          { podSelector: { matchLabels: { app: 'bookstore', role: 'search' } } },
          { podSelector: { matchLabels: { app: 'bookstore', role: 'api' } } },
          { podSelector: { matchLabels: { app: 'inventory', role: 'web' } } },
        ],
      }],
    }),
  ], [
    ['default/search', 'default/db', 6379, 'TCP', true],
    ['default/api', 'default/db', 6379, 'TCP', true],
    ['default/inventory', 'default/db', 6379, 'TCP', true],
    ['default/inventory-jobs', 'default/db', 6379, 'TCP', false],
    ['default/frontend', 'default/db', 6379, 'TCP', false],
  ]);
});

describe('recipe 11: deny egress traffic from an application', () => {
  const foo = deployment('default', 'foo', { app: 'foo' });
  const denyEgress = policy('default', 'foo-deny-egress', { podSelector: { matchLabels: { app: 'foo' } }, policyTypes: ['Egress'], egress: [] });
  const allowDns = policy('default', 'foo-allow-dns', {
    podSelector: { matchLabels: { app: 'foo' } },
    policyTypes: ['Egress'],
    egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
  });

  describe('without DNS', () => {
    check([foo, web, denyEgress], [
      ['default/foo', 'default/web', 80, 'TCP', false],
      ['default/web', 'default/foo', 80, 'TCP', true],
    ]);
  });

  describe('with DNS allowed', () => {
    check([foo, web, denyEgress, allowDns], [
      ['default/foo', 'kube-system/coredns', 53, 'UDP', true],
      ['default/foo', 'kube-system/coredns', 53, 'TCP', true],
      ['default/foo', 'default/web', 80, 'TCP', false],
      ['default/foo', 'default/web', 53, 'UDP', true], // the rule has no `to`: port 53 anywhere
    ], { ...NOTHING_ASSUMED, assumeDns: true });

    test('port 53 to outside addresses is allowed, other ports are not', () => {
      const r = Reachability.fromManifests([foo, web, denyEgress, allowDns]);
      expect(r.canReachAddress('default/foo', '8.8.8.8', 53, 'UDP')).toBe(true);
      expect(r.canReachAddress('default/foo', '8.8.8.8', 443)).toBe(false);
    });
  });
});

describe('recipe 12: deny all non-whitelisted traffic from a namespace', () => {
  check([web, client, otherClient,
    policy('default', 'default-deny-all-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [] })], [
    ['default/client', 'default/web', 80, 'TCP', false],
    ['default/client', 'other/client', 80, 'TCP', false],
    ['other/client', 'default/web', 80, 'TCP', true],
  ]);
});

describe('recipe 14: deny external egress traffic', () => {
  const objects = [
    deployment('default', 'foo', { app: 'foo' }),
    deployment('other', 'web', { app: 'web' }),
    policy('default', 'foo-deny-external-egress', {
      podSelector: { matchLabels: { app: 'foo' } },
      policyTypes: ['Egress'],
      egress: [
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        { to: [{ namespaceSelector: {} }] },
      ],
    }),
  ];
  check(objects, [
    ['default/foo', 'other/web', 80, 'TCP', true],
    ['default/foo', 'other/web', 9999, 'UDP', true],
  ]);

  test.each([
    ['1.1.1.1', 443, 'TCP', false],
    ['1.1.1.1', 53, 'UDP', true],
    ['2606:4700:4700::1111', 53, 'TCP', true],
    ['2606:4700:4700::1111', 80, 'TCP', false],
  ])('foo reaches %s on %d/%s: %s', (address, port, protocol, allowed) => {
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    expect(r.canReachAddress('default/foo', address, port, protocol)).toBe(allowed);
  });
});
