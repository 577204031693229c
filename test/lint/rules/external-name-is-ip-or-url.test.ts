import { findingsOf, objectsOf } from '../manifests';

const RULE = 'external-name-is-ip-or-url';

function externalName(value: string): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'partner', namespace: 'production' }, spec: { type: 'ExternalName', externalName: value } };
}

describe('lint', () => {
  describe('external-name-is-ip-or-url', () => {
    test.each(['api.partner.com', 'db', 'my-db.rds.amazonaws.com', '10-0-0-1.nip.io'])('accepts the DNS name %s', (value) => {
      expect(objectsOf(RULE, [externalName(value)])).toEqual([]);
    });

    test.each(['203.0.113.10', '2001:db8::10', '[2001:db8::10]'])('rejects the IP address %s, pointing to addresses', (value) => {
      expect(findingsOf(RULE, [externalName(value)])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/partner',
        message: `Service production/partner has externalName ${value}, an IP address that DNS treats as a host name; `
          + 'use a selector-less Service with an EndpointSlice (ExternalDependency addresses) for an IP address',
      }]);
    });

    test.each([
      ['https://api.partner.com/v1', 'api.partner.com'],
      ['api.partner.com:443', 'api.partner.com'],
      ['api.partner.com/v1', 'api.partner.com'],
      ['postgres://user@db.partner.com:5432/app', 'db.partner.com'],
    ])('rejects the URL %s, suggesting the bare host', (value, host) => {
      const [finding] = findingsOf(RULE, [externalName(value)]);
      expect(finding.message).toBe(`Service production/partner has externalName ${value}, a URL rather than a DNS name; set externalName to the bare host name ${host} and put ports in spec.ports`);
    });

    test('rejects a URL holding an IP address, pointing to addresses', () => {
      const [finding] = findingsOf(RULE, [externalName('http://203.0.113.10:8080')]);
      expect(finding.message).toMatch(/a URL rather than a DNS name; use a selector-less Service with an EndpointSlice/);
    });

    test('ignores other Service types', () => {
      const s = externalName('203.0.113.10');
      s.spec.type = 'ClusterIP';
      expect(objectsOf(RULE, [s])).toEqual([]);
    });
  });
});
