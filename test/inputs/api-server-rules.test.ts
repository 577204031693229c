/**
 * Values TypeScript accepts but the Kubernetes API server (or the Gateway API's CRD validation)
 * would refuse: each is an error at construct time naming both values, or a sound default whose
 * output the schema test accepts.
 */
import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AcmeClusterIssuer, DatabaseEngine, DnsSelector, ExposedApp, Exposure, ExternalDependency, GatewayDataPlane, IngressGateway, IngressTls, PathType,
  Peer, Protocol, StatefulDatabase, ZeroTrustNamespace,
} from '../../src';
import { containerOf, errorOf, find, IMAGE, objectsOf, podSpecOf, zeroTrust } from '../patterns/_helpers';

const KEYDB = { image: 'ghcr.io/acme/keydb:6.3.4', port: 6379, dataPath: '/data' };

describe('values the API server refuses', () => {
  describe('resources', () => {
    test('raises the default memory limit to a larger request', () => {
      // GIVEN an app asking for more memory than the default limit (256Mi)
      const { ns } = zeroTrust();
      new ExposedApp(ns, 'api', { image: IMAGE, resources: { memory: { request: Size.mebibytes(512) } } });
      // WHEN
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));
      // THEN the limit follows the request instead of staying below it
      expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    });

    test('lowers the default requests to smaller limits', () => {
      const { ns } = zeroTrust();
      new ExposedApp(ns, 'api', { image: IMAGE, resources: { cpu: { limit: kplus.Cpu.millis(50) }, memory: { limit: Size.mebibytes(64) } } });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));
      expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '50m', memory: '64Mi' } });
    });

    test.each([
      ['memory', { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } }, 'resources.memory.request 512Mi is more than resources.memory.limit 256Mi'],
      ['cpu', { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(200) } }, 'resources.cpu.request 500m is more than resources.cpu.limit 200m'],
      ['ephemeral storage', { ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } }, 'resources.ephemeralStorage.request 2Gi is more than resources.ephemeralStorage.limit 1Gi'],
    ])('fails when a %s request is above the limit the user gave, naming both', (_, resources, expected) => {
      const { ns } = zeroTrust();
      const message = errorOf(() => {
        new ExposedApp(ns, 'api', { image: IMAGE, resources });
        Testing.synth(ns);
      });
      expect(message).toContain(`ExposedApp 'api': ${expected}; the API server requires request ≤ limit`);
    });

    test('fails when a database memory request is above its limit', () => {
      const { ns } = zeroTrust();
      const message = errorOf(() => {
        new StatefulDatabase(ns, 'db', { engine: DatabaseEngine.POSTGRES, resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(2) } } });
        Testing.synth(ns);
      });
      expect(message).toContain("StatefulDatabase 'db': resources.memory.request 4Gi is more than resources.memory.limit 2Gi");
    });
  });

  describe('volumes', () => {
    test('fails when a custom engine writes its data to a default writable path', () => {
      const message = errorOf(() => DatabaseEngine.custom({ ...KEYDB, dataPath: '/tmp' }));
      expect(message).toBe("DatabaseEngine.custom: writablePaths[0] '/tmp' is also the dataPath '/tmp'; the API server refuses two volume mounts at one path — the dataPath is writable already, drop it from writablePaths");
    });

    test.each([
      ['an app', () => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, writablePaths: ['/tmp', '/cache', '/tmp'] }), "ExposedApp 'api'"],
      ['a custom engine', () => DatabaseEngine.custom({ ...KEYDB, writablePaths: ['/tmp', '/cache', '/tmp'] }), 'DatabaseEngine.custom'],
    ])('fails when %s lists one writable path twice', (_, create, owner) => {
      expect(errorOf(create)).toBe(`${owner}: writablePaths[2] '/tmp' repeats writablePaths[0] '/tmp'; two volume mounts at one directory shadow each other (the API server refuses identical paths) — list each path once`);
    });

    test('fails on one directory written twice (a trailing slash), and on the root directory', () => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, writablePaths: ['/tmp', '/tmp/'] })))
        .toBe("ExposedApp 'api': writablePaths[1] '/tmp/' repeats writablePaths[0] '/tmp'; two volume mounts at one directory shadow each other (the API server refuses identical paths) — list each path once");
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, writablePaths: ['/'] })))
        .toBe("ExposedApp 'api': writablePaths[0] '/' is the root directory; an empty volume there would hide the whole image — list the directories the app writes to");
    });

    test('gives an emptyDir another name than the PVC template it would collide with', () => {
      // GIVEN an engine whose writable path /data would become the emptyDir `data`, the PVC template's name
      const { ns } = zeroTrust();
      new StatefulDatabase(ns, 'db', { engine: DatabaseEngine.custom({ ...KEYDB, dataPath: '/var/lib/keydb', writablePaths: ['/data'] }) });
      // WHEN
      const sts = find(objectsOf(ns), 'StatefulSet', 'db');
      // THEN the claim keeps `data`, the emptyDir gets `data-2`, and each path has its own volume
      expect(sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
      expect(podSpecOf(sts).volumes).toEqual([{ name: 'data-2', emptyDir: {} }]);
      expect(containerOf(sts).volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/keydb' }, { name: 'data-2', mountPath: '/data' }]);
    });

    test('fails when an app writable path is relative', () => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, writablePaths: ['tmp'] })))
        .toBe("ExposedApp 'api': writablePaths[0] 'tmp' must start with '/'");
    });
  });

  describe('labels and annotations', () => {
    test.each([
      [{ 'team name': 'shop' }, "labels key 'team name' has a name part that is not 1-63 letters"],
      [{ 'a/b/c': 'shop' }, "labels key 'a/b/c' has more than one /"],
      [{ 'Example.com/team': 'shop' }, "labels key 'Example.com/team' has a prefix that is not a lowercase DNS subdomain"],
      [{ team: 'x'.repeat(64) }, "labels['team'] must be a label value, got the string 'xxxxxxxx"],
      [{ team: 'shop floor' }, "labels['team'] must be a label value, got the string 'shop floor'"],
    ])('refuses the ZeroTrustNamespace labels %j', (labels, expected) => {
      expect(errorOf(() => new ZeroTrustNamespace(Testing.app(), 'prod', { labels }))).toContain(`ZeroTrustNamespace 'prod': ${expected}`);
    });

    test('refuses invalid pod labels of a DNS selector', () => {
      expect(errorOf(() => DnsSelector.of({ namespace: 'openshift-dns', podLabels: { 'dns operator': 'default' } })))
        .toContain("DnsSelector.of: podLabels key 'dns operator' has a name part");
    });

    test.each([
      ['a load balancer', () => Exposure.loadBalancer({ annotations: { 'a/b/c': 'x' } }), 'Exposure.loadBalancer'],
      ['an ingress', () => Exposure.ingress({ host: 'api.example.com', annotations: { 'bad key': 'x' } }), 'Exposure.ingress'],
      ['a gateway', () => new IngressGateway(zeroTrust().ns, 'gw', { annotations: { '/x': 'y' } }), "IngressGateway 'gw'"],
    ])('refuses invalid annotation keys on %s', (_, create, owner) => {
      expect(errorOf(create)).toMatch(new RegExp(`^${owner.replace(/[.]/g, '\\.')}: annotations key '.*' has`));
    });

    test('accepts any string as an annotation value', () => {
      const { ns } = zeroTrust();
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.loadBalancer({ annotations: { 'example.com/note': 'any text: even "quotes" and spaces' } }) });
      expect(find(objectsOf(ns), 'Service', 'api').metadata.annotations['example.com/note']).toBe('any text: even "quotes" and spaces');
    });

    test('fails when an AcmeClusterIssuer name is too long for the label value it also becomes', () => {
      const name = `letsencrypt-${'a'.repeat(60)}`;
      expect(errorOf(() => new AcmeClusterIssuer(Testing.chart(), 'le', { email: 'ops@example.com', name })))
        .toBe(`AcmeClusterIssuer '${name}': name '${name}' is 72 characters, but it is also the value of the label app.kubernetes.io/name, which allows 63; give a name of at most 63 characters`);
    });
  });

  describe('TLS', () => {
    test('fails when the Secret name derived from a long host exceeds 253 characters', () => {
      const host = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(60)}.com`;
      const message = errorOf(() => Exposure.ingress({ host, tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt' }) }));
      expect(message).toMatch(/^Exposure\.ingress: tls secret name '.*-com-tls' derived from host '.*' is longer than the 253 characters of a Secret name; give tls a secretName$/);
    });

    test('accepts the same long host with an explicit secretName', () => {
      const host = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(60)}.com`;
      const { ns } = zeroTrust();
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host, tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt', secretName: 'api-tls' }) }) });
      expect(find(objectsOf(ns), 'Ingress', 'api').spec.tls).toEqual([{ hosts: [host], secretName: 'api-tls' }]);
    });
  });

  describe('paths', () => {
    test.each(['/api//v1', '/api/..', '/./api', '/api%2Fv1', '/api/.'])('refuses the Ingress path %s on an exposure and a gateway route', (path) => {
      const { ns } = zeroTrust();
      const app = new ExposedApp(ns, 'web', { image: IMAGE });
      expect(errorOf(() => Exposure.ingress({ host: 'api.example.com', path })))
        .toMatch(new RegExp(`^Exposure\\.ingress: path '${path.replace(/[.]/g, '\\.')}' contains '.*', which the API server refuses in an Ingress Prefix path`));
      expect(errorOf(() => new IngressGateway(ns, 'gw').addRoute({ host: 'shop.example.com', path, app })))
        .toMatch(/^IngressGateway 'gw': path '.*' contains '.*', which the API server refuses in an Ingress Prefix path/);
    });

    test('leaves ImplementationSpecific paths to the controller', () => {
      const { ns } = zeroTrust();
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', path: '/api//legacy', pathType: PathType.IMPLEMENTATION_SPECIFIC }) });
      expect(find(objectsOf(ns), 'Ingress', 'api').spec.rules[0].http.paths[0].path).toBe('/api//legacy');
    });

    test.each(['/api//v1', '/api/..', '/./api', '/api%2fv1', '/api#top'])('refuses the HTTPRoute path %s', (path) => {
      expect(errorOf(() => Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['api.example.com'], path })))
        .toMatch(/^Exposure\.gatewayRoute: path '.*' contains '.*', which .*HTTPRoute path match/);
    });
  });

  describe('Gateway API limits', () => {
    const route = (options: any) => Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['api.example.com'], ...options });

    test('fails with more than 16 hostnames', () => {
      const hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
      expect(errorOf(() => route({ hostnames }))).toBe('Exposure.gatewayRoute: hostnames has 17 entries, more than the 16 an HTTPRoute accepts; split the hosts over several routes');
    });

    test.each(['HTTPS', '', 'https_public'])('fails on the sectionName %j', (sectionName) => {
      expect(errorOf(() => route({ gateway: { name: 'public', namespace: 'infra', sectionName } })))
        .toBe(`Exposure.gatewayRoute: gateway.sectionName '${sectionName}' is not a listener name (a lowercase DNS-1123 subdomain of at most 253 characters, e.g. https)`);
    });

    test('accepts a dotted sectionName', () => {
      const chart = Testing.chart();
      new ExposedApp(chart, 'api', { image: IMAGE, exposure: route({ gateway: { name: 'public', namespace: 'infra', sectionName: 'https.shop' } }) });
      expect(find(objectsOf(chart), 'HTTPRoute', 'api').spec.parentRefs[0].sectionName).toBe('https.shop');
    });
  });

  describe('addresses and numbers', () => {
    test.each([
      ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['0.0.0.0', 'unspecified'], ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'],
      ['224.0.0.1', 'multicast'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:169.254.1.1', 'link-local'], ['::ffff:0.0.0.0', 'unspecified'],
    ])('refuses the externalIP %s (%s)', (ip, range) => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, externalIPs: [ip] })))
        .toBe(`ExposedApp 'api': externalIP '${ip}' is ${range}, which the API server refuses in externalIPs; give an address the nodes receive traffic on`);
    });

    test('fails on two ports with one Service port and protocol, naming both', () => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, ports: [{ name: 'http', port: 80 }, { name: 'web', port: 80, containerPort: 8081 }] })))
        .toBe("ExposedApp 'api': ports 'http' and 'web' are both Service port 80/TCP, which the API server refuses; give each port its own number");
      // one number on two protocols is two Service ports
      new ExposedApp(zeroTrust().ns, 'dns', { image: IMAGE, ports: [{ name: 'dns-udp', port: 53, protocol: Protocol.UDP }, { name: 'dns-tcp', port: 53 }] });
    });

    test('fails on more addresses or ports than one EndpointSlice holds', () => {
      const addresses = Array.from({ length: 1001 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.1`);
      expect(errorOf(() => new ExternalDependency(zeroTrust().ns, 'db', { addresses, ports: [5432] })))
        .toBe("ExternalDependency 'db': addresses lists 1001 IPv4 addresses, more than the 1000 endpoints an EndpointSlice holds; split the dependency");
      expect(errorOf(() => new ExternalDependency(zeroTrust().ns, 'db', { addresses: ['203.0.113.10'], ports: Array.from({ length: 101 }, (_, i) => 1000 + i) })))
        .toBe("ExternalDependency 'db': ports lists 101 ports, more than the 100 an EndpointSlice holds; split the dependency");
      // the limits themselves are fine
      new ExternalDependency(zeroTrust().ns, 'db', { addresses: addresses.slice(0, 1000), ports: Array.from({ length: 100 }, (_, i) => 1000 + i) });
    });

    test('fails on a peer name that would start an environment variable name with a digit', () => {
      expect(errorOf(() => Peer.pods({ name: '8080', podLabels: { app: 'x' }, ports: [{ name: 'http', port: 80 }], serviceName: 'svc' })))
        .toBe("Peer.pods '8080': name '8080' starts with a digit, so connectTo's 8080_HOST / _PORT would not be valid environment variable names; start the name with a letter");
      // without a Service there is no environment variable
      Peer.pods({ name: '8080', podLabels: { app: 'x' }, ports: [{ name: 'http', port: 80 }] });
    });

    test('fails on an empty construct id in the house voice', () => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, '', { image: IMAGE, name: 'api' })))
        .toBe("ExposedApp 'api': id must be a non-empty string, got the string ''; the id names the construct in its scope (only the App's own id is empty)");
      expect(errorOf(() => new ZeroTrustNamespace(Testing.app(), '', { name: 'prod' }))).toMatch(/^ZeroTrustNamespace 'prod': id must be a non-empty string/);
    });

    test('GatewayDataPlane.containerPort checks its listener port', () => {
      const plane = GatewayDataPlane.envoyGateway();
      expect(plane.containerPort(80)).toBe(10080);
      expect(errorOf(() => plane.containerPort('80' as any))).toBe("GatewayDataPlane.containerPort: listenerPort must be a number, got the string '80'; write 80 without quotes");
      expect(errorOf(() => plane.containerPort(70000))).toBe('GatewayDataPlane.containerPort: listenerPort must be a port number in 1-65535, got 70000');
      expect(errorOf(() => plane.containerPort(1.5))).toMatch(/^GatewayDataPlane.containerPort: listenerPort must be a whole number, got 1.5/);
      expect(errorOf(() => plane.containerPort(Symbol('x') as any))).toMatch(/^GatewayDataPlane.containerPort: listenerPort must be a number/);
    });

    test('fails on an empty healthCommand', () => {
      expect(errorOf(() => DatabaseEngine.custom({ ...KEYDB, healthCommand: [] })))
        .toBe('DatabaseEngine.custom: healthCommand must not be empty, got []; give at least one of the strings');
    });

    test('fails on a secretEnv key that is not a Secret key', () => {
      expect(errorOf(() => DatabaseEngine.custom({ ...KEYDB, secretEnv: { PASSWORD: 'db password' } })))
        .toBe("DatabaseEngine.custom: secretEnv['PASSWORD'] 'db password' is not a Secret key (at most 253 letters, digits, '-', '_' or '.')");
    });

    test('fails on replicas beyond int32', () => {
      expect(errorOf(() => new ExposedApp(zeroTrust().ns, 'api', { image: IMAGE, replicas: 2 ** 31 })))
        .toBe("ExposedApp 'api': replicas must be at most 2147483647, got 2147483648; spec.replicas is an int32");
      expect(errorOf(() => new StatefulDatabase(zeroTrust().ns, 'db', { engine: DatabaseEngine.POSTGRES, replicas: 2 ** 31 })))
        .toBe("StatefulDatabase 'db': replicas must be at most 2147483647, got 2147483648; spec.replicas is an int32");
    });

    test('fails on a database version that is not an image tag', () => {
      expect(errorOf(() => new StatefulDatabase(zeroTrust().ns, 'db', { engine: DatabaseEngine.POSTGRES, version: '16:4' })))
        .toBe("StatefulDatabase 'db': version '16:4' is not an image tag (at most 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')");
    });
  });

  describe('IngressClass names', () => {
    test('accepts a DNS-1123 subdomain as the class of an exposure, a gateway and an issuer', () => {
      // GIVEN
      const { ns } = zeroTrust();
      const chart = Testing.chart();
      const api = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', className: 'nginx.internal' }) });
      new IngressGateway(ns, 'gw', { className: 'nginx.internal' }).addRoute({ host: 'shop.example.com', app: api });
      new AcmeClusterIssuer(chart, 'le', { email: 'ops@example.com', ingressClassName: 'nginx.internal' });
      // WHEN
      const objects = objectsOf(ns);
      // THEN
      expect(find(objects, 'Ingress', 'api').spec.ingressClassName).toBe('nginx.internal');
      expect(find(objects, 'Ingress', 'gw').spec.ingressClassName).toBe('nginx.internal');
      expect(find(objectsOf(chart), 'ClusterIssuer', 'le').spec.acme.solvers[0].http01.ingress.ingressClassName).toBe('nginx.internal');
    });
  });
});
