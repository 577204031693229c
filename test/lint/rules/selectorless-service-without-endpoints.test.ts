import { findingsOf, objectsOf, service } from '../manifests';

const RULE = 'selectorless-service-without-endpoints';

const selectorless = () => service('production', 'legacy-db', { selector: undefined, ports: [{ name: 'mysql', port: 3306 }] });

describe('lint', () => {
  describe('selectorless-service-without-endpoints', () => {
    test('is silent when an EndpointSlice names the Service', () => {
      const slice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'legacy-db-ipv4', namespace: 'production', labels: { 'kubernetes.io/service-name': 'legacy-db' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['203.0.113.10'] }],
        ports: [{ name: 'mysql', port: 3306 }],
      };
      expect(objectsOf(RULE, [selectorless(), slice])).toEqual([]);
    });

    test('is silent when an Endpoints object of the same name exists', () => {
      const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy-db', namespace: 'production' }, subsets: [] };
      expect(objectsOf(RULE, [selectorless(), endpoints])).toEqual([]);
    });

    test('ignores ExternalName Services and Services with a selector', () => {
      expect(objectsOf(RULE, [
        service('production', 'alias', { type: 'ExternalName', externalName: 'db.example.com', selector: undefined }),
        service('production', 'web'),
      ])).toEqual([]);
    });

    test('reports a selector-less Service without endpoints', () => {
      expect(findingsOf(RULE, [selectorless()])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Service/production/legacy-db',
        message: 'Service production/legacy-db has no selector and no EndpointSlice labelled kubernetes.io/service-name=legacy-db in production, '
          + 'so it has no endpoints; add an EndpointSlice with the backend addresses or a selector',
      }]);
    });

    test('does not count an EndpointSlice of another namespace', () => {
      const slice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'staging', labels: { 'kubernetes.io/service-name': 'legacy-db' } } };
      expect(objectsOf(RULE, [selectorless(), slice])).toEqual(['Service/production/legacy-db']);
    });

    test('skips only the API server\'s own Service default/kubernetes, whose endpoints the API server maintains', () => {
      // GIVEN Service default/kubernetes as every `kubectl get all -A -o yaml` dump holds it, without its EndpointSlice
      const apiServer = service('default', 'kubernetes', { selector: undefined, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] });
      apiServer.metadata.labels = { component: 'apiserver', provider: 'kubernetes' };
      // THEN it is skipped, and another selector-less Service of the dump is still reported
      expect(objectsOf(RULE, [apiServer, selectorless()])).toEqual(['Service/production/legacy-db']);

      // GIVEN a user's selector-less Services named kubernetes: unlabelled, with one of the two labels, and in another namespace
      const unlabelled = service('default', 'kubernetes', { selector: undefined });
      const halfLabelled = service('default', 'kubernetes', { selector: undefined });
      halfLabelled.metadata.labels = { component: 'apiserver' };
      const elsewhere = service('production', 'kubernetes', { selector: undefined });
      elsewhere.metadata.labels = { component: 'apiserver', provider: 'kubernetes' };
      // THEN each is checked as any other Service, with the message unchanged
      expect(findingsOf(RULE, [unlabelled])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Service/default/kubernetes',
        message: 'Service default/kubernetes has no selector and no EndpointSlice labelled kubernetes.io/service-name=kubernetes in default, '
          + 'so it has no endpoints; add an EndpointSlice with the backend addresses or a selector',
      }]);
      expect(objectsOf(RULE, [halfLabelled])).toEqual(['Service/default/kubernetes']);
      expect(objectsOf(RULE, [elsewhere])).toEqual(['Service/production/kubernetes']);
    });

    test('treats an empty selector as no selector', () => {
      expect(objectsOf(RULE, [service('production', 'x', { selector: {} })])).toEqual(['Service/production/x']);
    });
  });
});
