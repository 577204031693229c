/**
 * Rule `pod-security-restricted`: pod templates that the Pod Security Standards (v1.28) reject.
 *
 * The checks follow the policy table of the Pod Security Standards page, control by control, for
 * the `baseline` and `restricted` profiles of Kubernetes 1.28.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asArray, asLabels } from '../_selectors';
import { Severity } from '../finding';

/** "Capabilities: … may only add" (baseline). */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** "Sysctls: … safe subset" as of v1.28 (`ip_local_reserved_ports` since v1.27). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
];

/** "SELinux: … type … Allowed Values: Undefined/"", container_t, container_init_t, container_kvm_t". */
const SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];

/** "Volume Types: … only the following" (restricted). */
const RESTRICTED_VOLUME_TYPES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The label that sets the enforced Pod Security level of a namespace. */
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

interface Container {
  readonly raw: any;
  /** `container 'api'`, `init container 'setup'`, … */
  readonly label: string;
}

function containersOf(podSpec: any): Container[] {
  const out: Container[] = [];
  const roles: Array<[string, string]> = [['containers', 'container'], ['initContainers', 'init container'], ['ephemeralContainers', 'ephemeral container']];
  for (const [field, role] of roles) {
    for (const c of asArray(podSpec?.[field])) {
      if (c && typeof c === 'object') out.push({ raw: c, label: `${role} '${c.name ?? ''}'` });
    }
  }
  return out;
}

function list(labels: string[]): string {
  return labels.join(', ');
}

/**
 * The violations of the Pod Security Standards **baseline** profile (v1.28) by a pod spec and its
 * template metadata, each as `what is wrong; what to change`. Empty when the pod complies.
 */
export function checkPodSecurityBaseline(podSpec: any, metadata?: any): string[] {
  return baselineViolations(podSpec ?? {}, metadata, true);
}

function baselineViolations(spec: any, metadata: any, checkCapabilities: boolean): string[] {
  const podSc = spec.securityContext ?? {};
  const containers = containersOf(spec);
  const out: string[] = [];

  // HostProcess
  const hostProcess = containers.filter(c => c.raw.securityContext?.windowsOptions?.hostProcess === true).map(c => c.label);
  if (podSc.windowsOptions?.hostProcess === true || hostProcess.length > 0) {
    out.push(`windowsOptions.hostProcess is true${hostProcess.length > 0 ? ` for ${list(hostProcess)}` : ' on the pod'}; remove hostProcess (Windows HostProcess pods are privileged)`);
  }
  // Host Namespaces
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) out.push(`${field} is true; remove ${field} (the pod would share the node's namespace)`);
  }
  // Privileged Containers
  const privileged = containers.filter(c => c.raw.securityContext?.privileged === true).map(c => c.label);
  if (privileged.length > 0) out.push(`privileged is true for ${list(privileged)}; remove securityContext.privileged`);
  // Capabilities (baseline)
  if (checkCapabilities) {
    const adds = [...new Set(containers.flatMap(c => asArray(c.raw.securityContext?.capabilities?.add).map(String)))]
      .filter(cap => !BASELINE_CAPABILITIES.includes(cap));
    if (adds.length > 0) out.push(`capabilities.add has ${list(adds)}; add only capabilities of the baseline set (${list(BASELINE_CAPABILITIES)})`);
  }
  // HostPath Volumes
  const hostPaths = asArray(spec.volumes).filter(v => v?.hostPath !== undefined).map(v => `'${v.name}'`);
  if (hostPaths.length > 0) out.push(`hostPath is used by volume ${list(hostPaths)}; use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead`);
  // Host Ports
  const hostPorts = containers.flatMap(c => asArray(c.raw.ports)
    .filter(p => p?.hostPort !== undefined && p?.hostPort !== null && Number(p.hostPort) !== 0)
    .map(p => `${c.label} (${p.hostPort})`));
  if (hostPorts.length > 0) out.push(`hostPort is set for ${list(hostPorts)}; remove hostPort and expose the port through a Service`);
  // AppArmor
  for (const [key, value] of Object.entries(asLabels(metadata?.annotations))) {
    if (key.startsWith(APPARMOR_PREFIX) && !(value === '' || value === 'runtime/default' || value.startsWith('localhost/'))) {
      out.push(`annotation ${key} is '${value}'; use runtime/default or a localhost/<profile>`);
    }
  }
  // SELinux
  const seLinux: Array<[string, any]> = [['the pod', podSc.seLinuxOptions], ...containers.map(c => [c.label, c.raw.securityContext?.seLinuxOptions] as [string, any])];
  for (const [owner, options] of seLinux) {
    if (!options || typeof options !== 'object') continue;
    if (options.type !== undefined && options.type !== '' && !SELINUX_TYPES.includes(options.type)) {
      out.push(`${owner} sets seLinuxOptions.type '${options.type}'; use one of ${list(SELINUX_TYPES)} or leave it unset`);
    }
    for (const field of ['user', 'role']) {
      if (options[field] !== undefined && options[field] !== '') {
        out.push(`${owner} sets seLinuxOptions.${field} '${options[field]}'; leave seLinuxOptions.${field} unset`);
      }
    }
  }
  // /proc Mount Type
  const procMount = containers.filter(c => {
    const m = c.raw.securityContext?.procMount;
    return m !== undefined && m !== null && m !== 'Default';
  }).map(c => c.label);
  if (procMount.length > 0) out.push(`procMount is not Default for ${list(procMount)}; remove securityContext.procMount`);
  // Seccomp (baseline: not Unconfined)
  const unconfined: string[] = [];
  if (podSc.seccompProfile?.type === 'Unconfined') unconfined.push('the pod');
  unconfined.push(...containers.filter(c => c.raw.securityContext?.seccompProfile?.type === 'Unconfined').map(c => c.label));
  if (unconfined.length > 0) out.push(`seccompProfile is Unconfined for ${list(unconfined)}; use RuntimeDefault`);
  // Sysctls
  const unsafe = asArray(podSc.sysctls).map(s => String(s?.name)).filter(n => !SAFE_SYSCTLS.includes(n));
  if (unsafe.length > 0) out.push(`sysctl ${list(unsafe)} is not in the safe set; remove it or set it on the node`);
  return out;
}

