/**
 * Internal: the shapes of the JSON the constructs emit, so a misspelled or misplaced field is a
 * compile error rather than a schema-test failure.
 *
 * Built-in kinds reuse the Kubernetes 1.28 interfaces cdk8s-plus-28 generates (`k8s`), whose
 * property names are the wire names. Those interfaces type int-or-string and quantity fields as
 * the classes `k8s.IntOrString` and `k8s.Quantity`, which only the generated `Kube*` constructs
 * know how to render; the library writes plain JSON into `ApiObject`s, so {@link Wire} maps those
 * two classes to the plain values they stand for (the rendering stays the same).
 *
 * Type-only: nothing here exists at run time.
 */
import type { k8s } from 'cdk8s-plus-28';

/**
 * The generated property names that differ from the wire names (the generator camel-cases
 * acronyms: `clusterIp` is written as `clusterIP`), from the `toJson_*` functions of
 * cdk8s-plus-28's `k8s` module.
 */
interface WireNames {
  clientIp: 'clientIP';
  clusterIp: 'clusterIP';
  datasetUuid: 'datasetUUID';
  diskUri: 'diskURI';
  downwardApi: 'downwardAPI';
  externalId: 'externalID';
  hostIp: 'hostIP';
  hostIpc: 'hostIPC';
  hostPid: 'hostPID';
  insecureSkipTlsVerify: 'insecureSkipTLSVerify';
  loadBalancerIp: 'loadBalancerIP';
  nodeId: 'nodeID';
  nonResourceUrLs: 'nonResourceURLs';
  openApiv3Schema: 'openAPIV3Schema';
  pdId: 'pdID';
  podCidr: 'podCIDR';
  podCidRs: 'podCIDRs';
  providerId: 'providerID';
  scaleIo: 'scaleIO';
  setHostnameAsFqdn: 'setHostnameAsFQDN';
  storagePolicyId: 'storagePolicyID';
  targetCpuUtilizationPercentage: 'targetCPUUtilizationPercentage';
  targetWwNs: 'targetWWNs';
  volumeId: 'volumeID';
}

/**
 * The JSON form of a generated `k8s` interface: properties under their wire names, `IntOrString`
 * and `Quantity` as the number or string they wrap, and fields mutable (helpers fill objects in
 * place).
 */
export type Wire<T> = T extends k8s.IntOrString | k8s.Quantity
  ? number | string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { -readonly [K in keyof T as K extends keyof WireNames ? WireNames[K] : K]: Wire<T[K]> }
      : T;

/** Labels, annotations, selectors' `matchLabels`. */
export type StringMap = { [key: string]: string };

/** `metadata` of an object the library creates. */
export type ObjectMeta = Wire<k8s.ObjectMeta>;
/** `spec.template.spec` of a Deployment or StatefulSet. */
export type PodSpec = Wire<k8s.PodSpec>;
/** `spec.template` of a Deployment or StatefulSet. */
export type PodTemplateSpec = Wire<k8s.PodTemplateSpec>;
/** One container of a pod. */
export type Container = Wire<k8s.Container>;
/** A container's `securityContext`. */
export type SecurityContext = Wire<k8s.SecurityContext>;
/** A pod's `securityContext`. */
export type PodSecurityContext = Wire<k8s.PodSecurityContext>;
/** A container's `resources`. */
export type ResourceRequirements = Wire<k8s.ResourceRequirements>;
/** A pod's `affinity`. */
export type Affinity = Wire<k8s.Affinity>;
/** A pod volume. */
export type Volume = Wire<k8s.Volume>;
/** A container's volume mount. */
export type VolumeMount = Wire<k8s.VolumeMount>;
/** A container env var. */
export type EnvVar = Wire<k8s.EnvVar>;
/** A container `envFrom` entry. */
export type EnvFromSource = Wire<k8s.EnvFromSource>;
/** A container probe. */
export type Probe = Wire<k8s.Probe>;
/** A label selector. */
export type LabelSelector = Wire<k8s.LabelSelector>;
/** `spec` of a Deployment. */
export type DeploymentSpec = Wire<k8s.DeploymentSpec>;
/** `spec` of a StatefulSet. */
export type StatefulSetSpec = Wire<k8s.StatefulSetSpec>;
/** `spec` of a Service. */
export type ServiceSpec = Wire<k8s.ServiceSpec>;
/** `spec` of an Ingress. */
export type IngressSpec = Wire<k8s.IngressSpec>;
/** One path of an Ingress rule. */
export type HttpIngressPath = Wire<k8s.HttpIngressPath>;
/** `spec` of a NetworkPolicy. */
export type NetworkPolicySpec = Wire<k8s.NetworkPolicySpec>;
/** One peer (`from`/`to` entry) of a NetworkPolicy rule. */
export type NetworkPolicyPeer = Wire<k8s.NetworkPolicyPeer>;
/** One port of a NetworkPolicy rule. */
export type NetworkPolicyPort = Wire<k8s.NetworkPolicyPort>;
/** One ingress or egress rule of a NetworkPolicy (both have the same shape but for `from`/`to`). */
export type NetworkPolicyRule = Wire<k8s.NetworkPolicyIngressRule> & Wire<k8s.NetworkPolicyEgressRule>;
/** `spec` of a PodDisruptionBudget. */
export type PodDisruptionBudgetSpec = Wire<k8s.PodDisruptionBudgetSpec>;
/** `spec` of a Namespace. */
export type NamespaceSpec = Wire<k8s.NamespaceSpec>;
/** A whole EndpointSlice (it has no `spec`: its fields sit at the top level). */
export type EndpointSlice = { apiVersion: string; kind: string } & Wire<k8s.KubeEndpointSliceProps>;
