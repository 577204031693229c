import { lint } from '../../../src/lint';
import { checkPodSecurityBaseline, checkPodSecurityRestricted } from '../../../src/lint/rules/pod-security-restricted';
import { container, deployment, namespace, podSpec } from '../manifests';

const RULE = 'pod-security-restricted';

function ruleFindings(objects: any[]) {
  return lint(objects).filter(f => f.rule === RULE);
}

describe('lint', () => {
  describe('pod-security-restricted', () => {
    describe('checkPodSecurityRestricted', () => {
      test('accepts a restricted pod spec', () => {
        expect(checkPodSecurityRestricted(podSpec())).toEqual([]);
      });

      test('accepts runAsNonRoot and seccomp set on every container instead of the pod', () => {
        const sc = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } };
        expect(checkPodSecurityRestricted({ containers: [container('a', { securityContext: sc })], initContainers: [container('b', { securityContext: sc })] })).toEqual([]);
      });

      test('accepts the allowed volume types, safe sysctls, SELinux types and AppArmor profiles', () => {
        const spec = podSpec({
          volumes: [
            { name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'x' } }, { name: 'c', secret: { secretName: 'x' } },
            { name: 'd', persistentVolumeClaim: { claimName: 'x' } }, { name: 'e', projected: { sources: [] } },
            { name: 'f', downwardAPI: { items: [] } }, { name: 'g', csi: { driver: 'x' } }, { name: 'h', ephemeral: {} },
          ],
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
            sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }],
            seLinuxOptions: { type: 'container_init_t', level: 's0:c1' },
          },
        });
        expect(checkPodSecurityRestricted(spec, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } })).toEqual([]);
      });

      test.each([
        ['hostNetwork', { hostNetwork: true }, /hostNetwork is true/],
        ['hostPID', { hostPID: true }, /hostPID is true/],
        ['hostIPC', { hostIPC: true }, /hostIPC is true/],
        ['hostPath volume', { volumes: [{ name: 'root', hostPath: { path: '/' } }] }, /hostPath is used by volume 'root'/],
        ['disallowed volume type', { volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] }, /volume 'nfs' has type nfs/],
        ['unsafe sysctl', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.core.somaxconn', value: '1' }] } }, /sysctl net.core.somaxconn is not in the safe set/],
        ['pod runAsNonRoot false', { securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } } }, /the pod sets runAsNonRoot: false/],
        ['no runAsNonRoot', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, /runAsNonRoot is not true for container 'app'/],
        ['pod runAsUser 0', { securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } }, /runAsUser is 0 for the pod/],
        ['no seccomp', { securityContext: { runAsNonRoot: true } }, /seccompProfile is not RuntimeDefault or Localhost for container 'app'/],
        ['seccomp Unconfined', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } }, /seccompProfile is Unconfined for the pod/],
        ['pod SELinux type', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { type: 'spc_t' } } }, /the pod sets seLinuxOptions.type 'spc_t'/],
        ['pod hostProcess', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, windowsOptions: { hostProcess: true } } }, /windowsOptions.hostProcess is true on the pod/],
      ])('rejects %s', (_name, overrides, expected) => {
        const problems = checkPodSecurityRestricted(podSpec(overrides));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(expected);
      });

      test.each([
        ['privileged', { privileged: true }, /privileged is true for container 'app'/],
        ['allowPrivilegeEscalation unset', { allowPrivilegeEscalation: undefined }, /allowPrivilegeEscalation is not false for container 'app'/],
        ['capabilities not dropped', { capabilities: {} }, /capabilities are not dropped \(ALL\) for container 'app'/],
        ['capability added', { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }, /capabilities.add has NET_ADMIN; add only NET_BIND_SERVICE/],
        ['baseline capability added', { capabilities: { drop: ['ALL'], add: ['CHOWN'] } }, /capabilities.add has CHOWN; add only NET_BIND_SERVICE/],
        ['container runAsNonRoot false', { runAsNonRoot: false }, /runAsNonRoot is false for container 'app', overriding the pod's true; remove it or set securityContext.runAsNonRoot: true on the container/],
        ['container runAsUser 0', { runAsUser: 0 }, /runAsUser is 0 for container 'app'/],
        ['container seccomp Localhost missing type', { seccompProfile: { type: 'Bogus' } }, /seccompProfile is not RuntimeDefault or Localhost for container 'app'/],
        ['procMount Unmasked', { procMount: 'Unmasked' }, /procMount is not Default for container 'app'/],
        ['SELinux user', { seLinuxOptions: { user: 'system_u' } }, /container 'app' sets seLinuxOptions.user 'system_u'/],
        ['hostProcess', { windowsOptions: { hostProcess: true } }, /windowsOptions.hostProcess is true for container 'app'/],
      ])('rejects a container with %s', (_name, securityContext, expected) => {
        const c = container('app');
        const merged = { ...c, securityContext: { ...c.securityContext, ...securityContext } };
        const problems = checkPodSecurityRestricted(podSpec({ containers: [merged] }));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(expected);
      });

      test('rejects a hostPort on any container, including init containers', () => {
        const problems = checkPodSecurityRestricted(podSpec({ initContainers: [container('init', { ports: [{ containerPort: 80, hostPort: 80 }] })] }));
        expect(problems).toEqual([expect.stringMatching(/hostPort is set for init container 'init' \(80\); remove hostPort/)]);
      });

      test('checks ephemeral containers too', () => {
        const problems = checkPodSecurityRestricted(podSpec({ ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }] }));
        expect(problems.join('\n')).toMatch(/allowPrivilegeEscalation is not false for ephemeral container 'debug'/);
        expect(problems.join('\n')).toMatch(/capabilities are not dropped \(ALL\) for ephemeral container 'debug'/);
      });

      test('rejects an unconfined AppArmor annotation', () => {
        const problems = checkPodSecurityRestricted(podSpec(), { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } });
        expect(problems).toEqual([expect.stringMatching(/container.apparmor.security.beta.kubernetes.io\/app is 'unconfined'; use runtime\/default/)]);
      });

      test('exempts Windows pods from the Linux-only controls but not from baseline', () => {
        const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'win', image: 'mcr.microsoft.com/x:1', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] };
        expect(checkPodSecurityRestricted(spec)).toEqual([expect.stringMatching(/capabilities.add has SYS_ADMIN; add only capabilities of the baseline set/)]);
      });

      test('reports every problem of a root pod', () => {
        const problems = checkPodSecurityRestricted({ containers: [{ name: 'nginx', image: 'nginx:1.25' }] });
        expect(problems).toHaveLength(4);
      });
    });

    describe('checkPodSecurityBaseline', () => {
      test('accepts a pod that runs as root without a security context', () => {
        expect(checkPodSecurityBaseline({ containers: [{ name: 'nginx', image: 'nginx:1.25', securityContext: { capabilities: { add: ['CHOWN'] } } }] })).toEqual([]);
      });

      test('rejects capabilities outside the baseline set', () => {
        expect(checkPodSecurityBaseline({ containers: [{ name: 'x', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] }))
          .toEqual([expect.stringMatching(/capabilities.add has NET_ADMIN; add only capabilities of the baseline set/)]);
      });

      test('tolerates a missing spec', () => {
        expect(checkPodSecurityBaseline(undefined)).toEqual([]);
      });
    });

    describe('the rule', () => {
      test('is silent for a compliant Deployment', () => {
        expect(ruleFindings([deployment('production', 'api')])).toEqual([]);
      });

      test('names a Pod of a live dump by its own name, and the workload it belongs to', () => {
        // GIVEN kubectl get pods: a DaemonSet pod, the DaemonSet absent
        const pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'kube-proxy-4xk9z',
            namespace: 'kube-system',
            labels: { 'k8s-app': 'kube-proxy' },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid: 'd1', controller: true }],
          },
          spec: { hostNetwork: true, containers: [container('kube-proxy')] },
        };
        const [finding] = ruleFindings([pod]);
        expect(finding.object).toBe('Pod/kube-system/kube-proxy-4xk9z');
        expect(finding.message).toMatch(/^Pod kube-system\/kube-proxy-4xk9z \(of workload kube-system\/kube-proxy\) fails the Pod Security Standards restricted: hostNetwork is true/);
      });

      test('reports a non-compliant Deployment once, naming the workload and the fixes', () => {
        const findings = ruleFindings([deployment('production', 'api', { hostNetwork: true, securityContext: {} })]);
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ severity: 'error', object: 'Deployment/production/api' });
        expect(findings[0].message).toMatch(/^Deployment production\/api fails the Pod Security Standards restricted: hostNetwork is true; remove hostNetwork/);
        expect(findings[0].message).toMatch(/set securityContext.runAsNonRoot: true on the pod/);
      });

      test('checks CronJob, Job, Pod, StatefulSet and DaemonSet pod templates', () => {
        const bare = { containers: [{ name: 'x', image: 'x:1' }] };
        const objects = [
          { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'n' }, spec: { jobTemplate: { spec: { template: { spec: bare } } } } },
          { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'n' }, spec: { template: { spec: bare } } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: bare },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { template: { spec: bare } } },
          { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'n' }, spec: { template: { spec: bare } } },
        ];
        expect(ruleFindings(objects).map(f => f.object)).toEqual(['CronJob/n/c', 'DaemonSet/n/d', 'Job/n/j', 'Pod/default/p', 'StatefulSet/n/s']);
      });

      test('checks against baseline in a namespace that enforces baseline', () => {
        const objects = [
          namespace('legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
          deployment('legacy', 'root', { securityContext: {} }),
          deployment('legacy', 'host', { securityContext: {}, hostPID: true }),
        ];
        const findings = ruleFindings(objects);
        expect(findings.map(f => f.object)).toEqual(['Deployment/legacy/host']);
        expect(findings[0].message).toBe('Deployment legacy/host fails the Pod Security Standards baseline (the level its namespace enforces): hostPID is true; remove hostPID (the pod would share the node\'s namespace)');
      });

      test('skips a namespace that enforces privileged', () => {
        const objects = [namespace('system', { 'pod-security.kubernetes.io/enforce': 'privileged' }), deployment('system', 'agent', { hostNetwork: true })];
        expect(ruleFindings(objects)).toEqual([]);
      });
    });
  });
});
