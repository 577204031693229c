import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { lint, Linter } from '../../src/lint';

const DIR = path.join(__dirname, '..', 'fixtures', 'lint', 'broken-shop');

function load(): any[] {
  return fs.readdirSync(DIR).filter(f => f.endsWith('.yaml')).sort()
    .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(DIR, f), 'utf8')).map(d => d.toJS()))
    .filter(o => o !== null);
}

/** Every `# MISTAKE (<rule>)` comment of the fixture files. */
function seeded(): string[] {
  return fs.readdirSync(DIR).filter(f => f.endsWith('.yaml'))
    .flatMap(f => [...fs.readFileSync(path.join(DIR, f), 'utf8').matchAll(/# MISTAKE \(([a-z0-9-]+)\)/g)].map(m => m[1]))
    .sort();
}

describe('lint', () => {
  describe('broken-shop', () => {
    const findings = lint(load());

    test('reports each seeded mistake exactly once, on its object', () => {
      expect(findings.map(f => [f.rule, f.object]).sort()).toEqual([
        ['admin-network-policy-invalid', 'BaselineAdminNetworkPolicy/default'],
        ['default-deny-egress-without-dns', 'Namespace/shop'],
        ['dns-egress-udp-only', 'NetworkPolicy/shop/batch-dns'],
        ['duplicate-object', 'ConfigMap/shop/settings'],
        ['egress-reaches-cloud-metadata', 'NetworkPolicy/shop/allow-web-egress'],
        ['env-short-service-name-cross-namespace', 'Deployment/shop/api'],
        ['external-name-is-ip-or-url', 'Service/shop/legacy-db'],
        ['external-name-private-target-blocked', 'Service/shop/orders-db'],
        ['gateway-acme-solver-mismatch', 'Gateway/edge/secure'],
        ['gateway-route-backend-port-missing', 'HTTPRoute/shop/account'],
        ['gateway-route-hostname-mismatch', 'HTTPRoute/shop/blog'],
        ['gateway-route-kind-conflict', 'GRPCRoute/shop/catalog'],
        ['gateway-route-namespace-not-admitted', 'HTTPRoute/marketing/promo'],
        ['gateway-route-reference-grant-missing', 'HTTPRoute/shop/pay'],
        ['gateway-route-without-listener', 'HTTPRoute/shop/checkout'],
        ['image-latest-or-untagged', 'Deployment/shop/api'],
        ['ingress-acme-solver-class-mismatch', 'Ingress/shop/status'],
        ['ingress-backend-missing', 'Ingress/shop/admin'],
        ['ingress-class-unknown', 'Ingress/shop/api-public'],
        ['ingress-host-path-conflict', 'Ingress/shop/shop-v2'],
        ['ingress-nginx-rewrite-strips-prefix', 'Ingress/shop/api-public'],
        ['ingress-tls-duplicate-secret', 'Ingress/shop/shop'],
        ['ingress-tls-host-not-in-rules', 'Ingress/shop/shop'],
        ['missing-readiness-probe', 'StatefulSet/shop/cache'],
        ['network-policy-invalid', 'NetworkPolicy/shop/api-from-web'],
        ['network-policy-peer-any-namespace', 'NetworkPolicy/shop/allow-scraper'],
        ['network-policy-peer-selects-nothing', 'NetworkPolicy/shop/allow-monitoring'],
        ['node-port-duplicate', 'Service/shop/debug-np'],
        ['node-port-out-of-range', 'Service/shop/metrics'],
        ['object-invalid', 'Service/shop/api-admin'],
        ['pod-security-restricted', 'Deployment/shop/worker'],
        ['removed-api', 'Ingress/shop/legacy-shop'],
        ['selectorless-service-without-endpoints', 'Service/shop/external-api'],
        ['service-port-conflict', 'Service/shop/grpc'],
        ['service-selector-matches-nothing', 'Service/shop/search'],
        ['service-target-port-not-exposed', 'Service/shop/api'],
        ['workload-unreachable-behind-service', 'StatefulSet/shop/cache'],
      ]);
    });

    test('matches the MISTAKE comments of the fixture files, and exercises every rule', () => {
      expect(findings.map(f => f.rule).sort()).toEqual(seeded());
      expect([...new Set(findings.map(f => f.rule))].sort()).toEqual(Linter.rules().map(r => r.id).sort());
    });

    test('every message names its object and says what to change', () => {
      for (const f of findings) {
        const [kind, ...rest] = f.object.split('/');
        expect(f.message).toContain(`${kind} ${rest.join('/')}`);
        expect(f.message).toMatch(/; [^;]*(fix|add|use|set|give|choose|change|pin|allow|remove|rename|select|create|label)/);
      }
    });
  });
});
