import { buildExample } from './_examples';
import { Reachability } from '../../src';

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';

describe('shared-ingress example', () => {
  const r = Reachability.fromApp(buildExample('shared-ingress'));

  test('has no policy problems', () => {
    expect(r.problems).toEqual([]);
  });

  test.each([
    [CONTROLLER, 'storefront/api', 8080, true],
    [CONTROLLER, 'storefront/web', 8080, true],
    [CONTROLLER, 'storefront/cm-acme-http-solver', 8089, true],
    ['storefront/web', 'storefront/api', 8080, false],
    ['storefront/api', 'storefront/web', 8080, false],
    [CONTROLLER, 'storefront/api', 9090, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(r.canReach(from, to, port)).toBe(allowed);
  });

  test('opens nothing into storefront but the controller', () => {
    const into = r.toJson().flows.filter(f => f.to.startsWith('storefront/')).map(f => `${f.from} -> ${f.to} ${f.port}`).sort();
    expect(into).toEqual([
      `${CONTROLLER} -> storefront/api 8080`,
      `${CONTROLLER} -> storefront/cm-acme-http-solver 8089`,
      `${CONTROLLER} -> storefront/web 8080`,
    ]);
  });
});
