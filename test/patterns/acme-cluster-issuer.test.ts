import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { Chart, Testing } from 'cdk8s';
import { errorOf, expectOneConflict, find, IMAGE, kindsAndNames, objectsOf, plainChart, zeroTrust, namespaceBaseObjects } from './_helpers';
import { AcmeClusterIssuer, AcmeServer, ExposedApp, Exposure, IClusterIssuerRef, IngressTls } from '../../src';

/** Validates a ClusterIssuer against cert-manager's schema (throws on a problem). */
function validateClusterIssuer(obj: any): void {
  new ClusterIssuer(obj).validate();
}

describe('AcmeClusterIssuer', () => {
  test('synthesizes a cluster-scoped ACME ClusterIssuer with an HTTP-01 ingress solver', () => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    new AcmeClusterIssuer(chart, 'letsencrypt-prod', { email: 'ops@example.com' });

    // THEN
    const objects = objectsOf(chart);
    expect(kindsAndNames(objects)).toEqual(['ClusterIssuer/letsencrypt-prod']);
    const issuer = objects[0];
    validateClusterIssuer(issuer);
    expect(issuer.apiVersion).toBe('cert-manager.io/v1');
    expect(issuer.metadata.namespace).toBeUndefined();
    expect(issuer.spec).toEqual({
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'ops@example.com',
        privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    });
    expect(objects).toMatchSnapshot();
  });

  test('carries no namespace when created inside a namespaced chart', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platform', { namespace: 'cert-manager' });

    // WHEN
    new AcmeClusterIssuer(chart, 'letsencrypt-prod', { email: 'ops@example.com' });

    // THEN
    const issuer = find(objectsOf(chart), 'ClusterIssuer', 'letsencrypt-prod');
    expect(issuer.metadata.namespace).toBeUndefined();
    validateClusterIssuer(issuer);
  });

  test('adds only the ClusterIssuer to a ZeroTrustNamespace, without a namespace', () => {
    // GIVEN
    const { ns } = zeroTrust('platform');

    // WHEN
    new AcmeClusterIssuer(ns, 'letsencrypt-prod', { email: 'ops@example.com' });

    // THEN
    const objects = objectsOf(ns);
    expect(kindsAndNames(objects)).toEqual([
      ...namespaceBaseObjects('platform'),
      'ClusterIssuer/letsencrypt-prod',
    ]);
    expect(find(objects, 'ClusterIssuer', 'letsencrypt-prod').metadata.namespace).toBeUndefined();
  });

  test('uses the staging server, a custom server, a name and an ingress class when given', () => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    new AcmeClusterIssuer(chart, 'staging', {
      email: 'ops@example.com',
      server: AcmeServer.STAGING,
      name: 'letsencrypt-staging',
      ingressClassName: 'nginx-public',
    });
    new AcmeClusterIssuer(chart, 'zerossl', {
      email: 'certs+zerossl@mail.example.org',
      server: AcmeServer.of('https://acme.zerossl.com/v2/DV90'),
    });

    // THEN
    const objects = objectsOf(chart);
    expect(kindsAndNames(objects)).toEqual(['ClusterIssuer/letsencrypt-staging', 'ClusterIssuer/zerossl']);
    const staging = find(objects, 'ClusterIssuer', 'letsencrypt-staging');
    validateClusterIssuer(staging);
    expect(staging.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(staging.spec.acme.privateKeySecretRef).toEqual({ name: 'letsencrypt-staging-account-key' });
    expect(staging.spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'nginx-public' } } }]);
    const zerossl = find(objects, 'ClusterIssuer', 'zerossl');
    validateClusterIssuer(zerossl);
    expect(zerossl.spec.acme.server).toBe('https://acme.zerossl.com/v2/DV90');
    expect(zerossl.spec.acme.email).toBe('certs+zerossl@mail.example.org');
  });

  test('exposes its names, server and object, and refuses wildcards as an HTTP-01-only issuer', () => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    const issuer = new AcmeClusterIssuer(chart, 'letsencrypt-prod', { email: 'ops@example.com', server: AcmeServer.STAGING });

    // THEN
    const ref: IClusterIssuerRef = issuer;
    expect(ref.clusterIssuerName).toBe('letsencrypt-prod');
    expect(ref.supportsWildcards).toBe(false);
    expect(issuer.accountKeySecretName).toBe('letsencrypt-prod-account-key');
    expect(issuer.serverUrl).toBe(AcmeServer.STAGING.url);
    expect(issuer.email).toBe('ops@example.com');
    expect(issuer.ingressClassName).toBe('nginx');
    expect(issuer.apiObject.kind).toBe('ClusterIssuer');
    expect(issuer.apiObject.name).toBe('letsencrypt-prod');
  });

  test('is referenced from an Ingress through IngressTls.fromClusterIssuer', () => {
    // GIVEN
    const { app, ns } = zeroTrust('production');
    const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt-prod', { email: 'ops@example.com' });

    // WHEN
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.fromClusterIssuer(issuer) }),
    });

    // THEN
    const ingress = find(objectsOf(ns), 'Ingress', 'api');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-example-com-tls' }]);
  });

  test('fails when a wildcard host asks it for a certificate', () => {
    // GIVEN
    const { chart } = plainChart('platform');
    const issuer = new AcmeClusterIssuer(chart, 'letsencrypt-prod', { email: 'ops@example.com' });

    // WHEN
    const message = errorOf(() => Exposure.ingress({ host: '*.example.com', tls: IngressTls.fromClusterIssuer(issuer) }));

    // THEN
    expect(message).toMatch(/^Exposure\.ingress: host '\*\.example\.com' is a wildcard, but ClusterIssuer 'letsencrypt-prod' only solves HTTP-01 challenges/);
  });

  test.each([
    ['without an at sign', 'ops.example.com'],
    ['without a local part', '@example.com'],
    ['without a domain', 'ops@'],
    ['on a domain without a dot', 'ops@localhost'],
    ['with white space', 'ops team@example.com'],
    ['with two at signs', 'ops@team@example.com'],
    ['with an underscore in the domain', 'ops@exa_mple.com'],
    ['on an IP address', 'ops@10.0.0.1'],
    ['with a trailing dot in the local part', 'ops.@example.com'],
    ['empty', ''],
  ])('fails when email is %s', (_case, email) => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    const message = errorOf(() => new AcmeClusterIssuer(chart, 'letsencrypt-prod', { email }));

    // THEN
    expect(message).toBe(`AcmeClusterIssuer 'letsencrypt-prod': email '${email}' is not an e-mail address such as ops@example.com, where the CA can reach you`);
  });

  test('fails when the name is not a valid object name', () => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    const message = errorOf(() => new AcmeClusterIssuer(chart, 'LetsEncrypt', { email: 'ops@example.com' }));

    // THEN
    expect(message).toMatch(/^AcmeClusterIssuer 'LetsEncrypt': name 'LetsEncrypt' is not a valid ClusterIssuer name/);
  });

  test('fails when the ingress class name is not a DNS-1123 subdomain', () => {
    // GIVEN
    const { chart } = plainChart('platform');

    // WHEN
    const message = errorOf(() => new AcmeClusterIssuer(chart, 'le', { email: 'ops@example.com', ingressClassName: 'Nginx' }));

    // THEN
    expect(message).toMatch(/^AcmeClusterIssuer 'le': ingressClassName 'Nginx' is not a valid IngressClass name \(a lowercase DNS-1123 subdomain/);
  });

  test('fails synthesis when two issuers of one App share a name, naming both', () => {
    // GIVEN
    const app = Testing.app();
    new AcmeClusterIssuer(new Chart(app, 'one'), 'letsencrypt-prod', { email: 'ops@example.com' });
    new AcmeClusterIssuer(new Chart(app, 'two'), 'le', { email: 'ops@example.com', name: 'letsencrypt-prod' });

    // WHEN
    const message = errorOf(() => app.synth());

    // THEN
    expectOneConflict(message, { path: 'two/le', owner: "AcmeClusterIssuer 'letsencrypt-prod'", key: 'ClusterIssuer letsencrypt-prod', first: "AcmeClusterIssuer 'letsencrypt-prod' at one/letsencrypt-prod" });
  });
});

describe('AcmeServer', () => {
  test('knows the Let\'s Encrypt production and staging directories', () => {
    expect(AcmeServer.PRODUCTION.url).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(AcmeServer.STAGING.url).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
  });

  test('accepts any https directory URL', () => {
    expect(AcmeServer.of('https://ca.internal.example.com:9000/acme/directory').url).toBe('https://ca.internal.example.com:9000/acme/directory');
  });

  test('fails when the URL is not https', () => {
    expect(errorOf(() => AcmeServer.of('http://acme.example.com/directory')))
      .toBe('AcmeServer.of: url \'http://acme.example.com/directory\' must start with https://; ACME directories are only reached over TLS');
  });

  test.each(['https://', 'https://acme example.com/directory'])('fails when the URL %p is not a URL', url => {
    expect(errorOf(() => AcmeServer.of(url))).toMatch(new RegExp(`^AcmeServer\\.of: url '${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' is not a valid URL`));
  });
});
