import { deployment, findingsOf, ingress, objectsOf, reported, service } from '../manifests';

const RULE = 'ingress-class-unknown';
const app = [deployment('production', 'web'), service('production', 'web')];

/** An IngressClass `name`. */
function ingressClass(name: string): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller: 'k8s.io/ingress-nginx' } };
}

/** An Ingress of class `className` (undefined: the default class). */
function ingressOfClass(className: string | undefined): any {
  const i = ingress('production', 'web', 'web.example.com', 'web');
  if (className === undefined) delete i.spec.ingressClassName;
  else i.spec.ingressClassName = className;
  return i;
}

describe('lint', () => {
  describe('ingress-class-unknown', () => {
    test('is silent for a class an IngressClass of the manifests has', () => {
      expect(objectsOf(RULE, [...app, ingressClass('internal'), ingressOfClass('internal')])).toEqual([]);
    });

    test('is silent for the default class and for a well-known class without IngressClasses', () => {
      expect(objectsOf(RULE, [...app, ingressOfClass(undefined)])).toEqual([]);
      expect(objectsOf(RULE, [...app, ingressOfClass('nginx')])).toEqual([]);
      expect(objectsOf(RULE, [...app, ingressOfClass('traefik')])).toEqual([]);
    });

    test('is silent for a name far from every well-known class when the manifests hold no IngressClass', () => {
      // a class of the cluster the manifests do not describe
      expect(objectsOf(RULE, [...app, ingressOfClass('corp-edge')])).toEqual([]);
    });

    test('reports a near miss of a well-known class (ngnix)', () => {
      expect(reported(RULE, [...app, ingressOfClass('ngnix')])).toEqual([[
        'Ingress/production/web',
        "Ingress production/web has class 'ngnix', a near miss of the well-known class 'nginx', so no controller would serve it; did you mean 'nginx'? fix spec.ingressClassName",
      ]]);
    });

    test('reads the legacy kubernetes.io/ingress.class annotation', () => {
      const i = ingressOfClass(undefined);
      i.metadata.annotations = { 'kubernetes.io/ingress.class': 'trafik' };
      expect(findingsOf(RULE, [...app, i])[0].message).toMatch(/did you mean 'traefik'/);
    });

    test('a legacy annotation needs no IngressClass object: only its near misses are reported', () => {
      // GIVEN manifests with ingress-nginx's IngressClass and an Ingress Istio serves through the annotation
      const istio = ingressOfClass(undefined);
      istio.metadata.annotations = { 'kubernetes.io/ingress.class': 'istio' };
      const typo = ingressOfClass(undefined);
      typo.metadata.name = 'typo';
      typo.metadata.annotations = { 'kubernetes.io/ingress.class': 'isito' };
      // THEN the controller serving the annotation's value is not questioned; a near miss still is
      expect(objectsOf(RULE, [...app, ingressClass('nginx'), istio, typo])).toEqual(['Ingress/production/typo']);
    });

    test('reports a class no IngressClass of the manifests has, even a well-known one', () => {
      const [finding] = findingsOf(RULE, [...app, ingressClass('nginx-internal'), ingressClass('nginx-public'), ingressOfClass('nginx')]);
      expect(finding.severity).toBe('warning');
      expect(finding.message).toBe("Ingress production/web has class 'nginx', but the IngressClasses of the manifests are 'nginx-internal' and 'nginx-public'; "
        + 'so no controller serves it; use one of the IngressClass names');
    });

    test('suggests the IngressClass of the manifests closest to a typo', () => {
      const [finding] = findingsOf(RULE, [...app, ingressClass('internal'), ingressOfClass('intenral')]);
      expect(finding.message).toMatch(/did you mean 'internal'\?/);
    });

    test('takes a suffix added to a well-known class for a second controller\'s class, not a near miss', () => {
      const ingresses = ['nginx1', 'nginx-a', 'traefik2', 'alb2'].map(c => {
        const i = ingress('shop', `web-${c}`, 'shop.example.com', 'web');
        i.spec.ingressClassName = c;
        return i;
      });
      expect(objectsOf(RULE, ingresses)).toEqual([]);
    });

    test('names the annotation to fix when the class comes from kubernetes.io/ingress.class', () => {
      const legacy = ingress('shop', 'web', 'shop.example.com', 'web', { number: 80 }, { metadata: { annotations: { 'kubernetes.io/ingress.class': 'ngnix' } } });
      delete legacy.spec.ingressClassName;
      expect(findingsOf(RULE, [legacy])[0].message).toMatch(/did you mean 'nginx'\? fix the kubernetes.io\/ingress.class annotation$/);
    });
  });
});
