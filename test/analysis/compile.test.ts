/**
 * Policies are compiled once per spec content (clusters repeat one policy in every namespace):
 * what an equal spec means must still depend on each policy's own namespace, and values JSON text
 * cannot tell apart must not share a compilation.
 */
import { deployment, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

describe('policies with equal specs in several namespaces', () => {
  // GIVEN the same policy (web admits only client of its namespace) in namespaces a and b
  // and the same egress policy (client sends only to web of its namespace)
  const ingressSpec = () => ({ podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] });
  const egressSpec = () => ({ podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
  const objects = ['a', 'b'].flatMap((ns) => [
    deployment(ns, 'web', { app: 'web' }),
    deployment(ns, 'client', { app: 'client' }),
    policy(ns, 'web-from-client', ingressSpec()),
    policy(ns, 'client-to-web', egressSpec()),
  ]);
  const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);

  test.each([
    ['a/client', 'a/web', true],
    ['b/client', 'b/web', true],
    ['a/client', 'b/web', false],
    ['b/client', 'a/web', false],
  ] as const)('%s → %s on 80: %s (a podSelector peer means the policy\'s own namespace)', (from, to, expected) => {
    expect(r.canReach(from, to, 80)).toBe(expected);
  });

  test('the connection list holds each namespace\'s own pair only', () => {
    const pairs = r.connections().map((line) => line.split(' : ')[0]).filter((pair) => pair.includes('client[Deployment] =>'));
    expect(pairs.sort()).toEqual(['a/client[Deployment] => a/web[Deployment]', 'b/client[Deployment] => b/web[Deployment]']);
  });

  test('each policy is named by its own namespace in explain', () => {
    expect(r.explain('b/client', 'b/web', 80)).toContain('b/web-from-client');
    expect(r.explain('b/client', 'b/web', 80)).not.toContain('a/web-from-client');
  });
});

describe('specs that JSON text does not tell apart', () => {
  // WHEN two policies differ only in a value JSON writes as another (NaN as null, an undefined
  // field as no field, a boxed number as a number), read in one pass, the valid one first
  const web = deployment('default', 'web', { app: 'web' });
  const valid = policy('default', 'valid', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: null }] }] });
  const nanPort = policy('default', 'nan-port', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: NaN }] }] });
  // eslint-disable-next-line no-new-wrappers
  const boxed = policy('default', 'boxed-port', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: new Number(80) }] }] });
  const eighty = policy('default', 'eighty', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] });
  const typo = policy('default', 'typo', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: null }] }], form: undefined });

  test('the second is still refused for its own value', () => {
    const r = Reachability.fromManifests([web, valid, eighty, nanPort, typo, boxed], NOTHING_ASSUMED);
    expect(r.problems.filter((p) => p.startsWith('NetworkPolicy/default/nan-port'))).toHaveLength(1);
    expect(r.problems.find((p) => p.startsWith('NetworkPolicy/default/nan-port'))).toContain('ports[0].port');
    expect(r.problems.find((p) => p.startsWith('NetworkPolicy/default/typo'))).toContain("unknown field 'form'");
    expect(r.problems.find((p) => p.startsWith('NetworkPolicy/default/boxed-port'))).toContain('ports[0].port');
    expect(r.problems.some((p) => p.startsWith('NetworkPolicy/default/valid') || p.startsWith('NetworkPolicy/default/eighty'))).toBe(false);
  });

  test('lint reports both', () => {
    const messages = lint([web, valid, nanPort, typo]).filter((f) => f.rule === 'network-policy-invalid').map((f) => f.message);
    expect(messages.some((m) => m.includes('default/nan-port'))).toBe(true);
    expect(messages.some((m) => m.includes('default/typo') && m.includes("'form'"))).toBe(true);
    expect(messages.some((m) => m.includes('default/valid'))).toBe(false);
  });
});
