import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { errorOf, find, findAll, IMAGE, kindsAndNames, objectsOf, policyNames, zeroTrust } from './_helpers';
import {
  ExposedApp,
  Exposure,
  IngressControllerSelector,
  IngressTls,
  PodSecurityLevel,
  ZeroTrustNamespace,
} from '../../src';

const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

const INGRESS_NGINX_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

describe('ZeroTrustNamespace', () => {
  test('synthesizes a Namespace, a default-deny policy and an allow-DNS policy, and nothing else', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const objects = objectsOf(ns);

    // THEN
    expect(kindsAndNames(objects)).toEqual([
      'Namespace/production',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
    ]);
    expect(Testing.synth(ns)).toMatchSnapshot();
  });

  test('is a Chart whose namespace is the construct id by default', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // THEN
    expect(ns).toBeInstanceOf(Chart);
    expect(ns.name).toBe('production');
    expect(ns.namespace).toBe('production');
    expect(ZeroTrustNamespace.isZeroTrustNamespace(ns)).toBe(true);
    expect(ZeroTrustNamespace.isZeroTrustNamespace(Testing.chart())).toBe(false);
  });

  test('takes the namespace name from the name prop', () => {
    // GIVEN
    const { ns } = zeroTrust('prod', { name: 'production' });

    // WHEN
    const objects = objectsOf(ns);

    // THEN
    expect(ns.namespace).toBe('production');
    expect(find(objects, 'Namespace', 'production')).toBeDefined();
    expect(find(objects, 'NetworkPolicy', 'default-deny').metadata.namespace).toBe('production');
  });

  test('synthesizes a cluster-scoped Namespace without metadata.namespace', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const namespace = find(objectsOf(ns), 'Namespace', 'production');

    // THEN
    expect(namespace.apiVersion).toBe('v1');
    expect(namespace.metadata).not.toHaveProperty('namespace');
  });

  test('enforces, audits and warns Pod Security restricted by default', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const labels = find(objectsOf(ns), 'Namespace', 'production').metadata.labels;

    // THEN
    expect(ns.podSecurity).toBe(PodSecurityLevel.RESTRICTED);
    expect(labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test.each([
    [PodSecurityLevel.BASELINE, 'baseline'],
    [PodSecurityLevel.PRIVILEGED, 'privileged'],
  ])('labels the Namespace with Pod Security level %s', (level, value) => {
    // GIVEN
    const { ns } = zeroTrust('production', { podSecurity: level });

    // WHEN
    const labels = find(objectsOf(ns), 'Namespace', 'production').metadata.labels;

    // THEN
    expect(labels['pod-security.kubernetes.io/enforce']).toBe(value);
    expect(labels['pod-security.kubernetes.io/audit']).toBe(value);
    expect(labels['pod-security.kubernetes.io/warn']).toBe(value);
  });

  test('puts extra labels on the Namespace object only', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { labels: { 'team': 'payments', 'istio-injection': 'disabled' } });
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });

    // WHEN
    const objects = objectsOf(ns);

    // THEN
    expect(find(objects, 'Namespace', 'production').metadata.labels).toMatchObject({ 'team': 'payments', 'istio-injection': 'disabled' });
    const others = objects.filter(o => o.kind !== 'Namespace');
    expect(others.length).toBeGreaterThan(0);
    for (const obj of others) {
      expect(obj.metadata.labels ?? {}).not.toHaveProperty('team');
      expect(obj.spec?.template?.metadata?.labels ?? {}).not.toHaveProperty('team');
    }
  });

  test('denies all ingress and egress of every pod with a rule-less default-deny policy', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'default-deny');

    // THEN
    expect(policy.apiVersion).toBe('networking.k8s.io/v1');
    expect(policy.metadata.namespace).toBe('production');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('lets every pod send UDP and TCP 53 to kube-dns with namespaceSelector AND podSelector in one peer', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'allow-dns');

    // THEN
    expect(policy.metadata.namespace).toBe('production');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [KUBE_DNS_PEER],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  test('places the objects of constructs created inside it in its namespace', () => {
    // GIVEN
    const { ns } = zeroTrust('production');
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });

    // WHEN
    const objects = objectsOf(ns);

    // THEN
    const namespaced = objects.filter(o => o.kind !== 'Namespace');
    expect(namespaced.map(o => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Ingress', 'NetworkPolicy']));
    for (const obj of namespaced) {
      expect(obj.metadata.namespace).toBe('production');
    }
  });

  test('writes its objects to a YAML file of its own', () => {
    // GIVEN
    const { app, ns } = zeroTrust('production');
    new ExposedApp(ns, 'api', { image: IMAGE });
    const other = new Chart(app, 'platform');
    new ExposedApp(other, 'dashboard', { image: IMAGE });

    // WHEN
    app.synth();

    // THEN
    const docs = Yaml.load(path.join(app.outdir, 'production.k8s.yaml'));
    expect(kindsAndNames(docs)).toEqual([
      'Namespace/production',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-dns',
      'Deployment/api',
      'Service/api',
    ]);
    expect(fs.readFileSync(path.join(app.outdir, 'platform.k8s.yaml'), 'utf-8')).not.toContain('production');
  });

  test('allows nothing beyond DNS until a construct asks for it', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE });
    new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.clusterIp() });
    const objects = objectsOf(ns);

    // THEN
    expect(policyNames(objects)).toEqual(['allow-dns', 'default-deny']);
  });

  test('has no ACME solver policy when no Ingress of the namespace asks cert-manager for a certificate', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });
    new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.ingress({ host: 'www.example.com', tls: IngressTls.fromSecret('www-tls') }) });
    const objects = objectsOf(ns);

    // THEN
    expect(policyNames(objects)).toEqual(['allow-dns', 'api-ingress', 'default-deny', 'web-ingress']);
  });

  test('admits the ingress controller to the cert-manager HTTP-01 solver pods once per namespace', () => {
    // GIVEN
    const { ns } = zeroTrust('production');
    const tls = IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com', tls }) });
    new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.ingress({ host: 'www.example.com', tls }) });
    const objects = objectsOf(ns);

    // THEN
    const solver = findAll(objects, 'NetworkPolicy').filter(p => p.metadata.name === 'allow-acme-http01-solver');
    expect(solver).toHaveLength(1);
    expect(solver[0].metadata.namespace).toBe('production');
    expect(solver[0].spec).toEqual({
      podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8089 }] }],
    });
  });

  test('admits its own ingress controller to the ACME solver pods', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { ingressController: IngressControllerSelector.fromCidrs(['10.0.0.0/16']) });

    // WHEN
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ issuer: 'letsencrypt' }) }),
    });
    const solver = find(objectsOf(ns), 'NetworkPolicy', 'allow-acme-http01-solver');

    // THEN
    expect(solver.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8089 }] }]);
  });

  test('accepts a 63-character name', () => {
    // GIVEN
    const name = `n${'a'.repeat(62)}`;

    // WHEN
    const { ns } = zeroTrust('ns', { name });

    // THEN
    expect(find(objectsOf(ns), 'Namespace', name).metadata.name).toHaveLength(63);
  });

  test.each([
    ['Production'],
    ['prod_1'],
    ['-prod'],
    ['prod.eu'],
    [`n${'a'.repeat(63)}`],
  ])('fails when the name %s is not a DNS-1123 label', (name) => {
    // WHEN
    const message = errorOf(() => zeroTrust('ns', { name }));

    // THEN
    expect(message).toContain(`ZeroTrustNamespace 'ns': name '${name}' is not a valid DNS-1123 label`);
  });

  test('fails when the construct id is not a DNS-1123 label and no name is given', () => {
    // WHEN
    const message = errorOf(() => zeroTrust('Production'));

    // THEN
    expect(message).toContain("name 'Production' is not a valid DNS-1123 label");
  });

  test('fails at synthesis when two ZeroTrustNamespaces claim one namespace, naming both', () => {
    // GIVEN
    const { app, ns } = zeroTrust('production');
    new ZeroTrustNamespace(app, 'prod-again', { name: 'production' });

    // WHEN
    const message = errorOf(() => app.synthYaml());

    // THEN
    expect(message).toContain('Namespace production');
    expect(message).toContain("ZeroTrustNamespace 'production'");
    expect(message).toContain("ZeroTrustNamespace 'prod-again'");
    expect(() => Testing.synth(ns)).toThrow(/Namespace production is already claimed by ZeroTrustNamespace 'production'/);
  });

  test.each([
    ['pod-security.kubernetes.io/enforce', 'privileged', 'the Pod Security labels follow the podSecurity prop; set podSecurity instead'],
    ['pod-security.kubernetes.io/warn', 'baseline', 'the Pod Security labels follow the podSecurity prop; set podSecurity instead'],
    ['app.kubernetes.io/managed-by', 'helm', 'the library marks the objects it manages with it'],
    ['kubernetes.io/metadata.name', 'other', 'the API server sets it to the namespace name; set the name prop instead'],
  ])('refuses labels[%s], which the library writes, instead of silently replacing it', (key, value, rule) => {
    expect(() => new ZeroTrustNamespace(new App(), 'p', { labels: { [key]: value } }))
      .toThrow(`ZeroTrustNamespace 'p': labels['${key}'] is a label the library writes, got "${value}"; ${rule}`);
  });

  test('accepts Pod Security labels the library does not write (the version pins)', () => {
    const ns = new ZeroTrustNamespace(new App(), 'p', { labels: { 'pod-security.kubernetes.io/enforce-version': 'v1.28' } });
    expect(ns.namespaceObject.toJson().metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.28');
  });
});

