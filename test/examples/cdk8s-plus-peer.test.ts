import { buildExample, dnsOf, flowsTouching, manifestsOf, synthWarnings } from './_examples';
import { Reachability } from '../../src';

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';

describe('cdk8s-plus-peer example', () => {
  test('allows exactly the declared connections, DNS and the Ingress exposure', () => {
    const r = Reachability.fromApp(buildExample('cdk8s-plus-peer'));
    expect(flowsTouching(r, ['production'])).toEqual([
      `${CONTROLLER} -> production/frontend 8080/TCP`,
      ...dnsOf('production/frontend'),
      'production/frontend -> production/legacy 9000/TCP',
      ...dnsOf('production/legacy'),
      'production/legacy -> production/orders 8080/TCP',
      ...dnsOf('production/orders'),
    ].sort());
  });

  test('gives the cdk8s-plus Deployment its own policies, selecting its stable label', () => {
    const objects = manifestsOf(buildExample('cdk8s-plus-peer'));
    const policies = objects.filter(o => o.kind === 'NetworkPolicy');
    expect(policies.map(p => p.metadata.name).sort()).toEqual([
      'allow-dns', 'default-deny', 'frontend-egress', 'frontend-ingress', 'legacy-egress', 'legacy-ingress', 'orders-ingress',
    ]);
    for (const name of ['legacy-ingress', 'legacy-egress']) {
      expect(policies.find(p => p.metadata.name === name).spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'legacy' } });
    }
  });

  test('makes the cdk8s-plus Deployment meet Pod Security Standards restricted', () => {
    const legacy = manifestsOf(buildExample('cdk8s-plus-peer')).find(o => o.kind === 'Deployment' && o.metadata.name === 'legacy');
    expect(legacy.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(legacy.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('synthesizes without lint warnings', () => {
    expect(synthWarnings(buildExample('cdk8s-plus-peer'))).toBe('');
  });
});
