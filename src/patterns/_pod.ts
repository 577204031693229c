/**
 * Internal pod-template helpers: the restricted security context, resources with sensible
 * defaults, anti-affinity and probes every workload of this library shares.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Affinity, Container, PodSecurityContext, PodTemplateSpec, ResourceRequirements, SecurityContext, StringMap, Volume, VolumeMount } from './_k8s-types';
import { copyRecord } from '../_collections';

/** The UID/GID pods run as unless told otherwise (distroless `nonroot`). */
export const DEFAULT_RUN_AS_USER = 65532;

/** A pod security context meeting Pod Security Standards `restricted`. */
export function podSecurityContext(user: number, group: number, fsGroup?: number): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    ...(fsGroup !== undefined ? { fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A container security context meeting Pod Security Standards `restricted`. */
export function containerSecurityContext(readOnlyRootFilesystem: boolean): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    privileged: false,
    capabilities: { drop: ['ALL'] },
  };
}

/** Resource defaults: a CPU request, a memory request and a memory limit. */
export interface ResourceDefaults {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** A Size as a Kubernetes quantity in the largest binary unit that keeps it whole (`1Gi`, `512Mi`, `500Ki`). */
export function sizeToQuantity(size: Size): string {
  const kibibytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (kibibytes % (1024 * 1024) === 0) {
    return `${kibibytes / (1024 * 1024)}Gi`;
  }
  if (kibibytes % 1024 === 0) {
    return `${kibibytes / 1024}Mi`;
  }
  return `${Math.round(kibibytes)}Ki`;
}

/**
 * Renders `resources`, filling every field the user left out with the defaults (no CPU limit by
 * default: CPU limits throttle latency-sensitive servers, while a memory limit protects the node).
 *
 * The API server requires request ≤ limit. A default never breaks that: a memory request above the
 * default limit raises the limit to the request, a limit below the default request lowers the
 * request to the limit. A request above a limit the user gave fails, naming both (`owner` leads
 * the message).
 */
export function renderResources(resources: kplus.ContainerResources | undefined, defaults: ResourceDefaults, owner = 'resources'): ResourceRequirements {
  const memory = requestAndLimit(owner, 'memory', quantityOf(resources?.memory?.request), quantityOf(resources?.memory?.limit),
    defaults.memoryRequest, defaults.memoryLimit, kibibytesOf);
  const cpu = requestAndLimit(owner, 'cpu', resources?.cpu?.request?.amount, resources?.cpu?.limit?.amount,
    defaults.cpuRequest, undefined, millicoresOf);
  const storage = requestAndLimit(owner, 'ephemeralStorage', quantityOf(resources?.ephemeralStorage?.request),
    quantityOf(resources?.ephemeralStorage?.limit), undefined, undefined, kibibytesOf);
  const requests: StringMap = { cpu: cpu.request!, memory: memory.request! };
  const limits: StringMap = { memory: memory.limit! };
  if (cpu.limit !== undefined) {
    limits.cpu = cpu.limit;
  }
  if (storage.request !== undefined) {
    requests['ephemeral-storage'] = storage.request;
  }
  if (storage.limit !== undefined) {
    limits['ephemeral-storage'] = storage.limit;
  }
  return { limits, requests };
}

function quantityOf(size: Size | undefined): string | undefined {
  return size ? sizeToQuantity(size) : undefined;
}

/** `512Mi` → 524288; the quantities this module writes (Ki, Mi, Gi, Ti or plain bytes). */
function kibibytesOf(quantity: string): number {
  const units: { [suffix: string]: number } = { Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3 };
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  return match ? parseFloat(match[1]) * (match[2] ? units[match[2]] : 1 / 1024) : NaN;
}

/** `250m` → 250, `2` → 2000. */
function millicoresOf(quantity: string): number {
  return quantity.endsWith('m') ? parseFloat(quantity) : parseFloat(quantity) * 1000;
}

/** The request and limit of one resource, defaults filled in so that request ≤ limit. */
function requestAndLimit(owner: string, what: string, request: string | undefined, limit: string | undefined,
  defaultRequest: string | undefined, defaultLimit: string | undefined, amount: (q: string) => number): { request?: string; limit?: string } {
  if (request !== undefined && limit !== undefined && amount(request) > amount(limit)) {
    throw new Error(`${owner}: resources.${what}.request ${request} is more than resources.${what}.limit ${limit}; the API server requires request ≤ limit — lower the request or raise the limit`);
  }
  if (request !== undefined) {
    return { request, limit: limit ?? (defaultLimit !== undefined && amount(request) > amount(defaultLimit) ? request : defaultLimit) };
  }
  if (limit !== undefined && defaultRequest !== undefined && amount(defaultRequest) > amount(limit)) {
    return { request: limit, limit };
  }
  return { request: defaultRequest, limit: limit ?? defaultLimit };
}

/**
 * Checks the paths of writable emptyDirs: absolute, each once, and not `reservedPath` (the data
 * volume's mount path) — the API server refuses two volume mounts at one path.
 */
export function validateWritablePaths(owner: string, paths: string[], reservedPath?: { path: string; what: string }): void {
  // One directory, however it is written (`/tmp` and `/tmp/`): two emptyDirs over it would shadow each other.
  const directory = (path: string) => path.replace(/\/+$/, '') || '/';
  paths.forEach((path, i) => {
    if (!path.startsWith('/')) {
      throw new Error(`${owner}: writablePaths[${i}] '${path}' must start with '/'`);
    }
    if (directory(path) === '/') {
      throw new Error(`${owner}: writablePaths[${i}] '${path}' is the root directory; an empty volume there would hide the whole image — list the directories the app writes to`);
    }
    const first = paths.findIndex(other => directory(other) === directory(path));
    if (first !== i) {
      throw new Error(`${owner}: writablePaths[${i}] '${path}' repeats writablePaths[${first}] '${paths[first]}'; two volume mounts at one directory shadow each other (the API server refuses identical paths) — list each path once`);
    }
    if (reservedPath && path.replace(/\/+$/, '') === reservedPath.path.replace(/\/+$/, '')) {
      throw new Error(`${owner}: writablePaths[${i}] '${path}' is also the ${reservedPath.what} '${reservedPath.path}'; the API server refuses two volume mounts at one path — the ${reservedPath.what} is writable already, drop it from writablePaths`);
    }
  });
}

/** Preferred anti-affinity spreading replicas over nodes (kube-linter `no-anti-affinity`). */
export function spreadOverNodes(selector: StringMap): Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: {
          labelSelector: { matchLabels: copyRecord(selector) },
          topologyKey: 'kubernetes.io/hostname',
        },
      }],
    },
  };
}

