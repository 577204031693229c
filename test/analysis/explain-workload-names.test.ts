/**
 * The names the analysis prints are taken back: `ns/name[Kind]` as connlist prints workloads,
 * `ns/name[assumed]` for assumed ones, `ns/name[ReplicaSet]` for pods grouped under an absent
 * owner, and the name of a Pod the manifests group under a workload — by `explain` and by every
 * method that takes a workload name; a wrong kind is refused, naming what exists.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';

/** shop: web may reach api on 8080 and nothing else (default deny both ways, DNS egress allowed). */
function shop(): any[] {
  return [
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, [8080]),
    deployment('shop', 'api', { app: 'api' }, [8080]),
    policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('shop', 'web-egress', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 8080 }] }, { ports: [{ port: 53, protocol: 'UDP' }] }],
    }),
    policy('shop', 'api-ingress', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }],
    }),
  ];
}

/** A Pod of ReplicaSet `rs` (absent from the manifests), as `kubectl get pods -o yaml` prints it. */
function replicaSetPod(ns: string, rs: string, suffix: string, labels: Record<string, string>): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs}-${suffix}`,
      namespace: ns,
      labels: { ...labels, 'pod-template-hash': rs.slice(rs.lastIndexOf('-') + 1) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `u-${rs}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'main', image: 'registry.example.com/app:1.0.0', ports: [{ containerPort: 8080 }] }] },
  };
}

describe('workload names as lists print them', () => {
  const r = Reachability.fromManifests(shop(), NOTHING_ASSUMED);

  test('explain takes ns/name[Kind] for either end, as connlist prints it', () => {
    // GIVEN connlist names the workloads shop/web[Deployment] and shop/api[Deployment]
    expect(r.connections()).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080');
    // WHEN those names are given back
    for (const [from, to] of [['shop/web[Deployment]', 'shop/api'], ['shop/web', 'shop/api[Deployment]'], ['shop/web[Deployment]', 'shop/api[Deployment]']]) {
      // THEN the explanation is the one for the plain names
      expect(r.explain(from, to, 8080)).toBe(r.explain('shop/web', 'shop/api', 8080));
    }
    expect(r.explain('shop/web[Deployment]', 'shop/api[Deployment]:8080')).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 8080 : allowed');
  });

  test('the kind in brackets is matched without regard to case, as kubectl matches kinds', () => {
    expect(r.explain('shop/web[deployment]', 'shop/api', 8080)).toContain(': TCP 8080 : allowed');
  });

  test('a wrong kind is refused by explain and canReach, naming what exists', () => {
    expect(() => r.explain('shop/web[StatefulSet]', 'shop/api', 8080)).toThrow(
      "Reachability.explain: workload 'shop/web[StatefulSet]' for 'from' is not a StatefulSet: shop/web is a Deployment; "
      + "give 'shop/web' or 'shop/web[Deployment]'");
    expect(() => r.canReach('shop/web', 'shop/api[StatefulSet]', 8080)).toThrow(
      "Reachability.canReach: workload 'shop/api[StatefulSet]' for 'to' is not a StatefulSet: shop/api is a Deployment; "
      + "give 'shop/api' or 'shop/api[Deployment]'");
    expect(() => r.reachableFromOutside('shop/api[Job]', 8080)).toThrow(
      "Reachability.reachableFromOutside: workload 'shop/api[Job]' for 'to' is not a Job: shop/api is a Deployment");
  });

  test('diagrams focus on ns/name[Kind]', () => {
    expect(r.toMermaid({ focus: 'shop/web[Deployment]' })).toBe(r.toMermaid({ focus: 'shop/web' }));
    expect(() => r.toMarkdown({ focus: 'shop/web[Pod]' })).toThrow(
      "Reachability.toMarkdown: workload 'shop/web[Pod]' for 'focus' is not a Pod: shop/web is a Deployment");
  });

  test('an assumed workload is taken as ns/name[assumed]', () => {
    // GIVEN CoreDNS assumed (no DNS in the manifests)
    const assumed = Reachability.fromManifests(shop());
    expect(assumed.connections()).toContain('shop/web[Deployment] => kube-system/coredns[assumed] : UDP 53');
    const text = assumed.explain('shop/web[Deployment]', 'kube-system/coredns[assumed]', 53, 'UDP');
    expect(text).toContain('shop/web[Deployment] => kube-system/coredns[assumed] : UDP 53 : allowed');
    expect(() => assumed.explain('shop/web', 'kube-system/coredns[Deployment]', 53, 'UDP')).toThrow(
      "Reachability.explain: workload 'kube-system/coredns[Deployment]' for 'to' is not a Deployment: kube-system/coredns is a workload "
      + "the analysis assumes; give 'kube-system/coredns' or 'kube-system/coredns[assumed]'");
  });

  test('where two kinds share a name, a third kind is refused naming both', () => {
    const objects = [...shop(), { ...deployment('shop', 'web', { app: 'webdb' }, [5432]), kind: 'StatefulSet' }];
    const shared = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    expect(() => shared.explain('shop/web[DaemonSet]', 'shop/api', 8080)).toThrow(
      "Reachability.explain: workload 'shop/web[DaemonSet]' for 'from' is not a DaemonSet: the workloads named shop/web are "
      + "'shop/web[Deployment]', 'shop/web[StatefulSet]'; name one of them");
  });
});

