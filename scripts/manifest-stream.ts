/**
 * Writes a generated manifest stream for load measurements (not a test):
 *
 *   npx ts-node --transpile-only -P scripts/tsconfig.json scripts/manifest-stream.ts <dir> [files=10] [megabytes=50]
 *
 * Each file holds namespaces with a default-deny and an allow-DNS NetworkPolicy, apps (Deployment,
 * Service, an ingress NetworkPolicy admitting the previous app) and ConfigMaps carrying dashboard
 * JSON, as a rendered platform chart does, until the files reach the requested size together.
 */
import * as fs from 'fs';
import * as path from 'path';

const [dir, filesArg = '10', mbArg = '50'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: manifest-stream.ts <dir> [files=10] [megabytes=50]\n');
  process.exit(2);
}
const files = Number(filesArg);
const bytesPerFile = (Number(mbArg) * 1024 * 1024) / files;
const NAMESPACES_PER_FILE = 10;
const APPS_PER_NAMESPACE = 20;
fs.mkdirSync(dir, { recursive: true });

function app(ns: string, name: string, previous: string): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns}, labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: shop } }
spec:
  replicas: 2
  selector: { matchLabels: { app.kubernetes.io/name: ${name} } }
  template:
    metadata: { labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: shop } }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /healthz, port: http } }
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, readOnlyRootFilesystem: true }
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { app.kubernetes.io/name: ${name} }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}-ingress, namespace: ${ns} }
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: ${name} } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app.kubernetes.io/name: ${previous} } } }]
      ports: [{ port: 8080 }]
`;
}

function namespace(ns: string): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: ${ns} }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-dns, namespace: ${ns} }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }]
      ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]
    - to: [{ podSelector: {} }]
`;
}

function dashboard(ns: string, i: number): string {
  const panels = Array.from({ length: 60 }, (_, p) => ({
    id: p,
    type: 'timeseries',
    title: `panel ${p}`,
    gridPos: { x: (p % 4) * 6, y: Math.floor(p / 4) * 8, w: 6, h: 8 },
    targets: [{ expr: `sum(rate(http_requests_total{namespace="${ns}",code=~"5.."}[5m])) by (service)`, refId: 'A' }],
  }));
  return `---
apiVersion: v1
kind: ConfigMap
metadata: { name: dashboard-${i}, namespace: ${ns}, labels: { grafana_dashboard: "1" } }
data:
  dashboard.json: ${JSON.stringify(JSON.stringify({ title: `dashboard ${i}`, panels }))}
`;
}

let total = 0;
let objects = 0;
for (let f = 0; f < files; f++) {
  const parts: string[] = [];
  let size = 0;
  const add = (text: string, count: number) => {
    parts.push(text);
    size += Buffer.byteLength(text);
    objects += count;
  };
  for (let n = 0; n < NAMESPACES_PER_FILE; n++) {
    const ns = `team-${f}-${n}`;
    add(namespace(ns), 3);
    for (let a = 0; a < APPS_PER_NAMESPACE; a++) add(app(ns, `app-${a}`, `app-${(a + APPS_PER_NAMESPACE - 1) % APPS_PER_NAMESPACE}`), 3);
  }
  for (let i = 0; size < bytesPerFile; i++) add(dashboard(`team-${f}-${i % NAMESPACES_PER_FILE}`, i), 1);
  fs.writeFileSync(path.join(dir, `part-${String(f).padStart(2, '0')}.yaml`), parts.join(''));
  total += size;
}
process.stdout.write(`${files} files, ${(total / 1024 / 1024).toFixed(1)} MiB, ${objects} objects, `
  + `${files * NAMESPACES_PER_FILE * APPS_PER_NAMESPACE} workloads in ${files * NAMESPACES_PER_FILE} namespaces\n`);
