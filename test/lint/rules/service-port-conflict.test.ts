import { findingsOf, objectsOf, service } from '../manifests';

const RULE = 'service-port-conflict';

describe('lint', () => {
  describe('service-port-conflict', () => {
    test('is silent for one unnamed port', () => {
      expect(objectsOf(RULE, [service('production', 'api', { ports: [{ port: 80 }] })])).toEqual([]);
    });

    test('is silent for uniquely named ports, and one port for TCP and UDP', () => {
      expect(objectsOf(RULE, [service('production', 'dns', { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] })])).toEqual([]);
    });

    test('reports unnamed ports of a multi-port Service', () => {
      expect(findingsOf(RULE, [service('production', 'api', { ports: [{ port: 80 }, { name: 'grpc', port: 81 }] })])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/api',
        message: 'Service production/api: port 80 has no name; give every port of a multi-port Service a unique name and list each port/protocol once',
      }]);
    });

    test('reports a repeated name and a repeated port/protocol together', () => {
      const [finding] = findingsOf(RULE, [service('production', 'api', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 80 }] })]);
      expect(finding.message).toBe("Service production/api: port name 'http' is used 2 times; port 80/TCP is listed 2 times; "
        + 'give every port of a multi-port Service a unique name and list each port/protocol once');
    });
  });
});
