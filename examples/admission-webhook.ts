/**
 * An admission webhook in a default-deny namespace. The API server calls webhooks from the
 * control plane, which default-deny blocks, so the call times out (kubernetes/kubernetes#128162)
 * — unless the namespace names its `controlPlane`: then every app that declares an
 * `admissionWebhookPort` admits it on that port, and nothing else.
 *
 * The ValidatingWebhookConfiguration is cluster-scoped, so it lives in a plain Chart; cert-manager's
 * CA injector fills in its caBundle from the webhook's serving certificate.
 *
 * Run on its own: `npx ts-node examples/admission-webhook.ts` (writes to ./dist).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { ExposedApp, Peer, ZeroTrustNamespace } from '../src';

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
  const app = new App();
  build(app);
  app.synth();
}
