/**
 * The connectivity list (`Reachability.connections()`), asserted line by line on scenarios
 * computed by hand: every port and protocol, `All Connections`, outside ranges in both
 * directions, IPv6, named ports per destination, pod CIDRs matched by ipBlocks; and the
 * connectivity diff (`Reachability.diff`).
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { ConnectionChangeKind, ConnectionDiff, Reachability } from '../../src/analysis';

const app = (name: string) => ({ podSelector: { matchLabels: { app: name } } });

describe('Reachability.connections', () => {
  test('lists every allowed port of every protocol, ranges merged, and All Connections where nothing is isolated', () => {
    // GIVEN web (not isolated) and api, which admits web on TCP 80, TCP 8080-8090 and UDP 53
    const r = Reachability.fromManifests([
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080]),
      deployment('shop', 'api', { app: 'api' }, [8080]),
      policy('shop', 'api-ingress', {
        ...app('api'),
        ingress: [{ from: [app('web')], ports: [{ port: 80 }, { port: 8080, endPort: 8090 }, { port: 8085 }, { port: 53, protocol: 'UDP' }] }],
      }),
    ], NOTHING_ASSUMED);
    // WHEN listed THEN each ordered pair has one line, over all ports, not only the declared 8080
    expect(r.connections()).toEqual([
      '0.0.0.0-255.255.255.255 => shop/web[Deployment] : All Connections',
      'shop/api[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'shop/api[Deployment] => shop/web[Deployment] : All Connections',
      'shop/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'shop/web[Deployment] => shop/api[Deployment] : TCP 80,8080-8090,UDP 53',
    ]);
    expect(r.connectionCount()).toBe(5);
  });

  test('gives outside ranges in both directions, cut at ipBlock boundaries, IPv4 and IPv6, protocols in alphabetical order', () => {
    // GIVEN gw: ingress from 0.0.0.0/0 except 10/8 on 80; egress to 203.0.113.0/24 on 443, to
    // 2001:db8::/32 except 2001:db8:1::/48 on UDP 53, and to pay on SCTP 9003 and TCP 8443
    const r = Reachability.fromManifests([
      namespace('edge'),
      deployment('edge', 'gw', { app: 'gw' }, [80]),
      deployment('edge', 'pay', { app: 'pay' }, [8443]),
      policy('edge', 'gw', {
        ...app('gw'),
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 80 }] }],
        egress: [
          { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443 }] },
          { to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }], ports: [{ port: 53, protocol: 'UDP' }] },
          { to: [app('pay')], ports: [{ port: 9003, protocol: 'SCTP' }, { port: 8443 }] },
        ],
      }),
    ], NOTHING_ASSUMED);
    // THEN (a policy names an IPv6 block, so the outside world is listed in both families)
    // Each piece of the outside world is a line of its own, also for pay, which no policy selects
    // (np-guard's connlist grammar): sources cut where the ingress ipBlocks start and end
    // (0.0.0.0/0 except 10.0.0.0/8), destinations where the egress ipBlocks do.
    expect(r.connections()).toEqual([
      '0.0.0.0-9.255.255.255 => edge/gw[Deployment] : TCP 80',
      '0.0.0.0-9.255.255.255 => edge/pay[Deployment] : All Connections',
      '10.0.0.0-10.255.255.255 => edge/pay[Deployment] : All Connections',
      '11.0.0.0-255.255.255.255 => edge/gw[Deployment] : TCP 80',
      '11.0.0.0-255.255.255.255 => edge/pay[Deployment] : All Connections',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => edge/pay[Deployment] : All Connections',
      'edge/gw[Deployment] => 2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff : UDP 53',
      'edge/gw[Deployment] => 2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff : UDP 53',
      'edge/gw[Deployment] => 203.0.113.0-203.0.113.255 : TCP 443',
      'edge/gw[Deployment] => edge/pay[Deployment] : SCTP 9003,TCP 8443',
      'edge/pay[Deployment] => 0.0.0.0-203.0.112.255 : All Connections',
      'edge/pay[Deployment] => 2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff : All Connections',
      'edge/pay[Deployment] => 2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
      'edge/pay[Deployment] => 2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff : All Connections',
      'edge/pay[Deployment] => 2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
      'edge/pay[Deployment] => 203.0.113.0-203.0.113.255 : All Connections',
      'edge/pay[Deployment] => 203.0.114.0-255.255.255.255 : All Connections',
      'edge/pay[Deployment] => ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
    ]);
    expect(r.connectionCount()).toBe(18);
    // AND toJson carries the same, as { from, to, conn }
    expect(r.toJson().connections[0]).toEqual({ from: '0.0.0.0-9.255.255.255', to: 'edge/gw[Deployment]', conn: 'TCP 80' });
    expect(r.toJson().connections.map((c) => `${c.from} => ${c.to} : ${c.conn}`)).toEqual(r.connections());
  });

  test('cuts at the edges of the addresses a block holds: neighbouring excepts are one hole', () => {
    const r = Reachability.fromManifests([
      deployment('a', 'x', { app: 'x' }, [80]),
      policy('a', 'x', {
        podSelector: { matchLabels: { app: 'x' } },
        ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/9', '10.128.0.0/9'] } }] }],
      }),
    ], NOTHING_ASSUMED);
    expect(r.connections().filter((l) => l.endsWith('=> a/x[Deployment] : All Connections'))).toEqual([
      '0.0.0.0-9.255.255.255 => a/x[Deployment] : All Connections',
      '11.0.0.0-255.255.255.255 => a/x[Deployment] : All Connections',
    ]);
  });

  test('lists IPv4 only when no policy names IPv6, unless outsideIpv6 says otherwise', () => {
    const objects = [deployment('a', 'x', { app: 'x' })];
    expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).connections()).toEqual([
      '0.0.0.0-255.255.255.255 => a/x[Deployment] : All Connections',
      'a/x[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
    ]);
    expect(Reachability.fromManifests(objects, { ...NOTHING_ASSUMED, outsideIpv6: true }).connections()).toContain(
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => a/x[Deployment] : All Connections');
  });

  test('leaves a workload and itself out, but lists two workloads with the same labels', () => {
    const r = Reachability.fromManifests([deployment('a', 'one', { app: 'same' }), deployment('a', 'two', { app: 'same' })], NOTHING_ASSUMED);
    const pairs = r.connections().filter((l) => !/\d-/.test(l.split(' : ')[0]));
    expect(pairs).toEqual([
      'a/one[Deployment] => a/two[Deployment] : All Connections',
      'a/two[Deployment] => a/one[Deployment] : All Connections',
    ]);
  });

  test('resolves a named port on each destination', () => {
    // GIVEN a client allowed egress to the named port http of anything; two servers name different ports http
    const r = Reachability.fromManifests([
      deployment('a', 'client', { app: 'client' }, []),
      deployment('a', 's1', { app: 's1' }, [{ port: 8080, name: 'http' }]),
      deployment('a', 's2', { app: 's2' }, [{ port: 9000, name: 'http' }, { port: 9001, name: 'admin' }]),
      policy('a', 'client', { ...app('client'), policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }),
    ], NOTHING_ASSUMED);
    expect(r.connections().filter((l) => l.startsWith('a/client'))).toEqual([
      'a/client[Deployment] => a/s1[Deployment] : TCP 8080',
      'a/client[Deployment] => a/s2[Deployment] : TCP 9000',
    ]);
  });

  test('with podCidrs, an ipBlock holding the whole pod CIDR admits pods too', () => {
    // GIVEN a server that admits 0.0.0.0/0 on 80 (and one that excepts 10/8)
    const objects = [
      deployment('a', 'client', { app: 'client' }, []),
      deployment('a', 'open', { app: 'open' }, [80]),
      deployment('a', 'private', { app: 'private' }, [80]),
      policy('a', 'open', { ...app('open'), ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 80 }] }] }),
      policy('a', 'private', { ...app('private'), ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 80 }] }] }),
    ];
    const plain = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    const calico = Reachability.fromManifests(objects, { ...NOTHING_ASSUMED, podCidrs: ['10.244.0.0/16'] });
    // THEN by default ipBlocks never match pods
    expect(plain.canReach('a/client', 'a/open', 80)).toBe(false);
    expect(plain.connections()).not.toContain('a/client[Deployment] => a/open[Deployment] : TCP 80');
    // AND with the pod CIDR the 0.0.0.0/0 block admits every pod; the block that excepts 10/8 admits none
    expect(calico.canReach('a/client', 'a/open', 80)).toBe(true);
    expect(calico.connections()).toContain('a/client[Deployment] => a/open[Deployment] : TCP 80');
    expect(calico.canReach('a/client', 'a/private', 80)).toBe(false);
    expect(calico.explain('a/client', 'a/open', 80)).toContain('from[0] ipBlock 0.0.0.0/0');
  });

  test('rejects podCidrs that are not CIDRs', () => {
    expect(() => Reachability.fromManifests([], { podCidrs: ['10.244.0.0'] })).toThrow(
      "Reachability.fromManifests: podCidrs[0] \"10.244.0.0\" is not a CIDR; give e.g. '10.244.0.0/16' or 'fd00:10:244::/56'");
    expect(() => Reachability.fromManifests([], { podCidrs: '10.0.0.0/8' as any })).toThrow('podCidrs must be a list of CIDRs, got string');
  });

  test('keeps everything-allowed symbolic: 3,000 unpoliced workloads are counted without being listed', () => {
    // GIVEN 3,000 bare Deployments and no policy
    const objects = Array.from({ length: 3000 }, (_, i) => deployment(`ns${i % 7}`, `w${i}`, { app: `w${i}` }));
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // THEN every ordered pair of distinct workloads, plus the outside both ways, is counted
    expect(r.connectionCount()).toBe(3000 * 2999 + 2 * 3000);
    // AND single questions are answered from the one shared column
    expect(r.reachableFromAnyWorkload('ns0/w0', 80)).toBe(true);
    expect(r.reachableFromOutside('ns0/w0', 80, 'udp')).toBe(true);
  });
});

describe('Reachability.connections: {ingress-controller}', () => {
  const service = (ns: string, name: string, selector: Record<string, string>, ports: any[]) =>
    ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports } });
  const ingress = (ns: string, name: string, backend: string, port: any, className?: string) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns },
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: backend, port } } }] } }],
    },
  });
  const route = (ns: string, name: string, to: string, targetPort?: any, alternate?: string) => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name, namespace: ns },
    spec: {
      to: { kind: 'Service', name: to, weight: 100 },
      ...(alternate ? { alternateBackends: [{ kind: 'Service', name: alternate }] } : {}),
      ...(targetPort === undefined ? {} : { port: { targetPort } }),
    },
  });
  const controllerLines = (r: Reachability) => r.connections().filter((l) => l.startsWith('{ingress-controller}'));

  test('with no ingress controller known, lists the routed TCP ports an unknown controller may reach, after every other line', () => {
    // GIVEN web (8080, not isolated) behind an Ingress, and no ingress controller assumed
    const r = Reachability.fromManifests([
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080, 9090]),
      service('shop', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }, { port: 90, targetPort: 9090 }]),
      ingress('shop', 'web', 'web', { number: 80 }),
    ], NOTHING_ASSUMED);
    // THEN the line holds the port the Ingress reaches (8080 through Service port 80), not 9090,
    // although web admits everything; and it sorts last, as np-guard's connlist lists it
    expect(controllerLines(r)).toEqual(['{ingress-controller} => shop/web[Deployment] : TCP 8080']);
    expect(r.connections()[r.connections().length - 1]).toBe('{ingress-controller} => shop/web[Deployment] : TCP 8080');
    expect(r.connectionCount()).toBe(r.connections().length);
    expect(r.toJson().connections).toContainEqual({ from: '{ingress-controller}', to: 'shop/web[Deployment]', conn: 'TCP 8080' });
  });

  test('is admitted only by selectors of every namespace and every pod, or rules without from', () => {
    // GIVEN three apps behind one Ingress each: a admits namespaceSelector {} on 8080; b admits
    // only namespace ingress-nginx; c admits nothing
    const objects = [namespace('shop')];
    const admits: Record<string, any[]> = {
      a: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }],
      b: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      c: [],
    };
    for (const [name, rules] of Object.entries(admits)) {
      objects.push(
        deployment('shop', name, { app: name }, [8080]),
        service('shop', name, { app: name }, [{ port: 80, targetPort: 8080 }]),
        ingress('shop', name, name, { number: 80 }),
        policy('shop', name, { ...app(name), ingress: rules }),
      );
    }
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // THEN only a is reached: the unknown controller carries no labels and lives in a namespace of its own
    expect(controllerLines(r)).toEqual(['{ingress-controller} => shop/a[Deployment] : TCP 8080']);
  });

  test('follows OpenShift Routes: named and numbered target ports, alternate backends, every Service port without one', () => {
    // GIVEN api behind a Route to port name http, cache behind a Route with a number and an
    // alternate backend, and docs behind a Route without a port
    const r = Reachability.fromManifests([
      namespace('shop'),
      deployment('shop', 'api', { app: 'api' }, [{ port: 8080, name: 'http' }]),
      service('shop', 'api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
      route('shop', 'api', 'api', 'http'),
      deployment('shop', 'cache', { app: 'cache' }, [7000]),
      service('shop', 'cache', { app: 'cache' }, [{ port: 7000 }]),
      deployment('shop', 'cache-b', { app: 'cache-b' }, [7000]),
      service('shop', 'cache-b', { app: 'cache-b' }, [{ port: 7000 }]),
      route('shop', 'cache', 'cache', 7000, 'cache-b'),
      deployment('shop', 'docs', { app: 'docs' }, [3000, 3001]),
      service('shop', 'docs', { app: 'docs' }, [{ name: 'a', port: 3000 }, { name: 'b', port: 3001 }, { name: 'dns', port: 53, protocol: 'UDP' }]),
      route('shop', 'docs', 'docs'),
    ], NOTHING_ASSUMED);
    // THEN
    expect(controllerLines(r)).toEqual([
      '{ingress-controller} => shop/api[Deployment] : TCP 8080',
      '{ingress-controller} => shop/cache-b[Deployment] : TCP 7000',
      '{ingress-controller} => shop/cache[Deployment] : TCP 7000',
      '{ingress-controller} => shop/docs[Deployment] : TCP 3000-3001',
    ]);
  });

  test('is not listed when a known controller serves the Ingress (the assumed ingress-nginx), and is for another class', () => {
    // GIVEN web behind an Ingress of class nginx and shop behind one of class traefik, default assumptions
    const objects = [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080]),
      service('shop', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
      ingress('shop', 'web', 'web', { number: 80 }, 'nginx'),
      deployment('shop', 'store', { app: 'store' }, [8080]),
      service('shop', 'store', { app: 'store' }, [{ port: 80, targetPort: 8080 }]),
      ingress('shop', 'store', 'store', { number: 80 }, 'traefik'),
    ];
    const r = Reachability.fromManifests(objects);
    // THEN the nginx one is the assumed controller's line; traefik's controller is unknown
    expect(controllerLines(r)).toEqual(['{ingress-controller} => shop/store[Deployment] : TCP 8080']);
    expect(r.connections()).toContain('ingress-nginx/ingress-nginx-controller[assumed] => shop/web[Deployment] : All Connections');
  });

  test('a policy that closes the routed port shows in the diff', () => {
    // GIVEN web behind an Ingress, then a default-deny policy on web
    const before = [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080]),
      service('shop', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
      ingress('shop', 'web', 'web', { number: 80 }),
    ];
    const after = [...before, policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })];
    // WHEN compared
    const d = Reachability.fromManifests(before, NOTHING_ASSUMED).diff(Reachability.fromManifests(after, NOTHING_ASSUMED));
    // THEN the unknown controller's connection is removed like any other
    expect(d.changes.filter((c) => c.from === '{ingress-controller}')).toEqual([expect.objectContaining({
      kind: ConnectionChangeKind.REMOVED, to: 'shop/web[Deployment]', before: 'TCP 8080', after: 'No Connections',
    })]);
  });
});

describe('Reachability.diff', () => {
  const shop = (after: boolean) => [
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, [8080]),
    deployment('shop', 'api', { app: 'api' }, [8080]),
    deployment('shop', 'db', { app: 'db' }, [5432]),
    deployment('shop', 'worker', { app: 'worker' }, []),
    policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy('shop', 'web', { ...app('web'), ingress: [{ from: [{ ipBlock: { cidr: after ? '0.0.0.0/0' : '10.0.0.0/8' } }], ports: [{ port: 8080 }] }] }),
    policy('shop', 'api', { ...app('api'), ingress: [{ from: [app('web')], ports: [after ? { port: 8080, endPort: 8090 } : { port: 8080 }] }] }),
    policy('shop', 'db', { ...app('db'), ingress: [{ from: [app(after ? 'worker' : 'api')], ports: [{ port: 5432 }] }] }),
  ];

  test('reports connections added, removed and widened, and new outside exposure address by address', () => {
    // GIVEN the shop before and after a change
    const before = Reachability.fromManifests(shop(false), NOTHING_ASSUMED);
    const after = Reachability.fromManifests(shop(true), NOTHING_ASSUMED);
    // WHEN compared
    const diff = before.diff(after);
    // THEN 10.0.0.0/8 kept TCP 8080 (not reported); the rest of IPv4 gained it
    expect(diff.changes.map((c) => [c.kind, c.from, c.to, c.before, c.after])).toEqual([
      [ConnectionChangeKind.ADDED, '0.0.0.0-9.255.255.255', 'shop/web[Deployment]', 'No Connections', 'TCP 8080'],
      [ConnectionChangeKind.ADDED, '11.0.0.0-255.255.255.255', 'shop/web[Deployment]', 'No Connections', 'TCP 8080'],
      [ConnectionChangeKind.REMOVED, 'shop/api[Deployment]', 'shop/db[Deployment]', 'TCP 5432', 'No Connections'],
      [ConnectionChangeKind.WIDENED, 'shop/web[Deployment]', 'shop/api[Deployment]', 'TCP 8080', 'TCP 8080-8090'],
      [ConnectionChangeKind.ADDED, 'shop/worker[Deployment]', 'shop/db[Deployment]', 'No Connections', 'TCP 5432'],
    ]);
    expect(diff.changed[0]).toMatchObject({ gained: 'TCP 8081-8090', lost: 'No Connections', fromOutside: false, toOutside: false });
    expect(diff.added.filter((c) => c.fromOutside)).toHaveLength(2);
    expect(diff.addsConnections).toBe(true);
    expect(diff.addsExposure).toBe(true);
    expect(diff.toJson().summary).toBe('3 connections added, 1 removed, 1 changed (1 widened); new exposure to outside addresses: 2');
  });

  test('compares both sides over the same address families when only one side names an IPv6 block', () => {
    // GIVEN web admitting 203.0.113.0/24 before and 2001:db8::/32 after; legacy, without policy, unchanged
    const side = (cidr: string) => [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080]),
      deployment('shop', 'legacy', { app: 'legacy' }, [8080]),
      policy('shop', 'web-in', { ...app('web'), policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr } }], ports: [{ port: 8080 }] }] }),
    ];
    const before = Reachability.fromManifests(side('203.0.113.0/24'), NOTHING_ASSUMED);
    const after = Reachability.fromManifests(side('2001:db8::/32'), NOTHING_ASSUMED);
    // THEN only web's outside source changed: legacy accepted every IPv6 address before as after
    const changes = (d: ConnectionDiff) => d.changes.map((c) => [c.kind, c.from, c.to]);
    expect(changes(before.diff(after))).toEqual([
      [ConnectionChangeKind.REMOVED, '203.0.113.0-203.0.113.255', 'shop/web[Deployment]'],
      [ConnectionChangeKind.ADDED, '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'shop/web[Deployment]'],
    ]);
    expect(changes(after.diff(before))).toEqual([
      [ConnectionChangeKind.ADDED, '203.0.113.0-203.0.113.255', 'shop/web[Deployment]'],
      [ConnectionChangeKind.REMOVED, '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'shop/web[Deployment]'],
    ]);
  });

  test('the reverse change removes and narrows, and adds no exposure', () => {
    const diff = Reachability.fromManifests(shop(true), NOTHING_ASSUMED).diff(Reachability.fromManifests(shop(false), NOTHING_ASSUMED));
    expect(diff.removed).toHaveLength(3);
    expect(diff.added).toHaveLength(1);
    expect(diff.changed.map((c) => c.kind)).toEqual([ConnectionChangeKind.NARROWED]);
    expect(diff.addsExposure).toBe(false);
    expect(diff.addsConnections).toBe(true);
    expect(diff.toText().split('\n')[0]).toBe('1 connection added, 3 removed, 1 changed (1 narrowed); no new exposure to outside addresses');
    expect(diff.toText()).toContain('~ shop/web[Deployment] => shop/api[Deployment] : TCP 8080-8090 -> TCP 8080 (narrowed: -TCP 8081-8090)');
  });

  test('is empty for the same manifests, and a ports change both ways is "changed"', () => {
    const r = Reachability.fromManifests(shop(false), NOTHING_ASSUMED);
    const same = r.diff(Reachability.fromManifests(shop(false), NOTHING_ASSUMED));
    expect(same.isEmpty).toBe(true);
    expect(same.toText()).toBe('no connection changed\n');
    const moved = shop(false).map((o) => (o.metadata.name === 'api' && o.kind === 'NetworkPolicy'
      ? policy('shop', 'api', { ...app('api'), ingress: [{ from: [app('web')], ports: [{ port: 9090 }] }] }) : o));
    const diff = r.diff(Reachability.fromManifests(moved, NOTHING_ASSUMED));
    expect(diff.changes.map((c) => [c.kind, c.gained, c.lost])).toEqual([[ConnectionChangeKind.CHANGED, 'TCP 9090', 'TCP 8080']]);
    expect(diff.addsConnections).toBe(true);
    expect(diff.toJson().summary).toBe('0 connections added, 0 removed, 1 changed (1 widened and narrowed); no new exposure to outside addresses');
  });

  test('renders a pull-request comment: summary, then exposure first', () => {
    const md = Reachability.fromManifests(shop(false), NOTHING_ASSUMED).diff(Reachability.fromManifests(shop(true), NOTHING_ASSUMED)).toMarkdown();
    const lines = md.split('\n');
    expect(lines[0]).toBe('**Connectivity diff:** 3 connections added, 1 removed, 1 changed (1 widened); new exposure to outside addresses: 2');
    const headings = lines.filter((l) => l.startsWith('#### '));
    expect(headings).toEqual(['#### Exposure to outside addresses (2)', '#### Added (1)', '#### Removed (1)', '#### Changed (1)']);
    expect(md).toContain('| added | `0.0.0.0-9.255.255.255` | `shop/web[Deployment]` | — | TCP 8080 |');
    expect(md).toContain('| widened | `shop/web[Deployment]` | `shop/api[Deployment]` | TCP 8080 | TCP 8080-8090 |');
  });

  test('rejects what is not a Reachability', () => {
    expect(() => Reachability.fromManifests([]).diff({} as any)).toThrow('Reachability.diff: other must be a Reachability, got object');
  });

  test('lists outside ranges by address, IPv4 before IPv6 (2.0.0.0 before 10.0.0.0 before 100.0.0.0)', () => {
    const web = (cidrs: string[]) => [
      deployment('shop', 'web', { app: 'web' }, [8080]),
      policy('shop', 'web', { ...app('web'), ingress: cidrs.map((cidr) => ({ from: [{ ipBlock: { cidr } }], ports: [{ port: 8080 }] })) }),
    ];
    const diff = Reachability.fromManifests(web([]), NOTHING_ASSUMED).diff(Reachability.fromManifests(web(['100.0.0.0/8', '10.0.0.0/8', '2.0.0.0/8']), NOTHING_ASSUMED));
    expect(diff.changes.map((c) => c.from)).toEqual(['2.0.0.0-2.255.255.255', '10.0.0.0-10.255.255.255', '100.0.0.0-100.255.255.255']);
  });

  describe('dumps of Pods alone, across a rollout', () => {
    // `kubectl get pods,netpol -o yaml`: the web pods are named after their ReplicaSet, which the rollout replaced.
    const pod = (name: string, hash: string, labels: Record<string, string>, owner = { kind: 'ReplicaSet', name: `${name}-${hash}` }) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${owner.name}-x7k2p`,
        namespace: 'shop',
        labels: { ...labels, ...(owner.kind === 'ReplicaSet' ? { 'pod-template-hash': hash } : {}) },
        ownerReferences: [{ apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: owner.kind, name: owner.name, uid: `u-${owner.name}`, controller: true }],
      },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
    });
    const cluster = (hash: string, job: string, open: boolean) => [
      pod('web', hash, { app: 'web' }),
      pod('api', '5c8d7f9b4', { app: 'api' }),
      pod('report', '', { app: 'report' }, { kind: 'Job', name: job }),
      policy('shop', 'web', { ...app('web'), ingress: [{ from: [{ ipBlock: { cidr: open ? '0.0.0.0/0' : '10.0.0.0/8' } }], ports: [{ port: 8080 }] }] }),
    ];

    test('a rollout (new ReplicaSet) or the next CronJob run (new Job) changes nothing', () => {
      const before = Reachability.fromManifests(cluster('7d4b9c8f6', 'report-28573205', false), NOTHING_ASSUMED);
      const after = Reachability.fromManifests(cluster('84f6c9d7b5', 'report-28573210', false), NOTHING_ASSUMED);
      expect(after.workloads).toContain('shop/web-84f6c9d7b5');
      const diff = before.diff(after);
      expect([diff.changes, diff.exposure]).toEqual([[], []]);
    });

    test('a change across a rollout is reported under the new name', () => {
      const diff = Reachability.fromManifests(cluster('7d4b9c8f6', 'report-28573205', false), NOTHING_ASSUMED)
        .diff(Reachability.fromManifests(cluster('84f6c9d7b5', 'report-28573205', true), NOTHING_ASSUMED));
      expect(new Set(diff.changes.map((c) => c.to))).toEqual(new Set(['shop/web-84f6c9d7b5[ReplicaSet]']));
      expect(diff.changes.every((c) => c.kind === ConnectionChangeKind.ADDED)).toBe(true);
      expect(diff.addsConnections).toBe(true);
    });
  });

  describe('exposure beyond the connection list', () => {
    const isolated = (extra: any[] = [], service: any = { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }) => [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8080]),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: service },
      policy('shop', 'web', { ...app('web'), ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080 }] }] }),
      ...extra,
    ];

    test('reports a Service that becomes a LoadBalancer, which the connection list does not change', () => {
      const before = Reachability.fromManifests(isolated(), NOTHING_ASSUMED);
      const after = Reachability.fromManifests(isolated([], { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }), NOTHING_ASSUMED);
      const diff = before.diff(after);
      expect(diff.changes).toEqual([]);
      expect(diff.exposure).toEqual([expect.objectContaining({
        workload: 'shop/web', kind: 'Deployment', category: 'outside-cluster', gained: 'TCP 8080', via: expect.stringContaining('Service shop/web (LoadBalancer)'),
      })]);
      expect(diff.addsExposure).toBe(true);
      expect(diff.isEmpty).toBe(false);
      expect(diff.toText()).toContain('! shop/web[Deployment] newly reachable from outside the cluster through Service shop/web (LoadBalancer)');
      // and back again: nothing new
      expect(after.diff(before).exposure).toEqual([]);
    });

    test('reports a workload opened to every namespace, those not in the manifests included', () => {
      const api = (from: any) => [
        namespace('shop'),
        deployment('shop', 'api', { app: 'api' }, [9090]),
        policy('shop', 'api', { ...app('api'), ingress: [{ from: [from], ports: [{ port: 9090 }] }] }),
      ];
      const diff = Reachability.fromManifests(api(app('web')), NOTHING_ASSUMED).diff(Reachability.fromManifests(api({ namespaceSelector: {} }), NOTHING_ASSUMED));
      expect(diff.changes).toEqual([]); // the manifests hold no other namespace
      expect(diff.exposure.map((e) => [e.workload, e.category, e.gained])).toEqual([['shop/api', 'any-namespace', 'TCP 9090']]);
    });

    test('does not count a workload renamed by a kind collision, or an assumed CoreDNS the manifests now hold, as new exposure', () => {
      const web = deployment('shop', 'web', { app: 'web' }, [8080]);
      const db = { ...deployment('shop', 'web', { app: 'webdb' }, [5432]), kind: 'StatefulSet' };
      const isolateDb = policy('shop', 'db', { podSelector: { matchLabels: { app: 'webdb' } }, policyTypes: ['Ingress'] });
      const before = Reachability.fromManifests([namespace('shop'), web]);
      const collided = Reachability.fromManifests([namespace('shop'), web, db, isolateDb]);
      expect(before.diff(collided).exposure).toEqual([]);
      expect(collided.diff(before).exposure).toEqual([]);
      // CoreDNS assumed before, held by the manifests after: the same pods
      const coredns = { ...deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [53]) };
      expect(before.diff(Reachability.fromManifests([namespace('shop'), web, coredns])).exposure).toEqual([]);
    });

    test('compares CoreDNS assumed on one side with the CoreDNS the other side\'s manifests hold, pair by pair', () => {
      const web = deployment('shop', 'web', { app: 'web' }, [8080]);
      const coredns = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [53]);
      const assumed = Reachability.fromManifests([namespace('shop'), web]);
      const held = Reachability.fromManifests([namespace('shop'), web, coredns]);
      expect(assumed.connections()).toContain('shop/web[Deployment] => kube-system/coredns[assumed] : All Connections');
      expect(held.connections()).toContain('shop/web[Deployment] => kube-system/coredns[Deployment] : All Connections');
      // THEN nothing changed either way: the same pods, now described
      expect(assumed.diff(held).changes).toEqual([]);
      expect(held.diff(assumed).changes).toEqual([]);
      // and a policy the manifests now put on it shows as what it changes, under its real name
      const isolatedDns = policy('kube-system', 'dns', { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
      const changes = assumed.diff(Reachability.fromManifests([namespace('shop'), web, coredns, isolatedDns])).changes;
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((c) => c.to === 'kube-system/coredns[Deployment]' && c.kind === ConnectionChangeKind.NARROWED)).toBe(true);
    });

    test('names what reaches through one named namespace alone unlisted-namespaces, not any-namespace', () => {
      // GIVEN a NetworkPolicy admitting every namespace, and an AdminNetworkPolicy denying all but shop and monitoring
      const objects = [
        namespace('shop'),
        deployment('shop', 'a', { app: 'a' }, [8080]),
        policy('shop', 'a', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
        {
          apiVersion: 'policy.networking.k8s.io/v1alpha1',
          kind: 'AdminNetworkPolicy',
          metadata: { name: 'iso' },
          spec: {
            priority: 10,
            subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
            ingress: [{ name: 'others', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['shop', 'monitoring'] }] } }] }],
          },
        },
      ];
      const reached = Reachability.fromManifests(objects, NOTHING_ASSUMED).exposure().findings.filter((f) => f.direction === 'ingress' && f.category !== 'outside-cluster');
      expect(reached.map((f) => [f.category, f.message.includes('from any pod in namespace monitoring')])).toEqual([['unlisted-namespaces', true]]);
    });

    test('does not count the ingress controller a new Ingress makes the analysis assume as a change', () => {
      // GIVEN an Ingress added in front of an app whose pods admit nobody: the controller ran before, too
      const objects = (withIngress: boolean) => [
        namespace('shop'),
        deployment('shop', 'web', { app: 'web' }, [8080]),
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
        policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
        ...(withIngress ? [{
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
        }] : []),
      ];
      const diff = Reachability.fromManifests(objects(false)).diff(Reachability.fromManifests(objects(true)));
      expect(diff.isEmpty).toBe(true);
      expect(diff.addsExposure).toBe(false);
    });
  });

});
