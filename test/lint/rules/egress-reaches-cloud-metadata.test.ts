import { Testing } from 'cdk8s';
import { ExposedApp, ExternalDependency, lint, Peer, ZeroTrustNamespace } from '../../../src';
import { findingsOf, networkPolicy, objectsOf } from '../manifests';

const RULE = 'egress-reaches-cloud-metadata';

function egress(rule: any): any {
  return networkPolicy('production', 'api-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [rule] });
}

describe('lint', () => {
  describe('egress-reaches-cloud-metadata', () => {
    test('warns when an ipBlock 0.0.0.0/0 without an except opens 169.254.169.254 on port 80', () => {
      expect(findingsOf(RULE, [egress({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 80 }] })])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'NetworkPolicy/production/api-egress',
        message: 'NetworkPolicy production/api-egress lets its pods reach the cloud metadata service 169.254.169.254 on TCP 80 (ipBlock 0.0.0.0/0), '
          + 'from which a pod can read the node\'s cloud credentials; add 169.254.169.254/32 to the ipBlock\'s except, or narrow the CIDR',
      }]);
    });

    test('warns about the IPv6 endpoint fd00:ec2::254 under ::/0', () => {
      const [finding] = findingsOf(RULE, [egress({ to: [{ ipBlock: { cidr: '::/0' } }] })]);
      expect(finding.message).toMatch(/reach the cloud metadata service fd00:ec2::254 on TCP 80 \(ipBlock ::\/0\).*add fd00:ec2::254\/128/);
    });

    test('warns about a rule with no destination at all', () => {
      const [finding] = findingsOf(RULE, [egress({ ports: [{ protocol: 'TCP', port: 80 }] })]);
      expect(finding.message).toMatch(/169.254.169.254 and fd00:ec2::254 .*a rule with no `to` \(every destination\)/);
    });

    test.each([
      ['an except covering the address', { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }] }],
      ['ports that do not include 80', { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
      ['UDP only', { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'UDP', port: 80 }] }],
      ['a pod peer', { to: [{ podSelector: {} }] }],
      ['a CIDR without the address', { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
    ])('is silent for %s', (_what, rule) => {
      expect(objectsOf(RULE, [egress(rule)])).toEqual([]);
    });

    test('counts a port range holding 80', () => {
      expect(objectsOf(RULE, [egress({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 1, endPort: 1024 }] })]))
        .toEqual(['NetworkPolicy/production/api-egress']);
    });

    test('is silent for the library\'s defaults, and warns for a user-written Peer.addresses 0.0.0.0/0', () => {
      // GIVEN an app with the default ExternalName egress (public internet) and one with a wide peer
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production');
      const partner = new ExternalDependency(ns, 'partner', { externalName: 'api.partner.com', ports: [80, 443] });
      const api = new ExposedApp(ns, 'api', { image: 'ghcr.io/acme/api:1.4.2' });
      api.connectTo(partner);
      const objects = Testing.synth(ns);
      expect(lint(objects).filter(f => f.rule === RULE)).toEqual([]);
      // WHEN a user opens the whole IPv4 internet on 80
      const web = new ExposedApp(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
      web.connectTo(Peer.addresses(['0.0.0.0/0'], { ports: [80] }));
      // THEN
      expect(lint(Testing.synth(ns)).filter(f => f.rule === RULE).map(f => f.object)).toEqual(['NetworkPolicy/production/web-egress']);
    });

    test('tells a rule without `to` to add one, rather than to edit an ipBlock it does not have', () => {
      const open = networkPolicy('shop', 'open', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
      expect(findingsOf(RULE, [open])[0].message).toMatch(/give the rule a `to` that leaves them out \(e.g. ipBlock 0.0.0.0\/0 except 169.254.169.254\/32\)/);
    });
  });
});
