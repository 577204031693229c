import { deployment, findingsOf, objectsOf } from '../manifests';

const RULE = 'admin-network-policy-invalid';
const API = 'policy.networking.k8s.io/v1alpha1';
const FIX = 'fix it: the API server rejects the policy, and the analyzer does not evaluate it';

function anp(spec: any, extra: any = {}): any {
  return { apiVersion: API, kind: 'AdminNetworkPolicy', metadata: { name: 'tenants' }, spec, ...extra };
}

function banp(spec: any, name = 'default'): any {
  return { apiVersion: API, kind: 'BaselineAdminNetworkPolicy', metadata: { name }, spec };
}

const DENY_ALL = { action: 'Deny', from: [{ namespaces: {} }] };

describe('lint', () => {
  describe('admin-network-policy-invalid', () => {
    test('accepts a valid AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
      // GIVEN an ANP that passes everything on and a BANP that denies by default
      const objects = [
        deployment('production', 'api'),
        anp({ priority: 10, subject: { namespaces: {} }, ingress: [{ name: 'delegate', action: 'Pass', from: [{ namespaces: {} }] }] }),
        banp({ subject: { namespaces: {} }, ingress: [DENY_ALL] }),
      ];
      // THEN nothing is reported
      expect(objectsOf(RULE, objects)).toEqual([]);
    });

    test.each([
      ['a priority above 1000', anp({ priority: 1001, subject: { namespaces: {} }, ingress: [DENY_ALL] }),
        'AdminNetworkPolicy/tenants', 'AdminNetworkPolicy tenants spec.priority: 1001 is not an integer in 0-1000'],
      ['a misspelt from', anp({ priority: 10, subject: { namespaces: {} }, ingress: [{ action: 'Deny', form: [{ namespaces: {} }] }] }),
        'AdminNetworkPolicy/tenants', ["AdminNetworkPolicy tenants spec.ingress[0].form: unknown field; expected 'name', 'action', 'from', 'ports'",
          'AdminNetworkPolicy tenants spec.ingress[0].from: is required and must hold at least one peer']],
      ['an unserved apiVersion', anp({ priority: 10, subject: { namespaces: {} }, ingress: [DENY_ALL] }, { apiVersion: 'policy.networking.k8s.io/v1alpha2' }),
        'AdminNetworkPolicy/tenants',
        "AdminNetworkPolicy tenants apiVersion: 'policy.networking.k8s.io/v1alpha2' is not policy.networking.k8s.io/v1alpha1, the only version of AdminNetworkPolicy this analysis evaluates"],
      ['a Pass in a baseline', banp({ subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] }),
        'BaselineAdminNetworkPolicy/default',
        "BaselineAdminNetworkPolicy default spec.ingress[0].action: 'Pass' is not one of Allow, Deny (Pass exists only in AdminNetworkPolicy)"],
      ['a baseline not named default', banp({ subject: { namespaces: {} }, ingress: [DENY_ALL] }, 'baseline'),
        'BaselineAdminNetworkPolicy/baseline',
        "BaselineAdminNetworkPolicy baseline metadata.name: 'baseline' is not 'default'; only one BaselineAdminNetworkPolicy, named 'default', can be created in the cluster"],
    ])('reports %s at error level, naming the field', (_name, bad, object, messages) => {
      // WHEN the invalid policy is linted
      const findings = findingsOf(RULE, [deployment('production', 'api'), bad]);
      // THEN each error names the object and the field, and says the policy is not evaluated
      expect(findings).toEqual([messages].flat().map((message) => ({ severity: 'error', rule: RULE, object, message: `${message}; ${FIX}` })));
    });

    test('a priority shared by two valid ANPs is not an API error (the analyzer notes it in problems instead)', () => {
      const objects = [
        anp({ priority: 10, subject: { namespaces: {} }, ingress: [DENY_ALL] }),
        anp({ priority: 10, subject: { namespaces: {} }, ingress: [DENY_ALL] }, { metadata: { name: 'other' } }),
      ];
      expect(objectsOf(RULE, objects)).toEqual([]);
    });
  });
});