/**
 * Writable emptyDir volumes and mounts for the given paths (`/tmp` → volume `tmp`); names in
 * `reservedNames` (a PVC template's) are skipped (`/data` → `data-2`).
 */
export function writableVolumes(paths: string[], reservedNames: string[] = []): { volumes: Volume[]; mounts: VolumeMount[] } {
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  const used = new Set<string>(reservedNames);
  for (const path of paths) {
    let name = path.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'root';
    name = name.slice(0, 50).replace(/-+$/, '');
    let unique = name;
    for (let i = 2; used.has(unique); i++) {
      unique = `${name}-${i}`;
    }
    used.add(unique);
    volumes.push({ name: unique, emptyDir: {} });
    mounts.push({ name: unique, mountPath: path });
  }
  return { volumes, mounts };
}

/** What a restricted pod template is made of. */
export interface PodTemplateProps {
  readonly labels: { [key: string]: string };
  readonly selector: { [key: string]: string };
  readonly replicas: number;
  readonly user: number;
  readonly fsGroup?: number;
  readonly container: Container;
  readonly volumes: Volume[];
  /** Extra pod labels, added to `labels` (which they never replace). */
  readonly podLabels?: { [key: string]: string };
  /** Pod annotations. */
  readonly annotations?: { [key: string]: string };
  /** The ServiceAccount of the pods. */
  readonly serviceAccountName?: string;
  /** Mount the ServiceAccount token (default false). */
  readonly automountServiceAccountToken?: boolean;
}

/**
 * A pod template meeting Pod Security Standards `restricted` and kube-linter's defaults: no
 * service-account token, no service links, restricted security context, anti-affinity from two
 * replicas on.
 */
export function restrictedPodTemplate(props: PodTemplateProps): PodTemplateSpec {
  return {
    metadata: {
      labels: { ...props.podLabels, ...props.labels },
      ...(props.annotations ? { annotations: copyRecord(props.annotations) } : {}),
    },
    spec: {
      ...(props.serviceAccountName !== undefined ? { serviceAccountName: props.serviceAccountName } : {}),
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      enableServiceLinks: false,
      securityContext: podSecurityContext(props.user, props.user, props.fsGroup),
      ...(props.replicas >= 2 ? { affinity: spreadOverNodes(props.selector) } : {}),
      containers: [props.container],
      volumes: props.volumes,
    },
  };
}

/**
 * The replicated part of a Deployment or StatefulSet spec: `replicas`, the immutable selector and
 * a restricted pod template.
 */
export function replicatedPodsSpec(props: PodTemplateProps): { replicas: number; selector: { matchLabels: StringMap }; template: PodTemplateSpec } {
  return {
    replicas: props.replicas,
    selector: { matchLabels: copyRecord(props.selector) },
    template: restrictedPodTemplate(props),
  };
}
