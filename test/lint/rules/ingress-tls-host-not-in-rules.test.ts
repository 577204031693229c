import { findingsOf, ingress, objectsOf } from '../manifests';

const RULE = 'ingress-tls-host-not-in-rules';

function withTls(hosts: string[], ruleHost = 'shop.example.com'): any {
  return ingress('production', 'shop', ruleHost, 'web', { number: 80 }, { spec: { tls: [{ hosts, secretName: 'shop-tls' }] } });
}

describe('lint', () => {
  describe('ingress-tls-host-not-in-rules', () => {
    test('is silent when every TLS host has a rule', () => {
      expect(objectsOf(RULE, [withTls(['shop.example.com'])])).toEqual([]);
    });

    test('accepts a wildcard on either side', () => {
      expect(objectsOf(RULE, [withTls(['*.example.com'])])).toEqual([]);
      expect(objectsOf(RULE, [withTls(['shop.example.com'], '*.example.com')])).toEqual([]);
    });

    test('a wildcard covers one label only', () => {
      expect(objectsOf(RULE, [withTls(['a.shop.example.com'], '*.example.com')])).toEqual(['Ingress/production/shop']);
    });

    test('reports a TLS host without a rule, naming the hosts the rules serve', () => {
      expect(findingsOf(RULE, [withTls(['shop.example.com', 'www.example.com'])])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Ingress/production/shop',
        message: 'Ingress production/shop lists TLS host www.example.com but its rules serve shop.example.com; fix the TLS host or add a rule for it',
      }]);
    });

    test('reports TLS hosts of an Ingress whose rules name no host', () => {
      const i = withTls(['shop.example.com']);
      delete i.spec.rules[0].host;
      expect(findingsOf(RULE, [i])[0].message).toMatch(/lists TLS host shop.example.com but no rule names a host/);
    });
  });
});
