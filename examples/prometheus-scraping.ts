/**
 * Prometheus scraping under default-deny. The `production` namespace names its scrapers with
 * `monitoring: Peer.pods(...)`: every workload that declares `metrics` admits them on that port
 * only, and `metrics.serviceMonitor` adds a prometheus-operator ServiceMonitor (a PodMonitor for a
 * worker without a Service). Prometheus runs in the `monitoring` namespace — a ZeroTrustNamespace
 * of this App too — so its own `prometheus-egress` policy opens exactly those scrapes. Prometheus
 * also finds its targets through the Kubernetes API (`kubernetes_sd_configs`), which default-deny
 * blocks as well: `prometheus-kube-api` (written by hand, the library has no construct for the
 * Prometheus pods) opens its egress to the API server endpoints.
 *
 * The Prometheus pods themselves come from the prometheus-operator (not in these manifests); the
 * synthesis-time lint is told they exist, so nothing here is reported as unreachable.
 *
 * Run on its own: `npx ts-node examples/prometheus-scraping.ts` (writes to ./dist).
 */
import { ApiObject, App } from 'cdk8s';
import { ExposedApp, Exposure, NetworkPatternsApp, Peer, ZeroTrustNamespace } from '../src';

/** The pods the prometheus-operator runs for `Prometheus` `k8s` in namespace `monitoring`. */
export const PROMETHEUS = Peer.pods({
  name: 'prometheus',
  namespace: 'monitoring',
  podLabels: { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' },
  ports: [{ name: 'web', port: 9090 }],
});

/** The API server endpoint addresses of the example cluster (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`). */
export const API_SERVER_CIDRS = ['172.18.0.2/32'];

export function build(app: App): void {
  const monitoring = new ZeroTrustNamespace(app, 'monitoring');
  // Service discovery: Prometheus lists and watches Endpoints, Pods and Services through the API
  // server (443 behind the kubernetes Service, 6443 on the endpoints of kubeadm and kind clusters).
  new ApiObject(monitoring, 'prometheus-kube-api', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'prometheus-kube-api' },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' } },
      policyTypes: ['Egress'],
      egress: [{
        to: API_SERVER_CIDRS.map(cidr => ({ ipBlock: { cidr } })),
        ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }],
      }],
    },
  });
  const prod = new ZeroTrustNamespace(app, 'production', { monitoring: PROMETHEUS });

  // An API serving traffic on 8080 and metrics on 9102: the library adds the port `metrics`
  // (container and Service), which only the scrapers may reach.
  const api = new ExposedApp(prod, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    healthCheckPath: '/healthz',
    exposure: Exposure.ingress({ host: 'api.example.com' }),
    metrics: { port: 9102, serviceMonitor: true },
  });

  // A queue worker: no Service, metrics only.
  const worker = new ExposedApp(prod, 'worker', {
    image: 'ghcr.io/acme/worker:1.4.2',
    exposure: Exposure.none(),
    metrics: { port: 8080, path: '/stats', serviceMonitor: true },
  });
  worker.connectTo(api, { ports: ['http'] });
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
