import { deployment, ingress, objectsOf, reported, service } from '../manifests';

const RULE = 'ingress-nginx-rewrite-strips-prefix';
const app = [deployment('shop', 'api'), service('shop', 'api')];

/** An Ingress routing `path` to the api with the annotations given. */
function routed(path: string, annotations: any, pathType = 'Prefix'): any {
  const i = ingress('shop', 'api', 'shop.example.com', 'api', { number: 80 }, { metadata: { annotations } });
  i.spec.rules[0].http.paths[0].path = path;
  i.spec.rules[0].http.paths[0].pathType = pathType;
  return i;
}

describe('lint', () => {
  describe('ingress-nginx-rewrite-strips-prefix', () => {
    test('is silent for a rewrite with a capture group', () => {
      const annotations = { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2', 'nginx.ingress.kubernetes.io/use-regex': 'true' };
      expect(objectsOf(RULE, [...app, routed('/api(/|$)(.*)', annotations, 'ImplementationSpecific')])).toEqual([]);
    });

    test('is silent for rewrite-target / on the root path, and without rewrite-target', () => {
      expect(objectsOf(RULE, [...app, routed('/', { 'nginx.ingress.kubernetes.io/rewrite-target': '/' })])).toEqual([]);
      expect(objectsOf(RULE, [...app, routed('/api', {})])).toEqual([]);
    });

    test('reports rewrite-target / on a prefix path', () => {
      expect(reported(RULE, [...app, routed('/api', { 'nginx.ingress.kubernetes.io/rewrite-target': '/' })])).toEqual([[
        'Ingress/shop/api',
        "Ingress shop/api rewrites shop.example.com/api to '/' with no capture group, so every request under /api (e.g. /api/users/7) "
          + "reaches the backend as '/'; to strip only the prefix use path /api(/|$)(.*) with pathType ImplementationSpecific and rewrite-target /$2",
      ]]);
    });

    test('reports a fixed target other than / too', () => {
      const [, message] = reported(RULE, [...app, routed('/v1/', { 'nginx.ingress.kubernetes.io/rewrite-target': '/api' })])[0];
      expect(message).toMatch(/reaches the backend as '\/api'; .* use path \/v1\(\/\|\$\)\(\.\*\) .* rewrite-target \/api\/\$2$/);
    });

    test('is silent for an Ingress of a class another controller serves', () => {
      const rewritten = (className: string) => {
        const i = ingress('shop', `api-${className}`, 'shop.example.com', 'api', { number: 80 }, { metadata: { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } } });
        i.spec.ingressClassName = className;
        i.spec.rules[0].http.paths[0].path = '/api';
        return i;
      };
      const classes = [
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'edge' }, spec: { controller: 'traefik.io/ingress-controller' } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'internal' }, spec: { controller: 'k8s.io/ingress-nginx' } },
      ];
      expect(objectsOf(RULE, [...classes, rewritten('traefik'), rewritten('edge'), rewritten('internal'), rewritten('nginx')]).sort())
        .toEqual(['Ingress/shop/api-internal', 'Ingress/shop/api-nginx']);
    });
  });
});
