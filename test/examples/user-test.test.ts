// The README's "Reachability in your tests" snippet, verbatim but for the import path.
import { App } from 'cdk8s';
import { ExposedApp, Reachability, StatefulDatabase, DatabaseEngine, ZeroTrustNamespace } from '../../src';

describe('my platform', () => {
  const app = new App();
  const prod = new ZeroTrustNamespace(app, 'production');
  const web = new ExposedApp(prod, 'web', { image: 'ghcr.io/acme/web:2.0.1' });
  const api = new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.4.2' });
  const db = new StatefulDatabase(prod, 'postgres', { engine: DatabaseEngine.POSTGRES });
  web.connectTo(api);
  api.connectTo(db);

  const r = Reachability.fromChart(prod);

  test('web reaches api, api reaches the database, web does not', () => {
    expect(r.canReach('production/web', 'production/api', 8080)).toBe(true);
    expect(r.canReach('production/api', 'production/postgres', 5432)).toBe(true);
    expect(r.canReach('production/web', 'production/postgres', 5432)).toBe(false);
  });

  test('the denial is explained by policy name', () => {
    expect(r.explain('production/web', 'production/postgres', 5432)).toContain('postgres-ingress');
  });
});