/**
 * The violations of the Pod Security Standards **restricted** profile (v1.28) — which includes
 * baseline — by a pod spec and its template metadata, each as `what is wrong; what to change`.
 * Empty when the pod complies.
 *
 * Pods with `spec.os.name: windows` are exempt from the Linux-only controls (privilege escalation,
 * seccomp, capabilities), as the standard says.
 */
export function checkPodSecurityRestricted(podSpec: any, metadata?: any): string[] {
  const spec = podSpec ?? {};
  const podSc = spec.securityContext ?? {};
  const containers = containersOf(spec);
  const windows = spec.os?.name === 'windows';
  // Restricted narrows baseline's capability allowance to NET_BIND_SERVICE (checked below for
  // Linux pods, which makes the baseline capability check redundant for them).
  const out = baselineViolations(spec, metadata, windows);

  // Volume Types
  for (const volume of asArray(spec.volumes)) {
    if (!volume || typeof volume !== 'object') continue;
    const types = Object.keys(volume).filter(k => k !== 'name' && k !== 'hostPath');
    const bad = types.filter(t => !RESTRICTED_VOLUME_TYPES.includes(t));
    if (bad.length > 0) {
      out.push(`volume '${volume.name}' has type ${list(bad)}; use one of ${list(RESTRICTED_VOLUME_TYPES)} (e.g. a PersistentVolumeClaim)`);
    }
  }

  if (!windows) {
    // Privilege Escalation
    const escalating = containers.filter(c => c.raw.securityContext?.allowPrivilegeEscalation !== false).map(c => c.label);
    if (escalating.length > 0) out.push(`allowPrivilegeEscalation is not false for ${list(escalating)}; set securityContext.allowPrivilegeEscalation: false`);
  }

  // Running as Non-root
  if (podSc.runAsNonRoot === false) out.push('the pod sets runAsNonRoot: false; set securityContext.runAsNonRoot: true');
  const rootAllowed = containers.filter(c => {
    const v = c.raw.securityContext?.runAsNonRoot;
    return v === false || (v !== true && podSc.runAsNonRoot !== true);
  }).map(c => c.label);
  if (rootAllowed.length > 0 && podSc.runAsNonRoot !== false) {
    // A container that sets runAsNonRoot: false overrides the pod's true: the fix is on the container.
    const overriding = containers.filter(c => c.raw.securityContext?.runAsNonRoot === false).map(c => c.label);
    out.push(overriding.length > 0 && podSc.runAsNonRoot === true
      ? `runAsNonRoot is false for ${list(overriding)}, overriding the pod's true; remove it or set securityContext.runAsNonRoot: true on the container`
      : `runAsNonRoot is not true for ${list(rootAllowed)}; set securityContext.runAsNonRoot: true on the pod`);
  }

  // Running as Non-root user
  const rootUser: string[] = [];
  if (isZero(podSc.runAsUser)) rootUser.push('the pod');
  rootUser.push(...containers.filter(c => isZero(c.raw.securityContext?.runAsUser)).map(c => c.label));
  if (rootUser.length > 0) out.push(`runAsUser is 0 for ${list(rootUser)}; run as a non-zero UID (e.g. runAsUser: 1000)`);

  if (!windows) {
    // Seccomp (restricted: RuntimeDefault or Localhost, on the pod or on every container)
    const podProfile = podSc.seccompProfile?.type;
    const allowed = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
    const missing: string[] = [];
    if (podProfile !== undefined && !allowed(podProfile) && podProfile !== 'Unconfined') missing.push('the pod');
    for (const c of containers) {
      const t = c.raw.securityContext?.seccompProfile?.type;
      // Unconfined (set here, or inherited from the pod) is reported by the baseline check.
      if (t === 'Unconfined' || (t === undefined && podProfile === 'Unconfined')) continue;
      if (t === undefined ? !allowed(podProfile) : !allowed(t)) missing.push(c.label);
    }
    if (missing.length > 0) out.push(`seccompProfile is not RuntimeDefault or Localhost for ${list(missing)}; set securityContext.seccompProfile.type: RuntimeDefault on the pod`);

    // Capabilities (restricted)
    const notDropping = containers.filter(c => !asArray(c.raw.securityContext?.capabilities?.drop).includes('ALL')).map(c => c.label);
    if (notDropping.length > 0) out.push(`capabilities are not dropped (ALL) for ${list(notDropping)}; set securityContext.capabilities.drop: [ALL]`);
    const adds = [...new Set(containers.flatMap(c => asArray(c.raw.securityContext?.capabilities?.add).map(String)))]
      .filter(cap => cap !== 'NET_BIND_SERVICE');
    if (adds.length > 0) out.push(`capabilities.add has ${list(adds)}; add only NET_BIND_SERVICE`);
  }
  return out;
}