describe('pods grouped under an absent owner', () => {
  // GIVEN `kubectl get pods` output only: the pods of ReplicaSets web-7d4b9c8f6 and api-66c5d8b7f9, no ReplicaSet, no Deployment
  const objects = [
    namespace('shop'),
    replicaSetPod('shop', 'web-7d4b9c8f6', 'x7k2p', { app: 'web' }),
    replicaSetPod('shop', 'web-7d4b9c8f6', 'm9q4t', { app: 'web' }),
    replicaSetPod('shop', 'api-66c5d8b7f9', 'p8s7d', { app: 'api' }),
    ...shop().filter((o) => o.kind === 'NetworkPolicy'),
  ];
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test('are taken by the name lists print, ns/name[ReplicaSet]', () => {
    expect(r.connections()).toContain('shop/web-7d4b9c8f6[ReplicaSet] => shop/api-66c5d8b7f9[ReplicaSet] : TCP 8080');
    expect(r.explain('shop/web-7d4b9c8f6[ReplicaSet]', 'shop/api-66c5d8b7f9[ReplicaSet]', 8080))
      .toContain('shop/web-7d4b9c8f6[ReplicaSet] => shop/api-66c5d8b7f9[ReplicaSet] : TCP 8080 : allowed');
  });

  test('a Pod name from kubectl get pods resolves to the workload grouping it, and explain says so', () => {
    const text = r.explain('shop/web-7d4b9c8f6-x7k2p', 'shop/api-66c5d8b7f9-p8s7d', 8080);
    expect(text).toContain('Pod shop/web-7d4b9c8f6-x7k2p is a pod of shop/web-7d4b9c8f6[ReplicaSet]\n');
    expect(text).toContain('Pod shop/api-66c5d8b7f9-p8s7d is a pod of shop/api-66c5d8b7f9[ReplicaSet]\n');
    expect(text).toContain('shop/web-7d4b9c8f6[ReplicaSet] => shop/api-66c5d8b7f9[ReplicaSet] : TCP 8080 : allowed');
    expect(r.canReach('shop/web-7d4b9c8f6-m9q4t', 'shop/api-66c5d8b7f9-p8s7d', 8080)).toBe(true);
    expect(r.canReach('shop/api-66c5d8b7f9-p8s7d', 'shop/web-7d4b9c8f6-m9q4t', 8080)).toBe(false);
  });

  test('a Pod name resolves only where the manifests hold that Pod under the workload', () => {
    // GIVEN a Pod the manifests group: it resolves
    expect(r.canReach('shop/web-7d4b9c8f6-x7k2p', 'shop/api-66c5d8b7f9[ReplicaSet]', 8080)).toBe(true);
    // WHEN the manifests hold the Deployments instead (their pods are not in the manifests)
    const deployments = Reachability.fromManifests(shop(), NOTHING_ASSUMED);
    // THEN the same Pod name is unknown, with the usual suggestion
    expect(() => deployments.explain('shop/web-7d4b9c8f6-x7k2p', 'shop/api', 8080)).toThrow(
      "Reachability.explain: unknown workload or Service 'shop/web-7d4b9c8f6-x7k2p' for 'from'");
    expect(() => deployments.canReach('shop/web-7d4b9c8f6-x7k2p', 'shop/api', 8080)).toThrow(
      "Reachability.canReach: unknown workload 'shop/web-7d4b9c8f6-x7k2p' for 'from'; workloads are named 'namespace/name'");
    // AND a pod of the grouped manifests that is not there is unknown too
    expect(() => r.canReach('shop/web-7d4b9c8f6-zzzzz', 'shop/api-66c5d8b7f9-p8s7d', 8080)).toThrow(
      "Reachability.canReach: unknown workload 'shop/web-7d4b9c8f6-zzzzz' for 'from'");
  });
});
