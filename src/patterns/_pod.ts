/**
 * Internal pod-template helpers: the restricted security context, resources with sensible
 * defaults, anti-affinity and probes every workload of this library shares.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The UID/GID pods run as unless told otherwise (distroless `nonroot`). */
export const DEFAULT_RUN_AS_USER = 65532;

/** A pod security context meeting Pod Security Standards `restricted`. */
export function podSecurityContext(user: number, group: number, fsGroup?: number): any {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    ...(fsGroup !== undefined ? { fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A container security context meeting Pod Security Standards `restricted`. */
export function containerSecurityContext(readOnlyRootFilesystem: boolean): any {
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
 */
export function renderResources(resources: kplus.ContainerResources | undefined, defaults: ResourceDefaults): any {
  const requests: { [key: string]: string } = {
    cpu: resources?.cpu?.request?.amount ?? defaults.cpuRequest,
    memory: resources?.memory?.request ? sizeToQuantity(resources.memory.request) : defaults.memoryRequest,
  };
  const limits: { [key: string]: string } = {
    memory: resources?.memory?.limit ? sizeToQuantity(resources.memory.limit) : defaults.memoryLimit,
  };
  if (resources?.cpu?.limit) {
    limits.cpu = resources.cpu.limit.amount;
  }
  if (resources?.ephemeralStorage?.request) {
    requests['ephemeral-storage'] = sizeToQuantity(resources.ephemeralStorage.request);
  }
  if (resources?.ephemeralStorage?.limit) {
    limits['ephemeral-storage'] = sizeToQuantity(resources.ephemeralStorage.limit);
  }
  return { limits, requests };
}

/** Preferred anti-affinity spreading replicas over nodes (kube-linter `no-anti-affinity`). */
export function spreadOverNodes(selector: { [key: string]: string }): any {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: {
          labelSelector: { matchLabels: { ...selector } },
          topologyKey: 'kubernetes.io/hostname',
        },
      }],
    },
  };
}

/** Writable emptyDir volumes and mounts for the given paths (`/tmp` → volume `tmp`). */
export function writableVolumes(paths: string[]): { volumes: any[]; mounts: any[] } {
  const volumes: any[] = [];
  const mounts: any[] = [];
  const used = new Set<string>();
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
  readonly container: any;
  readonly volumes: any[];
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
export function restrictedPodTemplate(props: PodTemplateProps): any {
  return {
    metadata: {
      labels: { ...props.podLabels, ...props.labels },
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
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
export function replicatedPodsSpec(props: PodTemplateProps): any {
  return {
    replicas: props.replicas,
    selector: { matchLabels: { ...props.selector } },
    template: restrictedPodTemplate(props),
  };
}
