import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'node-port-out-of-range';

function nodePortService(name: string, nodePort: number | undefined, namespace = 'production', protocol?: string): any {
  return service(namespace, name, { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort, protocol }] });
}

describe('lint', () => {
  describe('node-port-out-of-range', () => {
    test.each([30000, 31234, 32767])('accepts nodePort %d', (nodePort) => {
      expect(objectsOf(RULE, [deployment('production', 'web'), nodePortService('web', nodePort)])).toEqual([]);
    });

    test('accepts an omitted nodePort', () => {
      expect(objectsOf(RULE, [nodePortService('web', undefined)])).toEqual([]);
    });

    test.each([80, 29999, 32768])('rejects nodePort %d with the range and the fix', (nodePort) => {
      expect(findingsOf(RULE, [nodePortService('web', nodePort)])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/web',
        message: `Service production/web port 80 asks for nodePort ${nodePort}, outside 30000-32767; choose a nodePort in the range or omit it to let the cluster pick one`,
      }]);
    });
  });
});
