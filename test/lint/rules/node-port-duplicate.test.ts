import { findingsOf, objectsOf, service } from '../manifests';

const RULE = 'node-port-duplicate';

function nodePortService(namespace: string, name: string, ports: Array<[number, string?]>): any {
  return service(namespace, name, {
    type: 'NodePort',
    ports: ports.map(([nodePort, protocol], i) => ({ name: `p${i}`, port: 80 + i, nodePort, protocol })),
  });
}

describe('lint', () => {
  describe('node-port-duplicate', () => {
    test('is silent for distinct nodePorts', () => {
      expect(objectsOf(RULE, [nodePortService('production', 'a', [[30080]]), nodePortService('production', 'b', [[30081]])])).toEqual([]);
    });

    test('allows one Service to use one nodePort for TCP and UDP', () => {
      expect(objectsOf(RULE, [nodePortService('dns', 'dns', [[30053, 'TCP'], [30053, 'UDP']])])).toEqual([]);
    });

    test('reports two Services in different namespaces once, naming both', () => {
      expect(findingsOf(RULE, [nodePortService('staging', 'web', [[30080]]), nodePortService('production', 'web', [[30080]])])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/staging/web',
        message: 'Service staging/web asks for nodePort 30080, which Service production/web already uses; '
          + 'NodePorts are cluster-wide: give one of them another nodePort or omit it to let the cluster pick one',
      }]);
    });

    test('reports a nodePort repeated for one protocol within a Service', () => {
      expect(findingsOf(RULE, [nodePortService('production', 'web', [[30080], [30080]])])[0].message)
        .toMatch(/asks for nodePort 30080, which another port of the same Service already uses/);
    });

    test('reports other protocols across Services too', () => {
      expect(objectsOf(RULE, [nodePortService('production', 'a', [[30053, 'UDP']]), nodePortService('production', 'b', [[30053, 'TCP']])])).toEqual(['Service/production/b']);
    });
  });
});
