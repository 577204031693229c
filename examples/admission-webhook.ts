/**
 * An admission webhook in a default-deny namespace. The API server calls webhooks from the
 * control plane, which default-deny blocks, so the call times out (kubernetes/kubernetes#128162)
 * — unless the namespace names its `controlPlane`: then every app that declares an
 * `admissionWebhookPort` admits it on that port, and nothing else.
 *
 * The ValidatingWebhookConfiguration is cluster-scoped, so it lives in a plain Chart; cert-manager's
 * CA injector fills in its caBundle from the webhook's serving certificate. That certificate is a
 * cert-manager `Certificate` for the webhook Service's DNS names, signed by a self-signed `Issuer`
 * (as kubebuilder projects do); its Secret is mounted read-only at `/tls`, where the server reads
 * `tls.crt` and `tls.key`. The probes use HTTPS, since the webhook port serves TLS.
 *
 * Run on its own: `npx ts-node examples/admission-webhook.ts` (writes to ./dist).
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { ExposedApp, NetworkPatternsApp, Peer, ZeroTrustNamespace } from '../src';

/** The control-plane node addresses of the example cluster. */
export const CONTROL_PLANE_CIDRS = ['172.18.0.0/28'];

export function build(app: App): void {
  const policy = new ZeroTrustNamespace(app, 'policy', {
    controlPlane: Peer.kubeApiServer({ cidrs: CONTROL_PLANE_CIDRS }),
  });

  const webhook = new ExposedApp(policy, 'image-policy', {
    image: 'ghcr.io/acme/image-policy-webhook:1.2.0',
    ports: [{ name: 'https', port: 443, containerPort: 9443 }],
    admissionWebhookPort: 9443,
    healthCheckPath: '/readyz',
  });

  // The serving certificate: a self-signed Issuer and a Certificate for the Service's names.
  new ApiObject(policy, 'selfsigned', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: 'selfsigned' },
    spec: { selfSigned: {} },
  });
  new ApiObject(policy, 'image-policy-serving', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'image-policy-serving' },
    spec: {
      secretName: 'image-policy-serving',
      dnsNames: [`${webhook.serviceName}.${webhook.namespace}.svc`, `${webhook.serviceName}.${webhook.namespace}.svc.${webhook.clusterDomain}`],
      issuerRef: { kind: 'Issuer', name: 'selfsigned' },
    },
  });
  // Mounted with a JSON patch: ExposedApp has no volume props beyond its writable emptyDirs.
  webhook.deployment.addJsonPatch(
    JsonPatch.add('/spec/template/spec/volumes/-', { name: 'serving-cert', secret: { secretName: 'image-policy-serving' } }),
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { mountPath: '/tls', name: 'serving-cert', readOnly: true }),
  );

  const cluster = new Chart(app, 'cluster');
  new ApiObject(cluster, 'image-policy', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: 'image-policy',
      annotations: { 'cert-manager.io/inject-ca-from': 'policy/image-policy-serving' },
    },
    webhooks: [{
      name: 'images.policy.example.com',
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      timeoutSeconds: 5,
      clientConfig: { service: { name: webhook.serviceName, namespace: webhook.namespace, port: 443, path: '/validate' } },
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }],
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'policy'] }] },
    }],
  });
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
