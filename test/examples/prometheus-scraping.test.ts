import { buildExample, dnsOf, flowsTouching, manifestsOf, synthWarnings } from './_examples';
import { Reachability } from '../../src';

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';
const PROMETHEUS = 'monitoring/prometheus-k8s';

function analysed(): Reachability {
  // The operator's Prometheus pods are not in the manifests: tell the analyzer they exist.
  return Reachability.fromApp(buildExample('prometheus-scraping'), {
    extraWorkloads: [{
      namespace: 'monitoring',
      name: 'prometheus-k8s',
      podLabels: { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' },
      ports: [{ name: 'web', port: 9090 }],
    }],
  });
}

describe('prometheus-scraping example', () => {
  test('allows exactly the scrapes, the declared connection, DNS and the Ingress exposure', () => {
    expect(flowsTouching(analysed(), ['production', 'monitoring'])).toEqual([
      `${CONTROLLER} -> production/api 8080/TCP`,
      ...dnsOf(PROMETHEUS),
      `${PROMETHEUS} -> production/api 9102/TCP`,
      `${PROMETHEUS} -> production/worker 8080/TCP`,
      ...dnsOf('production/api'),
      ...dnsOf('production/worker'),
      'production/worker -> production/api 8080/TCP',
    ].sort());
  });

  test.each([
    [PROMETHEUS, 'production/api', 8080, false],
    ['production/worker', 'production/api', 9102, false],
    [CONTROLLER, 'production/api', 9102, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(analysed().canReach(from, to, port)).toBe(allowed);
  });

  test('asks the prometheus-operator for a ServiceMonitor and a PodMonitor', () => {
    const monitors = manifestsOf(buildExample('prometheus-scraping')).filter(o => o.apiVersion === 'monitoring.coreos.com/v1');
    expect(monitors.map(m => [m.kind, m.metadata.name, m.spec.endpoints ?? m.spec.podMetricsEndpoints])).toEqual([
      ['ServiceMonitor', 'api', [{ port: 'metrics', path: '/metrics' }]],
      ['PodMonitor', 'worker', [{ port: 'http', path: '/stats' }]],
    ]);
  });

  test('synthesizes without lint warnings, though the scrapers are not in the manifests', () => {
    expect(synthWarnings(buildExample('prometheus-scraping'))).toBe('');
  });
});
