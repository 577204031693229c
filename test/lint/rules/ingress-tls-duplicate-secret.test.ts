import { findingsOf, ingress, objectsOf } from '../manifests';

const RULE = 'ingress-tls-duplicate-secret';
const CERT_MANAGER = { metadata: { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } } };

function tlsIngress(namespace: string, name: string, hosts: string[], secretName: string, annotated = true): any {
  return ingress(namespace, name, hosts[0], 'web', { number: 80 }, {
    ...(annotated ? CERT_MANAGER : {}),
    spec: { tls: [{ hosts, secretName }] },
  });
}

describe('lint', () => {
  describe('ingress-tls-duplicate-secret', () => {
    test('is silent when Ingresses sharing a secret list the same hosts', () => {
      expect(objectsOf(RULE, [tlsIngress('production', 'a', ['shop.example.com'], 'shop-tls'), tlsIngress('production', 'b', ['shop.example.com'], 'shop-tls')])).toEqual([]);
    });

    test('is silent for one secret name in two namespaces', () => {
      expect(objectsOf(RULE, [tlsIngress('production', 'a', ['a.example.com'], 'tls'), tlsIngress('staging', 'b', ['b.example.com'], 'tls')])).toEqual([]);
    });

    test('is silent for a shared secret cert-manager does not manage', () => {
      expect(objectsOf(RULE, [
        tlsIngress('production', 'a', ['a.example.com'], 'wildcard-tls', false),
        tlsIngress('production', 'b', ['b.example.com'], 'wildcard-tls', false),
      ])).toEqual([]);
    });

    test('reports two Ingresses of a namespace that both have cert-manager issue one secret for different hosts, once', () => {
      expect(findingsOf(RULE, [tlsIngress('production', 'shop', ['shop.example.com'], 'shop-tls'), tlsIngress('production', 'admin', ['admin.example.com'], 'shop-tls')])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Ingress/production/shop',
        message: 'Ingress production/shop uses TLS secret shop-tls for hosts shop.example.com, but Ingress production/admin uses it for admin.example.com; '
          + 'cert-manager would overwrite one certificate with the other: give each hosts set its own secretName, '
          + 'or issue the certificate from one Ingress and drop the issuer annotation from the other',
      }]);
    });

    test('is silent for an Ingress without an issuer using a wildcard certificate another Ingress has issued', () => {
      // cert-manager's ingress-shim issues Certificates only for annotated Ingresses: b uses a's wildcard, nothing is overwritten
      expect(objectsOf(RULE, [
        tlsIngress('production', 'a', ['*.example.com'], 'wildcard-tls'),
        tlsIngress('production', 'b', ['shop.example.com'], 'wildcard-tls', false),
      ])).toEqual([]);
    });

    test('reports an Ingress without an issuer whose hosts the issued certificate does not cover', () => {
      expect(findingsOf(RULE, [tlsIngress('production', 'shop', ['shop.example.com'], 'shop-tls'), tlsIngress('production', 'admin', ['admin.example.com'], 'shop-tls', false)])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Ingress/production/admin',
        message: 'Ingress production/admin uses TLS secret shop-tls for hosts admin.example.com, but the certificate cert-manager issues into it '
          + '(from Ingress production/shop) covers only shop.example.com, so clients of admin.example.com get a certificate for another name: '
          + 'give it its own secretName (with an issuer annotation), or add its hosts to the issuing entry',
      }]);
    });

    test('reports two tls entries of one Ingress', () => {
      const i = tlsIngress('production', 'shop', ['a.example.com'], 'shop-tls');
      i.spec.tls.push({ hosts: ['b.example.com'], secretName: 'shop-tls' });
      expect(findingsOf(RULE, [i])[0].message).toMatch(/but another tls entry of the same Ingress uses it for a.example.com/);
    });

    test('recognizes kubernetes.io/tls-acme', () => {
      const a = tlsIngress('production', 'a', ['a.example.com'], 'tls', false);
      a.metadata.annotations = { 'kubernetes.io/tls-acme': 'true' };
      expect(objectsOf(RULE, [a, tlsIngress('production', 'b', ['b.example.com'], 'tls', false)])).toEqual(['Ingress/production/b']);
    });
  });
});
