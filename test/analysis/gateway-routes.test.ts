import { Reachability } from '../../src';
import { hostnamesIntersect } from '../../src/_vocabulary';
import { gatewayApiModel } from '../../src/analysis/_gateway';
import { gateway, listener, referenceGrant, route } from '../lint/gateway-manifests';
import { deployment, networkPolicy, service } from '../lint/manifests';

const DATA_PLANE = 'netpatterns.dev/gateway-data-plane';

/** A Gateway declaring proxies in `edge-system` labelled proxy=edge, 80 → 8080 and 443 → 8443. */
function declaredGateway(extra: any = {}): any {
  const gw = gateway('edge', 'public', [listener('http', { from: 'All' }), listener('https', { port: 443, protocol: 'HTTPS', from: 'All' })]);
  gw.metadata.annotations = {
    [DATA_PLANE]: JSON.stringify({ namespace: 'edge-system', podLabels: { proxy: 'edge' }, ports: [{ listenerPort: 80, containerPort: 8080 }, { listenerPort: 443, containerPort: 8443 }] }),
    ...extra,
  };
  return gw;
}

describe('Gateway API in the analyzer', () => {
  describe('hostname intersection (Gateway API Hostname semantics)', () => {
    test.each([
      [undefined, 'shop.example.com', true],
      ['shop.example.com', 'shop.example.com', true],
      ['shop.example.com', 'api.example.com', false],
      ['*.example.com', 'shop.example.com', true],
      ['*.example.com', 'a.b.example.com', true],
      ['*.example.com', 'example.com', false],
      ['shop.example.com', '*.example.com', true],
      ['*.example.com', '*.shop.example.com', true],
      ['*.example.org', '*.example.com', false],
    ])('listener %s and route %s intersect: %s', (l, r, expected) => {
      expect(hostnamesIntersect(l, r)).toBe(expected);
    });
  });

  describe('attachment', () => {
    test.each([
      ['a sectionName naming a listener', route('HTTPRoute', 'shop', 'a', 'edge/public', { sectionName: 'http' }), undefined, ['http']],
      ['no sectionName: every listener of the kind', route('HTTPRoute', 'shop', 'a', 'edge/public'), undefined, ['http', 'https']],
      ['a TLSRoute on HTTP listeners', route('TLSRoute', 'shop', 'a', 'edge/public'), 'protocol', []],
      ['a missing sectionName', route('HTTPRoute', 'shop', 'a', 'edge/public', { sectionName: 'grpc' }), 'no-listener', []],
      ['a Gateway not in the manifests', route('HTTPRoute', 'shop', 'a', 'edge/other'), 'no-gateway', []],
    ])('%s', (_what, r, failure, listeners) => {
      const model = gatewayApiModel([declaredGateway(), r]);
      expect(model.attachments.map(a => [a.failure, a.listeners.map(l => l.name)])).toEqual([[failure, listeners]]);
    });

    test('a label selector admits a namespace the manifests hold no Namespace object for, unless its name requirements refuse it', () => {
      // GIVEN listeners selecting namespaces by a label, and by name, and a route in namespace news (no Namespace object)
      const selecting = (selector: any) => gateway('edge', 'public', [{ ...listener('http'), allowedRoutes: { namespaces: { from: 'Selector', selector } } }]);
      const failure = (selector: any, extra: any[] = []) =>
        gatewayApiModel([selecting(selector), route('HTTPRoute', 'news', 'a', 'edge/public'), ...extra]).attachments[0].failure;
      // THEN its labels are unknown: only the name label decides
      expect(failure({ matchLabels: { 'gateway-access': 'yes' } })).toBeUndefined();
      expect(failure({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] })).toBe('namespace');
      // AND a Namespace object in the manifests makes its labels known
      const news = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'news', labels: { team: 'news' } } };
      expect(failure({ matchLabels: { 'gateway-access': 'yes' } }, [news])).toBe('namespace');
    });

    test('a parentRef port picks the listeners on that port', () => {
      const r = route('HTTPRoute', 'shop', 'a', 'edge/public');
      r.spec.parentRefs[0].port = 443;
      expect(gatewayApiModel([declaredGateway(), r]).attachments[0].listeners.map(l => l.name)).toEqual(['https']);
    });

    test('allowedRoutes.kinds counts only kinds of the Gateway API group that suit the protocol', () => {
      // GIVEN listeners declaring kinds their protocol cannot serve, or of another group
      const kinds = (protocol: string, declared: any[]) => gateway('edge', 'public', [{
        ...listener('l', { from: 'All', protocol, port: 443 }), allowedRoutes: { namespaces: { from: 'All' }, kinds: declared },
      }]);
      const failure = (gw: any, kind: string) => gatewayApiModel([gw, route(kind, 'shop', 'a', 'edge/public')]).attachments[0].failure;
      // THEN "A RouteGroupKind MUST correspond to kinds of Routes that are compatible with the [...] Protocol"
      expect(failure(kinds('HTTP', [{ kind: 'TLSRoute' }]), 'TLSRoute')).toBe('protocol');
      expect(failure(kinds('TLS', [{ kind: 'HTTPRoute' }]), 'HTTPRoute')).toBe('protocol');
      expect(failure(kinds('HTTP', [{ group: 'example.com', kind: 'HTTPRoute' }]), 'HTTPRoute')).toBe('protocol');
      expect(failure(kinds('HTTP', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }]), 'HTTPRoute')).toBeUndefined();
    });

    test('a TCPRoute attaches to TCP listeners only', () => {
      const gw = gateway('edge', 'public', [listener('pg', { from: 'All', protocol: 'TCP', port: 5432 }), listener('http', { from: 'All' })]);
      const tcp = route('TCPRoute', 'shop', 'db', 'edge/public');
      delete tcp.spec.hostnames;
      expect(gatewayApiModel([gw, tcp]).attachments.map(a => a.listeners.map(l => l.name))).toEqual([['pg']]);
    });

    describe('a UDPRoute', () => {
      // GIVEN a DNS server behind a UDP listener (53 → proxy container port 5353), its Service serving 53 over UDP and TCP
      const udpGateway = () => {
        const gw = gateway('edge', 'public', [listener('dns', { from: 'All', protocol: 'UDP', port: 53 }), listener('http', { from: 'All' })]);
        gw.metadata.annotations = {
          [DATA_PLANE]: JSON.stringify({ namespace: 'edge-system', podLabels: { proxy: 'edge' }, ports: [{ listenerPort: 53, containerPort: 5353 }] }),
        };
        return gw;
      };
      const dnsServer = () => deployment('infra', 'dns', {
        containers: [{
          name: 'dns',
          image: 'coredns/coredns:1.11.1',
          ports: [
            { name: 'dns', containerPort: 1053, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 1053, protocol: 'TCP' },
          ],
        }],
      });
      const dnsService = () => service('infra', 'dns', { ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }, { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp' }] });
      const udpRoute = () => {
        const r = route('UDPRoute', 'infra', 'dns', 'edge/public', { port: 53 });
        delete r.spec.hostnames;
        return r;
      };
      const admitProxiesOn = (protocol: string) => networkPolicy('infra', 'dns-ingress', {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'dns' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { proxy: 'edge' } } }], ports: [{ port: 1053, protocol }] }],
      });

      test('attaches to UDP listeners only and reaches the pods over UDP on the named UDP port', () => {
        const objects = [udpGateway(), dnsServer(), dnsService(), udpRoute(), admitProxiesOn('UDP')];
        expect(gatewayApiModel(objects).attachments.map(a => a.listeners.map(l => l.name))).toEqual([['dns']]);
        const r = Reachability.fromManifests(objects);
        // the declared proxies listen on UDP 5353
        expect(r.canBeReachedFrom('203.0.113.1', 'edge-system/public-data-plane', 5353, 'UDP')).toBe(true);
        const paths = r.gatewayRoutes();
        expect(paths.map(p => [p.route, p.listenerPort, p.proxyPort, p.service, p.servicePort, p.workload, p.podPort, p.protocol, p.toWorkload]))
          .toEqual([['UDPRoute/infra/dns', 53, 5353, 'infra/dns', 53, 'infra/dns', 1053, 'UDP', true]]);
        expect(r.explain('edge-system/public-data-plane', 'infra/dns', 1053, 'UDP')).toContain('→ UDPRoute/infra/dns → Service infra/dns:53 → infra/dns:1053');
        // exposure: reachable from outside through the route, over UDP
        const outside = r.exposure().findings.filter(f => f.workload === 'infra/dns' && f.category === 'outside-cluster');
        expect(outside.map(f => f.connections)).toEqual(['UDP 1053']);
      });

      test('a policy admitting the proxies over TCP only leaves the route without a way to the pods', () => {
        const r = Reachability.fromManifests([udpGateway(), dnsServer(), dnsService(), udpRoute(), admitProxiesOn('TCP')]);
        expect(r.gatewayRoutes().map(p => [p.protocol, p.toWorkload])).toEqual([['UDP', false]]);
      });
    });

    test('a Gateway the API server refuses attaches nothing', () => {
      // GIVEN listeners the Gateway CRD's validation rules refuse
      const refused = (listeners: any[]) => gatewayApiModel([gateway('edge', 'public', listeners), route('HTTPRoute', 'shop', 'a', 'edge/public')]);
      const duplicate = refused([listener('a', { from: 'All' }), listener('b', { from: 'All' })]);
      const passthrough = refused([{ ...listener('https', { from: 'All', protocol: 'HTTPS', port: 443 }), tls: { mode: 'Passthrough' } }]);
      // THEN each is listed with the rule it breaks, and the route does not attach
      expect(duplicate.gateways[0].invalid).toEqual(["listeners 'a' and 'b' have the same port, protocol and hostname (HTTP 80 without hostname; the combination must be unique)"]);
      expect(duplicate.attachments[0].failure).toBe('invalid-gateway');
      expect(passthrough.gateways[0].invalid).toEqual(["listener 'https' is HTTPS with tls.mode Passthrough (HTTPS needs mode Terminate; use protocol TLS for Passthrough)"]);
      expect(gatewayApiModel([declaredGateway()]).gateways[0].invalid).toEqual([]);
    });

    test('allowedRoutes.kinds narrows what a listener accepts', () => {
      const gw = gateway('edge', 'public', [{ ...listener('http', { from: 'All' }), allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }]);
      expect(gatewayApiModel([gw, route('HTTPRoute', 'shop', 'a', 'edge/public')]).attachments[0].failure).toBe('protocol');
    });
  });

  describe('the declared data plane', () => {
    test('is assumed as a workload with the mapped container ports, reaching only what policies allow', () => {
      // GIVEN a routed app admitting the proxies, and an app that does not
      const objects = [
        declaredGateway(),
        deployment('shop', 'api'), service('shop', 'api'),
        deployment('shop', 'db'), service('shop', 'db'),
        networkPolicy('shop', 'api-ingress', {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } }, podSelector: { matchLabels: { proxy: 'edge' } } }], ports: [{ port: 8080 }] }],
        }),
        networkPolicy('shop', 'db-ingress', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } }, policyTypes: ['Ingress'] }),
        route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' }),
        route('HTTPRoute', 'shop', 'db', 'edge/public', { sectionName: 'https', hostnames: ['db.example.com'] }),
      ];
      // WHEN
      const r = Reachability.fromManifests(objects);
      // THEN
      expect(r.workloads).toContain('edge-system/public-data-plane');
      expect(r.canBeReachedFrom('203.0.113.1', 'edge-system/public-data-plane', 8443)).toBe(true);
      expect(r.gatewayRoutes().map(p => [p.route, p.proxyPort, p.workload, p.podPort, p.toWorkload])).toEqual([
        ['HTTPRoute/shop/api', 8443, 'shop/api', 8080, true],
        ['HTTPRoute/shop/db', 8443, 'shop/db', 8080, false],
      ]);
      expect(r.explain('edge-system/public-data-plane', 'shop/db', 8080)).toContain('→ HTTPRoute/shop/db → Service shop/db:80 → shop/db:8080');
    });

    test('goes through the cluster tiers: an AdminNetworkPolicy Deny overrides the NetworkPolicy that admits the proxies', () => {
      // GIVEN shop/api admitting the proxies by NetworkPolicy, and an ANP denying shop ingress from edge-system
      const objects = [
        declaredGateway(),
        deployment('shop', 'api'), service('shop', 'api'),
        networkPolicy('shop', 'api-ingress', {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } } }], ports: [{ port: 8080 }] }],
        }),
        route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' }),
      ];
      const deny = {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'no-edge-into-shop' },
        spec: {
          priority: 5,
          subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
          ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } } }] }],
        },
      };
      // WHEN analyzed without and with the ANP
      const toWorkload = (extra: any[]) => Reachability.fromManifests([...objects, ...extra]).gatewayRoutes().map(p => [p.workload, p.toWorkload]);
      // THEN the route reaches shop/api only without the ANP
      expect(toWorkload([])).toEqual([['shop/api', true]]);
      expect(toWorkload([deny])).toEqual([['shop/api', false]]);
    });

    test('is not assumed when the manifests hold the proxy pods', () => {
      const proxies = deployment('edge-system', 'envoy', {}, { proxy: 'edge' });
      const r = Reachability.fromManifests([declaredGateway(), proxies]);
      expect(r.workloads.filter(w => w.startsWith('edge-system/'))).toEqual(['edge-system/envoy']);
    });

    test('is ignored when the annotation is not the JSON the library writes', () => {
      const r = Reachability.fromManifests([declaredGateway({ [DATA_PLANE]: 'envoy' })]);
      expect(r.workloads.filter(w => w.startsWith('edge-system/'))).toEqual([]);
    });

    test('brings cert-manager\'s solver pod into the namespace of a Gateway annotated with an issuer', () => {
      const r = Reachability.fromManifests([declaredGateway({ 'cert-manager.io/cluster-issuer': 'letsencrypt' })]);
      expect(r.workloads).toContain('edge/cm-acme-http-solver');
      expect(Reachability.fromManifests([declaredGateway({ 'cert-manager.io/cluster-issuer': 'le' })], { assumeAcmeSolvers: false }).workloads)
        .not.toContain('edge/cm-acme-http-solver');
    });
  });

  describe('backends', () => {
    const base = [declaredGateway(), deployment('shop', 'api'), service('shop', 'api'), deployment('shop', 'audit'), service('shop', 'audit')];
    const workloadsOf = (r: any) => [...new Set(Reachability.fromManifests([...base, r]).gatewayRoutes().map(p => p.workload))];

    test('a backend of weight 0 receives no traffic ("no traffic should be forwarded for this entry")', () => {
      const r = route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' });
      r.spec.rules[0].backendRefs.push({ name: 'audit', port: 80, weight: 0 });
      expect(workloadsOf(r)).toEqual(['shop/api']);
    });

    test('a RequestMirror backend receives copies of the requests', () => {
      const r = route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' });
      r.spec.rules[0].filters = [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'audit', port: 80 } } }];
      expect(workloadsOf(r)).toEqual(['shop/api', 'shop/audit']);
    });

    test('the hostnames of a path are those its listener serves ("hostnames that do not match the Listener hostname MUST be ignored")', () => {
      const gw = gateway('edge', 'public', [listener('http', { from: 'All', hostname: '*.example.com' })]);
      const r = route('HTTPRoute', 'shop', 'api', 'edge/public', { hostnames: ['shop.example.com', 'shop.example.net'] });
      expect(Reachability.fromManifests([gw, deployment('shop', 'api'), service('shop', 'api'), r]).gatewayRoutes().map(p => p.hostnames))
        .toEqual([['shop.example.com']]);
    });
  });

  test('outside clients reach the proxies when any address of the source ranges may, not only the first', () => {
    // GIVEN source ranges 10.0.0.0/8 and 198.51.100.0/24, and a proxy policy admitting only 198.51.100.0/24
    const gw = declaredGateway();
    gw.spec.infrastructure = { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8,198.51.100.0/24' } };
    const proxyPolicy = (cidr: string) => networkPolicy('edge-system', 'proxies', {
      podSelector: { matchLabels: { proxy: 'edge' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr } }] }],
    });
    const objects = [gw, deployment('shop', 'api'), service('shop', 'api'), route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' })];
    const fromOutside = (cidr: string) => Reachability.fromManifests([...objects, proxyPolicy(cidr)]).gatewayRoutes().map(p => p.fromOutside);
    // THEN it is reached through the second range, and through a piece inside the first; not from elsewhere
    expect(fromOutside('198.51.100.0/24')).toEqual([true]);
    expect(fromOutside('10.1.0.0/16')).toEqual([true]);
    expect(fromOutside('203.0.113.0/24')).toEqual([false]);
  });

  test('a cross-namespace backend is followed only with a ReferenceGrant', () => {
    const base = [declaredGateway(), deployment('shop', 'api'), service('shop', 'api'), route('HTTPRoute', 'edge', 'shared', 'edge/public', { backend: 'api', backendNamespace: 'shop' })];
    expect(Reachability.fromManifests(base).gatewayRoutes()).toEqual([]);
    expect(Reachability.fromManifests([...base, referenceGrant('shop', 'HTTPRoute', 'edge')]).gatewayRoutes().map(p => p.workload)).toEqual(['shop/api', 'shop/api']);
  });
});
