import { buildExample, manifestsOf } from './_examples';
import { cliOnExample, flowLines } from './_gateway-examples';
import { lint, Reachability } from '../../src';

const PROXY = 'platform/shared-data-plane';

describe('gateway-cross-namespace example', () => {
  const objects = manifestsOf(buildExample('gateway-cross-namespace'));
  const r = Reachability.fromManifests(objects);

  test('has no policy problems', () => {
    expect(r.problems).toEqual([]);
  });

  test('allows exactly these flows', () => {
    expect(flowLines(r.toJson().flows)).toEqual([
      'catalog/catalog -> kube-system/coredns TCP 53',
      'catalog/catalog -> kube-system/coredns UDP 53',
      'kube-system/coredns -> kube-system/coredns TCP 53',
      'kube-system/coredns -> kube-system/coredns UDP 53',
      `${PROXY} -> catalog/catalog TCP 8080`,
      `${PROXY} -> kube-system/coredns TCP 53`,
      `${PROXY} -> kube-system/coredns UDP 53`,
      `${PROXY} -> storefront/web TCP 8080`,
      'storefront/web -> kube-system/coredns TCP 53',
      'storefront/web -> kube-system/coredns UDP 53',
    ]);
  });

  test('reaches both apps from outside through the one shared HTTPRoute', () => {
    expect(r.gatewayRoutes().map(p => `${p.gateway} ${p.listener} ${p.listenerPort}→${p.proxyPort} ${p.route} ${p.service}:${p.servicePort} ${p.workload}:${p.podPort} ${p.fromOutside} ${p.toWorkload}`))
      .toEqual([
        'platform/shared https 443→443 HTTPRoute/platform/shared catalog/catalog:80 catalog/catalog:8080 true true',
        'platform/shared https 443→443 HTTPRoute/platform/shared storefront/web:80 storefront/web:8080 true true',
      ]);
  });

  test('writes a ReferenceGrant in each backend namespace', () => {
    expect(objects.filter(o => o.kind === 'ReferenceGrant').map(o => `${o.metadata.namespace}/${o.metadata.name}`))
      .toEqual(['catalog/catalog-from-platform', 'storefront/web-from-platform']);
  });

  test('netpatterns lint reports nothing on the YAML it writes', async () => {
    const result = await cliOnExample('gateway-cross-namespace', 'lint', '--format', 'json');
    expect(JSON.parse(result.stdout)).toEqual({ findings: [] });
    expect(result.code).toBe(0);
  });

  test('without the ReferenceGrants, lint and the analyzer see the routes break', () => {
    const withoutGrants = objects.filter(o => o.kind !== 'ReferenceGrant');
    expect(Reachability.fromManifests(withoutGrants).gatewayRoutes()).toEqual([]);
    expect(lint(withoutGrants).filter(f => f.rule === 'gateway-route-reference-grant-missing').map(f => f.message)).toEqual([
      'HTTPRoute platform/shared sends traffic to Service catalog/catalog, but no ReferenceGrant in catalog allows HTTPRoutes from platform to reach it; '
        + 'add a ReferenceGrant in catalog (from: HTTPRoute in platform, to: Service catalog)',
      'HTTPRoute platform/shared sends traffic to Service storefront/web, but no ReferenceGrant in storefront allows HTTPRoutes from platform to reach it; '
        + 'add a ReferenceGrant in storefront (from: HTTPRoute in platform, to: Service web)',
    ]);
  });
});
