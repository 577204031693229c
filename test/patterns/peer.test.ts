import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  DatabaseEngine,
  ExposedApp,
  Exposure,
  Peer,
  PodSecurityLevel,
  Protocol,
  Reachability,
  StatefulDatabase,
  ZeroTrustNamespace,
} from '../../src';
import { expectValidManifests } from '../util';
import { errorOf, find, IMAGE, objectsOf, policyNames } from './_helpers';

/** Every allowed flow of `app` as `from -> to port/protocol`, without DNS, sorted. */
function flowsOf(app: App): string[] {
  const objects = app.charts.flatMap(c => c.toJson());
  expectValidManifests(objects);
  return Reachability.fromManifests(objects).toJson().flows
    .filter(f => f.to !== 'kube-system/coredns')
    .map(f => `${f.from} -> ${f.to} ${f.port}/${f.protocol}`)
    .sort();
}

/** A Helm-style Redis as a plain manifest in `chart` (pods app.kubernetes.io/name=redis, port 6379). */
function helmRedis(chart: Chart): void {
  new kplus.Deployment(chart, 'redis', {
    metadata: { name: 'redis-master' },
    podMetadata: { labels: { 'app.kubernetes.io/name': 'redis' } },
    containers: [{ image: 'redis:7.2.4', portNumber: 6379, securityContext: { user: 1001, group: 1001 } }],
  }).select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'redis' } }));
}

const REDIS = {
  name: 'redis',
  podLabels: { 'app.kubernetes.io/name': 'redis' },
  ports: [{ name: 'redis', port: 6379 }],
  serviceName: 'redis-master',
};

