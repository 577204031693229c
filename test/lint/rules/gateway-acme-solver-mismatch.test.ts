import { AcmeClusterIssuer, AcmeSolver, AllowedRoutes, Gateway, GatewayDataPlane, GatewayTls, Linter, LintMode, NetworkPatternsApp, ZeroTrustNamespace } from '../../../src';
import { clusterIssuer, findingsOf, objectsOf } from '../manifests';

const RULE = 'gateway-acme-solver-mismatch';

/** Gateway `infra/public` annotated for ClusterIssuer `letsencrypt`, with `listeners`. */
function gateway(listeners: any[], annotations: Record<string, string> = { 'cert-manager.io/cluster-issuer': 'letsencrypt' }): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'infra', annotations },
    spec: { gatewayClassName: 'eg', listeners },
  };
}

/** An HTTPS listener for `hostname`, terminating TLS with a Secret cert-manager fills. */
function https(hostname: string, tls: any = { mode: 'Terminate', certificateRefs: [{ name: `${hostname.replace(/\W/g, '-')}-tls` }] }): any {
  return { name: `https-${hostname.replace(/\W/g, '-')}`, port: 443, protocol: 'HTTPS', hostname, tls };
}

const nginxSolver = { http01: { ingress: { ingressClassName: 'nginx' } } };
const routeSolver = (name: string, namespace?: string) => ({ http01: { gatewayHTTPRoute: { parentRefs: [{ name, ...(namespace ? { namespace } : {}), kind: 'Gateway' }] } } });

describe('lint', () => {
  describe(RULE, () => {
    test('is silent when the solver answers through the Gateway itself (a parentRef without namespace is in the Gateway\'s)', () => {
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [routeSolver('public', 'infra')]), gateway([https('shop.example.com')])])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [routeSolver('public')]), gateway([https('shop.example.com')])])).toEqual([]);
    });

    test('reports an Ingress solver, naming the Gateway, the issuer, the hostnames and the fix', () => {
      expect(findingsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), gateway([https('shop.example.com'), https('rpc.example.com')])])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Gateway/infra/public',
        message: 'Gateway infra/public asks ClusterIssuer letsencrypt for certificates for shop.example.com, rpc.example.com, but the issuer answers '
          + "their HTTP-01 challenges through a temporary Ingress of class 'nginx'; the CA's request to http://shop.example.com/.well-known/acme-challenge/ "
          + 'reaches Gateway infra/public, which serves that hostname and has no route for the challenge, so the certificate is not issued (or not '
          + 'renewed once DNS points at the Gateway): give the issuer an http01.gatewayHTTPRoute solver whose parentRefs name Gateway infra/public '
          + '(AcmeSolver.gatewayHttpRoute(gw)), selected for these hostnames',
      }]);
    });

    test('reports a solver that answers through another Gateway', () => {
      expect(findingsOf(RULE, [clusterIssuer('letsencrypt', [routeSolver('internal', 'infra')]), gateway([https('shop.example.com')])]).map(f => f.message)).toEqual([
        expect.stringContaining('through a temporary HTTPRoute on Gateway infra/internal;'),
      ]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [routeSolver('public', 'edge')]), gateway([https('shop.example.com')])])).toEqual(['Gateway/infra/public']);
    });

    test('picks the solver per hostname, as cert-manager does', () => {
      const issuer = clusterIssuer('letsencrypt', [nginxSolver, { selector: { dnsZones: ['shop.example.com'] }, ...routeSolver('public') }]);
      expect(objectsOf(RULE, [issuer, gateway([https('shop.example.com'), https('api.shop.example.com')])])).toEqual([]);
      expect(findingsOf(RULE, [issuer, gateway([https('shop.example.com'), https('blog.example.com')])]).map(f => f.message)).toEqual([
        expect.stringContaining('for certificates for blog.example.com, but'),
      ]);
    });

    test('judges only the listeners gateway-shim certifies: a hostname, TLS terminated with certificateRefs, no wildcard', () => {
      const issuer = clusterIssuer('letsencrypt', [nginxSolver]);
      const judged = (listener: any) => objectsOf(RULE, [issuer, gateway([listener])]);
      expect(judged(https('shop.example.com'))).toEqual(['Gateway/infra/public']);
      expect(judged(https('shop.example.com', { certificateRefs: [{ name: 'shop-tls' }] }))).toEqual(['Gateway/infra/public']);
      expect(judged({ ...https('db.example.com'), protocol: 'TLS' })).toEqual(['Gateway/infra/public']);
      expect(judged(https('db.example.com', { mode: 'Passthrough' }))).toEqual([]);
      expect(judged(https('shop.example.com', { mode: 'Terminate' }))).toEqual([]);
      expect(judged({ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' })).toEqual([]);
      expect(judged({ ...https('shop.example.com'), hostname: undefined })).toEqual([]);
      expect(judged(https('*.example.com'))).toEqual([]);
    });

    test('is silent for DNS-01, matchLabels selectors, Gateways without an issuer and issuers the manifests lack', () => {
      const gw = gateway([https('shop.example.com')]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]), gw])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver, { selector: { matchLabels: { team: 'a' } }, ...routeSolver('public') }]), gw])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('letsencrypt', [nginxSolver]), gateway([https('shop.example.com')], {})])).toEqual([]);
      expect(objectsOf(RULE, [clusterIssuer('other', [nginxSolver]), gw])).toEqual([]);
    });

    test('reads a namespaced Issuer of the Gateway\'s namespace', () => {
      const issuer = (namespace: string) => ({ ...clusterIssuer('acme', [nginxSolver]), kind: 'Issuer', metadata: { name: 'acme', namespace } });
      const gw = gateway([https('shop.example.com')], { 'cert-manager.io/issuer': 'acme' });
      expect(objectsOf(RULE, [issuer('infra'), gw])).toEqual(['Gateway/infra/public']);
      expect(objectsOf(RULE, [issuer('shop'), gw])).toEqual([]);
    });

    test('is printed for a Gateway construct whose AcmeClusterIssuer answers through an Ingress, and silent with AcmeSolver.gatewayHttpRoute', () => {
      const build = (throughGateway: boolean, acknowledge = false) => {
        // The synthesis-time lint is off: the test reads the objects with lint() itself.
        const app = new NetworkPatternsApp({ lint: LintMode.OFF });
        const infra = new ZeroTrustNamespace(app, 'infra');
        const gw = new Gateway(infra, 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.sameNamespace() });
        const issuer = new AcmeClusterIssuer(infra, 'letsencrypt', { email: 'ops@example.com', ...(throughGateway ? { solver: AcmeSolver.gatewayHttpRoute(gw) } : {}) });
        gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
        if (acknowledge) Linter.acknowledge(gw, RULE, 'shop.example.com still resolves to ingress-nginx until the cutover on 2027-01-15');
        return infra.toJson();
      };
      expect(objectsOf(RULE, build(false))).toEqual(['Gateway/infra/public']);
      expect(objectsOf(RULE, build(false, true))).toEqual([]);
      expect(objectsOf(RULE, build(true))).toEqual([]);
    });
  });
});
