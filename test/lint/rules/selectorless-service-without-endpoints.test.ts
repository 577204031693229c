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

    test('treats an empty selector as no selector', () => {
      expect(objectsOf(RULE, [service('production', 'x', { selector: {} })])).toEqual(['Service/production/x']);
    });
  });
});
