import { Reachability } from '../../../src/analysis';
import { deployment, findingsOf, objectsOf } from '../manifests';

const RULE = 'network-policy-invalid';

function policy(spec: any, extra: any = {}): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'production' }, spec, ...extra };
}

describe('lint', () => {
  describe('network-policy-invalid', () => {
    test('accepts a valid policy', () => {
      expect(objectsOf(RULE, [policy({ podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })])).toEqual([]);
    });

    test.each([
      ['form: for from:', { podSelector: {}, ingress: [{ form: [{ podSelector: {} }] }] },
        "NetworkPolicy production/p spec.ingress[0]: unknown field 'form' (did you mean 'from'?), which kubectl refuses (strict field validation); "
        + 'fix it: the API server rejects the policy, and the analyzer does not evaluate it'],
      ['podSelecter: for podSelector:', { podSelecter: { matchLabels: { app: 'db' } } },
        "NetworkPolicy production/p spec: unknown field 'podSelecter' (did you mean 'podSelector'?), which kubectl refuses (strict field validation); "
        + 'fix it: the API server rejects the policy, and the analyzer does not evaluate it'],
      ['an except outside its cidr', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }] },
        "NetworkPolicy production/p spec.egress[0].to[0].ipBlock.except[0]: '192.168.0.0/16' must be a strict subset of cidr '10.0.0.0/8'; "
        + 'fix it: the API server rejects the policy, and the analyzer does not evaluate it'],
    ])('reports %s at error level', (_name, spec, message) => {
      expect(findingsOf(RULE, [policy(spec)])).toEqual([{ severity: 'error', rule: RULE, object: 'NetworkPolicy/production/p', message }]);
    });

    test('reports an invalid name, saying the analyzer evaluates the policy as written', () => {
      const named = { ...policy({ podSelector: {} }), metadata: { name: 'deny_all', namespace: 'production' } };
      expect(findingsOf(RULE, [named])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'NetworkPolicy/production/deny_all',
        message: "NetworkPolicy production/deny_all metadata.name: 'deny_all' is not a valid name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.'); "
          + 'fix it: the API server rejects the policy, and the analyzer evaluates it as written',
      }]);
    });

    test('reports a NetworkPolicy of an apiVersion that is not served', () => {
      const [finding] = findingsOf(RULE, [policy({ podSelector: {} }, { apiVersion: 'networking.k8s.io/v1beta1' })]);
      expect(finding.message).toBe("NetworkPolicy production/p: apiVersion 'networking.k8s.io/v1beta1' is not served (NetworkPolicy is networking.k8s.io/v1); "
        + 'use apiVersion networking.k8s.io/v1');
    });

    test('a policy with an unknown field is not evaluated as allow-all: the typo neither isolates nor allows', () => {
      // GIVEN a default-deny policy and a typo'd allow rule that, read leniently, would admit every source
      const objects = [
        deployment('production', 'api'), deployment('production', 'web'),
        { ...policy({ podSelector: {}, policyTypes: ['Ingress'] }), metadata: { name: 'deny', namespace: 'production' } },
        policy({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, ingress: [{ form: [{ podSelector: {} }] }] }),
      ];
      // WHEN analyzed
      const r = Reachability.fromManifests(objects, { assumeDns: false });
      // THEN web still cannot reach api, and the problem names the field
      expect(r.canReach('production/web', 'production/api', 8080)).toBe(false);
      expect(r.problems).toContain("NetworkPolicy/production/p: spec.ingress[0]: unknown field 'form' (did you mean 'from'?), "
        + 'which kubectl refuses (strict field validation); the policy is not evaluated');
    });
  });
});
