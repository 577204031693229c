import { buildExample, manifestsOf } from './_examples';
import { cliOnExample, flowLines } from './_gateway-examples';
import { Reachability } from '../../src';

const PROXY = 'edge/edge-data-plane';

describe('gateway-grpc example', () => {
  const objects = manifestsOf(buildExample('gateway-grpc'));
  const r = Reachability.fromManifests(objects);

  test('has no policy problems', () => {
    expect(r.problems).toEqual([]);
  });

  test('allows exactly these flows', () => {
    expect(flowLines(r.toJson().flows)).toEqual([
      `${PROXY} -> kube-system/coredns TCP 53`,
      `${PROXY} -> kube-system/coredns UDP 53`,
      `${PROXY} -> payments/payments TCP 9090`,
      'kube-system/coredns -> kube-system/coredns TCP 53',
      'kube-system/coredns -> kube-system/coredns UDP 53',
      'payments/payments -> kube-system/coredns TCP 53',
      'payments/payments -> kube-system/coredns UDP 53',
    ]);
  });

  test('reaches the gRPC service from the partner network only: listener 443 → GRPCRoute → Service 9090 → pods', () => {
    expect(r.gatewayRoutes()).toEqual([{
      gateway: 'edge/edge',
      listener: 'https',
      listenerPort: 443,
      route: 'GRPCRoute/payments/payments',
      hostnames: ['rpc.example.com'],
      service: 'payments/payments',
      servicePort: 9090,
      workload: 'payments/payments',
      podPort: 9090,
      protocol: 'TCP',
      dataPlane: PROXY,
      proxyPort: 443,
      fromOutside: true,
      toWorkload: true,
    }]);
    expect(r.canBeReachedFrom('198.51.100.20', PROXY, 443)).toBe(true);
    expect(r.canBeReachedFrom('203.0.113.9', PROXY, 443)).toBe(false);
    expect(r.canBeReachedFrom('198.51.100.20', PROXY, 80)).toBe(true);
    expect(r.canBeReachedFrom('198.51.100.20', PROXY, 15000)).toBe(false);
    expect(r.canReachAddress(PROXY, '203.0.113.9', 443)).toBe(false);
  });

  test('opens the proxies\' egress to istiod on 15012', () => {
    const egress = objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.name === 'edge-data-plane-egress');
    expect(egress.spec.egress[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ protocol: 'TCP', port: 15012 }],
    });
  });

  test('netpatterns lint reports nothing on the YAML it writes', async () => {
    const result = await cliOnExample('gateway-grpc', 'lint', '--format', 'json');
    expect(JSON.parse(result.stdout)).toEqual({ findings: [] });
    expect(result.code).toBe(0);
  });
});