describe('Peer', () => {
  describe('Peer.pods', () => {
    test('connectTo opens egress on the app and ingress in the peer\'s own policy, and nothing else', () => {
      // GIVEN a Helm-style Redis next to an app in one zero-trust namespace
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      helmRedis(prod);
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // WHEN
      api.connectTo(Peer.pods(REDIS));
      // THEN exactly that flow
      expect(flowsOf(app)).toEqual(['production/api -> production/redis-master 6379/TCP']);
      const objects = objectsOf(prod);
      expect(policyNames(objects)).toEqual(['allow-dns', 'api-egress', 'default-deny', 'redis-ingress']);
      expect(find(objects, 'NetworkPolicy', 'redis-ingress').spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }],
          ports: [{ protocol: 'TCP', port: 6379 }],
        }],
      });
    });

    test('injects REDIS_HOST and REDIS_PORT from the Service the peer names', () => {
      const { ns, api } = oneApp();
      api.connectTo(Peer.pods(REDIS));
      const env = find(objectsOf(ns), 'Deployment', 'api').spec.template.spec.containers[0].env;
      expect(env).toEqual([
        { name: 'REDIS_HOST', value: 'redis-master.production.svc.cluster.local' },
        { name: 'REDIS_PORT', value: '6379' },
      ]);
    });

    test('injects no environment variables when the peer names no Service', () => {
      const { ns, api } = oneApp();
      api.connectTo(Peer.pods({ ...REDIS, serviceName: undefined }));
      expect(find(objectsOf(ns), 'Deployment', 'api').spec.template.spec.containers[0].env).toBeUndefined();
    });

    test('across namespaces, one peer element holds namespaceSelector AND podSelector, on both ends', () => {
      // GIVEN redis in a second zero-trust namespace of the App
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const data = new ZeroTrustNamespace(app, 'data');
      helmRedis(data);
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // WHEN
      api.connectTo(Peer.pods({ ...REDIS, namespace: 'data' }));
      // THEN
      expect(flowsOf(app)).toEqual(['production/api -> data/redis-master 6379/TCP']);
      expect(find(objectsOf(prod), 'NetworkPolicy', 'api-egress').spec.egress[0].to).toEqual([{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      }]);
      expect(find(objectsOf(data), 'NetworkPolicy', 'redis-ingress').spec.ingress[0].from).toEqual([{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      }]);
    });

    test('allowFrom opens ingress on the app and egress in the peer\'s own policy', () => {
      // GIVEN a client the library did not create, in another zero-trust namespace
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const tools = new ZeroTrustNamespace(app, 'tools');
      new kplus.Deployment(tools, 'cli', {
        metadata: { name: 'cli' },
        podMetadata: { labels: { role: 'cli' } },
        containers: [{ image: 'ghcr.io/acme/cli:1.0.0', portNumber: 9000, securityContext: { user: 1000 } }],
      }).select(kplus.LabelSelector.of({ labels: { role: 'cli' } }));
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // WHEN
      api.allowFrom(Peer.pods({ name: 'cli', namespace: 'tools', podLabels: { role: 'cli' } }));
      // THEN
      expect(flowsOf(app)).toEqual(['tools/cli -> production/api 8080/TCP']);
      expect(policyNames(objectsOf(tools))).toEqual(['allow-dns', 'cli-egress', 'default-deny']);
    });

    test('writes nothing on the peer\'s side when its namespace is not a ZeroTrustNamespace of the App', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const plain = new Chart(app, 'plain', { namespace: 'data' });
      helmRedis(plain);
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      api.connectTo(Peer.pods({ ...REDIS, namespace: 'data' }));
      expect(Testing.synth(plain).filter(o => o.kind === 'NetworkPolicy')).toEqual([]);
      // redis stays unisolated (everything reaches it); api reaches it through its egress rule
      expect(flowsOf(app).filter(f => f.startsWith('production/'))).toEqual(['production/api -> data/redis-master 6379/TCP']);
    });

    test('opens only the named ports', () => {
      const { ns, api } = oneApp();
      api.connectTo(Peer.pods({
        name: 'kafka',
        podLabels: { app: 'kafka' },
        ports: [{ name: 'client', port: 9092 }, { name: 'controller', port: 9093 }],
      }), { ports: ['client'] });
      expect(find(objectsOf(ns), 'NetworkPolicy', 'api-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 9092 }]);
    });

    test('merges the ports when the same pair is connected twice with other ports', () => {
      const { ns, api } = oneApp();
      const kafka = {
        name: 'kafka',
        podLabels: { app: 'kafka' },
        ports: [{ name: 'client', port: 9092 }, { name: 'controller', port: 9093 }],
        serviceName: 'kafka',
      };
      api.connectTo(Peer.pods(kafka), { ports: ['client'] });
      api.connectTo(Peer.pods(kafka), { ports: ['controller'] });
      const objects = objectsOf(ns);
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ podSelector: { matchLabels: { app: 'kafka' } } }],
        ports: [{ protocol: 'TCP', port: 9092 }, { protocol: 'TCP', port: 9093 }],
      }]);
      expect(find(objects, 'NetworkPolicy', 'kafka-ingress').spec.ingress).toHaveLength(1);
      expect(find(objects, 'Deployment', 'api').spec.template.spec.containers[0].env)
        .toEqual([{ name: 'KAFKA_HOST', value: 'kafka.production.svc.cluster.local' }, { name: 'KAFKA_PORT', value: '9092' }]);
    });
  });

  describe('Peer.workload', () => {
    test('takes the selector, namespace and container ports of a cdk8s-plus Deployment', () => {
      // GIVEN a cdk8s-plus Deployment in the same zero-trust namespace
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const legacy = new kplus.Deployment(prod, 'legacy', {
        metadata: { name: 'legacy' },
        containers: [{ image: 'ghcr.io/acme/legacy:3.1.0', portNumber: 9000, securityContext: { user: 1000 } }],
      });
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // WHEN
      api.connectTo(Peer.workload(legacy));
      // THEN
      expect(flowsOf(app)).toEqual(['production/api -> production/legacy 9000/TCP']);
      expect(policyNames(objectsOf(prod))).toEqual(['allow-dns', 'api-egress', 'default-deny', 'legacy-ingress']);
    });

    test('refuses a workload of another App, whose side this App cannot write', () => {
      // GIVEN a cdk8s-plus Deployment in a zero-trust namespace of another App
      const platform = Testing.app();
      const legacy = new kplus.Deployment(new ZeroTrustNamespace(platform, 'tools'), 'legacy', {
        metadata: { name: 'legacy' },
        containers: [{ image: 'ghcr.io/acme/legacy:3.1.0', portNumber: 9000, securityContext: { user: 1000 } }],
      });
      const shop = Testing.app();
      const api = new ExposedApp(new ZeroTrustNamespace(shop, 'production'), 'api', { image: IMAGE });
      // THEN connecting it (either way) fails, naming the fix
      const expected = "Peer.workload 'legacy': the workload is in another App (at tools/legacy), whose policies this App does not write, so its side of the "
        + 'connection would stay closed; use Peer.pods with its namespace and labels, and open its side in that App';
      expect(errorOf(() => api.connectTo(Peer.workload(legacy)))).toBe(expected);
      expect(errorOf(() => api.allowFrom(Peer.workload(legacy)))).toBe(expected);
    });

    test('refuses a Deployment whose selector is empty (select: false, no select call), which the API server refuses', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const legacy = new kplus.Deployment(prod, 'legacy', {
        metadata: { name: 'legacy' },
        select: false,
        containers: [{ image: 'ghcr.io/acme/legacy:3.1.0', portNumber: 9000, securityContext: { user: 1000 } }],
      });
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      expect(errorOf(() => api.connectTo(Peer.workload(legacy)))).toBe("Peer.workload 'legacy': its selector is empty (select: false and no select(...) call), "
        + 'which the API server refuses for a Deployment; call select(LabelSelector.of({ labels })) with its pod labels, or leave select on');
    });

    test('gives a cdk8s-plus workload in a restricted namespace the seccomp profile and dropped capabilities it lacks', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      new kplus.Deployment(prod, 'legacy', {
        metadata: { name: 'legacy' },
        containers: [{ image: 'ghcr.io/acme/legacy:3.1.0', portNumber: 9000, securityContext: { user: 1000 } }],
      });
      const spec = find(objectsOf(prod), 'Deployment', 'legacy').spec.template.spec;
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    });

    test('fails synthesis naming what a cdk8s-plus workload must change, or to choose BASELINE', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      new kplus.Deployment(prod, 'root', {
        metadata: { name: 'root' },
        containers: [{ image: 'ghcr.io/acme/root:1.0.0', securityContext: { ensureNonRoot: false, privileged: true } }],
      });
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/ZeroTrustNamespace 'production': cdk8s-plus Deployment 'root' \(production\/root\) does not meet Pod Security Standards restricted, which the namespace enforces: .*privileged.*; change the workload, or choose podSecurity: PodSecurityLevel.BASELINE for the namespace/);
      // once: the lint's pod-security-restricted finding on that Deployment would repeat it, calling the seccomp
      // profile and capabilities the namespace adds missing
      expect(message.match(/does not meet|fails the Pod Security Standards/g)).toHaveLength(1);
      expect(message).not.toMatch(/seccompProfile/);
    });

    test('leaves cdk8s-plus workloads in a baseline namespace alone', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production', { podSecurity: 'baseline' as any });
      new kplus.Deployment(prod, 'legacy', {
        metadata: { name: 'legacy' },
        containers: [{ image: 'ghcr.io/acme/legacy:3.1.0', securityContext: { user: 1000 } }],
      });
      const spec = find(Testing.synth(prod), 'Deployment', 'legacy').spec.template.spec;
      expect(spec.securityContext.seccompProfile).toBeUndefined();
    });

    test.each([
      ['Deployment', (c: Chart, props: any) => new kplus.Deployment(c, 'w', props)],
      ['StatefulSet', (c: Chart, props: any) => new kplus.StatefulSet(c, 'w', { ...props, service: new kplus.Service(c, 's', { metadata: { name: 'w' }, clusterIP: 'None', ports: [{ port: 9000 }] }) })],
      ['DaemonSet', (c: Chart, props: any) => new kplus.DaemonSet(c, 'w', props)],
      ['Job', (c: Chart, props: any) => new kplus.Job(c, 'w', props)],
      ['Pod', (c: Chart, props: any) => new kplus.Pod(c, 'w', props)],
    ])('reads a cdk8s-plus %s: selector, namespace and container ports, and makes it restricted', (_kind, create) => {
      // GIVEN the workload in a zero-trust namespace `data`, the client in `production`
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const data = new ZeroTrustNamespace(app, 'data');
      const workload = create(data, {
        metadata: { name: 'w' },
        containers: [{ image: 'ghcr.io/acme/w:1.0.0', ports: [{ name: 'grpc', number: 9000 }], securityContext: { user: 1000 } }],
      });
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // WHEN
      api.connectTo(Peer.workload(workload));
      // THEN
      expect(flowsOf(app).filter(f => f.startsWith('production/api'))).toEqual(['production/api -> data/w 9000/TCP']);
      const policy = find(objectsOf(data), 'NetworkPolicy', 'w-ingress');
      expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9000 }]);
      // the synthesis above ran the restricted lint, which the fixed-up workload passes
      const manifest = Testing.synth(data).find(o => o.metadata.name === 'w' && o.kind !== 'Service' && o.kind !== 'NetworkPolicy');
      const podSpec = manifest.kind === 'Pod' ? manifest.spec : manifest.spec.template.spec;
      expect(podSpec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });

    test('rejects what is not a cdk8s-plus workload', () => {
      expect(() => Peer.workload({} as any)).toThrow('Peer.workload: workload must be a cdk8s-plus-28 Deployment, StatefulSet, DaemonSet, Job or Pod, got a plain object; use Peer.pods for pods selected by labels');
    });
  });

  describe('Peer.namespace and Peer.namespaces', () => {
    test('allowFrom(Peer.namespace) admits every pod of that namespace, which gets its own egress rule', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const tools = new ZeroTrustNamespace(app, 'tools');
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      new ExposedApp(tools, 'debug', { image: IMAGE, exposure: Exposure.none() });
      api.allowFrom(Peer.namespace('tools'));
      expect(flowsOf(app)).toEqual(['tools/debug -> production/api 8080/TCP']);
      expect(find(objectsOf(tools), 'NetworkPolicy', 'tools-egress').spec.podSelector).toEqual({ matchLabels: {} });
    });

    test('allowFrom(Peer.namespaces) admits the namespaces carrying the labels, and gives the matching ones egress', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const tools = new ZeroTrustNamespace(app, 'tools', { labels: { team: 'platform' } });
      const other = new ZeroTrustNamespace(app, 'other');
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      new ExposedApp(tools, 'debug', { image: IMAGE, exposure: Exposure.none() });
      new ExposedApp(other, 'stranger', { image: IMAGE, exposure: Exposure.none() });
      api.allowFrom(Peer.namespaces({ labels: { team: 'platform' } }));
      expect(flowsOf(app)).toEqual(['tools/debug -> production/api 8080/TCP']);
      expect(find(objectsOf(prod), 'NetworkPolicy', 'api-ingress').spec.ingress[0].from)
        .toEqual([{ namespaceSelector: { matchLabels: { team: 'platform' } } }]);
    });

    test('Peer.namespaces matches the labels the library writes on a ZeroTrustNamespace too (Pod Security, managed-by)', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const tools = new ZeroTrustNamespace(app, 'tools');
      const lax = new ZeroTrustNamespace(app, 'lax', { podSecurity: PodSecurityLevel.BASELINE });
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      new ExposedApp(tools, 'cli', { image: IMAGE, exposure: Exposure.none() });
      new ExposedApp(lax, 'legacy', { image: IMAGE, exposure: Exposure.none() });
      api.allowFrom(Peer.namespaces({ labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }));
      // tools and production (restricted) get their egress side; lax (baseline) does not match
      expect(policyNames(objectsOf(tools))).toContain('tools-egress');
      expect(policyNames(objectsOf(lax))).not.toContain('lax-egress');
      expect(flowsOf(app)).toEqual(['production/api -> production/api 8080/TCP', 'tools/cli -> production/api 8080/TCP']);
    });

    test('a peer whose own policy name clashes with an app\'s is reported once, on the connecting app, and the rest of the namespace is still linted', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      // An app named 'redis' writes redis-ingress; a peer named 'redis' in the same namespace would too.
      const redisApp = new ExposedApp(prod, 'redis', { image: IMAGE, port: 6379 });
      new ExposedApp(prod, 'web', { image: IMAGE }).connectTo(redisApp);
      api.connectTo(Peer.pods(REDIS));
      // A Service selecting nothing elsewhere in the namespace: its lint error must still be reported.
      new ApiObject(prod, 'typo', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'typo' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } });
      const message = errorOf(() => app.synth());
      const lines = message.split('\n').filter(l => l.includes('NetworkPolicy production/redis-ingress'));
      expect(lines).toEqual(["  [production/api] Peer.pods 'redis': NetworkPolicy production/redis-ingress is already claimed by ExposedApp 'redis' at production/redis; change or remove one of them"]);
      expect(message).toContain('service-selector-matches-nothing: Service/production/typo');
    });

    test('a peer named like the app that connects it clashes with the app\'s own policy: one message, whatever the order', () => {
      for (const peerFirst of [true, false]) {
        const app = Testing.app();
        const prod = new ZeroTrustNamespace(app, 'production');
        const api = new ExposedApp(prod, 'api', { image: IMAGE });
        const admitLegacy = () => api.allowFrom(Peer.pods({ name: 'api', podLabels: { app: 'legacy-api' } })); // writes api-egress for the peer
        const reachOut = () => api.connectTo(Peer.addresses(['203.0.113.0/24'], { ports: [443] })); // writes api's own api-egress
        if (peerFirst) { admitLegacy(); reachOut(); } else { reachOut(); admitLegacy(); }
        const lines = errorOf(() => app.synth()).split('\n').filter(l => l.includes('production/api-egress'));
        expect(lines).toEqual([peerFirst
          ? "  [production/api] ExposedApp 'api': NetworkPolicy production/api-egress is already claimed by Peer.pods 'api' at production/api; change or remove one of them"
          : "  [production/api] Peer.pods 'api': NetworkPolicy production/api-egress is already claimed by ExposedApp 'api' at production/api; change or remove one of them"]);
      }
    });

    test('connectTo a namespace without ports fails, naming the fix', () => {
      const { api } = oneApp();
      expect(() => api.connectTo(Peer.namespace('tools'))).toThrow("ExposedApp 'api': Peer.namespace 'tools' declares no ports, so connectTo cannot open only its ports; give the peer ports (the ports option of Peer.pods, Peer.namespace, Peer.namespaces or Peer.addresses) or use allowFrom for connections in the other direction");
    });

    test('connectTo(Peer.namespace) with ports opens egress to every pod of it on those ports, and its ingress there', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const monitoring = new ZeroTrustNamespace(app, 'monitoring');
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      new ExposedApp(monitoring, 'pushgateway', { image: IMAGE, port: 9091, exposure: Exposure.none() });
      new ExposedApp(monitoring, 'grafana', { image: IMAGE, port: 3000, exposure: Exposure.none() });
      api.connectTo(Peer.namespace('monitoring', { ports: [9091] }));
      expect(find(objectsOf(prod), 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9091 }],
      }]);
      const peerSide = find(objectsOf(monitoring), 'NetworkPolicy', 'monitoring-ingress').spec;
      expect(peerSide.podSelector).toEqual({ matchLabels: {} });
      expect(peerSide.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9091 }]);
      // Only the port asked for, only to that namespace: not grafana's 3000.
      expect(flowsOf(app)).toEqual(['production/api -> monitoring/pushgateway 9091/TCP']);
    });

    test('connectTo(Peer.namespaces) with ports and a protocol opens those ports to the namespaces the labels select', () => {
      const { app, api } = oneAppIn();
      api.connectTo(Peer.namespaces({ labels: { team: 'platform' }, ports: [53, 5353], protocol: Protocol.UDP }), { ports: ['udp-5353'] });
      expect(find(app.charts.flatMap(c => c.toJson()), 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ namespaceSelector: { matchLabels: { team: 'platform' } } }],
        ports: [{ protocol: 'UDP', port: 5353 }],
      }]);
    });

    test.each([
      [() => Peer.namespace('tools', { ports: [] }), 'Peer.namespace: ports must not be empty, got []'],
      [() => Peer.namespace('tools', { ports: [70000] }), 'Peer.namespace: port must be a port number in 1-65535, got 70000'],
      [() => Peer.namespace('tools', { prots: [80] } as any), "Peer.namespace: prots is not a known field of the options, got the array [80]; did you mean 'ports'?"],
      [() => Peer.namespaces({ labels: { team: 'a' }, ports: ['80'] as any }), "Peer.namespaces: ports[0] must be a number, got the string '80'"],
    ])('refuses bad ports of a namespace peer (%#)', (create, message) => {
      expect(create).toThrow(message);
    });
  });

  describe('Peer.addresses and Peer.kubeApiServer', () => {
    test('connectTo(Peer.kubeApiServer) opens egress to the API server on 443 and 6443 only', () => {
      const { app, ns } = oneAppIn();
      const operator = new ExposedApp(ns, 'operator', { image: IMAGE, exposure: Exposure.none(), automountServiceAccountToken: true, serviceAccountName: 'operator' });
      operator.connectTo(Peer.kubeApiServer({ cidrs: ['172.18.0.2/32'] }));
      const egress = find(objectsOf(ns), 'NetworkPolicy', 'operator-egress').spec.egress;
      expect(egress).toEqual([{ to: [{ ipBlock: { cidr: '172.18.0.2/32' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }]);
      const r = Reachability.fromApp(app);
      expect(r.canReachAddress('production/operator', '172.18.0.2', 6443)).toBe(true);
      expect(r.canReachAddress('production/operator', '172.18.0.3', 6443)).toBe(false);
      expect(r.canReachAddress('production/operator', '172.18.0.2', 80)).toBe(false);
      const spec = find(objectsOf(ns), 'Deployment', 'operator').spec.template.spec;
      expect([spec.serviceAccountName, spec.automountServiceAccountToken]).toEqual(['operator', true]);
    });

    test('allowFrom(Peer.addresses) admits only those addresses', () => {
      const { app, api } = oneAppIn();
      api.allowFrom(Peer.addresses(['198.51.100.0/24']));
      const r = Reachability.fromApp(app);
      expect(r.canBeReachedFrom('198.51.100.7', 'production/api', 8080)).toBe(true);
      expect(r.canBeReachedFrom('203.0.113.7', 'production/api', 8080)).toBe(false);
    });

    test('connectTo(Peer.addresses) with ports opens exactly those', () => {
      const { app, api } = oneAppIn();
      api.connectTo(Peer.addresses(['203.0.113.0/24'], { ports: [8443] }));
      const r = Reachability.fromApp(app);
      expect(r.canReachAddress('production/api', '203.0.113.9', 8443)).toBe(true);
      expect(r.canReachAddress('production/api', '203.0.113.9', 443)).toBe(false);
    });
  });

  describe('rejected input', () => {
    test('suggests /128 for an IPv6 address written without a prefix length', () => {
      expect(() => Peer.addresses(['2001:db8::1'])).toThrow(/'2001:db8::1' is not a CIDR block; write it with a prefix length, e\.g\. 203\.0\.113\.0\/24, or 2001:db8::1\/128 for this one address/);
      expect(() => Peer.addresses(['not-a-cidr'])).toThrow("Peer.addresses: cidr 'not-a-cidr' is not a CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)");
    });

    test.each([
      ['a Peer.pods without labels', () => Peer.pods({ name: 'redis', podLabels: {} }),
        'Peer.pods \'redis\': podLabels is empty, got {}; give the labels of the pods (an empty selector would select every pod of the namespace: use Peer.namespace for that)'],
      ['a Peer.pods with an invalid name', () => Peer.pods({ name: 'Redis', podLabels: { a: 'b' } }),
        "Peer.pods: name 'Redis' is not a valid DNS-1123 label"],
      ['a Peer.pods with an invalid label value', () => Peer.pods({ name: 'redis', podLabels: { app: 'not ok' } }),
        "Peer.pods: podLabels['app'] must be a label value, got the string 'not ok'"],
      ['kubeApiServer without cidrs', () => Peer.kubeApiServer({} as any),
        'Peer.kubeApiServer: cidrs is required, got undefined; give the API server endpoint addresses as CIDRs'],
      ['kubeApiServer with empty cidrs', () => Peer.kubeApiServer({ cidrs: [] }),
        'Peer.kubeApiServer: cidrs must be a non-empty list of CIDR blocks, got []'],
      ['a CIDR that is not one', () => Peer.addresses(['10.0.0.1']),
        "Peer.addresses: cidr '10.0.0.1' is not a CIDR block; write it with a prefix length"],
      ['a CIDR with host bits', () => Peer.addresses(['10.0.0.1/8']),
        "Peer.addresses: cidr '10.0.0.1/8' has host bits set; use 10.0.0.0/8"],
      ['a port outside 1-65535', () => Peer.kubeApiServer({ cidrs: ['10.0.0.1/32'], ports: [70000] }),
        'Peer.kubeApiServer: port must be a port number in 1-65535, got 70000'],
      ['Peer.namespaces without labels', () => Peer.namespaces({ labels: {} }),
        'Peer.namespaces: labels is empty, got {}'],
      ['a Peer.namespace that is not a DNS label', () => Peer.namespace('Tools'),
        "Peer.namespace: name 'Tools' is not a valid DNS-1123 label"],
    ])('rejects %s', (_what, build, message) => {
      expect(build).toThrow(message);
    });

    test('rejects allowFrom with something that is not a Peer', () => {
      const { ns, api } = oneAppIn();
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      expect(() => api.allowFrom(web as any)).toThrow("ExposedApp 'api': allowFrom takes a Peer (Peer.pods, Peer.workload, Peer.namespace, Peer.namespaces, Peer.addresses, Peer.kubeApiServer), got 'web'; for a workload of this library, call its connectTo(api) instead");
    });

    test('rejects a port the peer does not have', () => {
      const { api } = oneAppIn();
      expect(() => api.connectTo(Peer.pods(REDIS), { ports: ['metrics'] })).toThrow("ExposedApp 'api': port 'metrics' is not a port of Peer.pods 'redis'; its ports are redis");
    });
  });

  describe('the peer\'s own side, whatever the order of construction', () => {
    test('writes the peer\'s policy in a ZeroTrustNamespace created after the connection', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'production');
      const api = new ExposedApp(prod, 'api', { image: IMAGE });
      api.connectTo(Peer.pods({ ...REDIS, namespace: 'data' }));
      api.allowFrom(Peer.pods({ name: 'batch', namespace: 'data', podLabels: { app: 'batch' } }));
      // WHEN the peer's namespace is declared afterwards
      const data = new ZeroTrustNamespace(app, 'data');
      // THEN it holds the peer's side of both connections
      const objects = objectsOf(data);
      expect(policyNames(objects)).toEqual(['allow-dns', 'batch-egress', 'default-deny', 'redis-ingress']);
      expect(find(objects, 'NetworkPolicy', 'redis-ingress').spec.ingress[0].from).toEqual([{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      }]);
      expect(find(objects, 'NetworkPolicy', 'batch-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    });

    test('admits the namespace\'s monitoring peer from a monitoring namespace declared later', () => {
      const app = Testing.app();
      const prometheus = Peer.pods({ name: 'prometheus', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } });
      const prod = new ZeroTrustNamespace(app, 'production', { monitoring: prometheus });
      new ExposedApp(prod, 'api', { image: IMAGE, metrics: { port: 8080 } });
      const monitoring = new ZeroTrustNamespace(app, 'monitoring');
      const egress = find(objectsOf(monitoring), 'NetworkPolicy', 'prometheus-egress').spec;
      expect(egress.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'prometheus' } });
      expect(egress.egress).toEqual([{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    });

    test('refuses two peers of one name with different pods in one namespace, naming both', () => {
      const { ns, api } = oneApp();
      api.connectTo(Peer.pods({ name: 'cache', podLabels: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }] }));
      expect(() => api.connectTo(Peer.pods({ name: 'cache', podLabels: { app: 'memcached' }, ports: [{ name: 'memcached', port: 11211 }] })))
        .toThrow(/^ExposedApp 'api': Peer.pods 'cache' \(pods app=memcached\) and Peer.pods 'cache' \(pods app=redis\) are two peers named 'cache' with different pods in namespace 'production', but a peer's own NetworkPolicy there is named after it \(cache-ingress\); give one of them another name$/);
      expect(find(objectsOf(ns), 'NetworkPolicy', 'cache-ingress').spec.podSelector).toEqual({ matchLabels: { app: 'redis' } });
    });

    test('synthesizes two peers of one name in a namespace the App does not manage (two assumed workloads for lint)', () => {
      const { app, api } = oneAppIn();
      api.connectTo(Peer.pods({ name: 'cache', namespace: 'data', podLabels: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }] }));
      api.connectTo(Peer.pods({ name: 'cache', namespace: 'data', podLabels: { app: 'memcached' }, ports: [{ name: 'memcached', port: 11211 }] }));
      expect(() => app.synthYaml()).not.toThrow();
    });
  });

  describe('StatefulDatabase', () => {
    test('allowFrom admits a peer even outside a ZeroTrustNamespace, since a database is always isolated', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'plain', { namespace: 'data' });
      const db = new StatefulDatabase(chart, 'postgres', { engine: DatabaseEngine.POSTGRES });
      db.allowFrom(Peer.pods({ name: 'reporting', podLabels: { app: 'reporting' } }));
      const ingress = find(Testing.synth(chart), 'NetworkPolicy', 'postgres-ingress').spec.ingress;
      expect(ingress[1]).toEqual({ from: [{ podSelector: { matchLabels: { app: 'reporting' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    });
  });
});

function oneApp(): { ns: ZeroTrustNamespace; api: ExposedApp } {
  const { ns, api } = oneAppIn();
  return { ns, api };
}

function oneAppIn(): { app: App; ns: ZeroTrustNamespace; api: ExposedApp } {
  const app = Testing.app();
  const ns = new ZeroTrustNamespace(app, 'production');
  const api = new ExposedApp(ns, 'api', { image: IMAGE });
  return { app, ns, api };
}

describe('peers are told apart by what they select, not by their names', () => {
  const synthAll = (app: App) => app.charts.flatMap(c => Testing.synth(c));
  const legacy = (ports: kplus.ContainerPort[]): kplus.ContainerProps => ({
    image: 'ghcr.io/acme/legacy:3.1.0', ports, securityContext: { user: 10001, group: 10001 },
  });

  test('connecting the same addresses again with other ports keeps the first ports', () => {
    const app = Testing.app();
    const web = new ExposedApp(new ZeroTrustNamespace(app, 'production'), 'web', { image: IMAGE });
    web.connectTo(Peer.addresses(['203.0.113.0/24'], { ports: [443] }));
    web.connectTo(Peer.addresses(['203.0.113.0/24'], { ports: [8443] }));
    const r = Reachability.fromApp(app);
    expect([443, 8443].map(port => r.canReachAddress('production/web', '203.0.113.5', port))).toEqual([true, true]);
    expect(find(synthAll(app), 'NetworkPolicy', 'web-egress').spec.egress.filter((rule: any) => rule.to?.[0]?.ipBlock?.cidr === '203.0.113.0/24')).toHaveLength(1);
  });

  test('two API server endpoints both stay reachable (every Peer.kubeApiServer is named kube-apiserver)', () => {
    const app = Testing.app();
    const op = new ExposedApp(new ZeroTrustNamespace(app, 'ops'), 'op', { image: IMAGE });
    for (const ip of ['172.18.0.2', '172.18.0.3']) op.connectTo(Peer.kubeApiServer({ cidrs: [`${ip}/32`] }));
    const r = Reachability.fromApp(app);
    expect(['172.18.0.2', '172.18.0.3'].map(ip => r.canReachAddress('ops/op', ip, 6443))).toEqual([true, true]);
  });

  test('an allowFrom of other API server addresses neither takes over the controlPlane\'s webhook rule nor gains its port', () => {
    const app = Testing.app();
    const ns = new ZeroTrustNamespace(app, 'policy', { controlPlane: Peer.kubeApiServer({ cidrs: ['172.18.0.0/28'] }) });
    const hook = new ExposedApp(ns, 'hook', {
      image: IMAGE,
      ports: [{ name: 'https', port: 443, containerPort: 9443 }, { name: 'http', port: 80, containerPort: 8080 }],
      admissionWebhookPort: 9443,
    });
    hook.allowFrom(Peer.kubeApiServer({ cidrs: ['10.99.0.1/32'] }), { ports: ['http'] });
    const r = Reachability.fromApp(app);
    expect(r.canBeReachedFrom('172.18.0.1', 'policy/hook', 9443)).toBe(true);
    expect(r.canBeReachedFrom('10.99.0.1', 'policy/hook', 9443)).toBe(false);
    expect(r.canBeReachedFrom('10.99.0.1', 'policy/hook', 8080)).toBe(true);
  });

  test('two Peer.pods of one name with other pods keep a rule each', () => {
    const app = Testing.app();
    const api = new ExposedApp(new ZeroTrustNamespace(app, 'production'), 'api', { image: IMAGE });
    api.connectTo(Peer.pods({ name: 'cache', namespace: 'ext', podLabels: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }] }));
    api.connectTo(Peer.pods({ name: 'cache', namespace: 'ext', podLabels: { app: 'memcached' }, ports: [{ name: 'mc', port: 11211 }] }));
    const egress = find(synthAll(app), 'NetworkPolicy', 'api-egress').spec.egress;
    expect(egress.filter((rule: any) => rule.to[0].namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ext')
      .map((rule: any) => [rule.to[0].podSelector.matchLabels.app, rule.ports[0].port]).sort()).toEqual([['memcached', 11211], ['redis', 6379]]);
  });

  test('Peer.workload of a Job selects its pods by their address label, not by select() labels the pods never carry', () => {
    const app = Testing.app();
    const prod = new ZeroTrustNamespace(app, 'production');
    const job = new kplus.Job(prod, 'migrate', { metadata: { name: 'migrate' }, containers: [legacy([])] });
    job.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'migrate' } }));
    new ExposedApp(prod, 'web', { image: IMAGE }).allowFrom(Peer.workload(job));
    synthAll(app);
    expect(Reachability.fromApp(app).canReach('production/migrate', 'production/web', 8080)).toBe(true);
  });

  test('Peer.workload of a workload named beyond 63 characters writes valid label values on its own policies', () => {
    const app = Testing.app();
    const prod = new ZeroTrustNamespace(app, 'production');
    const d = new kplus.Deployment(prod, 'legacy', { metadata: { name: `${'a'.repeat(62)}-b-legacy` }, containers: [legacy([{ name: 'http', number: 9000 }])] });
    new ExposedApp(prod, 'web', { image: IMAGE }).connectTo(Peer.workload(d));
    const objects = synthAll(app);
    expectValidManifests(objects);
    expect(find(objects, 'NetworkPolicy', `${'a'.repeat(62)}-b-legacy-ingress`).metadata.labels['app.kubernetes.io/name']).toBe('a'.repeat(62));
  });

  test('Peer.workload refuses a host-network workload, which pod selectors do not reliably match', () => {
    const app = Testing.app();
    const agent = new kplus.DaemonSet(new Chart(app, 'plain', { namespace: 'agents' }), 'agent', {
      metadata: { name: 'agent' }, hostNetwork: true, containers: [legacy([{ name: 'metrics', number: 9100 }])],
    });
    const web = new ExposedApp(new ZeroTrustNamespace(app, 'production'), 'web', { image: IMAGE });
    expect(() => web.connectTo(Peer.workload(agent))).toThrow("Peer.workload 'agent': runs on the host network (hostNetwork: true), where NetworkPolicy pod selectors do not reliably match its pods; use Peer.addresses with the nodes' CIDRs");
  });
});
