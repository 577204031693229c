/**
 * The shared Kubernetes vocabulary (internal): kind tables, well-known labels, name syntax and
 * ordering — written once here, imported by the constructs, the analyzer, lint and the CLI.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/
 */

/**
 * The label every Namespace carries: "The Kubernetes control plane sets an immutable label
 * kubernetes.io/metadata.name on all namespaces, the value of the label is the namespace name."
 *
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The prefix of every annotation the library writes into synthesized objects (a DNS subdomain of
 * its own), so tools reading the YAML know what the program knew.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/#syntax-and-character-set
 */
export const ANNOTATION_PREFIX = 'netpatterns.dev';

/**
 * The annotation on a Gateway the library writes that declares where its proxies run (JSON:
 * `namespace`, `podLabels`, `ports`: listener → container port), for the analyzer and lint.
 */
export const GATEWAY_DATA_PLANE_ANNOTATION = `${ANNOTATION_PREFIX}/gateway-data-plane`;

/** The namespace of a namespaced object that does not say (what `kubectl apply` uses by default). */
export const DEFAULT_NAMESPACE = 'default';

/**
 * The label the Deployment controller adds to every ReplicaSet it creates and to its pods; the
 * ReplicaSet is named `<deployment>-<hash>`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
 */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * The node labels the analysis assumes on every node: the kubelet sets `kubernetes.io/os` to the
 * node's operating system ("The Kubelet populates this with runtime.GOOS"), and the cluster is
 * taken to run Linux nodes. A pod's `nodeSelector` overrides it (the scheduler placed the pod on a
 * node carrying those labels).
 *
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-os
 */
export const ASSUMED_NODE_LABELS: { readonly [key: string]: string } = { 'kubernetes.io/os': 'linux' };

/** Where the cluster DNS runs (CoreDNS keeps the kube-dns labels): namespace and pod labels. */
export const DNS_NAMESPACE = 'kube-system';
export const DNS_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };

/** The controller name ingress-nginx's IngressClasses carry (`spec.controller`). */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
/** The annotation naming an IngressClass as the cluster's default. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
/** The legacy annotation giving an Ingress its class (before `spec.ingressClassName`). */
export const LEGACY_INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Where the ingress-nginx controller runs, as its Helm chart and manifests install it. */
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_LABELS: { readonly [key: string]: string } = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

/**
 * The label of cert-manager's ACME HTTP-01 solver pods.
 *
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export const ACME_SOLVER_LABELS: { readonly [key: string]: string } = { 'acme.cert-manager.io/http01-solver': 'true' };

/** The annotations by which an Ingress asks cert-manager for a certificate. */
export const CERT_MANAGER_ISSUER_ANNOTATIONS: readonly string[] = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** A DNS-1123 label (Namespace names): lowercase alphanumerics and '-', ≤ 63 (length checked apart). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1035 label (Service names): like DNS-1123 but starting with a letter. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain (most object names): dot-separated DNS-1123 labels, ≤ 253 in all. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The characters of an IANA_SVC_NAME (port names); length, letters and '--' are checked apart. */
export const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** The name part of a label key, and a non-empty label value: ≤ 63 alphanumerics, '-', '_', '.'. */
export const LABEL_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Code-unit order of strings, the order every sorted output of the library uses. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: unknown): string {
  const v = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

/** `Kind/namespace/name` or, for cluster-scoped objects, `Kind/name`. */
export function objectRef(kind: string, name: string, namespace?: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** Kinds (`group/Kind`, core group empty) that are cluster-scoped; everything else is namespaced. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'networking.k8s.io/IngressClass', 'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'policy/PodSecurityPolicy',
  'cert-manager.io/ClusterIssuer', 'gateway.networking.k8s.io/GatewayClass',
  'snapshot.storage.k8s.io/VolumeSnapshotClass', 'snapshot.storage.k8s.io/VolumeSnapshotContent',
  'policy.networking.k8s.io/AdminNetworkPolicy', 'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
  'policy.networking.k8s.io/ClusterNetworkPolicy', 'cilium.io/CiliumClusterwideNetworkPolicy',
  'crd.projectcalico.org/GlobalNetworkPolicy', 'projectcalico.org/GlobalNetworkPolicy', 'crd.antrea.io/ClusterNetworkPolicy',
]);

/** True when objects of this group and kind live in no namespace. */
export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/**
 * The workload kinds — objects that run pods — by `group/Kind`, with where each keeps its pod
 * template (a Pod is its own template). Group-aware: a CRD that happens to be called `Job`
 * (`batch.volcano.sh/v1alpha1 Job`) is not a workload.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/
 */
const WORKLOAD_TEMPLATE_PATHS: { readonly [groupKind: string]: readonly string[] } = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  '/Pod': [],
  '/ReplicationController': ['spec', 'template'],
  // The pre-1.16 group of Deployments, DaemonSets and ReplicaSets, still found in old manifests.
  'extensions/Deployment': ['spec', 'template'],
  'extensions/DaemonSet': ['spec', 'template'],
  'extensions/ReplicaSet': ['spec', 'template'],
};

/** Where a workload kind keeps its pod template, or undefined when the kind runs no pods. */
export function workloadTemplatePath(group: string, kind: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(WORKLOAD_TEMPLATE_PATHS, `${group}/${kind}`)
    ? WORKLOAD_TEMPLATE_PATHS[`${group}/${kind}`]
    : undefined;
}

/** True when objects of this group and kind run pods. */
export function isWorkloadKind(group: string, kind: string): boolean {
  return workloadTemplatePath(group, kind) !== undefined;
}

/**
 * Whether a listener hostname (undefined: any) and a route hostname intersect — "*.example.com"
 * matches any name ending in ".example.com", never "example.com" itself.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.Hostname
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === route) {
    return true;
  }
  const suffix = (h: string) => h.slice(1); // "*.example.com" → ".example.com"
  if (listener.startsWith('*.') && route.startsWith('*.')) {
    return route.endsWith(suffix(listener)) || listener.endsWith(suffix(route));
  }
  if (listener.startsWith('*.')) {
    return route.endsWith(suffix(listener));
  }
  if (route.startsWith('*.')) {
    return listener.endsWith(suffix(route));
  }
  return false;
}
