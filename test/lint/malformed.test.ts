import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

/** Kinds the model and the rules read, each given specs of every wrong shape. */
const KINDS: Array<[string, string]> = [
  ['v1', 'Service'], ['apps/v1', 'Deployment'], ['v1', 'Pod'], ['networking.k8s.io/v1', 'Ingress'], ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['discovery.k8s.io/v1', 'EndpointSlice'], ['v1', 'Namespace'], ['batch/v1', 'CronJob'], ['v1', 'Endpoints'], ['v1', 'ReplicationController'],
];
const SPECS: unknown[] = [
  null, 'x', 1, [],
  { ports: [null, 'x', { port: 'http' }, { port: 80, nodePort: 'x', targetPort: 70000 }] },
  { template: 'x' }, { template: { metadata: { labels: 'x' }, spec: { containers: 'x' } } },
  { template: { spec: { containers: [null, 'x', { ports: 'x', env: 'x', securityContext: 'x' }] } } },
  { rules: [null, { host: 5, http: 'x' }, { http: { paths: [null, { backend: 'x' }] } }], tls: [null, { hosts: 'x' }] },
  { podSelector: 'x', ingress: [null, { from: 'x' }], egress: [{ to: [{ ipBlock: 'x' }] }] },
  { selector: 'x', type: 5, externalName: 5 }, { jobTemplate: 'x' },
];
const METADATA: unknown[] = [
  { name: 'a', namespace: 'n' }, { name: 'a', labels: 'x', annotations: 5 }, 'x', undefined,
  { name: 'a', namespace: 5, ownerReferences: [null, 'x', { controller: true, kind: 5 }, { controller: true, kind: 'ReplicaSet', name: 'q' }] },
];

describe('lint', () => {
  describe('malformed objects', () => {
    test.each(KINDS)('neither lint nor the analyzer throws on a %s %s of any shape', (apiVersion, kind) => {
      for (const spec of SPECS) {
        for (const metadata of METADATA) {
          const objects = [{ apiVersion, kind, metadata, spec, subsets: spec }];
          expect(() => lint(objects)).not.toThrow();
          expect(() => Reachability.fromManifests(objects).toJson()).not.toThrow();
        }
      }
    });

    test('an object without metadata is one object-invalid finding, not a crash', () => {
      expect(lint([{ apiVersion: 'apps/v1', kind: 'Deployment', spec: 'x' }]).map(f => [f.rule, f.object]))
        .toEqual([['object-invalid', 'Deployment/default/(unnamed)']]);
    });
  });
});
