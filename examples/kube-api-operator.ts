/**
 * An operator that talks to the Kubernetes API server. The API server runs on the host network,
 * where only an ipBlock matches it: `Peer.kubeApiServer({ cidrs })` opens egress to its endpoint
 * addresses on 443 and 6443. The pod gets a ServiceAccount token only because it asks for one
 * (`automountServiceAccountToken: true`), for a ServiceAccount with just the RBAC it needs; it has
 * no Service (`Exposure.none()`).
 *
 * Find the endpoint addresses with
 * `kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`.
 *
 * Run on its own: `npx ts-node examples/kube-api-operator.ts` (writes to ./dist).
 */
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedApp, Exposure, Peer, ZeroTrustNamespace } from '../src';

/** The API server endpoints of the example cluster (a kind control-plane node). */
export const API_SERVER_CIDRS = ['172.18.0.2/32'];

export function build(app: App): void {
  const ops = new ZeroTrustNamespace(app, 'operators');

  const account = new kplus.ServiceAccount(ops, 'account', {
    metadata: { name: 'widget-operator' },
    automountToken: false,
  });
  const role = new kplus.Role(ops, 'role', { metadata: { name: 'widget-operator' } });
  role.allow(['get', 'list', 'watch'], kplus.ApiResource.CONFIG_MAPS);
  role.allow(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], kplus.ApiResource.custom({ apiGroup: 'example.com', resourceType: 'widgets' }));
  new kplus.RoleBinding(ops, 'binding', { metadata: { name: 'widget-operator' }, role }).addSubjects(account);

  const operator = new ExposedApp(ops, 'widget-operator', {
    image: 'ghcr.io/acme/widget-operator:0.7.0',
    replicas: 1,
    exposure: Exposure.none(),
    serviceAccountName: 'widget-operator',
    automountServiceAccountToken: true,
  });
  operator.connectTo(Peer.kubeApiServer({ cidrs: API_SERVER_CIDRS }));
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
