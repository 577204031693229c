import { Chart, Testing } from 'cdk8s';
import { errorOf, expectOneConflict, find, findAll, IMAGE, kindsAndNames, objectsOf, plainChart, policyNames, restrictedViolations, zeroTrust, namespaceBaseObjects } from './_helpers';
import {
  ExposedApp,
  Exposure,
  ExposureKind,
  ExternalTrafficPolicy,
  IngressControllerSelector,
  PathType,
  ServiceType,
} from '../../src';

const SELECTOR = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };

const INGRESS_NGINX_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

describe('Exposure', () => {
  describe('clusterIp', () => {
    test('gives a ClusterIP Service and no policy, also by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const explicit = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.clusterIp() });
      const implicit = new ExposedApp(ns, 'web', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(explicit.exposure.kind).toBe(ExposureKind.CLUSTER_IP);
      expect(implicit.exposure.kind).toBe(ExposureKind.CLUSTER_IP);
      for (const name of ['api', 'web']) {
        const service = find(objects, 'Service', name);
        expect(service.spec.type).toBe('ClusterIP');
        expect(service.spec).not.toHaveProperty('externalTrafficPolicy');
        expect(service.spec.ports[0]).not.toHaveProperty('nodePort');
      }
      expect(findAll(objects, 'Ingress')).toEqual([]);
      expect(policyNames(objects)).toEqual(['allow-dns', 'default-deny']);
    });
  });

  describe('nodePort', () => {
    test('gives a NodePort Service open to any client on the container port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.nodePort({ nodePort: 30080 }) });
      const objects = objectsOf(ns);

      // THEN
      const service = find(objects, 'Service', 'api');
      expect(service.spec.type).toBe('NodePort');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }]);
      expect(service.spec.externalTrafficPolicy).toBe('Cluster');
      expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      });
      expect(app.url).toBe('http://api.production.svc.cluster.local:80');
      expect(restrictedViolations(find(objects, 'Deployment', 'api'))).toEqual([]);
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('lets the cluster choose the node port when none is given', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.nodePort() });
      const service = find(objectsOf(ns), 'Service', 'api');

      // THEN
      expect(app.exposure.requestedNodePort).toBeUndefined();
      expect(service.spec.type).toBe('NodePort');
      expect(service.spec.ports[0]).not.toHaveProperty('nodePort');
    });

    test('keeps the client address and admits only the source ranges when they are given', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.nodePort({ sourceRanges: ['203.0.113.0/24', '2001:db8::/32'] }) });
      const objects = objectsOf(ns);

      // THEN
      const service = find(objects, 'Service', 'api');
      expect(service.spec.externalTrafficPolicy).toBe('Local');
      expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{
        from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '2001:db8::/32' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    });

    test('opens every container port of a multi-port app', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'dns', port: 53, containerPort: 5353, protocol: undefined }],
        exposure: Exposure.nodePort({ nodePort: 30053 }),
      });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').spec.ports.map((p: any) => p.nodePort)).toEqual([30053, undefined]);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].ports).toEqual([
        { protocol: 'TCP', port: 8080 },
        { protocol: 'TCP', port: 5353 },
      ]);
    });

    test.each([[30000], [32767]])('accepts node port %d', (nodePort) => {
      // WHEN
      const exposure = Exposure.nodePort({ nodePort });

      // THEN
      expect(exposure.requestedNodePort).toBe(nodePort);
      expect(exposure.serviceType).toBe(ServiceType.NODE_PORT);
    });

    test.each([[80], [29999], [32768]])('fails when nodePort %p is outside 30000-32767', (nodePort) => {
      // WHEN
      const message = errorOf(() => Exposure.nodePort({ nodePort }));

      // THEN
      expect(message).toBe(`Exposure.nodePort: nodePort ${nodePort} is outside 30000-32767 (the default service-node-port-range); omit nodePort to let the cluster pick one`);
    });

    test('fails when nodePort is not a whole number', () => {
      expect(errorOf(() => Exposure.nodePort({ nodePort: 30080.5 })))
        .toBe('Exposure.nodePort: nodePort must be a whole number in 30000-32767, got 30080.5; omit nodePort to let the cluster pick one');
    });

    test('fails at synthesis when two apps claim one node port, naming both', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const staging = new Chart(app, 'staging', { namespace: 'staging' });
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.nodePort({ nodePort: 30080 }) });
      new ExposedApp(staging, 'web', { image: IMAGE, exposure: Exposure.nodePort({ nodePort: 30080 }) });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'staging/web', owner: "ExposedApp 'web'", key: 'NodePort 30080', first: "ExposedApp 'api' at production/api" });
      expect(() => Testing.synth(ns)).toThrow(/NodePort 30080 is already claimed/);
    });

    test('accepts distinct node ports and several cluster-chosen ones', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.nodePort({ nodePort: 30080 }) });
      new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.nodePort({ nodePort: 30081 }) });
      new ExposedApp(ns, 'admin', { image: IMAGE, exposure: Exposure.nodePort() });
      new ExposedApp(ns, 'docs', { image: IMAGE, exposure: Exposure.nodePort() });

      // THEN
      expect(() => app.synthYaml()).not.toThrow();
      expect(findAll(objectsOf(ns), 'Service').map(s => s.spec.type)).toEqual(['NodePort', 'NodePort', 'NodePort', 'NodePort']);
    });
  });

  describe('loadBalancer', () => {
    test('gives a LoadBalancer Service with its annotations, open to any client by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        exposure: Exposure.loadBalancer({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }),
      });
      const objects = objectsOf(ns);

      // THEN
      const service = find(objects, 'Service', 'api');
      expect(service.spec.type).toBe('LoadBalancer');
      expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' });
      expect(service.spec.externalTrafficPolicy).toBe('Cluster');
      expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{
        from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    });

    test('restricts the load balancer and the policy to the source ranges and keeps the client address', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24', '198.51.100.0/24'] }) });
      const objects = objectsOf(ns);

      // THEN
      const service = find(objects, 'Service', 'api');
      expect(service.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
      expect(service.spec.externalTrafficPolicy).toBe('Local');
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{
        from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '198.51.100.0/24' } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('merges load balancer and topology annotations', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        topologyAwareRouting: true,
        exposure: Exposure.loadBalancer({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } }),
      });
      const service = find(objectsOf(ns), 'Service', 'api');

      // THEN
      expect(service.metadata.annotations).toEqual({
        'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
        'service.kubernetes.io/topology-mode': 'Auto',
      });
    });

    test('uses the given external traffic policy', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.loadBalancer({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }) });
      const service = find(objectsOf(ns), 'Service', 'api');

      // THEN
      expect(service.spec.externalTrafficPolicy).toBe('Local');
      expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
    });

    test('fails when source ranges come with externalTrafficPolicy Cluster', () => {
      // WHEN
      const message = errorOf(() => Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER }));

      // THEN
      expect(message).toContain("Exposure.loadBalancer: externalTrafficPolicy 'Cluster' SNATs client addresses, so sourceRanges [203.0.113.0/24]");
    });

    test.each([
      ['203.0.113.7', "source range '203.0.113.7' is not a CIDR block"],
      ['office/24', "source range 'office/24' is not a CIDR block"],
      ['203.0.113.0/33', "source range '203.0.113.0/33' is not a CIDR block"],
      ['167772160/8', "source range '167772160/8' is not a CIDR block"],
      ['10.0.0.1/8', "source range '10.0.0.1/8' has host bits set; use 10.0.0.0/8"],
    ])('fails when the source range %s is not a CIDR block', (range, expected) => {
      // WHEN
      const lb = errorOf(() => Exposure.loadBalancer({ sourceRanges: [range] }));
      const np = errorOf(() => Exposure.nodePort({ sourceRanges: [range] }));

      // THEN
      expect(lb).toContain(`Exposure.loadBalancer: ${expected}`);
      expect(np).toContain(`Exposure.nodePort: ${expected}`);
    });

    test('fails when source ranges are empty', () => {
      // WHEN
      const message = errorOf(() => Exposure.loadBalancer({ sourceRanges: [] }));

      // THEN
      expect(message).toContain('Exposure.loadBalancer: sourceRanges is empty');
    });
  });

  describe('ingress', () => {
    test('gives a ClusterIP Service and an Ingress of class nginx, admitting the ingress controller to the container port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects)).toEqual([
        ...namespaceBaseObjects('production'),
        'Deployment/api',
        'Service/api',
        'Ingress/api',
        'NetworkPolicy/api-ingress',
      ]);
      expect(find(objects, 'Service', 'api').spec.type).toBe('ClusterIP');
      const ingress = find(objects, 'Ingress', 'api');
      expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
      expect(ingress.metadata).not.toHaveProperty('annotations');
      expect(ingress.spec).toEqual({
        ingressClassName: 'nginx',
        rules: [{
          host: 'api.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] },
        }],
      });
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }],
      });
      expect(app.ingress?.kind).toBe('Ingress');
      expect(app.ingress?.name).toBe('api');
      expect(app.url).toBe('http://api.production.svc.cluster.local:80');
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('uses the given class, path, path type and annotations', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        exposure: Exposure.ingress({
          host: 'shop.example.com',
          path: '/api',
          pathType: PathType.EXACT,
          className: 'traefik',
          annotations: { 'traefik.ingress.kubernetes.io/router.middlewares': 'default-auth@kubernetescrd' },
        }),
      });
      const ingress = find(objectsOf(ns), 'Ingress', 'api');

      // THEN
      expect(ingress.metadata.annotations).toEqual({ 'traefik.ingress.kubernetes.io/router.middlewares': 'default-auth@kubernetescrd' });
      expect(ingress.spec.ingressClassName).toBe('traefik');
      expect(ingress.spec.rules[0].host).toBe('shop.example.com');
      expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/api', pathType: 'Exact' });
    });

    test('targets the first port by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [{ name: 'web', port: 8000, containerPort: 8080 }, { name: 'admin', port: 9000, containerPort: 9090 }],
        exposure: Exposure.ingress({ host: 'api.example.com' }),
      });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Ingress', 'api').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api', port: { number: 8000 } } });
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    });

    test('targets the port it names', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [{ name: 'web', port: 8000, containerPort: 8080 }, { name: 'admin', port: 9000, containerPort: 9090 }],
        exposure: Exposure.ingress({ host: 'admin.example.com', port: 'admin' }),
      });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Ingress', 'api').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api', port: { number: 9000 } } });
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 9090 }] }]);
    });

    test('fails when the named port is not a port of the app', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', port: 'grpc' }) }));

      // THEN
      expect(message).toContain("ExposedApp 'api': port 'grpc' is not a port of ExposedApp 'api'; its ports are http");
    });

    test('admits a custom ingress controller', () => {
      // GIVEN
      const { ns } = zeroTrust('production', {
        ingressController: IngressControllerSelector.of({ namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } }),
      });

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', className: 'traefik' }) });
      const policy = find(objectsOf(ns), 'NetworkPolicy', 'api-ingress');

      // THEN
      expect(policy.spec.ingress[0].from).toEqual([{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      }]);
    });

    test('accepts a wildcard host', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: '*.example.com' }) });

      // THEN
      expect(find(objectsOf(ns), 'Ingress', 'api').spec.rules[0].host).toBe('*.example.com');
    });

    test.each([
      ['https://api.example.com', "host 'https://api.example.com' must not contain a scheme"],
      ['api.example.com:8443', "host 'api.example.com:8443' must not contain a port"],
      ['API.example.com', "host 'API.example.com' must be lower case"],
      ['*', "host '*' is a bare wildcard"],
      ['api.*.example.com', "host 'api.*.example.com' is not a DNS name"],
      ['203.0.113.10', "host '203.0.113.10' is not a DNS name"],
      ['api_v2.example.com', "host 'api_v2.example.com' is not a DNS name"],
    ])('fails when the host %s is not a bare lower-case DNS name', (host, expected) => {
      // WHEN
      const message = errorOf(() => Exposure.ingress({ host }));

      // THEN
      expect(message).toContain(`Exposure.ingress: ${expected}`);
    });

    test('fails when the path does not start with /', () => {
      // WHEN
      const message = errorOf(() => Exposure.ingress({ host: 'api.example.com', path: 'api' }));

      // THEN
      expect(message).toContain("Exposure.ingress: path 'api' must start with '/'");
    });

    test('fails when the port name is not an IANA service name', () => {
      // WHEN
      const message = errorOf(() => Exposure.ingress({ host: 'api.example.com', port: 'Admin_Port' }));

      // THEN
      expect(message).toContain("Exposure.ingress: port name 'Admin_Port' is not an IANA service name");
    });

    test('fails at synthesis when two Ingresses claim one host and path, naming both', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const staging = new Chart(app, 'staging', { namespace: 'staging' });
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com', path: '/api' }) });
      new ExposedApp(staging, 'orders', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com', path: '/api' }) });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'staging/orders', owner: "ExposedApp 'orders'", key: 'Ingress route shop.example.com/api (class nginx)', first: "ExposedApp 'api' at production/api" });
    });

    test('accepts one host with distinct paths, and one host and path in two classes', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com', path: '/api' }) });
      new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com' }) });
      new ExposedApp(ns, 'internal', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com', className: 'internal' }) });

      // THEN
      expect(() => app.synthYaml()).not.toThrow();
      expect(findAll(objectsOf(ns), 'Ingress').map(i => i.metadata.name)).toEqual(['api', 'web', 'internal']);
    });
  });

  describe('gatewayRoute', () => {
    const dataPlane = IngressControllerSelector.of({
      namespace: 'envoy-gateway-system',
      podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' },
    });

    test('gives a ClusterIP Service and an HTTPRoute, admitting the gateway data plane', () => {
      // GIVEN
      const { ns } = zeroTrust('production', { gatewayDataPlane: dataPlane });

      // WHEN
      const app = new ExposedApp(ns, 'api', {
        image: IMAGE,
        exposure: Exposure.gatewayRoute({
          gateway: { name: 'public', namespace: 'gateway', sectionName: 'https' },
          hostnames: ['api.example.com', 'api.example.org'],
          path: '/v1',
        }),
      });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').spec.type).toBe('ClusterIP');
      expect(findAll(objects, 'Ingress')).toEqual([]);
      const route = find(objects, 'HTTPRoute', 'api');
      expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(route.spec).toEqual({
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway', sectionName: 'https' }],
        hostnames: ['api.example.com', 'api.example.org'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name: 'api', port: 80 }] }],
      });
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
          podSelector: { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
      expect(app.httpRoute?.kind).toBe('HTTPRoute');
      expect(app.url).toBe('https://api.example.com/v1');
    });

    test('fails in a ZeroTrustNamespace without gatewayDataPlane', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', {
        image: IMAGE,
        exposure: Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'gateway' }, hostnames: ['api.example.com'] }),
      }));

      // THEN
      expect(message).toContain("ExposedApp 'api': Exposure.gatewayRoute needs the gatewayDataPlane prop of ZeroTrustNamespace 'production'");
    });

    test('works in a plain Chart without a data plane and creates no policy', () => {
      // GIVEN
      const { chart } = plainChart();

      // WHEN
      new ExposedApp(chart, 'api', {
        image: IMAGE,
        exposure: Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'gateway' }, hostnames: ['api.example.com'] }),
      });
      const objects = objectsOf(chart);

      // THEN
      expect(kindsAndNames(objects)).toEqual(['Deployment/api', 'Service/api', 'HTTPRoute/api']);
      expect(find(objects, 'HTTPRoute', 'api').spec.parentRefs[0]).not.toHaveProperty('sectionName');
      expect(find(objects, 'HTTPRoute', 'api').spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    });

    test('fails without hostnames', () => {
      // WHEN
      const message = errorOf(() => Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'gateway' }, hostnames: [] }));

      // THEN
      expect(message).toContain('Exposure.gatewayRoute: hostnames is empty');
    });

    test('fails when a hostname is not a DNS name', () => {
      // WHEN
      const message = errorOf(() => Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'gateway' }, hostnames: ['https://api.example.com'] }));

      // THEN
      expect(message).toContain("Exposure.gatewayRoute: hostnames[0] 'https://api.example.com' must not contain a scheme");
    });
  });
});
