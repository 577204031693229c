/**
 * Generated clusters for the analyzer's scale variants (plain JSON manifests, built before the
 * clock): many workloads under many NetworkPolicies, and many pods under none.
 */

const TIERS = ['web', 'api', 'db', 'worker'] as const;
/** Who a tier admits on its http port, and where it may send to on 8080. */
const UPSTREAM: Record<string, string | undefined> = { web: undefined, api: 'web', db: 'api', worker: 'api' };
const DOWNSTREAM: Record<string, string[]> = { web: ['api'], api: ['db', 'worker'], db: [], worker: [] };
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
/** Workloads per namespace. */
const PER_NAMESPACE = 100;

function meta(name: string, namespace?: string, labels?: Record<string, string>): any {
  return { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
}

function container(): any {
  return {
    name: 'main',
    image: 'ghcr.io/acme/app:1.4.2',
    ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
  };
}

function service(name: string, namespace: string, selector: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, namespace), spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
}

/**
 * `n` Deployments (100 per namespace, tiers web → api → db/worker) with a Service each, and
 * `n` per-workload NetworkPolicies (ingress from the upstream tier on the named port `http`, the
 * web tier also from 0.0.0.0/0; Prometheus on `metrics`; egress to the downstream tiers on 8080
 * and to the public internet on 443), plus default-deny and allow-DNS in every namespace and an
 * unpoliced Prometheus in `monitoring`: n + 2 × ⌈n / 100⌉ policies.
 */
export function policedCluster(n: number): any[] {
  const out: any[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('monitoring') },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('prometheus', 'monitoring'), spec: { selector: { matchLabels: { app: 'prometheus' } }, template: { metadata: { labels: { app: 'prometheus' } }, spec: { containers: [container()] } } } },
  ];
  const namespaces = Math.ceil(n / PER_NAMESPACE);
  for (let k = 0; k < namespaces; k++) {
    const ns = `team-${k}`;
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { team: `t${k % 5}`, env: k % 2 === 0 ? 'prod' : 'staging' }) });
    out.push(netpol('default-deny', ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    out.push(netpol('allow-dns', ns, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    }));
  }
  for (let i = 0; i < n; i++) {
    const ns = `team-${Math.floor(i / PER_NAMESPACE)}`;
    const name = `svc-${i}`;
    const tier = TIERS[i % TIERS.length];
    const labels = { app: name, tier };
    out.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, ns), spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container()] } } } });
    out.push(service(name, ns, labels));
    const upstream = UPSTREAM[tier];
    const ingress: any[] = [
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 'metrics' }] },
    ];
    if (upstream) ingress.push({ from: [{ podSelector: { matchLabels: { tier: upstream } } }], ports: [{ port: 'http' }] });
    else ingress.push({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'http' }] });
    const egress: any[] = [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: [{ port: 443 }] }];
    if (DOWNSTREAM[tier].length > 0) {
      egress.push({ to: DOWNSTREAM[tier].map(t => ({ podSelector: { matchLabels: { tier: t } } })), ports: [{ port: 8080 }] });
    }
    out.push(netpol(name, ns, { podSelector: { matchLabels: { app: name } }, policyTypes: ['Ingress', 'Egress'], ingress, egress }));
  }
  return out;
}

/** `n` bare Pods (distinct labels, one port each) with a Service each, in 10 namespaces, and no NetworkPolicy. */
export function unpolicedCluster(n: number): any[] {
  const out: any[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `ns-${i % 10}`;
    const labels = { app: `pod-${i}` };
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: meta(`pod-${i}`, ns, labels), spec: { containers: [{ name: 'main', image: 'ghcr.io/acme/app:1.4.2', ports: [{ name: 'http', containerPort: 8080 }] }] } });
    out.push(service(`pod-${i}`, ns, labels));
  }
  return out;
}

function netpol(name: string, namespace: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name, namespace), spec };
}
