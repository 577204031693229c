import { findingsOf, ingress, objectsOf } from '../manifests';

const RULE = 'ingress-host-path-conflict';

function route(namespace: string, name: string, host: string, path: string, extra: any = {}): any {
  const i = ingress(namespace, name, host, name, { number: 80 }, extra);
  i.spec.rules[0].http.paths[0].path = path;
  return i;
}

describe('lint', () => {
  describe('ingress-host-path-conflict', () => {
    test('is silent for different paths or hosts', () => {
      expect(objectsOf(RULE, [
        route('production', 'api', 'shop.example.com', '/api'),
        route('production', 'web', 'shop.example.com', '/'),
        route('production', 'admin', 'admin.example.com', '/'),
      ])).toEqual([]);
    });

    test('is silent for the same route on two ingress classes', () => {
      expect(objectsOf(RULE, [
        route('production', 'a', 'shop.example.com', '/'),
        route('production', 'b', 'shop.example.com', '/', { spec: { ingressClassName: 'internal' } }),
      ])).toEqual([]);
    });

    test('reports the same host and path in two Ingresses, across namespaces, once', () => {
      expect(findingsOf(RULE, [route('production', 'web', 'shop.example.com', '/'), route('staging', 'web', 'shop.example.com', '/')])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Ingress/staging/web',
        message: 'Ingress staging/web routes shop.example.com/ (Prefix, class nginx) which Ingress production/web already routes; '
          + 'the controller serves only one of them: change the host or path of one route or merge the Ingresses',
      }]);
    });

    test('ignores a trailing slash of Prefix paths', () => {
      expect(objectsOf(RULE, [route('production', 'a', 'shop.example.com', '/api'), route('production', 'b', 'shop.example.com', '/api/')])).toEqual(['Ingress/production/b']);
    });

    test('reads the legacy class annotation', () => {
      const a = route('production', 'a', 'shop.example.com', '/', { spec: { ingressClassName: undefined } });
      a.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
      expect(objectsOf(RULE, [a, route('production', 'b', 'shop.example.com', '/')])).toEqual(['Ingress/production/b']);
    });

    test('does not report a path repeated within one Ingress', () => {
      const i = route('production', 'a', 'shop.example.com', '/');
      i.spec.rules.push(JSON.parse(JSON.stringify(i.spec.rules[0])));
      expect(objectsOf(RULE, [i])).toEqual([]);
    });

    test('is silent for an ingress-nginx canary Ingress on its main Ingress\'s host and path', () => {
      const canary = ingress('shop', 'web-canary', 'shop.example.com', 'web-canary', { number: 80 }, {
        metadata: { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' } },
      });
      expect(objectsOf(RULE, [ingress('shop', 'web', 'shop.example.com', 'web'), canary])).toEqual([]);
    });

    test('counts an Ingress without a class in the default IngressClass of the manifests', () => {
      const internal = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'internal', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
      const classless = ingress('shop', 'a', 'a.example.com', 'a');
      delete classless.spec.ingressClassName;
      const explicit = ingress('shop', 'b', 'a.example.com', 'b');
      explicit.spec.ingressClassName = 'internal';
      expect(findingsOf(RULE, [internal, classless, explicit]).map(f => f.message)).toEqual([
        'Ingress shop/b routes a.example.com/ (Prefix, class internal) which Ingress shop/a already routes; the controller serves only one of them: change the host or path of one route or merge the Ingresses',
      ]);
    });

    test('leaves the canary exemption to ingress-nginx classes, and lets canaries conflict among themselves', () => {
      const canary = (name: string, className: string) => {
        const i = ingress('shop', name, 'shop.example.com', name, { number: 80 }, { metadata: { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' } } });
        i.spec.ingressClassName = className;
        return i;
      };
      const main = (className: string) => {
        const i = ingress('shop', 'web', 'shop.example.com', 'web');
        i.spec.ingressClassName = className;
        return i;
      };
      expect(objectsOf(RULE, [main('traefik'), canary('web-canary', 'traefik')])).toEqual(['Ingress/shop/web-canary']);
      expect(objectsOf(RULE, [main('nginx'), canary('a-canary', 'nginx'), canary('b-canary', 'nginx')])).toEqual(['Ingress/shop/b-canary']);
    });
  });
});