describe('a workload in another chart of a ZeroTrustNamespace\'s namespace', () => {
  const MESSAGE = "ExposedApp 'api': its namespace 'production' is ZeroTrustNamespace 'production' of this App, but it is created in chart 'extra', "
    + "where none of that namespace's rules for it are written and default-deny cuts its pods off; create it inside the ZeroTrustNamespace (scope 'production')";

  test('is refused when created after the ZeroTrustNamespace', () => {
    const app = new App();
    new ZeroTrustNamespace(app, 'production');
    const extra = new Chart(app, 'extra', { namespace: 'production' });
    expect(() => new ExposedApp(extra, 'api', { image: IMAGE })).toThrow(MESSAGE);
  });

  test('fails synthesis when the ZeroTrustNamespace is created after it', () => {
    const app = Testing.app();
    const extra = new Chart(app, 'extra', { namespace: 'production' });
    new ExposedApp(extra, 'api', { image: IMAGE });
    new ZeroTrustNamespace(app, 'production');
    expect(() => app.synth()).toThrow(MESSAGE);
  });

  test('is fine in a chart of another namespace', () => {
    const app = Testing.app();
    new ZeroTrustNamespace(app, 'production');
    new ExposedApp(new Chart(app, 'legacy', { namespace: 'legacy' }), 'api', { image: IMAGE });
    expect(() => app.synth()).not.toThrow();
  });
});
