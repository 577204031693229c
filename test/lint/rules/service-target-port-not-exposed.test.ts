import { container, deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'service-target-port-not-exposed';

describe('lint', () => {
  describe('service-target-port-not-exposed', () => {
    test('is silent when a numeric targetPort is a container port', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api')])).toEqual([]);
    });

    test('is silent when a named targetPort is a container port name', () => {
      const s = service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
      expect(objectsOf(RULE, [deployment('production', 'api'), s])).toEqual([]);
    });

    test('uses the port when targetPort is omitted', () => {
      const s = service('production', 'api', { ports: [{ name: 'http', port: 8080 }] });
      expect(objectsOf(RULE, [deployment('production', 'api'), s])).toEqual([]);
    });

    test('accepts a port exposed by one of several selected workloads', () => {
      const other = deployment('production', 'api-canary', { containers: [container('app', { ports: [{ containerPort: 9090 }] })] }, { 'app.kubernetes.io/name': 'api' });
      const s = service('production', 'api', { ports: [{ name: 'metrics', port: 9090 }] });
      expect(objectsOf(RULE, [deployment('production', 'api'), other, s])).toEqual([]);
    });

    test('reports a numeric targetPort no container exposes, listing the exposed ports', () => {
      const s = service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: 8081 }] });
      expect(findingsOf(RULE, [deployment('production', 'api'), s])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/api',
        message: 'Service production/api port 80 (http) targets 8081/TCP but no container of the selected pods (Deployment production/api) exposes it; '
          + 'they expose 8080/TCP (http): set targetPort to an exposed port or add the port to the container',
      }]);
    });

    test('reports a named targetPort no container declares', () => {
      const s = service('production', 'api', { ports: [{ port: 80, targetPort: 'web' }] });
      const [finding] = findingsOf(RULE, [deployment('production', 'api'), s]);
      expect(finding.message).toMatch(/^Service production\/api port 80 targets port name 'web'\/TCP but no container/);
    });

    test('reports a protocol mismatch', () => {
      const s = service('production', 'api', { ports: [{ name: 'dns', port: 53, targetPort: 8080, protocol: 'UDP' }] });
      expect(findingsOf(RULE, [deployment('production', 'api'), s])[0].message).toMatch(/targets 8080\/UDP .* they expose 8080\/TCP \(http\)/);
    });

    test('says so when the pods declare no ports and the target is a name', () => {
      const d = deployment('production', 'api', { containers: [container('app', { ports: undefined, readinessProbe: undefined })] });
      const named = service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
      expect(findingsOf(RULE, [d, named])[0].message).toMatch(/they declare no container ports/);
    });

    test('is silent for a numbered target when the pods declare no ports (declaring them is optional)', () => {
      const d = deployment('production', 'api', { containers: [container('app', { ports: undefined, readinessProbe: undefined })] });
      expect(objectsOf(RULE, [d, service('production', 'api')])).toEqual([]);
    });

    test('leaves a quoted number to object-invalid: the API server reads it as a port name, which needs a letter', () => {
      const s = service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: '8080' }] });
      expect(objectsOf(RULE, [deployment('production', 'api'), s])).toEqual([]);
      expect(findingsOf('object-invalid', [deployment('production', 'api'), s]).map(f => f.message)).toEqual([
        "Service production/api: spec.ports[0].targetPort: the string '8080' is a port name, and a port name must contain a letter (IANA_SVC_NAME); "
          + 'the API server rejects the Service: write 8080 unquoted for the port number; fix it: kubectl apply refuses the object, and the analysis ignores that entry meanwhile (the rest of the object is read)',
      ]);
    });

    test('reports a quoted Service port: port is an integer field', () => {
      const s = service('production', 'api', { ports: [{ name: 'http', port: '80', targetPort: 8080 }] });
      expect(findingsOf('object-invalid', [deployment('production', 'api'), s]).map(f => f.message)).toEqual([
        expect.stringContaining("spec.ports[0].port: '80' is a string, and port is an integer field; the API server rejects the Service: write 80 unquoted; fix it"),
      ]);
    });

    test('counts sidecar init containers (restartPolicy Always) but not plain init containers', () => {
      const sidecar = container('proxy', { restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] });
      const init = container('setup', { ports: [{ name: 'setup', containerPort: 15002 }] });
      const d = deployment('production', 'api', { initContainers: [sidecar, init] });
      const s = service('production', 'api', { ports: [{ name: 'proxy', port: 15001 }, { name: 'setup', port: 15002 }] });
      expect(findingsOf(RULE, [d, s]).map(f => f.message)).toEqual([expect.stringMatching(/port 15002 \(setup\) targets 15002\/TCP/)]);
    });

    test('leaves Services that select nothing to service-selector-matches-nothing', () => {
      expect(objectsOf(RULE, [service('production', 'api', { ports: [{ port: 1 }] })])).toEqual([]);
    });
  });
});
