import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  appHost, appName, CLUSTER_ISSUER, CONTAINER_PORT, HEALTH_CHECK_PATH, IMAGE, NAMESPACE, REPLICAS, RUN_AS_USER, SERVICE_PORT,
} from './_spec';
import { Prepare } from './_variant';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-network-patterns' };

/**
 * What a careful user writes by hand with cdk8s-plus-28 to get the library's objects: the
 * namespace-level part (Namespace with Pod Security labels, default-deny, allow-dns and the
 * cert-manager HTTP-01 solver policy). Returns the ingress-controller peer the apps admit.
 */
export function addNamespace(chart: Chart, name: string): kplus.Pods {
  const namespace = new kplus.Namespace(chart, 'Namespace', {
    metadata: {
      name,
      labels: {
        ...MANAGED_BY,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  });
  // A Namespace is cluster-scoped, but the chart's namespace lands on every object (the library
  // removes it the same way).
  ApiObject.of(namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  new kplus.NetworkPolicy(chart, 'DefaultDeny', {
    metadata: { name: 'default-deny', labels: MANAGED_BY },
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const dns = kplus.Pods.select(chart, 'KubeDns', {
    labels: { 'k8s-app': 'kube-dns' },
    namespaces: kplus.Namespaces.select(chart, 'KubeSystem', { names: ['kube-system'] }),
  });
  new kplus.NetworkPolicy(chart, 'AllowDns', {
    metadata: { name: 'allow-dns', labels: MANAGED_BY },
    egress: { rules: [{ peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }] },
  });
  const ingressController = kplus.Pods.select(chart, 'IngressNginx', {
    labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
    namespaces: kplus.Namespaces.select(chart, 'IngressNginxNamespace', { names: ['ingress-nginx'] }),
  });
  new kplus.NetworkPolicy(chart, 'AllowAcmeHttp01Solver', {
    metadata: { name: 'allow-acme-http01-solver', labels: MANAGED_BY },
    selector: kplus.Pods.select(chart, 'AcmeSolver', { labels: { 'acme.cert-manager.io/http01-solver': 'true' } }),
    ingress: { rules: [{ peer: ingressController, ports: [kplus.NetworkPolicyPort.tcp(8089)] }] },
  });
  return ingressController;
}

/**
 * App `i` by hand with cdk8s-plus-28: Deployment (same container, probes, resources, security
 * context, writable /tmp, anti-affinity), ClusterIP Service, Ingress with cert-manager TLS and the
 * ingress policy admitting the ingress controller — the library's four objects per app.
 *
 * Written the idiomatic cdk8s-plus way (`selector: deployment`), so the Service, the policy and the
 * anti-affinity select pods by cdk8s-plus's `cdk8s.io/metadata.addr` label rather than the
 * library's `app.kubernetes.io/name` + `instance`; cdk8s-plus also writes its own defaults
 * (strategy, dnsPolicy, imagePullPolicy, …). Same objects, same kinds and counts, same meaning.
 */
export function addApp(scope: Construct, i: number, ingressController: kplus.Pods): void {
  const name = appName(i);
  const host = appHost(i);
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  const labels = { ...selector, 'app.kubernetes.io/component': 'server', ...MANAGED_BY };
  const app = new Construct(scope, name);

  const deployment = new kplus.Deployment(app, 'Deployment', {
    metadata: { name, labels },
    replicas: REPLICAS,
    select: false,
    spread: false,
    podMetadata: { labels },
    automountServiceAccountToken: false,
    securityContext: { ensureNonRoot: true, user: RUN_AS_USER, group: RUN_AS_USER },
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  deployment.scheduling.spread({ weight: 100, topology: kplus.Topology.HOSTNAME });
  const httpGet = { port: CONTAINER_PORT, failureThreshold: 3 };
  deployment.addContainer({
    name,
    image: IMAGE,
    ports: [{ name: 'http', number: CONTAINER_PORT }],
    readiness: kplus.Probe.fromHttpGet(HEALTH_CHECK_PATH, { ...httpGet, periodSeconds: Duration.seconds(10) }),
    liveness: kplus.Probe.fromHttpGet(HEALTH_CHECK_PATH, {
      ...httpGet, periodSeconds: Duration.seconds(20), initialDelaySeconds: Duration.seconds(10),
    }),
    resources: {
      cpu: { request: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
    securityContext: {
      ensureNonRoot: true,
      user: RUN_AS_USER,
      group: RUN_AS_USER,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(app, 'Tmp', 'tmp') }],
  });
  // cdk8s-plus-28 has no prop for it; the library sets it so Kubernetes' <SVC>_PORT variables cannot collide.
  ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/enableServiceLinks', false));

  const service = new kplus.Service(app, 'Service', {
    metadata: { name, labels },
    type: kplus.ServiceType.CLUSTER_IP,
    selector: deployment,
    ports: [{ name: 'http', port: SERVICE_PORT, targetPort: CONTAINER_PORT, protocol: kplus.Protocol.TCP }],
  });

  new kplus.Ingress(app, 'Ingress', {
    metadata: {
      name,
      labels,
      annotations: { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER, 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
    },
    className: 'nginx',
    rules: [{
      host,
      path: '/',
      pathType: kplus.HttpIngressPathType.PREFIX,
      backend: kplus.IngressBackend.fromService(service, { port: SERVICE_PORT }),
    }],
    tls: [{ hosts: [host], secret: kplus.Secret.fromSecretName(app, 'TlsSecret', `${host.replace(/\./g, '-')}-tls`) }],
  });

  new kplus.NetworkPolicy(app, 'IngressPolicy', {
    metadata: {
      name: `${name}-ingress`,
      labels: { ...selector, 'app.kubernetes.io/component': 'network-policy', ...MANAGED_BY },
    },
    selector: deployment,
    ingress: { rules: [{ peer: ingressController, ports: [kplus.NetworkPolicyPort.tcp(CONTAINER_PORT)] }] },
  });
}

/** The library variant's objects hand-written with cdk8s-plus-28, in one Chart; `app.synth()`. */
export const prepare: Prepare = ({ n, outdir }) => () => {
  const app = new App({ outdir });
  const chart = new Chart(app, NAMESPACE, { namespace: NAMESPACE });
  const ingressController = addNamespace(chart, NAMESPACE);
  for (let i = 0; i < n; i++) {
    addApp(chart, i, ingressController);
  }
  app.synth();
};
