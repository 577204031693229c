import { Finding, lint, LintOptions } from '../../src/lint';

/**
 * Small builders of plain Kubernetes manifests for the lint tests. Every builder returns a
 * compliant object by default (restricted pod security, pinned image, readiness probe), so a
 * test changes exactly the field it is about.
 */

/** A restricted-compliant container. */
export function container(name = 'app', overrides: any = {}): any {
  return {
    name,
    image: 'ghcr.io/acme/app:1.0.0',
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { tcpSocket: { port: 8080 } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
    ...overrides,
  };
}

/** A restricted-compliant pod spec. */
export function podSpec(overrides: any = {}): any {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    ...overrides,
  };
}

/** A Deployment `namespace/name` whose pods carry `app.kubernetes.io/name=<name>`. */
export function deployment(ns: string, name: string, spec: any = {}, labels: any = { 'app.kubernetes.io/name': name }): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec(spec) },
    },
  };
}

/** A Service `namespace/name` selecting `app.kubernetes.io/name=<name>`, port 80 → 8080. */
export function service(ns: string, name: string, spec: any = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      ...spec,
    },
  };
}

/** A Namespace object. */
export function namespace(name: string, labels: any = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A NetworkPolicy. */
export function networkPolicy(ns: string, name: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** The default-deny policy of a zero-trust namespace. */
export function defaultDeny(ns: string): any {
  return networkPolicy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
}

/** The allow-DNS egress policy of a zero-trust namespace. */
export function allowDns(ns: string): any {
  return networkPolicy(ns, 'allow-dns', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }],
  });
}

/** An Ingress routing `host` `/` to Service `service` port `port`. */
export function ingress(ns: string, name: string, host: string, serviceName: string, port: any = { number: 80 }, extra: any = {}): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns, ...(extra.metadata ?? {}) },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port } } }] } }],
      ...(extra.spec ?? {}),
    },
  };
}

/** A cert-manager ACME ClusterIssuer `name` with `solvers`. */
export function clusterIssuer(name: string, solvers: any[]): any {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name },
    spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: `${name}-account-key` }, solvers } },
  };
}

/** The findings of one rule. */
export function findingsOf(rule: string, objects: any[], options: LintOptions = {}): Finding[] {
  return lint(objects, options).filter(f => f.rule === rule);
}

/** `[object, message]` pairs of one rule, for exact assertions. */
export function reported(rule: string, objects: any[], options: LintOptions = {}): Array<[string, string]> {
  return findingsOf(rule, objects, options).map(f => [f.object, f.message]);
}

/** Objects of one rule's findings. */
export function objectsOf(rule: string, objects: any[], options: LintOptions = {}): string[] {
  return findingsOf(rule, objects, options).map(f => f.object);
}
