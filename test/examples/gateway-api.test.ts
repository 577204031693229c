import { buildExample, manifestsOf } from './_examples';
import { cliOnExample, flowLines } from './_gateway-examples';
import { Reachability } from '../../src';

const DATA_PLANE = 'envoy-gateway-system/public-data-plane';

describe('gateway-api example', () => {
  const objects = manifestsOf(buildExample('gateway-api'));
  // No extraWorkloads: the Gateway declares where Envoy Gateway runs its proxies.
  const r = Reachability.fromManifests(objects);

  test('has no policy problems', () => {
    expect(r.problems).toEqual([]);
  });

  test('allows exactly these flows, the proxies declared by the Gateway included', () => {
    expect(flowLines(r.toJson().flows)).toEqual([
      `${DATA_PLANE} -> ${DATA_PLANE} TCP 10080`,
      `${DATA_PLANE} -> ${DATA_PLANE} TCP 10443`,
      `${DATA_PLANE} -> gateway-system/cm-acme-http-solver TCP 8089`,
      `${DATA_PLANE} -> kube-system/coredns TCP 53`,
      `${DATA_PLANE} -> kube-system/coredns UDP 53`,
      `${DATA_PLANE} -> marketplace/api TCP 8080`,
      `${DATA_PLANE} -> marketplace/web TCP 8080`,
      'gateway-system/cm-acme-http-solver -> kube-system/coredns TCP 53',
      'gateway-system/cm-acme-http-solver -> kube-system/coredns UDP 53',
      `kube-system/coredns -> ${DATA_PLANE} TCP 10080`,
      `kube-system/coredns -> ${DATA_PLANE} TCP 10443`,
      'kube-system/coredns -> kube-system/coredns TCP 53',
      'kube-system/coredns -> kube-system/coredns UDP 53',
      'marketplace/api -> kube-system/coredns TCP 53',
      'marketplace/api -> kube-system/coredns UDP 53',
      'marketplace/web -> kube-system/coredns TCP 53',
      'marketplace/web -> kube-system/coredns UDP 53',
    ]);
  });

  test('reaches each app from outside: listener 443 → proxy port 10443 → route → Service → pods', () => {
    const paths = r.gatewayRoutes()
      .map(p => [p.listener, p.listenerPort, p.proxyPort, p.route, p.service, p.servicePort, p.workload, p.podPort, p.fromOutside, p.toWorkload]);
    expect(paths).toEqual([
      ['https-shop-example-com', 443, 10443, 'HTTPRoute/marketplace/api', 'marketplace/api', 80, 'marketplace/api', 8080, true, true],
      ['https-shop-example-com', 443, 10443, 'HTTPRoute/marketplace/web', 'marketplace/web', 80, 'marketplace/web', 8080, true, true],
    ]);
    expect(r.canBeReachedFrom('198.51.100.7', DATA_PLANE, 10443)).toBe(true);
  });

  test.each([
    [DATA_PLANE, 'marketplace/api', 8080, true],
    ['marketplace/web', 'marketplace/api', 8080, false],
    ['gateway-system/cm-acme-http-solver', 'marketplace/api', 8080, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(r.canReach(from, to, port)).toBe(allowed);
  });

  test('writes the Gateway, the routes and the solver policies the flows rely on', () => {
    const names = objects.filter(o => ['Gateway', 'HTTPRoute', 'NetworkPolicy'].includes(o.kind))
      .map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(names).toEqual([
      'Gateway gateway-system/public',
      'HTTPRoute gateway-system/public-https-redirect',
      'HTTPRoute marketplace/api',
      'HTTPRoute marketplace/web',
      'NetworkPolicy gateway-system/allow-acme-http01-public',
      'NetworkPolicy gateway-system/allow-dns',
      'NetworkPolicy gateway-system/default-deny',
      'NetworkPolicy marketplace/allow-acme-http01-public',
      'NetworkPolicy marketplace/allow-dns',
      'NetworkPolicy marketplace/api-ingress',
      'NetworkPolicy marketplace/default-deny',
      'NetworkPolicy marketplace/web-ingress',
    ]);
  });

  test('netpatterns lint reports nothing on the YAML it writes', async () => {
    const result = await cliOnExample('gateway-api', 'lint', '--format', 'json');
    expect(JSON.parse(result.stdout)).toEqual({ findings: [] });
    expect(result.code).toBe(0);
  });

  test('netpatterns explain names the way in', async () => {
    const result = await cliOnExample('gateway-api', 'explain', DATA_PLANE, 'marketplace/api', '8080');
    expect(result.stdout).toContain('note: outside → Gateway gateway-system/public listener https-shop-example-com (port 443 → proxy container port 10443) '
      + '→ HTTPRoute/marketplace/api → Service marketplace/api:80 → marketplace/api:8080; outside clients may reach the proxies');
  });
});
