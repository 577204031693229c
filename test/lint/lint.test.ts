import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { container, defaultDeny, deployment, service } from './manifests';
import { lint, Linter, Severity } from '../../src/lint';
import { ACKNOWLEDGEMENT_METADATA } from '../../src/lint/_acknowledgements';
import { RULES } from '../../src/lint/rules';

/** A Service selecting nothing and an untagged image: two errors, plus a warning. */
function broken(): any[] {
  return [
    deployment('production', 'api', { containers: [container('app', { image: 'nginx', readinessProbe: undefined })] }),
    service('production', 'api'),
    service('production', 'apii', { selector: { 'app.kubernetes.io/name': 'apii' } }),
  ];
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('lint', () => {
  describe('rules', () => {
    test('have unique kebab-case ids, one file each under src/lint/rules', () => {
      const ids = RULES.map(r => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) {
        expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
        expect(fs.existsSync(path.join(__dirname, '..', '..', 'src', 'lint', 'rules', `${id}.ts`))).toBe(true);
        expect(fs.existsSync(path.join(__dirname, 'rules', `${id}.test.ts`))).toBe(true);
      }
    });

    test('Linter.rules() describes every rule', () => {
      const infos = Linter.rules();
      expect(infos.map(i => i.id)).toEqual(RULES.map(r => r.id));
      for (const info of infos) {
        expect([Severity.ERROR, Severity.WARNING]).toContain(info.severity);
        expect(info.summary.length).toBeGreaterThan(10);
        expect(info.summary).not.toMatch(/\.$/);
        expect(info.explanation.length).toBeGreaterThan(80);
      }
    });

    test('include the rules of the contract', () => {
      expect(Linter.rules().map(r => r.id)).toEqual(expect.arrayContaining([
        'service-selector-matches-nothing', 'service-target-port-not-exposed', 'ingress-backend-missing',
        'ingress-tls-host-not-in-rules', 'ingress-tls-duplicate-secret', 'default-deny-egress-without-dns',
        'network-policy-peer-selects-nothing', 'external-name-is-ip-or-url', 'node-port-out-of-range', 'node-port-duplicate',
        'selectorless-service-without-endpoints', 'workload-unreachable-behind-service', 'missing-readiness-probe',
        'image-latest-or-untagged', 'pod-security-restricted', 'env-short-service-name-cross-namespace',
      ]));
    });
  });

  describe('findings', () => {
    test('are sorted by severity, rule, object and message', () => {
      expect(lint(broken()).map(f => [f.severity, f.rule, f.object])).toEqual([
        ['error', 'image-latest-or-untagged', 'Deployment/production/api'],
        ['error', 'service-selector-matches-nothing', 'Service/production/apii'],
        ['warning', 'missing-readiness-probe', 'Deployment/production/api'],
      ]);
    });

    test('do not depend on the input order', () => {
      expect(lint([...broken()].reverse())).toEqual(lint(broken()));
    });

    test('name the object in the message', () => {
      for (const f of lint(broken())) {
        const [kind, ...rest] = f.object.split('/');
        expect(f.message).toContain(`${kind} ${rest.join('/')}`);
      }
    });

    test('are empty for no objects', () => {
      expect(lint([])).toEqual([]);
    });

    test('leave the input unchanged', () => {
      const objects = deepFreeze(broken());
      const before = JSON.stringify(objects);
      lint(objects);
      expect(JSON.stringify(objects)).toBe(before);
    });

    test('ignore null entries and objects without a kind, and flatten Lists', () => {
      const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ServiceList', items: broken().slice(2) }] };
      expect(lint([null, 'text', {}, [], ...broken().slice(0, 2), list]).map(f => f.rule)).toEqual([
        'image-latest-or-untagged', 'service-selector-matches-nothing', 'missing-readiness-probe',
      ]);
    });

    test('Linter.run is lint', () => {
      expect(Linter.run(broken())).toEqual(lint(broken()));
    });
  });

  describe('acknowledgements', () => {
    test('leave out every finding of a rule', () => {
      const findings = lint(broken(), { acknowledgements: [{ rule: 'image-latest-or-untagged', reason: 'nginx is pinned by the mirror' }] });
      expect(findings.map(f => f.rule)).toEqual(['service-selector-matches-nothing', 'missing-readiness-probe']);
    });

    test('leave out the finding of one object only', () => {
      const objects = [...broken(), service('production', 'other', { selector: { x: 'y' } })];
      const findings = lint(objects, { acknowledgements: [{ rule: 'service-selector-matches-nothing', object: 'Service/production/apii', reason: 'pods come from Helm' }] });
      expect(findings.filter(f => f.rule === 'service-selector-matches-nothing').map(f => f.object)).toEqual(['Service/production/other']);
    });

    test('require a reason', () => {
      expect(() => lint(broken(), { acknowledgements: [{ rule: 'image-latest-or-untagged', reason: ' ' }] }))
        .toThrow("lint: a reason is required for rule 'image-latest-or-untagged'");
    });

    test('must name an existing rule', () => {
      expect(() => lint(broken(), { acknowledgements: [{ rule: 'image-latest', reason: 'x' }] }))
        .toThrow(/^lint: unknown rule 'image-latest' in an acknowledgement; use one of service-selector-matches-nothing, /);
    });

    test('reject an empty object filter', () => {
      expect(() => lint([], { acknowledgements: [{ rule: 'image-latest-or-untagged', reason: 'x', object: '' }] }))
        .toThrow("lint: the object of an acknowledgement of rule 'image-latest-or-untagged' must be 'Kind/namespace/name' or 'Kind/name', got ''");
    });
  });

  describe('Linter.acknowledge', () => {
    test('records the acknowledgement on the construct', () => {
      const chart = Testing.chart();
      Linter.acknowledge(chart, 'missing-readiness-probe', 'batch worker', 'Deployment/default/worker');
      expect(chart.node.metadata.filter(m => m.type === ACKNOWLEDGEMENT_METADATA).map(m => m.data)).toEqual([
        { rule: 'missing-readiness-probe', reason: 'batch worker', object: 'Deployment/default/worker' },
      ]);
    });

    test('requires a reason', () => {
      expect(() => Linter.acknowledge(Testing.chart(), 'x', '')).toThrow("Linter.acknowledge: a reason is required for rule 'x'");
    });

    test('requires a known rule', () => {
      expect(() => Linter.acknowledge(Testing.chart(), 'no-such-rule', 'because')).toThrow(/^Linter.acknowledge: unknown rule 'no-such-rule'/);
    });
  });

  test('runs the reachability rules with the analyzer', () => {
    const objects = [...broken(), defaultDeny('production')];
    expect(lint(objects).map(f => f.rule)).toContain('default-deny-egress-without-dns');
  });

  test('reports a workload once when its ReplicaSet and Pods are in the input too (a kubectl dump)', () => {
    const d = deployment('production', 'api', { containers: [container('app', { image: 'nginx' })] });
    const template = d.spec.template;
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api-5d8f', namespace: 'production', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', controller: true }] },
      spec: { template },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...template.metadata, name: 'api-5d8f-x1', namespace: 'production', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-5d8f', controller: true }] },
      spec: template.spec,
    };
    const orphan = { ...pod, metadata: { ...pod.metadata, name: 'orphan', ownerReferences: [{ kind: 'ReplicaSet', name: 'gone', controller: true }] } };
    expect(lint([d, rs, pod, orphan]).filter(f => f.rule === 'image-latest-or-untagged').map(f => f.object)).toEqual([
      'Deployment/production/api', 'Pod/production/orphan',
    ]);
  });
});
