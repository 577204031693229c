import { buildExample, dnsOf, flowsTouching, manifestsOf, synthWarnings } from './_examples';
import { Reachability } from '../../src';

describe('kube-api-operator example', () => {
  test('allows the operator DNS and nothing else among workloads', () => {
    const r = Reachability.fromApp(buildExample('kube-api-operator'));
    expect(flowsTouching(r, ['operators'])).toEqual(dnsOf('operators/widget-operator'));
  });

  test.each([
    ['172.18.0.2', 443, true],
    ['172.18.0.2', 6443, true],
    ['172.18.0.2', 80, false],
    ['172.18.0.3', 443, false],
    ['169.254.169.254', 80, false],
    ['203.0.113.10', 443, false],
  ])('reaches %s:%d = %s', (address, port, allowed) => {
    expect(Reachability.fromApp(buildExample('kube-api-operator')).canReachAddress('operators/widget-operator', address, port)).toBe(allowed);
  });

  test('mounts a token for its own ServiceAccount, and creates no Service', () => {
    const objects = manifestsOf(buildExample('kube-api-operator'));
    const spec = objects.find(o => o.kind === 'Deployment').spec.template.spec;
    expect([spec.serviceAccountName, spec.automountServiceAccountToken]).toEqual(['widget-operator', true]);
    expect(objects.filter(o => o.kind === 'Service')).toEqual([]);
    expect(objects.filter(o => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind)).map(o => `${o.kind}/${o.metadata.name}`))
      .toEqual(['ServiceAccount/widget-operator', 'Role/widget-operator', 'RoleBinding/widget-operator']);
  });

  test('synthesizes without lint warnings', () => {
    expect(synthWarnings(buildExample('kube-api-operator'))).toBe('');
  });
});
