/**
 * Small helpers shared by the pattern tests: synthesize a chart (validating every object against
 * the Kubernetes 1.28 schema on the way), find objects by kind and name, and reach into the pod
 * template of a workload.
 */
import { App, Chart, Testing } from 'cdk8s';
import { ZeroTrustNamespace, ZeroTrustNamespaceProps } from '../../src';
import { checkPodSecurityRestricted } from '../../src/lint/rules/pod-security-restricted';
import { expectValidManifests } from '../util';

/** A pinned image every test app can use. */
export const IMAGE = 'ghcr.io/acme/api:1.4.2';

/** A fresh App (temporary outdir) holding a ZeroTrustNamespace `id` (default `production`). */
export function zeroTrust(id = 'production', props: ZeroTrustNamespaceProps = {}): { app: App; ns: ZeroTrustNamespace } {
  const app = Testing.app();
  const ns = new ZeroTrustNamespace(app, id, props);
  return { app, ns };
}

/** A fresh App holding a plain Chart without a namespace. */
export function plainChart(id = 'plain'): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, id);
  return { app, chart };
}

/**
 * The synthesized objects of `chart`, after checking that every one of them is valid for
 * Kubernetes 1.28 (schema, names, labels, scope).
 */
export function objectsOf(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  expectValidManifests(objects);
  return objects;
}

/** Every object of `kind`, in synthesis order. */
export function findAll(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** The object of `kind` named `name`; throws (listing what exists) when there is none. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    const present = objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ');
    throw new Error(`expected exactly one ${kind}/${name}, found ${found.length} among: ${present}`);
  }
  return found[0];
}

/** The `kind/name` of every object, for assertions on the complete set. */
export function kindsAndNames(objects: any[]): string[] {
  return objects.map(o => `${o.kind}/${o.metadata.name}`);
}

/** Names of the NetworkPolicies among `objects`, sorted. */
export function policyNames(objects: any[]): string[] {
  return findAll(objects, 'NetworkPolicy').map(p => p.metadata.name).sort();
}

/** The pod template spec of a Deployment (or StatefulSet). */
export function podSpecOf(workload: any): any {
  return workload.spec.template.spec;
}

/** The first (only) container of a workload's pod template. */
export function containerOf(workload: any): any {
  return podSpecOf(workload).containers[0];
}

/** The env of a workload's first container as a name → value map. */
export function envOf(workload: any): { [name: string]: string } {
  return Object.fromEntries((containerOf(workload).env ?? []).map((e: any) => [e.name, e.value]));
}

/** The Pod Security Standards `restricted` violations of a workload's pod template. */
export function restrictedViolations(workload: any): string[] {
  return checkPodSecurityRestricted(podSpecOf(workload), workload.spec.template.metadata);
}

/** Runs `fn` and returns the message it throws; fails the test when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the call to throw, but it returned');
}

/** One App-wide claim conflict, as the later claimant reports it. */
export interface Conflict {
  /** The construct path of the later claimant (the error is reported there). */
  readonly path: string;
  /** The later claimant, e.g. `ExposedApp 'web'`. */
  readonly owner: string;
  /** What both claim, e.g. `NodePort 30080`. */
  readonly key: string;
  /** The first claimant and its construct path, e.g. `ExposedApp 'api' at production/api`. */
  readonly first: string;
}

/**
 * Asserts that a synthesis error reports exactly one problem: the claim conflict, on the later
 * claimant's construct path, naming both sides.
 */
export function expectOneConflict(message: string, conflict: Conflict): void {
  const lines = message.split('\n').slice(1).map(l => l.trim()).filter(l => l.length > 0);
  expect(lines).toEqual([`[${conflict.path}] ${conflict.owner}: ${conflict.key} is already claimed by ${conflict.first}; change or remove one of them`]);
}

/** The pod affinity spreading replicas over nodes (preferred anti-affinity on the hostname). */
export function preferredSpreadOverNodes(selector: { [key: string]: string }): any {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
      }],
    },
  };
}

/** `kindsAndNames` of what every ZeroTrustNamespace holds first: its Namespace and two policies. */
export function namespaceBaseObjects(namespace: string): string[] {
  return [`Namespace/${namespace}`, 'NetworkPolicy/default-deny', 'NetworkPolicy/allow-dns'];
}
