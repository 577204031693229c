import { Chart, Testing } from 'cdk8s';
import { errorOf, find, IMAGE, kindsAndNames, objectsOf, plainChart, policyNames, restrictedViolations, zeroTrust, namespaceBaseObjects } from './_helpers';
import { AcmeClusterIssuer, ExposedApp, Exposure, IngressTls } from '../../src';

const INGRESS_NGINX_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

describe('IngressTls', () => {
  test('exposes via ingress with cert-manager TLS from a ClusterIssuer', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const app = new ExposedApp(ns, 'api', {
      image: IMAGE,
      healthCheckPath: '/healthz',
      exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
    });
    const objects = objectsOf(ns);

    // THEN
    expect(kindsAndNames(objects)).toEqual([
      ...namespaceBaseObjects('production'),
      'Deployment/api',
      'Service/api',
      'Ingress/api',
      'NetworkPolicy/api-ingress',
      'NetworkPolicy/allow-acme-http01-solver',
    ]);
    const ingress = find(objects, 'Ingress', 'api');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-example-com-tls' }]);
    expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(find(objects, 'NetworkPolicy', 'allow-acme-http01-solver').spec).toEqual({
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8089 }] }],
    });
    expect(restrictedViolations(find(objects, 'Deployment', 'api'))).toEqual([]);
    expect(app.url).toBe('https://api.example.com/');
    expect(Testing.synth(ns)).toMatchSnapshot();
  });

  test('annotates cert-manager.io/issuer for a namespaced Issuer', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ issuer: 'letsencrypt' }) }) });
    const objects = objectsOf(ns);

    // THEN
    const ingress = find(objects, 'Ingress', 'api');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-example-com-tls' }]);
    expect(policyNames(objects)).toContain('allow-acme-http01-solver');
  });

  test('uses the given secret name', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'api-cert' }) }),
    });

    // THEN
    expect(find(objectsOf(ns), 'Ingress', 'api').spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-cert' }]);
  });

  test('derives the secret name of a wildcard host', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.ingress({ host: '*.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-dns01' }) }),
    });

    // THEN
    expect(find(objectsOf(ns), 'Ingress', 'api').spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'wildcard-example-com-tls' }]);
  });

  test('uses an existing secret without cert-manager and without an ACME solver policy', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const app = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.fromSecret('api-tls') }) });
    const objects = objectsOf(ns);

    // THEN
    const ingress = find(objects, 'Ingress', 'api');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
    expect(policyNames(objects)).toEqual(['allow-dns', 'api-ingress', 'default-deny']);
    expect(app.url).toBe('https://api.example.com/');
  });

  test('takes the ClusterIssuer of an AcmeClusterIssuer construct', () => {
    // GIVEN
    const { app, ns } = zeroTrust('production');
    const platform = new Chart(app, 'platform');
    const issuer = new AcmeClusterIssuer(platform, 'letsencrypt-prod', { email: 'ops@example.com' });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.fromClusterIssuer(issuer) }) });
    const objects = objectsOf(ns);

    // THEN
    const ingress = find(objects, 'Ingress', 'api');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-example-com-tls' }]);
    expect(policyNames(objects)).toContain('allow-acme-http01-solver');
    objectsOf(platform);
  });

  test('fails when a wildcard host meets an HTTP-01-only ClusterIssuer', () => {
    // GIVEN
    const app = Testing.app();
    const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt-prod', { email: 'ops@example.com' });

    // WHEN
    const message = errorOf(() => Exposure.ingress({ host: '*.example.com', tls: IngressTls.fromClusterIssuer(issuer) }));

    // THEN
    expect(message).toContain("Exposure.ingress: host '*.example.com' is a wildcard, but ClusterIssuer 'letsencrypt-prod' only solves HTTP-01 challenges");
  });

  test('accepts a wildcard host with a ClusterIssuer that solves DNS-01', () => {
    // GIVEN
    const dns01 = { clusterIssuerName: 'letsencrypt-dns01', supportsWildcards: true } as any;

    // WHEN
    const exposure = Exposure.ingress({ host: '*.example.com', tls: IngressTls.fromClusterIssuer(dns01, { secretName: 'wildcard-cert' }) });

    // THEN
    expect(exposure.ingressOptions?.tls?.clusterIssuer).toBe('letsencrypt-dns01');
    expect(exposure.ingressOptions?.tls?.secretName).toBe('wildcard-cert');
  });

  test('redirects HTTP to HTTPS only for TLS on the nginx class', () => {
    // GIVEN
    const { ns } = zeroTrust('production');
    const tls = IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' });

    // WHEN
    new ExposedApp(ns, 'plain', { image: IMAGE, exposure: Exposure.ingress({ host: 'plain.example.com' }) });
    new ExposedApp(ns, 'traefik', { image: IMAGE, exposure: Exposure.ingress({ host: 'traefik.example.com', className: 'traefik', tls }) });
    const objects = objectsOf(ns);

    // THEN
    expect(find(objects, 'Ingress', 'plain').metadata).not.toHaveProperty('annotations');
    expect(find(objects, 'Ingress', 'traefik').metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
  });

  test('builds the URL from host and path behind TLS', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const app = new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.ingress({ host: 'shop.example.com', path: '/api', tls: IngressTls.fromSecret('shop-tls') }),
    });

    // THEN
    expect(app.url).toBe('https://shop.example.com/api');
  });

  test('creates no ACME solver policy outside a ZeroTrustNamespace', () => {
    // GIVEN
    const { chart } = plainChart();

    // WHEN
    new ExposedApp(chart, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }) });
    const objects = objectsOf(chart);

    // THEN
    expect(kindsAndNames(objects)).toEqual(['Deployment/api', 'Service/api', 'Ingress/api']);
    expect(find(objects, 'Ingress', 'api').metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  });

  test('fails when certManager gets both issuer and clusterIssuer', () => {
    // WHEN
    const message = errorOf(() => IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod', issuer: 'letsencrypt' }));

    // THEN
    expect(message).toContain("IngressTls.certManager: clusterIssuer and issuer: give exactly one, got clusterIssuer 'letsencrypt-prod' and issuer 'letsencrypt'; name the cert-manager ClusterIssuer (clusterIssuer) or the namespaced Issuer (issuer)");
  });

  test('fails when certManager gets neither issuer nor clusterIssuer', () => {
    // WHEN
    const message = errorOf(() => IngressTls.certManager({}));

    // THEN
    expect(message).toContain('IngressTls.certManager: clusterIssuer and issuer: give exactly one, got neither');
  });

  test('fails when the issuer name is not an object name', () => {
    // WHEN
    const message = errorOf(() => IngressTls.certManager({ clusterIssuer: 'LetsEncrypt' }));

    // THEN
    expect(message).toContain("IngressTls.certManager: clusterIssuer name 'LetsEncrypt' is not a valid object name");
  });

  test.each([
    ['certManager', () => IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'API_TLS' })],
    ['fromClusterIssuer', () => IngressTls.fromClusterIssuer({ clusterIssuerName: 'le', supportsWildcards: true } as any, { secretName: 'API_TLS' })],
    ['fromSecret', () => IngressTls.fromSecret('API_TLS')],
  ])('fails when the secret name given to %s is not a Secret name', (factory, create) => {
    // WHEN
    const message = errorOf(create);

    // THEN
    expect(message).toContain(`IngressTls.${factory}: secretName 'API_TLS' is not a valid Secret name`);
  });
});