function isZero(value: unknown): boolean {
  return value === 0 || value === '0';
}

/** The rule. */
export const podSecurityRestricted: LintRule = {
  id: 'pod-security-restricted',
  severity: Severity.ERROR,
  summary: 'Pod templates that fail the Pod Security Standards restricted profile (v1.28)',
  explanation:
    'A namespace that enforces the restricted Pod Security Standard (the default of ZeroTrustNamespace) rejects such pods at admission, '
    + 'so the workload never starts; the controls (non-root, no privilege escalation, drop ALL capabilities, RuntimeDefault seccomp, '
    + 'no host namespaces, ports or paths, safe volume types and sysctls) also limit what a compromised container can do. '
    + 'A namespace of the manifests labelled pod-security.kubernetes.io/enforce=baseline is checked against baseline only, '
    + 'and one labelled privileged is not checked.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const w of context.workloads) {
      const level = context.namespaces.get(w.namespace)?.labels[ENFORCE_LABEL];
      if (level === 'privileged') continue;
      const baseline = level === 'baseline';
      const problems = baseline ? checkPodSecurityBaseline(w.podSpec, w.podMetadata) : checkPodSecurityRestricted(w.podSpec, w.podMetadata);
      if (problems.length === 0) continue;
      const profile = baseline ? 'baseline (the level its namespace enforces)' : 'restricted';
      out.push({
        object: w.ref,
        message: `${w.kind} ${w.namespace}/${w.name}${w.workload === `${w.namespace}/${w.name}` ? '' : ` (of workload ${w.workload})`} fails the Pod Security Standards ${profile}: ${problems.join('; ')}`,
      });
    }
    return out;
  },
};
