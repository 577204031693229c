/**
 * `explain` for people: the ends named as people name them (Service names and ports, names
 * without a namespace, outside addresses, ExternalName and selector-less Services) resolve to
 * pods and container ports, and the verdicts still name the deciding policies and rules.
 */
import { App } from 'cdk8s';
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { ExposedApp, ZeroTrustNamespace } from '../../src';
import { Reachability } from '../../src/analysis';

const sel = (app: string) => ({ podSelector: { matchLabels: { app } } });

function service(ns: string, name: string, selector: Record<string, string> | undefined, ports: any[], extra: any = {}): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ...(selector ? { selector } : {}), ports, ...extra } };
}

/** shop: web -> api under default-deny; Services in front of api; two outside dependencies. */
function shop(): any[] {
  return [
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
    deployment('shop', 'api', { app: 'api' }, [{ port: 8080, name: 'http' }, { port: 9090, name: 'metrics' }]),
    deployment('staging', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
    service('shop', 'api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
    service('shop', 'api-svc', { app: 'api' }, [{ name: 'https', port: 8443, targetPort: 8080 }, { name: 'metrics', port: 9090 }]),
    service('shop', 'web-svc', { app: 'web' }, [{ port: 80, targetPort: 'nope' }]),
    service('shop', 'orphan', { app: 'gone' }, [{ port: 80 }]),
    service('shop', 'payments', undefined, [], { type: 'ExternalName', externalName: 'api.partner.com' }),
    service('shop', 'legacy-db', undefined, [{ name: 'mysql', port: 3306 }]),
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'legacy-db-ipv4', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'legacy-db' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['203.0.113.10'] }],
      ports: [{ name: 'mysql', port: 3306 }],
    },
    policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('shop', 'web-egress', {
      ...sel('web'),
      policyTypes: ['Egress'],
      egress: [{ to: [sel('api')], ports: [{ port: 8080 }] }, { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 3306 }] }],
    }),
    policy('shop', 'api-ingress', {
      ...sel('api'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [sel('web')], ports: [{ port: 'http' }] }, { from: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 8080 }] }],
    }),
  ];
}

