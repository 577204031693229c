/**
 * The workloads a cluster runs that manifests rarely hold: CoreDNS, the ingress-nginx controller,
 * cert-manager's ACME solver pods, and the caller's extra workloads.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

const ingress = (ns: string, name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: ns, annotations },
  spec: { ingressClassName: 'nginx', rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] },
});

describe('Reachability assumed DNS', () => {
  const app = deployment('default', 'app', { app: 'app' });
  const dnsByName = policy('default', 'dns-by-name', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'dns-tcp', protocol: 'TCP' }],
    }],
  });

  test('assumes kube-system/coredns with dns (53/UDP) and dns-tcp (53/TCP) by default', () => {
    // GIVEN an app whose egress is limited to the DNS pods' named ports
    const r = Reachability.fromManifests([app, dnsByName]);
    // THEN CoreDNS is a workload and the named ports resolve on it
    expect(r.workloads).toEqual(['default/app', 'kube-system/coredns']);
    expect(r.canReach('default/app', 'kube-system/coredns', 53, 'UDP')).toBe(true);
    expect(r.canReach('default/app', 'kube-system/coredns', 53, 'TCP')).toBe(true);
    expect(r.canReach('default/app', 'kube-system/coredns', 5353, 'UDP')).toBe(false);
  });

  test('uses the DNS workload of the manifests instead when they hold one', () => {
    const r = Reachability.fromManifests([app, dnsByName,
      deployment('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns', 'version': 'v1' }, [{ port: 53, protocol: 'UDP', name: 'dns' }])]);
    expect(r.workloads).toEqual(['default/app', 'kube-system/kube-dns']);
    expect(r.canReach('default/app', 'kube-system/kube-dns', 53, 'UDP')).toBe(true);
  });

  test('assumes nothing when assumeDns is false', () => {
    expect(Reachability.fromManifests([app], { assumeDns: false }).workloads).toEqual(['default/app']);
  });
});

describe('Reachability assumed ingress controller', () => {
  const shop = [
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
    policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('shop', 'web-from-ingress', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
        }],
        ports: [{ port: 'http' }],
      }],
    }),
  ];

  test('assumes ingress-nginx/ingress-nginx-controller when an Ingress exists', () => {
    const r = Reachability.fromManifests([...shop, ingress('shop', 'web')], { assumeDns: false });
    expect(r.workloads).toEqual(['ingress-nginx/ingress-nginx-controller', 'shop/web']);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'shop/web', 8080)).toBe(true);
    expect(r.toJson().flows).toContainEqual({ from: 'ingress-nginx/ingress-nginx-controller', to: 'shop/web', port: 8080, protocol: 'TCP' });
  });

  test('assumes no controller without an Ingress, or when told not to', () => {
    expect(Reachability.fromManifests(shop, { assumeDns: false }).workloads).toEqual(['shop/web']);
    expect(Reachability.fromManifests([...shop, ingress('shop', 'web')], { assumeDns: false, assumeIngressController: false }).workloads)
      .toEqual(['shop/web']);
  });

  test('uses the controller of the manifests when they hold one', () => {
    const r = Reachability.fromManifests([...shop, ingress('shop', 'web'),
      deployment('ingress-nginx', 'controller', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, [80, 443])], { assumeDns: false });
    expect(r.workloads).toEqual(['ingress-nginx/controller', 'shop/web']);
  });
});

describe('Reachability assumed ACME solvers', () => {
  test.each([
    ['cert-manager.io/cluster-issuer', true],
    ['cert-manager.io/issuer', true],
    ['nginx.ingress.kubernetes.io/ssl-redirect', false],
  ])('an Ingress annotated %s gets a solver: %s', (annotation, expected) => {
    const r = Reachability.fromManifests([deployment('shop', 'web', { app: 'web' }), ingress('shop', 'web', { [annotation]: 'letsencrypt' })],
      { assumeDns: false, assumeIngressController: false });
    expect(r.workloads.includes('shop/cm-acme-http-solver')).toBe(expected);
  });

  test('the solver listens on 8089 and is reachable only where a policy lets the controller in', () => {
    // GIVEN two namespaces with TLS Ingresses under default-deny; only shop admits the controller to the solver
    const denyAll = (ns: string) => policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const r = Reachability.fromManifests([
      deployment('shop', 'web', { app: 'web' }), ingress('shop', 'web', { 'cert-manager.io/cluster-issuer': 'letsencrypt' }), denyAll('shop'),
      policy('shop', 'acme-solver', {
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
          ports: [{ port: 8089 }],
        }],
      }),
      deployment('blog', 'web', { app: 'web' }), ingress('blog', 'web', { 'cert-manager.io/issuer': 'letsencrypt' }), denyAll('blog'),
    ], { assumeDns: false });
    // THEN both namespaces have a solver, and only shop's is reachable
    expect(r.workloads).toEqual(['blog/cm-acme-http-solver', 'blog/web', 'ingress-nginx/ingress-nginx-controller', 'shop/cm-acme-http-solver', 'shop/web']);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'shop/cm-acme-http-solver', 8089)).toBe(true);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'blog/cm-acme-http-solver', 8089)).toBe(false);
    expect(r.toJson().flows.filter((f) => f.to.endsWith('/cm-acme-http-solver'))).toEqual([
      { from: 'ingress-nginx/ingress-nginx-controller', to: 'shop/cm-acme-http-solver', port: 8089, protocol: 'TCP' },
    ]);
  });
});

describe('Reachability extra workloads', () => {
  const gateway = {
    namespace: 'envoy-gateway-system',
    name: 'envoy-proxy',
    podLabels: { 'app.kubernetes.io/name': 'envoy', 'gateway.envoyproxy.io/owning-gateway-name': 'public' },
    namespaceLabels: { team: 'platform' },
    ports: [{ port: 10080, name: 'http' }, { port: 10443, protocol: 'tcp' }],
  };
  const objects = [
    deployment('shop', 'web', { app: 'web' }, [8080]),
    policy('shop', 'web-from-platform', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'envoy' } } }] }],
    }),
  ];

  test('are workloads with their pod labels, namespace labels and ports', () => {
    const r = Reachability.fromManifests(objects, { ...NOTHING_ASSUMED, extraWorkloads: [gateway] });
    expect(r.workloads).toEqual(['envoy-gateway-system/envoy-proxy', 'shop/web']);
    expect(r.canReach('envoy-gateway-system/envoy-proxy', 'shop/web', 8080)).toBe(true);
    expect(r.toJson().flows).toEqual([
      { from: 'envoy-gateway-system/envoy-proxy', to: 'envoy-gateway-system/envoy-proxy', port: 10080, protocol: 'TCP' },
      { from: 'envoy-gateway-system/envoy-proxy', to: 'envoy-gateway-system/envoy-proxy', port: 10443, protocol: 'TCP' },
      { from: 'envoy-gateway-system/envoy-proxy', to: 'shop/web', port: 8080, protocol: 'TCP' },
      { from: 'shop/web', to: 'envoy-gateway-system/envoy-proxy', port: 10080, protocol: 'TCP' },
      { from: 'shop/web', to: 'envoy-gateway-system/envoy-proxy', port: 10443, protocol: 'TCP' },
    ]);
  });

  test.each([
    ['a name the manifests use', { ...gateway, namespace: 'shop', name: 'web' },
      "Reachability.fromManifests: extraWorkloads[0]: 'shop/web' is already a workload (Deployment); give extra workloads names the manifests do not use"],
    ['an invalid namespace', { ...gateway, namespace: 'Envoy' }, "extraWorkloads[0]: namespace 'Envoy' is not a valid namespace name (a DNS-1123 label"],
    ['a port out of range', { ...gateway, ports: [{ port: 0 }] }, 'extraWorkloads[0].ports[0]: port must be a port number in 1-65535, got 0'],
    ['an unknown protocol', { ...gateway, ports: [{ port: 80, protocol: 'QUIC' }] }, "extraWorkloads[0].ports[0]: protocol 'QUIC' is not one of TCP, UDP, SCTP"],
    ['an invalid pod label', { ...gateway, podLabels: { 'a b': 'c' } }, "extraWorkloads[0].podLabels: 'a b' is not a valid label key"],
  ])('rejects %s', (_name, extra, message) => {
    expect(() => Reachability.fromManifests(objects, { extraWorkloads: [extra as any] })).toThrow(message as string);
  });

  test.each([
    ['ports that are not a list', { ports: 'http' }, "extraWorkloads[0].ports must be a list of { port, name?, protocol? }, got 'http'"],
    ['ports null', { ports: null }, 'extraWorkloads[0].ports must be a list of { port, name?, protocol? }, got null'],
    ['a port that is not an object', { ports: [null] }, 'extraWorkloads[0].ports[0] must be an object { port, name?, protocol? }, got null'],
    ['a protocol that is not a string', { ports: [{ port: 80, protocol: 6 }] }, 'extraWorkloads[0].ports[0]: protocol 6 is not one of TCP, UDP, SCTP'],
    ['a port name that is not a string', { ports: [{ port: 80, name: ['http'] }] }, 'extraWorkloads[0].ports[0]: name'],
    ['namespace labels null', { namespaceLabels: null }, 'extraWorkloads[0].namespaceLabels must be a map of label keys to values, got null'],
    ['namespace labels that are a Date', { namespaceLabels: new Date(0) }, 'extraWorkloads[0].namespaceLabels must be a map of label keys to values'],
    ['a namespace longer than 63 characters', { namespace: 'a'.repeat(64) }, 'is not a valid namespace name (a DNS-1123 label: at most 63'],
    ['a name longer than 253 characters', { name: 'b'.repeat(254) }, 'is not a valid Kubernetes name (at most 253'],
  ])('rejects %s in the house voice, never with a TypeError', (_name, change, message) => {
    const call = () => Reachability.fromManifests([], { extraWorkloads: [{ namespace: 'edge', name: 'proxy', podLabels: { app: 'proxy' }, ...change } as any] });
    expect(call).toThrow(message);
    expect(call).toThrow(/^Reachability.fromManifests: extraWorkloads\[0\]/);
  });

  test('lint names itself in the errors of its reachability options', () => {
    expect(() => lint([], { reachability: { extraWorkloads: [{ namespace: 'edge', name: 'proxy', podLabels: { app: 'proxy' }, ports: 0 as any }] } }))
      .toThrow(/^lint: extraWorkloads\[0\]\.ports must be a list/);
    expect(() => lint([], { reachability: { podCidrs: null as any } })).toThrow(/^lint: podCidrs must be a list of CIDRs, got null/);
  });

  test('rejects namespace labels that contradict the manifests', () => {
    expect(() => Reachability.fromManifests([...objects, namespace('envoy-gateway-system', { team: 'network' })], { extraWorkloads: [gateway] }))
      .toThrow("extraWorkloads[0].namespaceLabels: team=platform contradicts team=network already set on namespace 'envoy-gateway-system'");
  });
});
