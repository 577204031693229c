import { buildExample } from './_examples';
import { Reachability } from '../../src';

const DATA_PLANE = 'gateway-system/shared-gateway-istio';

describe('gateway-api example', () => {
  // The Gateway's proxies are created by the implementation, not by the manifests: tell the analyzer.
  const r = Reachability.fromApp(buildExample('gateway-api'), {
    extraWorkloads: [{
      namespace: 'gateway-system',
      name: 'shared-gateway-istio',
      podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared-gateway' },
      ports: [{ port: 443 }],
    }],
  });

  test('has no policy problems', () => {
    expect(r.problems).toEqual([]);
  });

  test.each([
    [DATA_PLANE, 'marketplace/api', 8080, true],
    [DATA_PLANE, 'marketplace/web', 8080, true],
    ['marketplace/web', 'marketplace/api', 8080, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(r.workloads).toContain(to);
    expect(r.canReach(from, to, port)).toBe(allowed);
  });

  test('opens nothing into marketplace but the gateway data plane', () => {
    const into = r.toJson().flows.filter(f => f.to.startsWith('marketplace/')).map(f => `${f.from} -> ${f.to} ${f.port}`).sort();
    expect(into).toEqual([`${DATA_PLANE} -> marketplace/api 8080`, `${DATA_PLANE} -> marketplace/web 8080`]);
  });
});
