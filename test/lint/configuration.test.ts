import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { container, defaultDeny, deployment, networkPolicy, service } from './manifests';
import { ExposedApp, IngressControllerSelector, Linter, lint, NetworkPatternsApp, Peer, Severity, ZeroTrustNamespace } from '../../src';
import { acknowledgementAnnotation, annotatedAbsentWorkloads, annotatedWorkloads, ASSUME_WORKLOADS_ANNOTATION, isValidAnnotationKey } from '../../src/lint/_annotations';

/** A Service selecting nothing (error) next to a Deployment with an untagged image (error) and no readiness probe (warning). */
function broken(): any[] {
  return [
    deployment('production', 'api', { containers: [container('app', { image: 'nginx', readinessProbe: undefined })] }),
    service('production', 'api'),
    service('production', 'apii', { selector: { 'app.kubernetes.io/name': 'apii' } }),
  ];
}

/** `[severity, rule]` of each finding. */
function levels(objects: any[], options = {}): Array<[string, string]> {
  return lint(objects, options).map(f => [f.severity, f.rule]);
}

describe('lint configuration', () => {
  describe('disabledRules', () => {
    test('leaves out every finding of the rules named', () => {
      expect(levels(broken(), { disabledRules: ['image-latest-or-untagged', 'missing-readiness-probe'] })).toEqual([
        ['error', 'service-selector-matches-nothing'],
      ]);
    });

    test('rejects an unknown rule, naming it', () => {
      expect(() => lint(broken(), { disabledRules: ['image-latest'] })).toThrow(/^lint: disabledRules names unknown rule "image-latest"; use one of service-selector-matches-nothing, /);
    });

    test('rejects a value that is not a list (plain JavaScript callers)', () => {
      expect(() => lint(broken(), { disabledRules: 'image-latest-or-untagged' as any }))
        .toThrow("lint: disabledRules must be an array of rule ids, got the string 'image-latest-or-untagged'; give an array, e.g. ['image-latest-or-untagged']");
    });
  });

  describe('severityOverrides', () => {
    test('reports a rule at the severity given, errors first', () => {
      expect(levels(broken(), {
        severityOverrides: { 'image-latest-or-untagged': Severity.WARNING, 'missing-readiness-probe': Severity.ERROR },
      })).toEqual([
        ['error', 'missing-readiness-probe'],
        ['error', 'service-selector-matches-nothing'],
        ['warning', 'image-latest-or-untagged'],
      ]);
    });

    test('rejects an unknown rule and an unknown level', () => {
      expect(() => lint([], { severityOverrides: { 'no-such-rule': Severity.ERROR } })).toThrow(/^lint: severityOverrides names unknown rule 'no-such-rule'/);
      expect(() => lint([], { severityOverrides: { 'missing-readiness-probe': 'info' as any } }))
        .toThrow("lint: severityOverrides['missing-readiness-probe'] must be one of 'error', 'warning' (Severity), got the string 'info'");
    });
  });

  describe('acknowledgement annotations in the manifests', () => {
    test('acknowledge the findings of the rule on the annotated object only', () => {
      // GIVEN two Services selecting nothing, one annotated
      const objects = [...broken(), service('production', 'other', { selector: { x: 'y' } })];
      objects[2].metadata.annotations = { [acknowledgementAnnotation('service-selector-matches-nothing')]: 'pods come from Helm' };

      // THEN only the other one is reported
      expect(lint(objects).filter(f => f.rule === 'service-selector-matches-nothing').map(f => f.object)).toEqual(['Service/production/other']);
    });

    test('need a reason', () => {
      const objects = broken();
      objects[2].metadata.annotations = { [acknowledgementAnnotation('service-selector-matches-nothing')]: ' ' };
      expect(lint(objects).map(f => f.object)).toContain('Service/production/apii');
    });

    test('acknowledge a finding on a namespace without Namespace object through an object of the namespace', () => {
      // GIVEN default-deny without DNS in production, and the policy carrying the acknowledgement
      const deny = defaultDeny('production');
      deny.metadata.annotations = { [acknowledgementAnnotation('default-deny-egress-without-dns')]: 'DNS runs in the node-local cache' };
      expect(lint([deployment('production', 'api'), defaultDeny('production')]).map(f => f.rule)).toContain('default-deny-egress-without-dns');
      expect(lint([deployment('production', 'api'), deny]).map(f => f.rule)).not.toContain('default-deny-egress-without-dns');
    });

    test('fit the annotation key syntax for every rule id (prefix/name, name at most 63 characters)', () => {
      for (const rule of Linter.rules()) expect(isValidAnnotationKey(acknowledgementAnnotation(rule.id))).toBe(true);
      expect(isValidAnnotationKey(`netpatterns.dev/acknowledge.${'x'.repeat(52)}`)).toBe(false);
    });
  });

  describe('assumed-workload annotations in the manifests', () => {
    /** An app in a default-deny namespace, admitted only from proxies in gateway-system. */
    function behindProxies(): any[] {
      return [
        deployment('shop', 'web'),
        service('shop', 'web'),
        defaultDeny('shop'),
        networkPolicy('shop', 'web-ingress', {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } }, podSelector: { matchLabels: { app: 'proxy' } } }],
            ports: [{ port: 8080 }],
          }],
        }),
      ];
    }
    const declared = [{ namespace: 'gateway-system', name: 'proxy', podLabels: { app: 'proxy' } }];

    test('let lint see pods the manifests do not hold', () => {
      // GIVEN the proxies' namespace in the manifests, but not the proxies: the peer selects nothing and the app is unreachable
      const gatewaySystem = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gateway-system' } };
      const unknown = lint([gatewaySystem, ...behindProxies()], { disabledRules: ['default-deny-egress-without-dns'] }).map(f => f.rule);
      expect(unknown).toEqual(expect.arrayContaining(['network-policy-peer-selects-nothing', 'workload-unreachable-behind-service']));

      // WHEN the Namespace object declares them
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { [ASSUME_WORKLOADS_ANNOTATION]: JSON.stringify(declared) } } };
      const known = lint([gatewaySystem, ns, ...behindProxies()], { disabledRules: ['default-deny-egress-without-dns'] }).map(f => f.rule);

      // THEN the app is reachable from them
      expect(known).not.toContain('workload-unreachable-behind-service');
      expect(known).not.toContain('network-policy-peer-selects-nothing');
    });

    test('are left out when the manifests hold the pods (a chart included in the same App)', () => {
      // GIVEN the proxies declared, and also in the manifests
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { [ASSUME_WORKLOADS_ANNOTATION]: JSON.stringify(declared) } } };
      const proxies = deployment('gateway-system', 'envoy', {}, { app: 'proxy', version: '1.2' });
      const objects = [ns, proxies, ...behindProxies()];
      // THEN the declaration adds no phantom copy of the proxies
      expect(annotatedAbsentWorkloads(objects)).toEqual([]);
      expect(annotatedAbsentWorkloads([ns, ...behindProxies()])).toEqual(declared);
      // AND lint, reading the same objects, finds the app reachable from the real proxies
      expect(lint(objects, { disabledRules: ['default-deny-egress-without-dns'] }).map(f => f.rule)).not.toContain('workload-unreachable-behind-service');
    });

    test('are written for the peers a ZeroTrustNamespace admits, so lint on the YAML agrees with the synthesis-time lint', () => {
      // GIVEN Prometheus pods of another namespace admitted as the scraper, and a cache the manifests do not hold
      const app = Testing.app();
      new ZeroTrustNamespace(app, 'monitoring');
      const prod = new ZeroTrustNamespace(app, 'production', { monitoring: Peer.pods({ name: 'prometheus', namespace: 'monitoring', podLabels: { app: 'prometheus' }, ports: [{ name: 'web', port: 9090 }] }) });
      const api = new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.4.2', ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'metrics', port: 9102 }], metrics: { port: 9102 } });
      api.connectTo(Peer.pods({ name: 'cache', podLabels: { app: 'cache' }, ports: [{ name: 'redis', port: 6379 }] }));
      const objects = Testing.synth(prod);
      // THEN the Namespace declares both peers' pods
      const namespace = objects.find(o => o.kind === 'Namespace');
      expect(JSON.parse(namespace.metadata.annotations[ASSUME_WORKLOADS_ANNOTATION]).map((w: any) => `${w.namespace}/${w.name}`))
        .toEqual(['monitoring/prometheus-monitoring-peer', 'production/cache-server-peer']);
      // AND lint on the YAML does not call the policies admitting or reaching them empty
      expect(lint([...Testing.synth(Chart.of(app.node.findChild('monitoring') as Chart)), ...objects]).map(f => f.rule)).not.toContain('network-policy-peer-selects-nothing');
    });

    test('skip malformed values with a note', () => {
      const problems: string[] = [];
      const objects = [
        { kind: 'Namespace', metadata: { name: 'a', annotations: { [ASSUME_WORKLOADS_ANNOTATION]: '{not json' } } },
        { kind: 'Namespace', metadata: { name: 'b', annotations: { [ASSUME_WORKLOADS_ANNOTATION]: '[{"namespace":"x"}]' } } },
        { kind: 'Namespace', metadata: { name: 'c', annotations: { [ASSUME_WORKLOADS_ANNOTATION]: JSON.stringify(declared) } } },
      ];
      expect(annotatedWorkloads(objects, problems)).toEqual(declared);
      expect(problems).toEqual([
        `annotation ${ASSUME_WORKLOADS_ANNOTATION} of Namespace/a is not JSON; ignored`,
        `annotation ${ASSUME_WORKLOADS_ANNOTATION} of Namespace/b holds an entry without namespace, name and podLabels; ignored`,
      ]);
    });
  });

  describe('Linter.acknowledge writes the acknowledgement into the synthesized objects', () => {
    const KEY = acknowledgementAnnotation('missing-readiness-probe');
    /** A plain ApiObject Deployment `name`. */
    const worker = (scope: Construct, name: string) => new ApiObject(scope, name, deployment('jobs', name));

    test('on every object under the scope, including objects created after the call', () => {
      // GIVEN an acknowledgement on a chart before and after its objects exist
      const chart = Testing.chart();
      worker(chart, 'early');
      Linter.acknowledge(chart, 'missing-readiness-probe', 'batch workers serve no traffic');
      worker(chart, 'late');

      // WHEN the chart synthesizes
      const objects = Testing.synth(chart);

      // THEN both carry the annotation, and lint honours it on the YAML
      expect(objects.map(o => o.metadata.annotations?.[KEY])).toEqual(['batch workers serve no traffic', 'batch workers serve no traffic']);
    });

    test('on the object named only, with the reasons of every scope joined', () => {
      const chart = Testing.chart();
      const inner = new Construct(chart, 'inner');
      worker(inner, 'a');
      worker(chart, 'b');
      Linter.acknowledge(chart, 'missing-readiness-probe', 'reviewed', 'Deployment/jobs/a');
      Linter.acknowledge(inner, 'missing-readiness-probe', 'no traffic');

      const [a, b] = Testing.synth(chart);
      expect(a.metadata.annotations).toEqual({ [KEY]: 'reviewed; no traffic' });
      expect(b.metadata.annotations).toBeUndefined();
    });

    test('gives the same bytes when synthesized twice', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      worker(chart, 'a');
      Linter.acknowledge(chart, 'missing-readiness-probe', 'no traffic');
      expect(app.synthYaml()).toEqual(app.synthYaml());
      expect(app.synthYaml().match(/netpatterns\.dev\/acknowledge/g)).toHaveLength(1);
    });

    test('in a NetworkPatternsApp too, byte-identical to a plain App', () => {
      const build = (app: App) => {
        const chart = new Chart(app, 'c');
        Linter.acknowledge(chart, 'missing-readiness-probe', 'no traffic');
        worker(chart, 'a');
        return app;
      };
      const fast = build(new NetworkPatternsApp({ outdir: Testing.app().outdir })).synthYaml();
      expect(fast).toContain(`${KEY}: no traffic`);
      expect(fast).toEqual(build(Testing.app()).synthYaml());
    });

    test('so that lint of the synthesized YAML leaves the finding out', () => {
      const chart = Testing.chart();
      new ApiObject(chart, 'w', deployment('jobs', 'w', { containers: [container('app', { readinessProbe: undefined })] }));
      new ApiObject(chart, 's', service('jobs', 'w'));
      expect(lint(Testing.synth(chart)).map(f => f.rule)).toContain('missing-readiness-probe');
      Linter.acknowledge(chart, 'missing-readiness-probe', 'no traffic');
      expect(lint(Testing.synth(chart)).map(f => f.rule)).not.toContain('missing-readiness-probe');
    });
  });

  describe('ZeroTrustNamespace', () => {
    test('writes its gatewayDataPlane and custom ingressController into the Namespace object', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'shop', {
        gatewayDataPlane: IngressControllerSelector.of({ namespace: 'envoy-gateway-system', podLabels: { 'app.kubernetes.io/name': 'envoy' } }),
        ingressController: IngressControllerSelector.of({ namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } }),
      });
      const namespace = Testing.synth(ns).find(o => o.kind === 'Namespace');
      expect(JSON.parse(namespace.metadata.annotations[ASSUME_WORKLOADS_ANNOTATION])).toEqual([
        { name: 'ingress-controller-for-shop', namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, ports: [{ port: 80 }, { port: 443 }] },
        { name: 'gateway-data-plane-for-shop', namespace: 'envoy-gateway-system', podLabels: { 'app.kubernetes.io/name': 'envoy' }, ports: [{ port: 80 }, { port: 443 }] },
      ]);
    });

    test('writes no annotation with the default selectors', () => {
      const app = Testing.app();
      const namespace = Testing.synth(new ZeroTrustNamespace(app, 'shop')).find(o => o.kind === 'Namespace');
      expect(namespace.metadata.annotations).toBeUndefined();
    });
  });
});
