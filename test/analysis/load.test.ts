import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { deployment as deploymentOf, NOTHING_ASSUMED } from './manifests';
import { Reachability } from '../../src/analysis';
import { loadManifestInputs, ManifestInputError, MAX_INPUT_BYTES, parseManifestText } from '../../src/analysis/_load';
import { readManifests } from '../../src/analysis/_manifests';
import { lint } from '../../src/lint';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'loader');
const fixture = (name: string) => path.join(FIXTURES, name);
const load = async (...names: string[]) => loadManifestInputs(names.map(fixture));
const ids = (objects: any[]) => objects.map(o => `${o.kind}/${o.metadata?.name}`);

describe('loading manifests as kubectl does', () => {
  test('a kustomization.yaml next to the manifests is skipped with a note, not reported as an unnamed object', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n';
    const reason = 'is a kustomize Kustomization (kustomization.yaml), not a Kubernetes object; render it with kubectl kustomize and check the output';
    // read from a file, as the CLI reads it
    const loaded = parseManifestText(text, 'kustomization.yaml', 'auto');
    expect(loaded.objects).toEqual([]);
    expect(loaded.skipped.map((s) => s.reason)).toEqual([reason]);
    // given as an object, as lint() takes it
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['deployment.yaml'] };
    const model = readManifests([kustomization]);
    expect([model.objects, model.unnamed, model.skipped.map((s) => s.reason)]).toEqual([[], [], [reason]]);
    expect(lint([kustomization]).filter((f) => f.rule === 'object-invalid')).toEqual([]);
  });

  test('a kubeconfig next to the manifests is skipped with a note, not linted as an object', () => {
    const text = 'apiVersion: v1\nkind: Config\nclusters:\n- name: kind\n  cluster: { server: "https://127.0.0.1:6443" }\ncurrent-context: kind\n';
    const reason = 'is a kubeconfig (apiVersion v1, kind Config: client settings), not a Kubernetes object';
    const loaded = parseManifestText(text, 'kubeconfig.yaml', 'auto');
    expect([loaded.objects, loaded.skipped.map((s) => s.reason)]).toEqual([[], [reason]]);
    const kubeconfig = { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [] };
    expect(readManifests([kubeconfig]).skipped.map((s) => s.reason)).toEqual([reason]);
    expect(lint([kubeconfig]).filter((f) => f.rule === 'object-invalid')).toEqual([]);
  });

  describe('lists', () => {
    test('a typed PodList gives its items kind Pod and apiVersion v1', async () => {
      // GIVEN kubectl get pods -o yaml: items without kind and apiVersion
      const { objects, skipped } = await load('pod-list.yaml');
      // THEN each item is a Pod of v1
      expect(skipped).toEqual([]);
      expect(objects.map(o => [o.apiVersion, o.kind, o.metadata.name])).toEqual([
        ['v1', 'Pod', 'cog-agents-d54st'], ['v1', 'Pod', 'cog-agents-js4qc'],
      ]);
    });

    test('a typed DaemonSetList in JSON gives its items kind DaemonSet and apiVersion apps/v1, and they are workloads', async () => {
      const { objects } = await load('daemonset-list.json');
      expect(objects.map(o => [o.apiVersion, o.kind])).toEqual([['apps/v1', 'DaemonSet']]);
      const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
      expect(r.workloads).toEqual(['monitoring/node-exporter']);
    });

    test('kind: List keeps the kinds its items give', async () => {
      const { objects } = await load('replicaset-pods.yaml');
      expect(ids(objects)).toEqual(['Pod/web-7d4b9c8f6-x2k8p', 'Pod/web-7d4b9c8f6-q9zzt']);
    });

    test('an item keeps its own kind and apiVersion inside a typed list', () => {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }] });
      expect(parseManifestText(text, 'x.json', 'json').objects.map(o => [o.apiVersion, o.kind])).toEqual([['apps/v1', 'Deployment']]);
    });
  });

  describe('documents that are not Kubernetes objects', () => {
    test('are skipped with the file and document named, the objects beside them kept', async () => {
      // GIVEN a directory with a cdk8s.yaml and an expected-output JSON beside a Deployment
      const { objects, skipped } = await load('not-kubernetes');
      // THEN the Deployment is read, and the other two are reported
      expect(ids(objects)).toEqual(['Deployment/web']);
      expect(skipped.map(s => `${path.basename(s.where)} ${s.reason}`)).toEqual([
        'cdk8s.yaml (document 1) is not a Kubernetes object: it has no kind',
        'expected.json (document 1) is not a Kubernetes object: it has no kind',
      ]);
    });

    test('an object without apiVersion is kept for lint to report, and the analysis never evaluates it', async () => {
      const { objects, skipped } = await load('invalid-policies.yaml');
      // A Kubernetes object all the same (it has a kind), only a broken one: not skipped as a stray document.
      expect(skipped).toEqual([]);
      expect(objects.map(o => o.metadata.name)).toContain('api-allow-all');
      expect(lint(objects).filter(f => f.rule === 'object-invalid').map(f => f.object)).toEqual(['NetworkPolicy/shop/api-allow-all']);
      const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
      expect(r.problems).toContainEqual(expect.stringContaining('NetworkPolicy without apiVersion'));
    });
  });

  describe('YAML kubectl accepts', () => {
    test('a flow sequence continued on tab-indented lines', async () => {
      // GIVEN args: [ followed by lines that start with a tab (the yaml package alone refuses them)
      const { objects } = await load('tab-in-flow.yaml');
      // THEN they are read as kubectl reads them
      expect(objects[0].spec.containers[0].args).toEqual(['--port=8080', '--verbose']);
      expect(objects[0].spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
    });

    test('YAML 1.1 scalars as go-yaml reads them: yes/no/on/off are booleans, 0644 is octal, dates and 22:30 stay strings', async () => {
      const [pod] = (await load('yaml-1-1.yaml')).objects;
      expect(pod.spec.enableServiceLinks).toBe(false);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(pod.spec.hostNetwork).toBe(true);
      expect(pod.spec.containers[0].stdin).toBe(true);
      expect(pod.spec.volumes[0].configMap.defaultMode).toBe(0o644);
      expect(pod.metadata.annotations).toEqual({ built: '2024-05-01', window: '22:30' });
      expect(pod.spec.containers[0].args).toEqual(['22:30']);
    });

    test('a .json file with a byte-order mark', async () => {
      expect(ids((await load('bom.json')).objects)).toEqual(['Service/bom']);
    });

    test('a concatenated JSON stream, with and without white space between the values', async () => {
      expect(ids((await load('stream.json')).objects)).toEqual(['Namespace/shop', 'Service/a', 'Service/b']);
    });

    test('a JSON stream on stdin', async () => {
      const text = '{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Service","metadata":{"name":"b"}}';
      expect(ids((await loadManifestInputs(['-'], Readable.from([text]))).objects)).toEqual(['Service/a', 'Service/b']);
    });

    test('CR-only and CRLF line endings', async () => {
      const { objects } = await load('cr-only.yaml');
      expect(objects.map(o => o.metadata)).toEqual([{ name: 'cr-only', namespace: 'shop' }, { name: 'crlf', namespace: 'shop' }]);
      expect(objects[0].data).toEqual({ enabled: 'true' });
    });

    test('a List whose 151 items share one anchor', async () => {
      const { objects } = await load('anchored-list.yaml');
      expect(objects).toHaveLength(151);
      expect(objects[150].metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'shop', 'team': 'payments' });
    });
  });

  describe('never blows up', () => {
    test('an alias bomb is still refused, naming the file', () => {
      const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
      }
      expect(() => parseManifestText(levels.join('\n'), 'bomb.yaml', 'auto'))
        .toThrow(/^malformed YAML in bomb.yaml \(document 1\): the document contains excessive aliasing/);
    });

    test('more than 125,000 objects in one input (no spread of the objects as call arguments)', async () => {
      // GIVEN 130,000 ConfigMaps in one List on stdin
      const items = Array.from({ length: 130_000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'shop' } }));
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
      // WHEN loaded, read by the model and linted
      const { objects } = await loadManifestInputs(['-'], Readable.from([text]));
      // THEN every object is there
      expect(objects).toHaveLength(130_000);
      expect(readManifests(objects).objects).toHaveLength(130_000);
      expect(lint(objects)).toEqual([]);
    });

    describe('with a scratch directory', () => {
      let dir: string;
      beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-load-'));
      });
      afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
      });

      test('a FIFO named *.yaml in a scanned directory is skipped, never opened', async () => {
        // GIVEN a directory holding a FIFO (which would block an open without a writer) and a manifest
        execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
        fs.copyFileSync(fixture('bom.json'), path.join(dir, 'svc.json'));
        // WHEN the directory is loaded THEN the regular file is read and the FIFO left alone
        expect(ids((await loadManifestInputs([dir])).objects)).toEqual(['Service/bom']);
      });

      test('an input larger than the cap is refused with a clear message, before it is read', async () => {
        const big = path.join(dir, 'big.yaml');
        fs.writeFileSync(big, '');
        fs.truncateSync(big, MAX_INPUT_BYTES + 1);
        await expect(loadManifestInputs([big])).rejects.toThrow(new ManifestInputError(
          `${big} is larger than 256 MiB, the most one input may hold; split the manifests into several files`));
      });
    });

    test('a stream without end (/dev/zero) stops at the cap', async () => {
      await expect(loadManifestInputs(['/dev/zero'])).rejects.toThrow(/^\/dev\/zero is larger than 256 MiB, the most one input may hold/);
    });
  });
});

