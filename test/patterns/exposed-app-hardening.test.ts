import { Size } from 'cdk8s';
import { containerOf, errorOf, find, IMAGE, objectsOf, plainChart, policyNames, zeroTrust } from './_helpers';
import { ExposedApp, Exposure, Protocol, ZeroTrustNamespace } from '../../src';

describe('ExposedApp hardening', () => {
  test('admits outside clients on the container ports when externalIPs are set in a ZeroTrustNamespace', () => {
    // GIVEN / WHEN
    const { ns } = zeroTrust('production');
    new ExposedApp(ns, 'api', { image: IMAGE, externalIPs: ['203.0.113.7'] });
    // THEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'api-ingress');
    expect(policy.spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('adds no policy for externalIPs outside a ZeroTrustNamespace', () => {
    const { chart } = plainChart();
    new ExposedApp(chart, 'api', { image: IMAGE, externalIPs: ['203.0.113.7'] });
    expect(policyNames(objectsOf(chart))).toEqual([]);
  });

  test('renders memory in the largest whole binary unit', () => {
    const { ns } = zeroTrust('production');
    new ExposedApp(ns, 'api', { image: IMAGE, resources: { memory: { request: Size.kibibytes(500), limit: Size.gibibytes(2) } } });
    const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));
    expect(container.resources.requests.memory).toBe('500Ki');
    expect(container.resources.limits.memory).toBe('2Gi');
  });

  test('fails when an Ingress targets a UDP port', () => {
    const { ns } = zeroTrust('production');
    const message = errorOf(() => new ExposedApp(ns, 'dns', {
      image: IMAGE,
      ports: [{ name: 'dns', port: 53, protocol: Protocol.UDP }],
      exposure: Exposure.ingress({ host: 'dns.example.com' }),
    }));
    expect(message).toContain("ExposedApp 'dns': port 'dns' is UDP");
  });

  test.each(['kube-system', 'kube-public', 'kube-node-lease'])('ZeroTrustNamespace rejects the system namespace %s', (name) => {
    const { app } = plainChart();
    expect(errorOf(() => new ZeroTrustNamespace(app, 'sys', { name }))).toContain(`name '${name}' is reserved`);
  });
});