describe('Reachability.explain with people\'s names', () => {
  const r = Reachability.fromManifests(shop(), NOTHING_ASSUMED);

  describe('workloads', () => {
    test('a workload and a declared container port explain exactly as before, without resolution lines', () => {
      const text = r.explain('shop/web', 'shop/api', 8080);
      expect(text.split('\n')[0]).toBe('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
      expect(text).toContain('allowed by shop/web-egress spec.egress[0] (to[0] podSelector app=api; TCP 8080)');
    });

    test('a Service port given for a workload is explained on its targetPort (the port users think in)', () => {
      // GIVEN Service shop/api: port 80 -> targetPort 'http' (8080) WHEN asked about 80
      const text = r.explain('shop/web', 'shop/api', 80);
      // THEN the Service port is resolved, said so, and the verdict is on 8080, naming the rules
      expect(text).toContain("port 80 of shop/api is Service shop/api port 80/TCP (http) → targetPort 'http' (8080) on shop/api[Deployment]\n");
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
      expect(text).toContain("allowed by shop/api-ingress spec.ingress[0] (from[0] podSelector app=web; named port 'http' (TCP 8080))");
      expect(text).not.toContain('declares no container port');
    });

    test('a port neither declared nor a Service port is explained as given, with the footnote', () => {
      const text = r.explain('shop/web', 'shop/api', 81);
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 81 : denied');
      expect(text).toContain('note: shop/api declares no container port TCP 81');
    });

    test('a name without namespace resolves when one namespace has it', () => {
      const text = r.explain('shop/web', 'api', 8080);
      expect(text.split('\n')[0]).toBe("'api' is shop/api");
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
    });

    test('a name in several namespaces is refused, naming them', () => {
      expect(() => r.explain('web', 'shop/api', 8080)).toThrow(
        "Reachability.explain: 'web' for 'from' is in several namespaces ('shop/web', 'staging/web'); give 'namespace/name'");
    });

    test.each([
      ['shop/apii', "did you mean 'shop/api'?"],
      ['production/api', "did you mean 'shop/api'?"],
      ['api-sv', "did you mean 'shop/api-svc' or 'shop/api'?"],
      ['shop/api-server', "did you mean 'shop/api'?"],
      ['shop/paymnets', "did you mean 'shop/payments'?"],
    ])('an unknown name %s gets a did-you-mean', (typed, suggestion) => {
      expect(() => r.explain('shop/web', typed, 8080)).toThrow(
        `Reachability.explain: unknown workload or Service '${typed}' for 'to'; give 'namespace/name' (a workload, or a Service with ':port'), `
        + `an IP address or a CIDR; ${suggestion}`);
    });

    test('an unknown name far from every known one gets no suggestion', () => {
      expect(() => r.explain('zzzzzzzz/qqqqqq', 'shop/api', 8080)).toThrow(/for 'from'; give 'namespace\/name' \(a workload, or a Service\), an IP address or a CIDR$/);
    });
  });

  describe('Services', () => {
    test('namespace/service:port resolves to the selected pods and the numeric targetPort', () => {
      const text = r.explain('shop/web', 'shop/api-svc:8443');
      expect(text).toContain('Service shop/api-svc selects shop/api[Deployment]\n');
      expect(text).toContain('shop/api-svc:8443 is Service shop/api-svc port 8443/TCP (https) → targetPort 8080 on shop/api[Deployment]\n');
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
      expect(text).toContain('allowed by shop/web-egress spec.egress[0]');
    });

    test('a Service port name works too', () => {
      const text = r.explain('shop/web', 'shop/api-svc:https');
      expect(text).toContain('shop/api-svc:https is Service shop/api-svc port 8443/TCP (https) → targetPort 8080 on shop/api[Deployment]');
      expect(text).toContain(': TCP 8080 : allowed');
    });

    test('where a workload and its Service share a name, name:port means the Service port', () => {
      // GIVEN Deployment shop/api and Service shop/api (port 80 'http' only) WHEN asked about shop/api:metrics
      expect(() => r.explain('shop/web', 'shop/api:metrics')).toThrow(
        "Reachability.explain: Service 'shop/api' has no port metrics; its ports: 80/TCP (http) → targetPort 'http'");
      // and a port number without ':' is still the workload's own port first
      expect(r.explain('shop/web', 'shop/api', 9090)).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9090 : denied');
    });

    test('a denied Service port names the deciding policies and the near misses', () => {
      const text = r.explain('shop/web', 'shop/api-svc:metrics');
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9090 : denied');
      expect(text).toContain('shop/web-egress spec.egress[0] matches to[0] podSelector app=api but allows only TCP 8080');
      expect(text).toContain('isolated for ingress by shop/api-ingress, shop/default-deny');
    });

    test('the port may also be given as the port argument for a Service named without one', () => {
      expect(r.explain('shop/web', 'shop/api-svc', 8443)).toContain(': TCP 8080 : allowed');
    });

    test('a Service as the source stands for its pods', () => {
      const text = r.explain('shop/web-svc', 'shop/api', 8080);
      expect(text).toContain('Service shop/web-svc selects shop/web[Deployment]');
      expect(text).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
    });

    test('a named targetPort the pods do not declare is said, not explained', () => {
      const text = r.explain('shop/api', 'shop/web-svc:80');
      expect(text).toContain("Service shop/web-svc port 80/TCP → targetPort 'nope': shop/web declares no container port named 'nope' (TCP)");
      expect(text).toContain('nothing to explain: no pod answers on that port');
    });

    test.each([
      [['shop/web', 'shop/api-svc:81'], "Reachability.explain: Service 'shop/api-svc' has no port 81; its ports: 8443/TCP (https) → targetPort 8080, "
        + '9090/TCP (metrics) → targetPort 9090'],
      [['shop/web', 'shop/api-svc:8443', 80], "Reachability.explain: port 80 contradicts 'shop/api-svc:8443' for 'to'; give the port once"],
      [['shop/web', 'shop/api-svc'], "Reachability.explain: no port for 'shop/api-svc'; give a port, or a Service port as 'namespace/service:port'"],
      [['shop/web', 'shop/api-svc:99999'], "Reachability.explain: port '99999' in 'shop/api-svc:99999' for 'to' is neither a port number"],
      [['shop/web:80', 'shop/api', 8080], "Reachability.explain: 'shop/web:80' for 'from' has a port; a port belongs to the destination ('to')"],
      [['shop/web', 'shop/orphan:80'], "Reachability.explain: Service 'shop/orphan' for 'to' selects no workload of the manifests (selector app=gone)"],
      [['shop/api', 'shop/web:grpc'], "Reachability.explain: shop/web declares no port named 'grpc', nor does a Service in front of it; its named ports: 'http'"],
      [['shop/web', 'shop/api:80/udp'], "Reachability.explain: Service 'shop/api' has no port 80/udp; its ports: 80/TCP (http) → targetPort 'http'"],
    ])('refuses %j in one sentence', (args, message) => {
      const [from, to, port] = args as [string, string, number?];
      expect(() => r.explain(from, to, port)).toThrow(message);
    });

    test('a port of a workload without a Service is asked as given, protocol included', () => {
      const text = r.explain('shop/api', 'staging/web:80/udp');
      expect(text).toContain('shop/api[Deployment] => staging/web[Deployment] : UDP 80 : denied');
      expect(text).toContain('note: staging/web declares no container port UDP 80');
    });
  });

  describe('outside the cluster', () => {
    test('an IP destination is decided by the egress side alone, with its piece of the address space', () => {
      const text = r.explain('shop/web', '203.0.113.10', 3306);
      expect(text).toEqual([
        '203.0.113.10 is outside the cluster: the public internet (documentation range TEST-NET-3, RFC 5737)',
        'in the connectivity list, shop/web[Deployment] => 203.0.113.0-203.0.113.255 : TCP 3306 holds 203.0.113.10',
        'shop/web[Deployment] => 203.0.113.10 : TCP 3306 : allowed',
        'egress of shop/web: allowed',
        '  isolated for egress by shop/default-deny, shop/web-egress',
        '  allowed by shop/web-egress spec.egress[1] (to[0] ipBlock 203.0.113.0/24; TCP 3306)',
        'no NetworkPolicy applies on the side of 203.0.113.10, outside the cluster',
        '',
      ].join('\n'));
    });

    test('an IP source is decided by the ingress side alone', () => {
      const text = r.explain('198.51.100.7', 'shop/api', 8080);
      expect(text).toContain('198.51.100.7 => shop/api[Deployment] : TCP 8080 : allowed');
      expect(text).toContain('allowed by shop/api-ingress spec.ingress[1] (from[0] ipBlock 198.51.100.0/24; TCP 8080)');
      expect(text).not.toContain('egress of');
    });

    test.each([
      ['10.1.2.3', 'a private network (RFC 1918)'],
      ['169.254.169.254', 'the cloud metadata endpoint'],
      ['8.8.8.8', 'the public internet'],
      ['fd12::1', 'a private network (unique local addresses, RFC 4193)'],
      ['2001:db8::1', 'the public internet (documentation range, RFC 3849)'],
    ])('says which piece of the outside world %s falls in', (address, words) => {
      expect(r.explain('shop/web', address, 443).split('\n')[0]).toContain(`${address} is outside the cluster: ${words}`);
    });

    test('an address may carry the port, IPv6 in brackets', () => {
      expect(r.explain('shop/web', '203.0.113.10:3306')).toContain('shop/web[Deployment] => 203.0.113.10 : TCP 3306 : allowed');
      expect(r.explain('shop/web', '[2001:db8::1]:443')).toContain('shop/web[Deployment] => 2001:db8::1 : TCP 443 : denied');
    });

    test('an address no rule reaches says that no line of the connectivity list holds it', () => {
      expect(r.explain('8.8.8.8', 'shop/web', 8080)).toContain(
        'no line of the connectivity list to shop/web[Deployment] holds 8.8.8.8: nothing is allowed there\n8.8.8.8 => shop/web[Deployment] : TCP 8080 : denied');
    });

    test('a CIDR is cut where the rules cut it, each piece with its verdict and rules', () => {
      // GIVEN web may send 3306 to 203.0.113.0/24 only WHEN asked about 203.0.0.0/16
      const text = r.explain('shop/web', '203.0.0.0/16', 3306);
      // THEN two paragraphs: the /24 allowed by its rule, the rest of the /16 denied
      expect(text).toContain('shop/web[Deployment] => 203.0.113.0/24 : TCP 3306 : allowed\negress of shop/web: allowed\n');
      expect(text).toContain('allowed by shop/web-egress spec.egress[1] (to[0] ipBlock 203.0.113.0/24; TCP 3306)');
      expect(text).toContain('shop/web[Deployment] => 203.0.0.0/16 except 203.0.113.0/24 : TCP 3306 : denied\n');
      expect(text.indexOf(': allowed')).toBeLessThan(text.indexOf(': denied'));
    });

    test('a CIDR with one verdict is one paragraph under its own name', () => {
      const text = r.explain('198.51.100.0/25', 'shop/api', 8080);
      expect(text).toContain('198.51.100.0/25 => shop/api[Deployment] : TCP 8080 : allowed');
      expect(text.match(/ : TCP 8080 : /g)).toHaveLength(1);
    });

    test('an ExternalName Service is explained by the addresses its name may resolve to', () => {
      // GIVEN web's egress allows 3306 to 203.0.113.0/24 only
      const text = r.explain('shop/web', 'shop/payments', 3306);
      expect(text).toContain('shop/payments is an ExternalName Service for api.partner.com: a DNS name outside the cluster, which NetworkPolicy cannot match');
      expect(text).toContain('shop/web[Deployment] => shop/payments (api.partner.com) at 203.0.113.0/24 : TCP 3306 : allowed');
      expect(text).toMatch(/shop\/web\[Deployment\] => shop\/payments \(api\.partner\.com\) at 0\.0\.0\.0\/0 except 203\.0\.113\.0\/24[^\n]* : TCP 3306 : denied/);
      expect(text).toContain('whether shop/web reaches api.partner.com depends on the addresses it resolves to, which NetworkPolicy never sees');
    });

    test('a selector-less Service stands for the addresses of its EndpointSlices', () => {
      const text = r.explain('shop/web', 'shop/legacy-db:mysql');
      expect(text).toContain('Service shop/legacy-db has no selector; its EndpointSlices hold 203.0.113.10\n');
      expect(text).toContain('shop/web[Deployment] => 203.0.113.10 : TCP 3306 : allowed');
    });

    test('an ExternalName Service cannot be a source, and two outside ends are refused', () => {
      expect(() => r.explain('shop/payments', 'shop/api', 8080)).toThrow(
        "Reachability.explain: 'shop/payments' for 'from' is an ExternalName Service (api.partner.com), a name outside the cluster");
      expect(() => r.explain('8.8.8.8', '1.1.1.1', 53)).toThrow(
        "Reachability.explain: both ends are outside the cluster ('8.8.8.8' and '1.1.1.1')");
    });
  });
});

describe('Reachability.explain of a port number served over two protocols', () => {
  // kube-dns's layout: one Service port number, 53/UDP listed before 53/TCP, each to its own container port
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dns', namespace: 'sys', labels: { app: 'dns' } },
      spec: { containers: [{ name: 'c', image: 'x:1', ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 5353 }] }] },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cl', namespace: 'sys', labels: { app: 'cl' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dns', namespace: 'sys' },
      spec: { selector: { app: 'dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' }] },
    },
  ];

  test('takes TCP when no protocol is given, as everywhere else, whatever order the Service lists them in', () => {
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    expect(r.explain('sys/cl', 'sys/dns:53')).toContain('sys/dns:53 is Service sys/dns port 53/TCP (dns-tcp)');
    expect(r.explain('sys/cl', 'sys/dns:53')).toMatch(/=> sys\/dns\[Pod\] : TCP 5353/);
    expect(r.explain('sys/cl', 'sys/dns:53/udp')).toMatch(/=> sys\/dns\[Pod\] : UDP 5353/);
  });
});

describe('Reachability.explain on the library\'s own output', () => {
  test('frontend-service -> api-service on the Service port 80 is allowed (the policies open the container port 8080)', () => {
    // GIVEN two apps of a zero-trust namespace, the front end connected to the API
    const app = new App();
    const prod = new ZeroTrustNamespace(app, 'production');
    const api = new ExposedApp(prod, 'api-service', { image: 'ghcr.io/acme/api:1.4.2' });
    const frontend = new ExposedApp(prod, 'frontend-service', { image: 'ghcr.io/acme/web:2.0.1' });
    frontend.connectTo(api);
    const r = Reachability.fromApp(app);
    // WHEN asked on the Service port, by workload name and by Service:port
    for (const text of [r.explain('production/frontend-service', 'production/api-service', 80), r.explain('frontend-service', 'production/api-service:80')]) {
      // THEN allowed, on 8080, naming both policies
      expect(text).toContain('production/frontend-service[Deployment] => production/api-service[Deployment] : TCP 8080 : allowed');
      expect(text).toContain('allowed by production/frontend-service-egress spec.egress[0]');
      expect(text).toContain('allowed by production/api-service-ingress spec.ingress[0]');
    }
  });
});