describe('the one manifest model', () => {
  test('pods whose DaemonSet is not in the input are one workload named after it', async () => {
    // GIVEN a live-cluster dump of two DaemonSet pods, without the DaemonSet
    const { objects } = await load('pod-list.yaml');
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // THEN they are monitoring/cog-agents, kind DaemonSet, made of both pods
    expect(r.workloads).toEqual(['monitoring/cog-agents']);
    const [group] = readManifests(objects).workloads;
    expect([group.kind, group.ownerPresent, group.members.map(m => m.name)]).toEqual(['DaemonSet', false, ['cog-agents-d54st', 'cog-agents-js4qc']]);
    // and lint sees the same workload once
    expect(lint(objects).filter(f => f.rule === 'pod-security-restricted').map(f => f.object)).toEqual(['Pod/monitoring/cog-agents-d54st']);
  });

  test('pods of an absent ReplicaSet <name>-<pod-template-hash> are grouped under that ReplicaSet, their owner', async () => {
    const { objects } = await load('replicaset-pods.yaml');
    const rs = readManifests(objects).workloads.map(w => `${w.id}[${w.kind}]`);
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatch(/^shop\/web-7d4b9c8f6\[ReplicaSet\]$/);
    expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).connections()[0]).toMatch(/ => shop\/web-7d4b9c8f6\[ReplicaSet\] : All Connections$/);
  });

  test('an object whose namespace YAML reads as a boolean or a number is skipped, not put in default', () => {
    const text = [
      'apiVersion: v1', 'kind: Pod', 'metadata: { name: web, namespace: y, labels: { app: web } }', 'spec: { containers: [{ name: web, image: nginx:1.27 }] }',
      '---',
      'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: { name: deny, namespace: on }', 'spec: { podSelector: {} }',
      '---',
      'apiVersion: v1', 'kind: Pod', 'metadata: { name: api, labels: { app: api } }', 'spec: { containers: [{ name: api, image: nginx:1.27 }] }',
    ].join('\n');
    const { objects } = parseManifestText(text, 'ns.yaml', 'auto');
    const model = readManifests(objects);
    expect(model.objects.map(o => o.ref)).toEqual(['Pod/default/api']);
    expect(model.problems.filter(p => p.message.includes('metadata.namespace')).map(p => p.message)).toEqual([
      'ns.yaml (document 1): metadata.namespace is boolean true, not a string, which the API server rejects (YAML 1.1 reads on, yes, y and no as booleans and 0123 as a number: quote it); skipped',
      'ns.yaml (document 2): metadata.namespace is boolean true, not a string, which the API server rejects (YAML 1.1 reads on, yes, y and no as booleans and 0123 as a number: quote it); skipped',
    ]);
    // the policy does not isolate default/api
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    expect(r.connections()).toContain('0.0.0.0-255.255.255.255 => default/api[Pod] : All Connections');
  });

  test('an object whose name YAML reads as a boolean says so, not that it has no name', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: { name: y, labels: { app: web } }\nspec: { containers: [{ name: web, image: nginx:1.27 }] }\n';
    const { objects } = parseManifestText(text, 'name.yaml', 'auto');
    expect(readManifests(objects).problems.map(p => p.message)).toEqual([
      'name.yaml (document 1): metadata.name of a Pod is boolean true, not a string, which the API server rejects (YAML 1.1 reads on, yes, y and no as booleans and 0123 as a number: quote it); skipped',
    ]);
  });

  describe('a live dump holding a workload and its Pods: the Pods\' labels are what policies select', () => {
    const deployment = (labels: Record<string, string>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    const replicaSet = (hash: string, replicas: number, labels: Record<string, string>) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
      spec: {
        replicas,
        selector: { matchLabels: { 'app': 'web', 'pod-template-hash': hash } },
        template: { metadata: { labels: { ...labels, 'pod-template-hash': hash } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    const pod = (name: string, hash: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `web-${hash}-${name}`,
        namespace: 'shop',
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${hash}`, uid: `rs-${hash}`, controller: true }],
      },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
    });
    const isolate = (podSelector: object) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'isolate', namespace: 'shop' },
      spec: { podSelector, policyTypes: ['Ingress'] },
    });

    test('a policy selecting pod-template-hash isolates the Deployment\'s pods', () => {
      // GIVEN a Deployment, its ReplicaSet and its Pod, and a policy on the Pod's pod-template-hash
      const objects = [deployment({ app: 'web' }), replicaSet('7d4b9c8f6', 1, { app: 'web' }), pod('x7k2p', '7d4b9c8f6', { app: 'web' }), isolate({ matchLabels: { 'pod-template-hash': '7d4b9c8f6' } })];
      // WHEN analyzed THEN the workload is one, the Deployment, and it is isolated
      const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
      expect(r.workloads).toEqual(['shop/web']);
      expect(r.canBeReachedFrom('203.0.113.10', 'shop/web', 8080)).toBe(false);
      expect(readManifests(objects).workloads[0].podLabels).toEqual({ 'app': 'web', 'pod-template-hash': '7d4b9c8f6' });
    });

    test('an old ReplicaSet scaled to zero does not take pod-template-hash away', () => {
      const objects = [
        deployment({ app: 'web' }), replicaSet('5c8d7f9b4', 0, { app: 'web' }), replicaSet('7d4b9c8f6', 1, { app: 'web' }),
        pod('x7k2p', '7d4b9c8f6', { app: 'web' }), isolate({ matchLabels: { 'pod-template-hash': '7d4b9c8f6' } }),
      ];
      expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).canBeReachedFrom('203.0.113.10', 'shop/web', 8080)).toBe(false);
      // and without the Deployment, the pods are the ReplicaSet's, with its hash
      const withoutDeployment = objects.slice(1);
      const model = readManifests(withoutDeployment);
      expect(model.workloads.map(w => [w.id, w.podLabels['pod-template-hash']])).toEqual([['shop/web', '7d4b9c8f6']]);
    });

    test('mid-rollout, a selector selects the workload only when it selects every one of its Pods', () => {
      // GIVEN the Deployment's template at version v2, one Pod still at v1 and one at v2, and a policy isolating v2
      const objects = [deployment({ app: 'web', version: 'v2' }), pod('x7k2p', '7d4b9c8f6', { app: 'web', version: 'v1' }), pod('a1b2c', '84f6c9d7b5', { app: 'web', version: 'v2' }), isolate({ matchLabels: { version: 'v2' } })];
      const model = readManifests(objects);
      // THEN the workload has the labels its Pods share, and the v1 pod keeps it reachable
      expect(model.workloads[0].podLabels).toEqual({ app: 'web' });
      expect(model.problems.map(p => p.message)).toContain('its 2 Pods carry different values for pod-template-hash, version; the workload is analyzed with the labels all of them share');
      expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).canBeReachedFrom('203.0.113.10', 'shop/web', 8080)).toBe(true);
    });

    test('pods of a Job a present CronJob scheduled (Job absent) are the CronJob\'s', () => {
      // GIVEN `kubectl get cronjobs,pods -o yaml`: the CronJob and a pod of its Job report-28573205
      const cronJob = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: 'shop' },
        spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'report' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'report:1.0' }] } } } } },
      };
      const jobPod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'report-28573205-k9x2z',
          namespace: 'shop',
          labels: { 'app': 'report', 'batch.kubernetes.io/job-name': 'report-28573205' },
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-28573205', uid: 'j1', controller: true }],
        },
        spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'report:1.0' }] },
      };
      // THEN one workload, the CronJob, with the labels its pod carries
      const model = readManifests([cronJob, jobPod]);
      expect(model.workloads.map(w => `${w.id}[${w.kind}]`)).toEqual(['shop/report[CronJob]']);
      expect(model.workloads[0].podLabels).toEqual({ 'app': 'report', 'batch.kubernetes.io/job-name': 'report-28573205' });
      // and a Job name that is not the CronJob's name and a number stays the Job's
      const other = { ...jobPod, metadata: { ...jobPod.metadata, name: 'report-x-k9x2z', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-x', uid: 'j2', controller: true }] } };
      expect(readManifests([cronJob, other]).workloads.map(w => `${w.id}[${w.kind}]`).sort()).toEqual(['shop/report-x[Job]', 'shop/report[CronJob]']);
    });

    test('without Pod objects (synthesized manifests), the template\'s labels stand', () => {
      const objects = [deployment({ app: 'web', version: 'v2' }), isolate({ matchLabels: { version: 'v2' } })];
      expect(readManifests(objects).workloads[0].podLabels).toEqual({ app: 'web', version: 'v2' });
      expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).canBeReachedFrom('203.0.113.10', 'shop/web', 8080)).toBe(false);
    });
  });

  test('copies of one live object (same uid, overlapping dumps) are one object, without a note', () => {
    const service = (uid: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', uid }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const notes = (objects: any[]) => readManifests(objects).problems.filter(p => p.message.startsWith('defined more than once')).map(p => p.object);
    expect(notes([service('u1'), service('u1')])).toEqual([]);
    expect(notes([service('u1'), service('u2')])).toEqual(['Service/shop/web']);
    expect(notes([service(''), service('')])).toEqual(['Service/shop/web']);
  });

  test('the pods of a present Deployment are represented by it', async () => {
    const { objects } = await load('replicaset-pods.yaml');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'x:1' }] } } },
    };
    const model = readManifests([...objects, deployment]);
    expect(model.workloads.map(w => [w.id, w.kind, w.ownerPresent, w.members.map(m => m.kind)])).toEqual([['shop/web', 'Deployment', true, ['Deployment']]]);
  });

  test('a ReplicationController is a workload and a batch.volcano.sh Job is not, for the analyzer and lint alike', async () => {
    const { objects } = await load('workload-kinds.yaml');
    expect(Reachability.fromManifests(objects, NOTHING_ASSUMED).workloads).toEqual(['shop/legacy', 'shop/migrate']);
    const linted = new Set(lint(objects).filter(f => f.rule === 'pod-security-restricted').map(f => f.object));
    expect(linted).toEqual(new Set(['ReplicationController/shop/legacy', 'Job/shop/migrate']));
  });

  test('pods of one controller with different per-pod labels are analyzed with the labels they share, with a note', () => {
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'db',
        labels: { 'app': 'pg', 'statefulset.kubernetes.io/pod-name': name },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'pg', controller: true }],
      },
      spec: { containers: [{ name: 'pg', image: 'pg:16', ports: [{ containerPort: 5432 }] }] },
    });
    const model = readManifests([pod('pg-0'), pod('pg-1')]);
    expect(model.workloads.map(w => [w.id, w.kind, w.podLabels])).toEqual([['db/pg', 'StatefulSet', { app: 'pg' }]]);
    expect(model.problems.map(p => `${p.object}: ${p.message}`)).toEqual([
      'StatefulSet/db/pg: its 2 Pods carry different values for statefulset.kubernetes.io/pod-name; the workload is analyzed with the labels all of them share',
    ]);
  });

  test('pods whose controller reference has no kind are grouped under its name as [Pod], never matched with an object of that name', () => {
    const pod = (name: string, tier: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { security: 'internal', tier }, ownerReferences: [{ name: 'internal-security', controller: true }] },
      spec: { containers: [{ name: 'c', image: 'i:1' }] },
    });
    // A Deployment of that name is another workload: without a kind the reference names nothing the input holds.
    const same = { ...pod('x', 'x'), kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'internal-security', namespace: 'default' } };
    const model = readManifests([pod('pod-1', 'agent'), pod('pod-2', 'analyzer')]);
    expect(model.workloads.map(w => [`${w.id}[${w.kind}]`, w.podLabels])).toEqual([['default/internal-security[Pod]', { security: 'internal' }]]);
    expect(model.problems.map(p => `${p.object}: ${p.message}`)).toEqual([
      "Pod/default/pod-1: its controller ownerReference 'internal-security' has no kind (the API server requires one); its pods are grouped under 'internal-security' as [Pod]",
      "Pod/default/pod-2: its controller ownerReference 'internal-security' has no kind (the API server requires one); its pods are grouped under 'internal-security' as [Pod]",
      'Pod/default/internal-security: its 2 Pods carry different values for tier; the workload is analyzed with the labels all of them share',
    ]);
    expect(readManifests([pod('pod-1', 'agent'), same]).workloads.map(w => `${w.id}[${w.kind}]`))
      .toEqual(['default/internal-security[Pod]']);
  });

  describe('a selector selects the pods of one owner that differ in a label only when it selects every one of them', () => {
    // Pods db/pg-0 (app=pg, role=primary) and db/pg-1 (app=pg-replica, no role) of StatefulSet pg,
    // a client, and a deny-all-ingress policy whose podSelector is the selector under test.
    const pod = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'db', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'pg', controller: true }] },
      spec: { containers: [{ name: 'pg', image: 'pg:16', ports: [{ containerPort: 5432 }] }] },
    });
    const client = deploymentOf('db', 'client', { app: 'client' });
    const isolating = (podSelector: unknown) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'db' },
      spec: { podSelector, policyTypes: ['Ingress'] },
    });
    const selected = (podSelector: unknown): boolean => {
      const r = Reachability.fromManifests([pod('pg-0', { app: 'pg', role: 'primary' }), pod('pg-1', { app: 'pg-replica' }), client, isolating(podSelector)], NOTHING_ASSUMED);
      return !r.canReach('db/client', 'db/pg', 5432);
    };
    const expr = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

    test.each([
      ['app Exists (both carry it)', expr('app', 'Exists'), true],
      ['app In (pg, pg-replica) (both values)', expr('app', 'In', ['pg', 'pg-replica']), true],
      ['app In (pg) (one pod only)', expr('app', 'In', ['pg']), false],
      ['matchLabels app=pg (one pod only)', { matchLabels: { app: 'pg' } }, false],
      ['app NotIn (client) (neither value)', expr('app', 'NotIn', ['client']), true],
      ['app NotIn (pg-replica) (one value)', expr('app', 'NotIn', ['pg-replica']), false],
      ['app DoesNotExist (both carry it)', expr('app', 'DoesNotExist'), false],
      ['role Exists (one pod lacks it)', expr('role', 'Exists'), false],
      ['role DoesNotExist (one pod has it)', expr('role', 'DoesNotExist'), false],
      ['role NotIn (replica) (one value, one pod without)', expr('role', 'NotIn', ['replica']), true],
    ])('%s: %s', (_, podSelector, expected) => {
      expect(selected(podSelector)).toBe(expected);
    });

    test('the same answers through an AdminNetworkPolicy subject', () => {
      const deny = (podSelector: unknown) => ({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'deny' },
        spec: { priority: 1, subject: { pods: { namespaceSelector: {}, podSelector } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] },
      });
      const reach = (podSelector: unknown) => Reachability.fromManifests([pod('pg-0', { app: 'pg', role: 'primary' }), pod('pg-1', { app: 'pg-replica' }), client, deny(podSelector)], NOTHING_ASSUMED)
        .canReach('db/client', 'db/pg', 5432);
      expect(reach(expr('app', 'Exists'))).toBe(false);
      expect(reach(expr('role', 'Exists'))).toBe(true);
      expect(reach(expr('app', 'DoesNotExist'))).toBe(true);
    });
  });

  test('a mirror pod (owned by a Node) stays a Pod of its own', () => {
    const mirror = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'etcd-node1', namespace: 'kube-system', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node1', controller: true }] },
      spec: { containers: [{ name: 'etcd', image: 'etcd:3.5' }] },
    };
    expect(readManifests([mirror]).workloads.map(w => `${w.id}[${w.kind}]`)).toEqual(['kube-system/etcd-node1[Pod]']);
  });
});

describe('ipBlock matching of IPv4-mapped IPv6 addresses', () => {
  test('::ffff:10.0.0.5 is treated as 10.0.0.5, as Go reads it: IPv4 blocks hold it, IPv6 blocks do not', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'p', namespace: 'x' },
        spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '::ffff:0:0/96' } }] }] },
      },
    ];
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    expect(r.canBeReachedFrom('10.0.0.5', 'x/a', 80)).toBe(true);
    expect(r.canBeReachedFrom('::ffff:10.0.0.5', 'x/a', 80)).toBe(true); // 10.0.0.5, in 10.0.0.0/8
    expect(r.canBeReachedFrom('::ffff:11.0.0.5', 'x/a', 80)).toBe(false); // 11.0.0.5: in no IPv4 block, and never in ::ffff:0:0/96
    const onlyV6 = Reachability.fromManifests([objects[0], { ...objects[1], spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '::ffff:0:0/96' } }] }] } }], NOTHING_ASSUMED);
    expect(onlyV6.canBeReachedFrom('::ffff:10.0.0.5', 'x/a', 80)).toBe(false);
    expect(onlyV6.canBeReachedFrom('10.0.0.5', 'x/a', 80)).toBe(false);
  });
});
