import { buildExample, dnsOf, flowsTouching, manifestsOf, synthWarnings } from './_examples';
import { Reachability } from '../../src';

describe('admission-webhook example', () => {
  test('allows the webhook DNS and nothing else among workloads', () => {
    const r = Reachability.fromApp(buildExample('admission-webhook'));
    expect(flowsTouching(r, ['policy'])).toEqual(dnsOf('policy/image-policy'));
  });

  test.each([
    ['172.18.0.2', 9443, true],
    ['172.18.0.14', 9443, true],
    ['172.18.0.16', 9443, false],
    ['172.18.0.2', 8080, false],
    ['203.0.113.10', 9443, false],
  ])('is reached from %s:%d = %s', (address, port, allowed) => {
    expect(Reachability.fromApp(buildExample('admission-webhook')).canBeReachedFrom(address, 'policy/image-policy', port)).toBe(allowed);
  });

  test('points a cluster-scoped ValidatingWebhookConfiguration at the webhook Service', () => {
    const config = manifestsOf(buildExample('admission-webhook')).find(o => o.kind === 'ValidatingWebhookConfiguration');
    expect(config.metadata.namespace).toBeUndefined();
    expect(config.webhooks[0].clientConfig.service).toEqual({ name: 'image-policy', namespace: 'policy', port: 443, path: '/validate' });
  });

  test('synthesizes without lint warnings', () => {
    expect(synthWarnings(buildExample('admission-webhook'))).toBe('');
  });
});
