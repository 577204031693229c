/**
 * What a plain-JavaScript caller (or a value read from a config file) gets for the mistakes the
 * TypeScript compiler would have caught: an error at construct time naming the construct, the prop,
 * the value and the rule — never a TypeError, never a silent coercion. Each case here was a
 * TypeError or silently wrong output before the run-time checks.
 */
import { App, Testing } from 'cdk8s';
import {
  AcmeClusterIssuer, DatabaseEngine, ExposedApp, Exposure, ExternalDependency, IngressGateway, Linter, lint,
  Reachability, StatefulDatabase, ZeroTrustNamespace,
} from '../../src';
import { errorOf, IMAGE, zeroTrust } from '../patterns/_helpers';

/** Calls `fn` with `args` as a plain-JavaScript caller would (no compile-time types). */
const js = (args: unknown): any => args;

describe('plain-JavaScript callers', () => {
  test.each([
    ['command', "ExposedApp 'api': command must be an array of strings, got the string 'node server.js'; give an array, e.g. ['node', 'server.js']"],
    ['args', "ExposedApp 'api': args must be an array of strings, got the string 'node server.js'; give an array, e.g. ['node', 'server.js']"],
    ['writablePaths', "ExposedApp 'api': writablePaths must be an array of strings, got the string 'node server.js'; give an array, e.g. ['node', 'server.js']"],
  ])('refuses a string for the array %s instead of spreading it into characters', (prop, expected) => {
    // GIVEN
    const { ns } = zeroTrust();
    // WHEN
    const message = errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, [prop]: 'node server.js' })));
    // THEN
    expect(message).toBe(expected);
  });

  test('refuses a string for a custom engine healthCommand', () => {
    const message = errorOf(() => DatabaseEngine.custom(js({ image: 'ghcr.io/acme/keydb:6.3.4', port: 6379, dataPath: '/data', healthCommand: 'keydb-cli ping' })));
    expect(message).toBe("DatabaseEngine.custom: healthCommand must be an array of strings, got the string 'keydb-cli ping'; give an array, e.g. ['keydb-cli', 'ping']");
  });

  test('says a numeric string is a string, not that it is out of range', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, port: '8080' })));
    expect(message).toBe("ExposedApp 'api': port must be a number, got the string '8080'; write 8080 without quotes");
  });

  test('refuses the name of a Service type where an Exposure is expected', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, exposure: 'loadBalancer' })));
    expect(message).toBe("ExposedApp 'api': exposure must be an Exposure, got the string 'loadBalancer'; use Exposure.clusterIp(), Exposure.nodePort(), Exposure.loadBalancer(), Exposure.ingress() or Exposure.gatewayRoute()");
  });

  test('refuses a URL string where an AcmeServer is expected', () => {
    const chart = Testing.chart();
    const message = errorOf(() => new AcmeClusterIssuer(chart, 'le', js({ email: 'ops@example.com', server: 'https://acme-v02.api.letsencrypt.org/directory' })));
    expect(message).toBe("AcmeClusterIssuer 'le': server must be an AcmeServer, got the string 'https://acme-v02.api.letsencrypt.org/directory'; use AcmeServer.PRODUCTION, AcmeServer.STAGING or AcmeServer.of(url)");
  });

  test('refuses an enum value in the wrong case and names the member to use', () => {
    const message = errorOf(() => new ZeroTrustNamespace(Testing.app(), 'prod', js({ podSecurity: 'Restricted' })));
    expect(message).toBe("ZeroTrustNamespace 'prod': podSecurity must be one of 'restricted', 'baseline', 'privileged' (PodSecurityLevel), got the string 'Restricted'; use PodSecurityLevel.RESTRICTED");
  });

  test('refuses a lower-case protocol on an app port and on an external dependency', () => {
    const { ns } = zeroTrust();
    expect(errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, ports: [{ name: 'dns', port: 53, protocol: 'udp' }] }))))
      .toBe("ExposedApp 'api': ports[0].protocol must be one of 'TCP', 'UDP', 'SCTP' (Protocol), got the string 'udp'; use Protocol.UDP");
    expect(errorOf(() => new ExternalDependency(ns, 'db', js({ addresses: ['203.0.113.10'], ports: [5432], protocol: 'tcp' }))))
      .toBe("ExternalDependency 'db': protocol must be one of 'TCP', 'UDP', 'SCTP' (Protocol), got the string 'tcp'; use Protocol.TCP");
  });

  test('refuses an array as a name', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, name: ['x'] })));
    expect(message).toBe('ExposedApp \'api\': name must be a string, got the array ["x"]');
  });

  test('refuses a number as an environment variable value', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new ExposedApp(ns, 'api', js({ image: IMAGE, env: { PORT: 8080 } })));
    expect(message).toBe("ExposedApp 'api': env['PORT'] must be a string, got 8080; quote numbers and booleans: environment variable values are strings");
  });

  test('refuses an engine name where a DatabaseEngine is expected', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new StatefulDatabase(ns, 'db', js({ engine: 'postgres' })));
    expect(message).toBe("StatefulDatabase 'db': engine must be a DatabaseEngine, got the string 'postgres'; use DatabaseEngine.POSTGRES, .MYSQL, .REDIS, .MONGODB or DatabaseEngine.custom()");
  });

  test('refuses a target name in connectTo and asks for the construct', () => {
    const { ns } = zeroTrust();
    const web = new ExposedApp(ns, 'web', { image: IMAGE });
    new ExposedApp(ns, 'api', { image: IMAGE });
    const message = errorOf(() => web.connectTo(js('api')));
    expect(message).toBe("ExposedApp 'web': target must be an ExposedApp, a StatefulDatabase, an ExternalDependency or a Peer, got the string 'api'; pass the construct, not its name");
  });

  test('names the missing image of an app created with empty props', () => {
    const { ns } = zeroTrust();
    const message = errorOf(() => new ExposedApp(ns, 'x', js({})));
    expect(message).toBe("ExposedApp 'x': image is required, got undefined; give an image reference with a tag or digest, e.g. ghcr.io/acme/api:1.4.2");
  });

  test('names the missing ports of an external dependency given an IP as externalName', () => {
    const { ns } = zeroTrust();
    expect(errorOf(() => new ExternalDependency(ns, 'db', js({ externalName: '203.0.113.10' }))))
      .toBe("ExternalDependency 'db': ports is required, got undefined; list the ports clients use, e.g. [443]");
    expect(errorOf(() => new ExternalDependency(ns, 'db', { externalName: '203.0.113.10', ports: [5432] })))
      .toContain("ExternalDependency 'db': externalName '203.0.113.10' is an IP address");
  });

  test('says an ExposedApp created directly in an App needs a Chart, in the house voice', () => {
    const app = new App();
    const message = errorOf(() => new ExposedApp(app, 'api', { image: IMAGE }));
    expect(message).toBe("ExposedApp 'api': scope must be a ZeroTrustNamespace or another Chart (or a construct inside one), got the App itself; cdk8s writes every object into the manifest of its Chart");
  });

  test('refuses null props and null for an optional prop', () => {
    const { ns } = zeroTrust();
    expect(errorOf(() => new IngressGateway(ns, 'gw', js(null)))).toBe("IngressGateway 'gw': props must be an object of named props, got null");
    expect(errorOf(() => Exposure.nodePort(js({ nodePort: null })))).toBe('Exposure.nodePort: nodePort must be a number, got null');
  });

  test('checks the inputs of the analysis and lint entry points', () => {
    expect(errorOf(() => Reachability.fromManifests([], js({ assumeDns: 'false' }))))
      .toBe("Reachability.fromManifests: assumeDns must be true or false, got the string 'false'");
    expect(errorOf(() => Reachability.fromManifests([]).canReach('kube-system/coredns', js({ ns: 'a' }), 80)))
      .toMatch(/^Reachability\.canReach: unknown workload the object \{"ns":"a"\} for 'to'/);
    expect(errorOf(() => lint(js('objects.yaml')))).toBe("lint: objects must be an array of Kubernetes objects, got the string 'objects.yaml'");
    expect(errorOf(() => lint([], js({ acknowledgements: { rule: 'x' } }))))
      .toBe('lint: acknowledgements must be an array of acknowledgements ({ rule, reason, object? }), got the object {"rule":"x"}');
    expect(errorOf(() => Linter.acknowledge(js('production'), 'missing-readiness-probe', 'batch worker')))
      .toBe("Linter.acknowledge: scope must be a construct, got the string 'production'");
    const { ns } = zeroTrust();
    expect(errorOf(() => Linter.acknowledge(ns, 'missing-readiness-probe', 'batch worker', 'api')))
      .toBe("Linter.acknowledge: the object of an acknowledgement of rule 'missing-readiness-probe' must be 'Kind/namespace/name' or 'Kind/name', got 'api'");
  });

  describe('misspelt and unknown props', () => {
    test.each([
      ['a top-level prop', () => new ExposedApp(zeroTrust().ns, 'api', js({ image: IMAGE, prot: 8080 })),
        "ExposedApp 'api': prot is not a known field of the props, got 8080; did you mean 'port'?"],
      ['a prop in another case', () => new ExposedApp(zeroTrust().ns, 'api', js({ image: IMAGE, Replicas: 3 })),
        "ExposedApp 'api': Replicas is not a known field of the props, got 3; did you mean 'replicas'?"],
      ['a field of a nested struct', () => new ExposedApp(zeroTrust().ns, 'api', js({ image: IMAGE, metrics: { port: 9090, pth: '/m' } })),
        "ExposedApp 'api': metrics.pth is not a known field of metrics, got the string '/m'; did you mean 'path'?"],
      ['a field of an array element', () => new ExposedApp(zeroTrust().ns, 'api', js({ image: IMAGE, ports: [{ name: 'http', port: 80, protocl: 'TCP' }] })),
        "ExposedApp 'api': ports[0].protocl is not a known field of ports[0], got the string 'TCP'; did you mean 'protocol'?"],
      ['an option of a factory', () => Exposure.ingress(js({ host: 'api.example.com', tsl: true })),
        "Exposure.ingress: tsl is not a known field of the options, got true; did you mean 'tls'?"],
      ['a prop nothing is close to', () => new ZeroTrustNamespace(new App(), 'prod', js({ isolation: 'strict' })),
        "ZeroTrustNamespace 'prod': isolation is not a known field of the props, got the string 'strict'; the fields are name, podSecurity, dns, ingressController, gatewayDataPlane, labels, monitoring, allowWithinNamespace, controlPlane, clusterDomain, clusterCidrs"],
      ['an option of lint', () => lint([], js({ disabledRule: ['removed-api'] })),
        "lint: disabledRule is not a known field of the options, got the array [\"removed-api\"]; did you mean 'disabledRules'?"],
      ['an option of the analyzer', () => Reachability.fromManifests([], js({ assumeDNS: false })),
        "Reachability.fromManifests: assumeDNS is not a known field of the options, got false; did you mean 'assumeDns'?"],
    ])('refuses %s instead of ignoring it and using the default', (_, create, expected) => {
      expect(errorOf(create)).toBe(expected);
    });

    test('refuses port numbers where connectTo takes port names, saying what a name looks like', () => {
      const { ns } = zeroTrust();
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      expect(errorOf(() => web.connectTo(api, js({ ports: [8080] }))))
        .toBe("ExposedApp 'web': ports[0] must be a string, got 8080; give the port's name, e.g. 'http' (a peer's numbered ports are named like 'tcp-9090')");
    });

    test('ignores an unknown field whose value is undefined (nothing would be lost)', () => {
      const { ns } = zeroTrust();
      expect(() => new ExposedApp(ns, 'api', js({ image: IMAGE, legacyOption: undefined }))).not.toThrow();
    });
  });
});
