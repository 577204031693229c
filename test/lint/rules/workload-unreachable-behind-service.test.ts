import { allowDns, defaultDeny, deployment, findingsOf, ingress, networkPolicy, objectsOf, service } from '../manifests';

const RULE = 'workload-unreachable-behind-service';
const zeroTrust = [defaultDeny('production'), allowDns('production')];
const api = [deployment('production', 'api'), service('production', 'api')];

function allowFrom(from: any[], ports: any[] = [{ port: 8080 }]): any {
  return networkPolicy('production', 'api-ingress', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, ingress: [{ from, ports }] });
}

describe('lint', () => {
  describe('workload-unreachable-behind-service', () => {
    test('is silent without NetworkPolicies', () => {
      expect(objectsOf(RULE, api)).toEqual([]);
    });

    test('reports a Service in front of pods nothing may reach', () => {
      expect(findingsOf(RULE, [...zeroTrust, ...api])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Deployment/production/api',
        message: 'Deployment production/api is exposed by Service production/api (port 80 (http) → 8080/TCP) but no workload and no outside address '
          + 'may reach it there under the NetworkPolicies of production; allow its clients in an ingress rule '
          + '(e.g. connectTo, or an ingress or load-balancer exposure) or remove the Service',
      }]);
    });

    test('is silent when another workload may reach the target port', () => {
      const web = deployment('production', 'web');
      const webEgress = networkPolicy('production', 'web-egress', {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }], ports: [{ port: 8080 }] }],
      });
      const allow = allowFrom([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, web, webEgress, allow])).toEqual([]);
    });

    test('is silent when the assumed ingress controller may reach it', () => {
      const allow = allowFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, allow, ingress('production', 'api', 'api.example.com', 'api')])).toEqual([]);
    });

    test('is silent when outside addresses may reach it', () => {
      expect(objectsOf(RULE, [...zeroTrust, ...api, allowFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }])])).toEqual([]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, allowFrom([{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.0.0/24'] } }])])).toEqual([]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, allowFrom([{ ipBlock: { cidr: 'fd00::/64' } }])])).toEqual([]);
    });

    test('is silent when pods of a namespace the manifests do not hold may reach it (Peer.namespace, a labelled namespace)', () => {
      const byName = allowFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
      const byLabel = allowFrom([{ namespaceSelector: { matchLabels: { team: 'platform' } } }]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, byName])).toEqual([]);
      expect(objectsOf(RULE, [...zeroTrust, ...api, byLabel])).toEqual([]);
      // on another port, they do not count
      expect(objectsOf(RULE, [...zeroTrust, ...api, allowFrom([{ namespaceSelector: { matchLabels: { team: 'platform' } } }], [{ port: 9090 }])]))
        .toEqual(['Deployment/production/api']);
    });

    test('reports when only another port is allowed', () => {
      expect(objectsOf(RULE, [...zeroTrust, ...api, allowFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }], [{ port: 9090 }])])).toEqual(['Deployment/production/api']);
    });

    test('resolves named target ports and reports once per Service', () => {
      const named = service('production', 'api-named', { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] });
      const findings = findingsOf(RULE, [...zeroTrust, ...api, named]);
      expect(findings.map(f => f.message)).toEqual([
        expect.stringMatching(/exposed by Service production\/api \(port 80 \(http\) → 8080\/TCP\)/),
        expect.stringMatching(/exposed by Service production\/api-named \(port 8080 \(http\) → 8080\/TCP\)/),
      ]);
    });

    test('leaves target ports no container exposes to service-target-port-not-exposed', () => {
      expect(objectsOf(RULE, [...zeroTrust, deployment('production', 'api'), service('production', 'api', { ports: [{ port: 80, targetPort: 9999 }] })])).toEqual([]);
    });
  });
});
