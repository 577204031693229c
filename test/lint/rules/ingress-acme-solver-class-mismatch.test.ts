import { Chart } from 'cdk8s';
import { AcmeClusterIssuer, AcmeSolver, ExposedApp, Exposure, Gateway, GatewayDataPlane, IngressControllerSelector, IngressTls, Linter, LintMode, NetworkPatternsApp, ZeroTrustNamespace } from '../../../src';
import { clusterIssuer, findingsOf, ingress, objectsOf } from '../manifests';

const RULE = 'ingress-acme-solver-class-mismatch';

/** An Ingress of `className` for `hosts`, with TLS issued by cert-manager under `annotations`. */
function tlsIngress(className: string | undefined, hosts: string[], annotations: Record<string, string> = { 'cert-manager.io/cluster-issuer': 'letsencrypt' }): any {
  const i = ingress('shop', 'web', hosts[0], 'web', { number: 80 }, { metadata: { annotations }, spec: { tls: [{ hosts, secretName: 'web-tls' }] } });
  if (className === undefined) delete i.spec.ingressClassName;
  else i.spec.ingressClassName = className;
  return i;
}

const nginxSolver = { http01: { ingress: { ingressClassName: 'nginx' } } };
const traefikSolver = { http01: { ingress: { ingressClassName: 'traefik' } } };

