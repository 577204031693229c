import { Testing } from 'cdk8s';
import { errorOf, expectOneConflict, find, findAll, IMAGE, kindsAndNames, objectsOf, plainChart, zeroTrust, namespaceBaseObjects } from './_helpers';
import { ExposedApp, ExternalDependency, lint, Protocol } from '../../src';

const LABELS = {
  'app.kubernetes.io/name': 'legacy-db',
  'app.kubernetes.io/instance': 'legacy-db',
  'app.kubernetes.io/component': 'external-dependency',
  'app.kubernetes.io/managed-by': 'cdk8s-network-patterns',
};

const SLICE_LABELS = {
  ...LABELS,
  'kubernetes.io/service-name': 'legacy-db',
  'endpointslice.kubernetes.io/managed-by': 'cdk8s-network-patterns',
};

describe('ExternalDependency', () => {
  describe('by DNS name (externalName)', () => {
    test('synthesizes an ExternalName Service without selector, ports or endpoints', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const dep = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects)).toEqual([
        ...namespaceBaseObjects('production'),
        'Service/payments',
      ]);
      const service = find(objects, 'Service', 'payments');
      expect(service.metadata.namespace).toBe('production');
      expect(service.spec).toEqual({ type: 'ExternalName', externalName: 'api.partner.com' });
      expect(findAll(objects, 'EndpointSlice')).toEqual([]);
      expect(dep.endpointSlices).toEqual([]);
      expect(lint(objects)).toEqual([]);
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('exposes its name, namespace, in-cluster host, outside name and ports', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const dep = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443, 8443] });

      // THEN
      expect(dep.name).toBe('payments');
      expect(dep.namespace).toBe('production');
      expect(dep.host).toBe('payments.production.svc.cluster.local');
      expect(dep.externalName).toBe('api.partner.com');
      expect(dep.addresses).toEqual([]);
      expect(dep.ports).toEqual([443, 8443]);
      expect(dep.protocol).toBe(Protocol.TCP);
      expect(dep.service.name).toBe('payments');
    });

    test('takes the Service name from the name prop and lands in the default namespace of a plain Chart', () => {
      // GIVEN
      const { chart } = plainChart();

      // WHEN
      const dep = new ExternalDependency(chart, 'Payments', { name: 'payments', externalName: 'api.partner.com', ports: [443] });
      const service = find(objectsOf(chart), 'Service', 'payments');

      // THEN
      expect(service.metadata).not.toHaveProperty('namespace');
      expect(dep.host).toBe('payments.default.svc.cluster.local');
    });
  });

  describe('by IP addresses', () => {
    test.each([
      ['IPv4 only: the cluster\'s default family', ['203.0.113.10'], {}],
      ['IPv6 only: an IPv6 Service, whose traffic kube-proxy sends to the IPv6 EndpointSlice', ['2001:db8::10'], { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }],
      ['both families: both where the cluster has them', ['203.0.113.10', '2001:db8::10'], { ipFamilyPolicy: 'PreferDualStack' }],
    ])('gives the Service the IP families of its addresses (%s)', (_, addresses, families) => {
      const { ns } = zeroTrust('production');
      new ExternalDependency(ns, 'db', { addresses, ports: [5432] });
      const spec = find(objectsOf(ns), 'Service', 'db').spec;
      expect({ ipFamilyPolicy: spec.ipFamilyPolicy, ipFamilies: spec.ipFamilies })
        .toEqual({ ipFamilyPolicy: undefined, ipFamilies: undefined, ...families });
    });

    test('synthesizes a Service without selector and an IPv4 EndpointSlice with the same port names and protocols', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const dep = new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10', '203.0.113.11'], ports: [3306] });
      const objects = objectsOf(ns);

      // THEN
      const service = find(objects, 'Service', 'legacy-db');
      expect(service.metadata.labels).toEqual(LABELS);
      expect(service.spec).toEqual({
        type: 'ClusterIP',
        ports: [{ name: 'tcp-3306', port: 3306, targetPort: 3306, protocol: 'TCP' }],
      });
      expect(service.spec).not.toHaveProperty('selector');
      const slices = findAll(objects, 'EndpointSlice');
      expect(slices).toHaveLength(1);
      expect(slices[0]).toEqual({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'legacy-db-ipv4', namespace: 'production', labels: SLICE_LABELS },
        addressType: 'IPv4',
        endpoints: [
          { addresses: ['203.0.113.10'], conditions: { ready: true } },
          { addresses: ['203.0.113.11'], conditions: { ready: true } },
        ],
        ports: [{ name: 'tcp-3306', port: 3306, protocol: 'TCP' }],
      });
      expect(dep.endpointSlices.map(s => s.name)).toEqual(['legacy-db-ipv4']);
      expect(dep.addresses).toEqual(['203.0.113.10', '203.0.113.11']);
      expect(dep.externalName).toBeUndefined();
      expect(lint(objects)).toEqual([]);
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('synthesizes one EndpointSlice per address family for mixed IPv4 and IPv6 addresses', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExternalDependency(ns, 'legacy-db', { addresses: ['2001:db8::10', '203.0.113.10', '2001:db8::11'], ports: [3306] });
      const objects = objectsOf(ns);

      // THEN
      const slices = findAll(objects, 'EndpointSlice');
      expect(slices.map(s => [s.metadata.name, s.addressType, s.endpoints.flatMap((e: any) => e.addresses)])).toEqual([
        ['legacy-db-ipv4', 'IPv4', ['203.0.113.10']],
        ['legacy-db-ipv6', 'IPv6', ['2001:db8::10', '2001:db8::11']],
      ]);
      for (const slice of slices) {
        expect(slice.metadata.labels).toEqual(SLICE_LABELS);
        expect(slice.ports).toEqual([{ name: 'tcp-3306', port: 3306, protocol: 'TCP' }]);
      }
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('synthesizes only an IPv6 EndpointSlice for IPv6 addresses', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExternalDependency(ns, 'legacy-db', { addresses: ['2001:db8::10'], ports: [3306] });

      // THEN
      expect(findAll(objectsOf(ns), 'EndpointSlice').map(s => [s.metadata.name, s.addressType])).toEqual([['legacy-db-ipv6', 'IPv6']]);
    });

    test('names several ports after protocol and number, the same in the Service and the EndpointSlice', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10'], ports: [5000, 5001], protocol: Protocol.UDP });
      const objects = objectsOf(ns);

      // THEN
      const servicePorts = find(objects, 'Service', 'legacy-db').spec.ports;
      expect(servicePorts).toEqual([
        { name: 'udp-5000', port: 5000, targetPort: 5000, protocol: 'UDP' },
        { name: 'udp-5001', port: 5001, targetPort: 5001, protocol: 'UDP' },
      ]);
      expect(find(objects, 'EndpointSlice', 'legacy-db-ipv4').ports).toEqual(
        servicePorts.map((p: any) => ({ name: p.name, port: p.port, protocol: p.protocol })),
      );
    });
  });

  describe('bad input', () => {
    test.each([
      ['neither', { ports: [443] }],
      ['both', { externalName: 'api.partner.com', addresses: ['203.0.113.10'], ports: [443] }],
    ])('fails when %s of externalName and addresses is given', (_, props) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', props));

      // THEN
      expect(message).toBe("ExternalDependency 'payments': give exactly one of externalName (an outside DNS name) or addresses (outside IPs)");
    });

    test.each([
      ['externalName', { externalName: 'api.partner.com' }],
      ['addresses', { addresses: ['203.0.113.10'] }],
    ])('fails when ports is empty, with %s', (_, props) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { ...props, ports: [] }));

      // THEN
      expect(message).toBe("ExternalDependency 'payments': ports is empty; list the ports clients use (the egress rules open exactly these)");
    });

    test.each([
      [[0], 'port must be a port number in 1-65535, got 0'],
      [[65536], 'port must be a port number in 1-65535, got 65536'],
      [[443, 443], 'port 443 is listed twice'],
    ])('fails when ports is %j', (ports, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports }));

      // THEN
      expect(message).toBe(`ExternalDependency 'payments': ${expected}`);
    });

    test('fails when addresses is empty', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'legacy-db', { addresses: [], ports: [3306] }));

      // THEN
      expect(message).toBe("ExternalDependency 'legacy-db': addresses is empty; list the outside IP addresses");
    });

    test.each([['203.0.113.10'], ['2001:db8::10']])('fails when externalName is the IP address %s, pointing to addresses', (value) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { externalName: value, ports: [443] }));

      // THEN
      expect(message).toBe(`ExternalDependency 'payments': externalName '${value}' is an IP address, but an ExternalName Service is a DNS CNAME; use addresses: ['${value}'] instead`);
    });

    test.each([
      ['https://api.partner.com'],
      ['https://api.partner.com/v1'],
      ['api.partner.com/v1'],
      ['api.partner.com:443'],
    ])('fails when externalName is the URL %s', (value) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { externalName: value, ports: [443] }));

      // THEN
      expect(message).toBe(`ExternalDependency 'payments': externalName '${value}' looks like a URL; give only the DNS name (e.g. api.partner.com), or use addresses for IPs`);
    });

    test('takes a fully qualified externalName with its trailing dot, as the API server does', () => {
      const { ns } = zeroTrust('production');
      const dep = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com.', ports: [443] });
      expect(dep.service.toJson().spec.externalName).toBe('api.partner.com.');
    });

    test.each([['010.0.0.1', '010.0.0.1'], ['203.0.113.10.', '203.0.113.10']])('refuses externalName %s, an address in another spelling, pointing to addresses', (value, address) => {
      const { ns } = zeroTrust('production');
      expect(errorOf(() => new ExternalDependency(ns, 'payments', { externalName: value, ports: [443] })))
        .toBe(`ExternalDependency 'payments': externalName '${value}' is an IP address, but an ExternalName Service is a DNS CNAME; use addresses: ['${address}'] instead`);
    });

    test.each([['API.partner.com'], ['api_v2.partner.com'], ['-api.partner.com'], ['api.partner.com..']])('fails when externalName %s is not a lowercase DNS name', (value) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { externalName: value, ports: [443] }));

      // THEN
      expect(message).toBe(`ExternalDependency 'payments': externalName '${value}' is not a lowercase DNS name (a DNS-1123 subdomain such as api.partner.com, with at most one trailing dot)`);
    });

    test.each([
      ['db.example.com', 'is not an IP address; use externalName for a DNS name'],
      ['203.0.113.0/24', 'is a CIDR block; list single IP addresses'],
      ['2001:db8::/64', 'is a CIDR block; list single IP addresses'],
      ['127.0.0.1', 'is loopback, which the API server rejects as an endpoint'],
      ['::1', 'is loopback, which the API server rejects as an endpoint'],
      ['169.254.1.1', 'is link-local, which the API server rejects as an endpoint'],
      ['fe80::1', 'is link-local, which the API server rejects as an endpoint'],
      ['0.0.0.0', 'is unspecified, which the API server rejects as an endpoint'],
      ['224.0.0.1', 'is multicast, which cannot be a Service endpoint'],
      ['ff02::1', 'is multicast, which cannot be a Service endpoint'],
      ['::', 'is unspecified, which the API server rejects as an endpoint'],
      ['::ffff:203.0.113.10', 'is an IPv4-mapped IPv6 address, which an IPv6 EndpointSlice rejects; give the IPv4 address 203.0.113.10'],
    ])('fails when an address is %s', (value, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10', value], ports: [3306] }));

      // THEN
      expect(message).toContain(`ExternalDependency 'legacy-db': address '${value}' ${expected}`);
    });

    test('fails when an address is listed twice, in any spelling', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'legacy-db', { addresses: ['2001:db8::10', '2001:0db8:0:0::10'], ports: [3306] }));

      // THEN
      expect(message).toBe("ExternalDependency 'legacy-db': address '2001:0db8:0:0::10' is listed twice; list each address once");
    });

    test('fails when the name is not a DNS label', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExternalDependency(ns, 'payments', { name: 'Payments', externalName: 'api.partner.com', ports: [443] }));

      // THEN
      expect(message).toContain("ExternalDependency 'Payments': name 'Payments' is not a valid DNS-1035 label");
    });

    test('fails at synthesis when an app of the same name lives in the same namespace', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      new ExposedApp(ns, 'payments-app', { image: IMAGE, name: 'payments' });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'production/payments-app', owner: "ExposedApp 'payments'", key: 'Service production/payments', first: "ExternalDependency 'payments' at production/payments" });
    });
  });
});
