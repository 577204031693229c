import { buildExample } from './_examples';
import { Reachability } from '../../src';

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';
const OUR_NAMESPACES = ['production/', 'backend/'];

function shop(): Reachability {
  return Reachability.fromApp(buildExample('zero-trust-shop'));
}

function describeFlows(r: Reachability): string[] {
  return r.toJson().flows
    // DNS is allowed for every pod by design; flows between assumed cluster components are not ours.
    .filter(f => f.to !== 'kube-system/coredns')
    .filter(f => OUR_NAMESPACES.some(ns => f.from.startsWith(ns) || f.to.startsWith(ns)))
    .map(f => `${f.from} -> ${f.to} ${f.port}/${f.protocol}`)
    .sort();
}

describe('zero-trust-shop example', () => {
  test('allows exactly the declared connections and exposures, and denies every other pair', () => {
    // GIVEN the shop WHEN analysed
    const flows = describeFlows(shop());
    // THEN
    expect(flows).toEqual([
      `${CONTROLLER} -> production/api 8080/TCP`,
      `${CONTROLLER} -> production/cm-acme-http-solver 8089/TCP`,
      'production/api -> backend/billing 8080/TCP',
      'production/api -> production/postgres 5432/TCP',
      'production/postgres -> production/postgres 5432/TCP',
      'production/redis -> production/redis 6379/TCP',
      'production/web -> production/api 8080/TCP',
      'production/worker -> production/redis 6379/TCP',
    ]);
  });

  test.each([
    ['production/web', 'production/api', 8080, true],
    ['production/api', 'production/postgres', 5432, true],
    ['production/api', 'backend/billing', 8080, true],
    ['production/worker', 'production/redis', 6379, true],
    ['production/worker', 'production/postgres', 5432, false],
    ['production/worker', 'production/api', 8080, false],
    ['production/web', 'production/postgres', 5432, false],
    ['production/admin', 'production/api', 8080, false],
    ['backend/billing', 'production/api', 8080, false],
    [CONTROLLER, 'production/web', 3000, false],
    [CONTROLLER, 'production/admin', 8080, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(shop().canReach(from, to, port)).toBe(allowed);
  });

  test('every pod resolves DNS over UDP and TCP', () => {
    const r = shop();
    for (const w of r.workloads.filter(x => OUR_NAMESPACES.some(ns => x.startsWith(ns)))) {
      expect([w, r.canReach(w, 'kube-system/coredns', 53, 'UDP'), r.canReach(w, 'kube-system/coredns', 53, 'TCP')])
        .toEqual([w, true, true]);
    }
  });

  test('opens the exposures to outside clients, and nothing else', () => {
    const r = shop();
    // web is on a LoadBalancer open to everyone
    expect(r.canBeReachedFrom('203.0.113.50', 'production/web', 3000)).toBe(true);
    // admin is on a NodePort open to the office network only
    expect(r.canBeReachedFrom('198.51.100.7', 'production/admin', 8080)).toBe(true);
    expect(r.canBeReachedFrom('203.0.113.50', 'production/admin', 8080)).toBe(false);
    // api is behind the Ingress only
    expect(r.canBeReachedFrom('203.0.113.50', 'production/api', 8080)).toBe(false);
  });

  test('lets workloads reach exactly their outside dependencies', () => {
    const r = shop();
    // legacy-db by address
    expect(r.canReachAddress('production/worker', '203.0.113.10', 3306)).toBe(true);
    expect(r.canReachAddress('production/worker', '203.0.113.11', 3306)).toBe(false);
    expect(r.canReachAddress('production/api', '203.0.113.10', 3306)).toBe(false);
    // payments by name: the public internet on 443, no private ranges or cloud metadata
    expect(r.canReachAddress('production/api', '198.51.100.20', 443)).toBe(true);
    expect(r.canReachAddress('production/api', '10.1.2.3', 443)).toBe(false);
    expect(r.canReachAddress('production/api', '169.254.169.254', 443)).toBe(false);
    expect(r.canReachAddress('production/api', '198.51.100.20', 80)).toBe(false);
    expect(r.canReachAddress('production/worker', '198.51.100.20', 443)).toBe(false);
  });

  test('explains an allowed and a denied flow by policy name', () => {
    const r = shop();
    expect(r.explain('production/web', 'production/api', 8080)).toContain('production/api-ingress');
    expect(r.explain('production/worker', 'production/postgres', 5432)).toMatch(/denied/);
  });
});