describe('lint', () => {
  describe(RULE, () => {
    test('is silent when the solver answers through the Ingress\'s own class', () => {
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), tlsIngress('nginx', ['shop.example.com'])])).toEqual([]);
    });

    test('reports a solver of another class, naming both classes, the issuer, the hosts and the fix', () => {
      expect(findingsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), tlsIngress('traefik', ['shop.example.com', 'www.example.com'])])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Ingress/shop/web',
        message: "Ingress shop/web (class 'traefik') asks ClusterIssuer letsencrypt for a certificate for shop.example.com, www.example.com, but the issuer "
          + "answers their HTTP-01 challenges through a temporary Ingress of class 'nginx'; the CA's request to http://shop.example.com/.well-known/acme-challenge/ "
          + "reaches the controller of class 'traefik', which has no route for it, so the certificate is never issued: give the issuer's solver "
          + "ingressClassName 'traefik', or annotate the Ingress acme.cert-manager.io/http01-ingress-ingressclassname: traefik",
      }]);
    });

    test('reads the legacy class field of the solver and the legacy class annotation of the Ingress', () => {
      const legacy = tlsIngress(undefined, ['shop.example.com'], { 'cert-manager.io/cluster-issuer': 'letsencrypt', 'kubernetes.io/ingress.class': 'nginx' });
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ http01: { ingress: { class: 'nginx' } } }]), legacy])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ http01: { ingress: { class: 'traefik' } } }]), legacy])).toEqual(['Ingress/shop/web']);
    });

    test('honours the per-Ingress overrides of cert-manager\'s ingress-shim', () => {
      const issuer = clusterIssuer('letsencrypt', [nginxSolver]);
      const annotated = (extra: Record<string, string>) => tlsIngress('traefik', ['shop.example.com'], { 'cert-manager.io/cluster-issuer': 'letsencrypt', ...extra });
      expect(objectsOf(RULE, [issuer, annotated({ 'acme.cert-manager.io/http01-ingress-ingressclassname': 'traefik' })])).toEqual([]);
      expect(objectsOf(RULE, [issuer, annotated({ 'acme.cert-manager.io/http01-ingress-class': 'traefik' })])).toEqual([]);
      expect(objectsOf(RULE, [issuer, annotated({ 'acme.cert-manager.io/http01-edit-in-place': 'true' })])).toEqual([]);
      expect(objectsOf(RULE, [issuer, annotated({ 'acme.cert-manager.io/http01-ingress-ingressclassname': 'haproxy' })])).toEqual(['Ingress/shop/web']);
    });

    test('picks the solver cert-manager picks per host: dnsNames, then the longest dnsZones match, then the one without selector', () => {
      const issuer = clusterIssuer('letsencrypt', [
        nginxSolver,
        { selector: { dnsZones: ['example.com'] }, http01: { ingress: { ingressClassName: 'haproxy' } } },
        { selector: { dnsZones: ['shop.example.com'] }, ...traefikSolver },
        { selector: { dnsNames: ['admin.shop.example.com'] }, http01: { ingress: { ingressClassName: 'kong' } } },
      ]);
      expect(objectsOf(RULE, [issuer, tlsIngress('traefik', ['api.shop.example.com', 'shop.example.com'])])).toEqual([]);
      const messages = findingsOf(RULE, [issuer, tlsIngress('traefik', ['admin.shop.example.com', 'example.com', 'other.org'])]).map(f => f.message);
      expect(messages).toEqual([
        expect.stringContaining("for a certificate for admin.shop.example.com, but the issuer answers their HTTP-01 challenges through a temporary Ingress of class 'kong'"),
        expect.stringContaining("for a certificate for example.com, but the issuer answers their HTTP-01 challenges through a temporary Ingress of class 'haproxy'"),
        expect.stringContaining("for a certificate for other.org, but the issuer answers their HTTP-01 challenges through a temporary Ingress of class 'nginx'"),
      ]);
    });

    test('is silent for DNS-01, in-place solvers, matchLabels selectors, wildcard hosts and issuers the manifests lack', () => {
      const ing = tlsIngress('traefik', ['shop.example.com']);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]), ing])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ http01: { ingress: { name: 'web' } } }]), ing])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver, { selector: { matchLabels: { team: 'a' } }, ...traefikSolver }]), ing])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), tlsIngress('traefik', ['*.example.com'])])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('other', [nginxSolver]), ing])).toEqual([]);
    });

    test('gives a class-less Ingress or solver the default IngressClass of the manifests, and judges nothing without one', () => {
      const defaultClass = (name: string) => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
        spec: { controller: `example.com/${name}` },
      });
      const classless = tlsIngress(undefined, ['shop.example.com']);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), classless])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), classless, defaultClass('traefik')])).toEqual(['Ingress/shop/web']);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ http01: { ingress: {} } }]), tlsIngress('nginx', ['shop.example.com']), defaultClass('traefik')])).toEqual(['Ingress/shop/web']);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ http01: { ingress: {} } }]), tlsIngress('nginx', ['shop.example.com'])])).toEqual([]);
    });

    test('counts two classes whose IngressClass objects name one controller and the same parameters as one', () => {
      const ingressClass = (name: string, controller: string, parameters?: any) => ({
        apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller, ...(parameters ? { parameters } : {}) },
      });
      const objects = (traefikController: string, parameters?: any) => [
        clusterIssuer('letsencrypt', [nginxSolver]),
        tlsIngress('nginx-public', ['shop.example.com']),
        ingressClass('nginx', 'k8s.io/ingress-nginx'),
        ingressClass('nginx-public', traefikController, parameters),
      ];
      expect(objectsOf(RULE, objects('k8s.io/ingress-nginx'))).toEqual([]);
      expect(objectsOf(RULE, objects('k8s.io/internal-ingress-nginx'))).toEqual(['Ingress/shop/web']);
      expect(objectsOf(RULE, objects('k8s.io/ingress-nginx', { kind: 'ConfigMap', name: 'public' }))).toEqual(['Ingress/shop/web']);
    });

    test('reads a namespaced Issuer of the Ingress\'s namespace, not of another', () => {
      const issuer = (namespace: string) => ({ ...clusterIssuer('acme', [nginxSolver]), kind: 'Issuer', metadata: { name: 'acme', namespace } });
      const ing = tlsIngress('traefik', ['shop.example.com'], { 'cert-manager.io/issuer': 'acme' });
      expect(objectsOf(RULE, [issuer('shop'), ing])).toEqual(['Ingress/shop/web']);
      expect(objectsOf(RULE, [issuer('other'), ing])).toEqual([]);
      expect(objectsOf(RULE, [issuer('shop'), tlsIngress('traefik', ['shop.example.com'], { 'cert-manager.io/issuer': 'acme', 'cert-manager.io/issuer-kind': 'AWSPCAIssuer' })])).toEqual([]);
    });

    test('reports an issuer that answers through a Gateway\'s HTTPRoute for an Ingress host', () => {
      const issuer = clusterIssuer('letsencrypt', [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'public', namespace: 'infra', sectionName: 'http' }] } } }]);
      expect(findingsOf(RULE, [issuer, tlsIngress('nginx', ['shop.example.com'])]).map(f => f.message)).toEqual([
        expect.stringContaining('through a temporary HTTPRoute on Gateway infra/public;'),
      ]);
    });

    test('is printed when a program gives an app of one class an AcmeClusterIssuer of another, and acknowledged like any finding', () => {
      const build = (acknowledge: boolean) => {
        // The synthesis-time lint is off: the test reads the objects with lint() itself.
        const app = new NetworkPatternsApp({ lint: LintMode.OFF });
        const platform = new Chart(app, 'platform');
        const issuer = new AcmeClusterIssuer(platform, 'letsencrypt', { email: 'ops@example.com' });
        const shop = new ZeroTrustNamespace(app, 'shop', { ingressController: IngressControllerSelector.of({ namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } }) });
        const web = new ExposedApp(shop, 'web', {
          image: 'ghcr.io/acme/web:1.0.0',
          exposure: Exposure.ingress({ host: 'shop.example.com', className: 'traefik', tls: IngressTls.fromClusterIssuer(issuer) }),
        });
        if (acknowledge) Linter.acknowledge(web, RULE, 'shop.example.com resolves to the nginx controller for challenges (split-horizon DNS)');
        return [...platform.toJson(), ...shop.toJson()];
      };
      expect(objectsOf(RULE, build(false))).toEqual(['Ingress/shop/web']);
      expect(objectsOf(RULE, build(true))).toEqual([]);
    });

    test('is silent for the library\'s Gateway solver used by the Gateway\'s own routes', () => {
      const app = new NetworkPatternsApp({ lint: LintMode.OFF });
      const infra = new ZeroTrustNamespace(app, 'infra');
      const gw = new Gateway(infra, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
      const issuer = new AcmeClusterIssuer(infra, 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      expect(issuer.clusterIssuerName).toBe('letsencrypt');
      expect(objectsOf(RULE, infra.toJson())).toEqual([]);
    });
  });
});
