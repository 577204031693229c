import { Testing } from 'cdk8s';
import { ExposedApp, ExternalDependency, lint, ZeroTrustNamespace } from '../../../src';
import { defaultDeny, findingsOf, networkPolicy, objectsOf } from '../manifests';

const RULE = 'external-name-private-target-blocked';

function externalName(value: string): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'production' }, spec: { type: 'ExternalName', externalName: value } };
}

const PUBLIC_INTERNET = networkPolicy('production', 'api-egress', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});

describe('lint', () => {
  describe('external-name-private-target-blocked', () => {
    test('warns about an RDS name when the namespace opens only the public internet', () => {
      expect(findingsOf(RULE, [externalName('orders.abc123.eu-west-1.rds.amazonaws.com'), defaultDeny('production'), PUBLIC_INTERNET])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Service/production/db',
        message: 'Service production/db has externalName orders.abc123.eu-west-1.rds.amazonaws.com, an Amazon RDS endpoint, which usually resolves to a private VPC address; '
          + 'no egress rule of namespace production opens a private range, so connections to it are denied; '
          + 'give connectTo egressCidrs the VPC\'s CIDR (e.g. [\'10.0.0.0/16\']), or use ExternalDependency addresses',
      }]);
    });

    test.each(['cache.abc.0001.euw1.cache.amazonaws.com', 'sql.privatelink.database.windows.net', 'db.c.my-project.internal'])('recognises %s', (name) => {
      expect(objectsOf(RULE, [externalName(name), defaultDeny('production')])).toEqual(['Service/production/db']);
    });

    test('is silent once a rule opens the VPC range', () => {
      const vpc = networkPolicy('production', 'vpc', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }] }] });
      expect(objectsOf(RULE, [externalName('orders.abc123.eu-west-1.rds.amazonaws.com'), defaultDeny('production'), vpc])).toEqual([]);
    });

    test('is silent for public names and for namespaces that do not isolate egress', () => {
      expect(objectsOf(RULE, [externalName('api.partner.com'), defaultDeny('production')])).toEqual([]);
      expect(objectsOf(RULE, [externalName('orders.abc123.eu-west-1.rds.amazonaws.com')])).toEqual([]);
    });

    test('warns about the default egress of an ExternalDependency on an RDS name, and not with egressCidrs', () => {
      const build = (egressCidrs?: string[]) => {
        const app = Testing.app();
        const ns = new ZeroTrustNamespace(app, 'production');
        const db = new ExternalDependency(ns, 'orders-db', { externalName: 'orders.abc123.eu-west-1.rds.amazonaws.com', ports: [5432] });
        new ExposedApp(ns, 'api', { image: 'ghcr.io/acme/api:1.4.2' }).connectTo(db, { egressCidrs });
        return lint(Testing.synth(ns)).filter(f => f.rule === RULE).map(f => f.object);
      };
      expect(build()).toEqual(['Service/production/orders-db']);
      expect(build(['10.20.0.0/16'])).toEqual([]);
    });

    test('is printed as a warning when the App synthesizes', () => {
      const app = Testing.app();
      const ns = new ZeroTrustNamespace(app, 'production');
      const db = new ExternalDependency(ns, 'orders-db', { externalName: 'orders.abc123.eu-west-1.rds.amazonaws.com', ports: [5432] });
      new ExposedApp(ns, 'api', { image: 'ghcr.io/acme/api:1.4.2' }).connectTo(db);
      const before = process.env.NETPATTERNS_LINT_WARNINGS;
      process.env.NETPATTERNS_LINT_WARNINGS = 'on';
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        app.synth();
        expect(spy.mock.calls.map(c => String(c[0])).join('')).toMatch(/external-name-private-target-blocked: Service\/production\/orders-db: .*give connectTo egressCidrs the VPC's CIDR/);
      } finally {
        spy.mockRestore();
        process.env.NETPATTERNS_LINT_WARNINGS = before;
      }
    });

    test('counts a policy with egress rules and no policyTypes as isolating egress (the API server defaults it so)', () => {
      const rds = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'orders.abc123.eu-west-1.rds.amazonaws.com' } };
      const implied = networkPolicy('shop', 'egress-web', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] });
      expect(objectsOf(RULE, [rds, implied])).toEqual(['Service/shop/db']);
    });
  });
});
