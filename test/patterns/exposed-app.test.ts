import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  containerOf,
  envOf,
  errorOf,
  expectOneConflict,
  find,
  findAll,
  IMAGE,
  kindsAndNames,
  objectsOf,
  plainChart,
  podSpecOf,
  policyNames,
  restrictedViolations,
  zeroTrust,
  preferredSpreadOverNodes,
  namespaceBaseObjects,
} from './_helpers';
import { ExposedApp, Exposure, IngressTls, Peer, Protocol } from '../../src';

const SELECTOR = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };

describe('ExposedApp', () => {
  describe('workload and Service', () => {
    test('synthesizes a Deployment and a ClusterIP Service named after the app', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects)).toEqual([
        ...namespaceBaseObjects('production'),
        'Deployment/api',
        'Service/api',
      ]);
      const deployment = find(objects, 'Deployment', 'api');
      expect(deployment.apiVersion).toBe('apps/v1');
      expect(deployment.metadata.namespace).toBe('production');
      const service = find(objects, 'Service', 'api');
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.metadata.namespace).toBe('production');
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('selects its pods by app.kubernetes.io/name and app.kubernetes.io/instance only', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(app.selector).toEqual(SELECTOR);
      expect(find(objects, 'Deployment', 'api').spec.selector).toEqual({ matchLabels: SELECTOR });
      expect(find(objects, 'Service', 'api').spec.selector).toEqual(SELECTOR);
    });

    test('labels its objects and pods with the standard app.kubernetes.io labels', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });
      const objects = objectsOf(ns);

      // THEN
      const expected = {
        ...SELECTOR,
        'app.kubernetes.io/component': 'server',
        'app.kubernetes.io/managed-by': 'cdk8s-network-patterns',
      };
      const deployment = find(objects, 'Deployment', 'api');
      expect(deployment.metadata.labels).toEqual(expected);
      expect(deployment.spec.template.metadata.labels).toEqual(expected);
      expect(find(objects, 'Service', 'api').metadata.labels).toEqual(expected);
      expect(find(objects, 'Ingress', 'api').metadata.labels).toEqual(expected);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').metadata.labels).toEqual({
        ...SELECTOR,
        'app.kubernetes.io/component': 'network-policy',
        'app.kubernetes.io/managed-by': 'cdk8s-network-patterns',
      });
    });

    test('keeps the selector when the construct tree is refactored', () => {
      // GIVEN
      const before = zeroTrust('production');
      new ExposedApp(before.ns, 'api', { image: IMAGE });
      const after = zeroTrust('production');
      new ExposedApp(new Construct(after.ns, 'backend'), 'api', { image: IMAGE });

      // WHEN
      const beforeDeployment = find(objectsOf(before.ns), 'Deployment', 'api');
      const afterDeployment = find(objectsOf(after.ns), 'Deployment', 'api');

      // THEN
      expect(afterDeployment.spec.selector).toEqual(beforeDeployment.spec.selector);
      expect(afterDeployment.spec.template.metadata.labels).toEqual(beforeDeployment.spec.template.metadata.labels);
    });

    test('names its single port http, with container port 8080 behind Service port 80 by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
      expect(containerOf(find(objects, 'Deployment', 'api')).ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(app.ports).toEqual([{ name: 'http', port: 80, containerPort: 8080, protocol: 'TCP' }]);
    });

    test('uses the given container port and Service port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, port: 3000, servicePort: 8443 });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').spec.ports).toEqual([{ name: 'http', port: 8443, targetPort: 3000, protocol: 'TCP' }]);
      expect(containerOf(find(objects, 'Deployment', 'api')).ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    });

    test('exposes several named ports', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [
          { name: 'http', port: 80, containerPort: 8080 },
          { name: 'grpc', port: 9090 },
          { name: 'stats', port: 8125, protocol: Protocol.UDP },
        ],
      });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').spec.ports).toEqual([
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'grpc', port: 9090, targetPort: 9090, protocol: 'TCP' },
        { name: 'stats', port: 8125, targetPort: 8125, protocol: 'UDP' },
      ]);
      expect(containerOf(find(objects, 'Deployment', 'api')).ports).toEqual([
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'grpc', containerPort: 9090, protocol: 'TCP' },
        { name: 'stats', containerPort: 8125, protocol: 'UDP' },
      ]);
    });

    test('annotates the Service for Topology Aware Routing', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, topologyAwareRouting: true });
      new ExposedApp(ns, 'web', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Service', 'api').metadata.annotations).toEqual({ 'service.kubernetes.io/topology-mode': 'Auto' });
      expect(find(objects, 'Service', 'web').metadata).not.toHaveProperty('annotations');
    });

    test('sets external IPs on the Service', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, externalIPs: ['203.0.113.10', '2001:db8::10'] });
      const service = find(objectsOf(ns), 'Service', 'api');

      // THEN
      expect(service.spec.externalIPs).toEqual(['203.0.113.10', '2001:db8::10']);
    });

    test('takes the object names from the name prop', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'Backend', { image: IMAGE, name: 'api' });
      const objects = objectsOf(ns);

      // THEN
      expect(app.serviceName).toBe('api');
      expect(find(objects, 'Deployment', 'api').spec.selector.matchLabels).toEqual(SELECTOR);
      expect(find(objects, 'Service', 'api')).toBeDefined();
    });

    test('gives every object the user name, never a hash suffix', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', {
        image: IMAGE,
        exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
      });
      const web = new ExposedApp(ns, 'web', { image: IMAGE, exposure: Exposure.loadBalancer() });
      web.connectTo(api);

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects).sort()).toEqual([
        'Deployment/api',
        'Deployment/web',
        'Ingress/api',
        'Namespace/production',
        'NetworkPolicy/allow-acme-http01-solver',
        'NetworkPolicy/allow-dns',
        'NetworkPolicy/api-ingress',
        'NetworkPolicy/default-deny',
        'NetworkPolicy/web-egress',
        'NetworkPolicy/web-ingress',
        'Service/api',
        'Service/web',
      ]);
      for (const obj of objects) {
        expect(obj.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/);
      }
    });
  });

  describe('pod template', () => {
    test('runs 2 replicas spread over nodes by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(app.replicas).toBe(2);
      expect(deployment.spec.replicas).toBe(2);
      expect(podSpecOf(deployment).affinity).toEqual(preferredSpreadOverNodes(SELECTOR));
    });

    test('keeps anti-affinity for more replicas', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, replicas: 5 });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(deployment.spec.replicas).toBe(5);
      expect(podSpecOf(deployment).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey)
        .toBe('kubernetes.io/hostname');
    });

    test('has no anti-affinity with a single replica', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, replicas: 1 });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(deployment.spec.replicas).toBe(1);
      expect(podSpecOf(deployment)).not.toHaveProperty('affinity');
    });

    test('meets the Pod Security Standards restricted profile', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(restrictedViolations(deployment)).toEqual([]);
      const pod = podSpecOf(deployment);
      expect(pod.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(containerOf(deployment).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        privileged: false,
        capabilities: { drop: ['ALL'] },
      });
    });

    test('runs as the given non-root user', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, runAsUser: 10001 });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(podSpecOf(deployment).securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true });
      expect(restrictedViolations(deployment)).toEqual([]);
    });

    test('mounts a writable emptyDir on /tmp under a read-only root filesystem', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(containerOf(deployment).securityContext.readOnlyRootFilesystem).toBe(true);
      expect(podSpecOf(deployment).volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
      expect(containerOf(deployment).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    });

    test('mounts the given writable paths', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, writablePaths: ['/tmp', '/var/cache/nginx'] });
      const deployment = find(objectsOf(ns), 'Deployment', 'api');

      // THEN
      expect(podSpecOf(deployment).volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'var-cache-nginx', emptyDir: {} }]);
      expect(containerOf(deployment).volumeMounts).toEqual([
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'var-cache-nginx', mountPath: '/var/cache/nginx' },
      ]);
    });

    test('neither mounts a service account token nor sets service link variables', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const pod = podSpecOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.enableServiceLinks).toBe(false);
    });

    test('probes readiness over TCP on the named port without a health check path', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 3 });
      expect(container).not.toHaveProperty('livenessProbe');
      expect(container.ports.map((p: any) => p.name)).toContain('http');
    });

    test('probes readiness and liveness over HTTP on the named port with a health check path', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, healthCheckPath: '/healthz' });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
      expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
      expect(container.readinessProbe).not.toHaveProperty('tcpSocket');
    });

    test('probes the first of several ports, which the container declares', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, healthCheckPath: '/ready', ports: [{ name: 'web', port: 80, containerPort: 8000 }, { name: 'admin', port: 9000 }] });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.readinessProbe.httpGet.port).toBe('web');
      expect(container.livenessProbe.httpGet.port).toBe('web');
      expect(container.ports).toContainEqual({ name: 'web', containerPort: 8000, protocol: 'TCP' });
    });

    test('probes over HTTPS when the probed port serves TLS: the webhook port, or a port named https', () => {
      // GIVEN
      const { ns } = zeroTrust('production', { controlPlane: Peer.kubeApiServer({ cidrs: ['172.18.0.2/32'] }) });

      // WHEN
      new ExposedApp(ns, 'hook', { image: IMAGE, healthCheckPath: '/readyz', ports: [{ name: 'webhook', port: 443, containerPort: 9443 }], admissionWebhookPort: 9443 });
      new ExposedApp(ns, 'tls', { image: IMAGE, healthCheckPath: '/healthz', ports: [{ name: 'https', port: 443, containerPort: 8443 }] });
      new ExposedApp(ns, 'plain', { image: IMAGE, healthCheckPath: '/healthz', ports: [{ name: 'web', port: 80 }, { name: 'https', port: 443 }] });
      const probe = (name: string, which: string) => containerOf(find(objectsOf(ns), 'Deployment', name))[which].httpGet;

      // THEN
      expect(probe('hook', 'readinessProbe')).toEqual({ path: '/readyz', port: 'webhook', scheme: 'HTTPS' });
      expect(probe('hook', 'livenessProbe')).toEqual({ path: '/readyz', port: 'webhook', scheme: 'HTTPS' });
      expect(probe('tls', 'readinessProbe')).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
      // AND the first port, which is probed, serves plain HTTP
      expect(probe('plain', 'readinessProbe')).toEqual({ path: '/healthz', port: 'web' });
    });

    test('probes the first TCP port: never a UDP port, which a TCP connect or an HTTP GET cannot test', () => {
      // GIVEN an app whose first port is UDP, and a UDP-only app
      const { ns } = zeroTrust('production');
      new ExposedApp(ns, 'collector', {
        image: IMAGE,
        healthCheckPath: '/healthz',
        ports: [{ name: 'syslog', port: 514, protocol: Protocol.UDP }, { name: 'http', port: 80, containerPort: 8080 }],
      });
      new ExposedApp(ns, 'dns', { image: IMAGE, ports: [{ name: 'dns', port: 53, containerPort: 5353, protocol: Protocol.UDP }] });
      const container = (name: string) => containerOf(find(objectsOf(ns), 'Deployment', name));
      // THEN the HTTP probes go to the TCP port, and the UDP-only app gets no probe that could never pass
      expect(container('collector').readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container('collector').livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container('dns')).not.toHaveProperty('readinessProbe');
      // AND a health check path without a TCP port is refused
      expect(() => new ExposedApp(ns, 'dns2', { image: IMAGE, healthCheckPath: '/healthz', ports: [{ name: 'dns', port: 53, protocol: Protocol.UDP }] }))
        .toThrow("ExposedApp 'dns2': healthCheckPath '/healthz' needs a TCP port to send the HTTP GET to, but every port is UDP (dns); add a TCP port for the health endpoint, or drop healthCheckPath");
    });

    test('a worker without a Service (Exposure.none) gets no invented readiness probe, unless it has a health check path', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'worker', { image: IMAGE, exposure: Exposure.none() });
      new ExposedApp(ns, 'checked', { image: IMAGE, exposure: Exposure.none(), healthCheckPath: '/healthz' });
      const container = (name: string) => containerOf(find(objectsOf(ns), 'Deployment', name));

      // THEN a worker listening on nothing still becomes Ready, so its rollouts complete
      expect(container('worker')).not.toHaveProperty('readinessProbe');
      expect(container('worker')).not.toHaveProperty('livenessProbe');
      expect(container('checked').readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
    });

    test('sets the given environment variables', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, env: { LOG_LEVEL: 'debug', FEATURE_X: 'on' } });
      new ExposedApp(ns, 'web', { image: IMAGE });
      const objects = objectsOf(ns);

      // THEN
      expect(containerOf(find(objects, 'Deployment', 'api')).env).toEqual([
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'FEATURE_X', value: 'on' },
      ]);
      expect(containerOf(find(objects, 'Deployment', 'web'))).not.toHaveProperty('env');
    });

    test('sets the container image, command and args', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, command: ['/app/server'], args: ['--listen', ':8080'] });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container).toMatchObject({ name: 'api', image: IMAGE, command: ['/app/server'], args: ['--listen', ':8080'] });
    });

    test('requests CPU and memory and limits memory by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.resources).toEqual({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      });
    });

    test('takes resources from kplus.ContainerResources', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', {
        image: IMAGE,
        resources: {
          cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
          memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
        },
      });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.resources).toEqual({
        requests: { cpu: '250m', memory: '512Mi' },
        limits: { cpu: '1', memory: '1Gi' },
      });
    });

    test('keeps the defaults for resources the user leaves out', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(250) } } });
      const container = containerOf(find(objectsOf(ns), 'Deployment', 'api'));

      // THEN
      expect(container.resources).toEqual({
        requests: { cpu: '250m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      });
    });
  });

  describe('exposed attributes', () => {
    test('exposes its objects, service name, in-cluster host and URL', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE });

      // THEN
      expect(app.deployment).toBeInstanceOf(ApiObject);
      expect(app.deployment.kind).toBe('Deployment');
      expect(app.deployment.name).toBe('api');
      expect(app.service!.kind).toBe('Service');
      expect(app.service!.name).toBe('api');
      expect(app.ingress).toBeUndefined();
      expect(app.serviceName).toBe('api');
      expect(app.namespace).toBe('production');
      expect(app.host).toBe('api.production.svc.cluster.local');
      expect(app.url).toBe('http://api.production.svc.cluster.local:80');
    });

    test('builds the URL from the Service port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const app = new ExposedApp(ns, 'api', { image: IMAGE, port: 3000, servicePort: 8080 });

      // THEN
      expect(app.url).toBe('http://api.production.svc.cluster.local:8080');
    });

    test('exposes the escape hatches for patches', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const app = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      app.deployment.metadata.addAnnotation('example.com/owner', 'payments');
      app.service!.metadata.addLabel('example.com/tier', 'backend');
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Deployment', 'api').metadata.annotations).toEqual({ 'example.com/owner': 'payments' });
      expect(find(objects, 'Service', 'api').metadata.labels['example.com/tier']).toBe('backend');
    });
  });

  describe('in a plain Chart', () => {
    test('works without a namespace and creates no NetworkPolicy', () => {
      // GIVEN
      const { chart } = plainChart();

      // WHEN
      const app = new ExposedApp(chart, 'api', {
        image: IMAGE,
        exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
      });
      const objects = objectsOf(chart);

      // THEN
      expect(kindsAndNames(objects)).toEqual(['Deployment/api', 'Service/api', 'Ingress/api']);
      for (const obj of objects) {
        expect(obj.metadata).not.toHaveProperty('namespace');
      }
      expect(app.namespace).toBe('default');
      expect(app.inZeroTrustNamespace).toBe(false);
      expect(app.host).toBe('api.default.svc.cluster.local');
      expect(Testing.synth(chart)).toMatchSnapshot();
    });

    test('creates no NetworkPolicy for NodePort and LoadBalancer exposure or connections', () => {
      // GIVEN
      const { chart } = plainChart();
      const api = new ExposedApp(chart, 'api', { image: IMAGE, exposure: Exposure.nodePort({ sourceRanges: ['203.0.113.0/24'] }) });
      const web = new ExposedApp(chart, 'web', { image: IMAGE, exposure: Exposure.loadBalancer() });

      // WHEN
      web.connectTo(api);
      const objects = objectsOf(chart);

      // THEN
      expect(findAll(objects, 'NetworkPolicy')).toEqual([]);
      expect(envOf(find(objects, 'Deployment', 'web'))).toEqual({ API_HOST: 'api.default.svc.cluster.local', API_PORT: '80' });
    });

    test('uses the namespace of a plain Chart that sets one', () => {
      // GIVEN
      const app = Testing.app();
      const chart = new Chart(app, 'staging', { namespace: 'staging' });

      // WHEN
      const api = new ExposedApp(chart, 'api', { image: IMAGE });
      const objects = objectsOf(chart);

      // THEN
      expect(api.host).toBe('api.staging.svc.cluster.local');
      expect(find(objects, 'Service', 'api').metadata.namespace).toBe('staging');
      expect(findAll(objects, 'NetworkPolicy')).toEqual([]);
    });
  });

  describe('connectTo', () => {
    test('opens web → api on both ends and injects API_HOST and API_PORT', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const objects = objectsOf(ns);

      // THEN
      expect(policyNames(objects)).toEqual(['allow-dns', 'api-ingress', 'default-deny', 'web-egress']);
      expect(find(objects, 'NetworkPolicy', 'web-egress').spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: SELECTOR } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      });
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        }],
      });
      expect(envOf(find(objects, 'Deployment', 'web'))).toEqual({ API_HOST: 'api.production.svc.cluster.local', API_PORT: '80' });
      expect(containerOf(find(objects, 'Deployment', 'api'))).not.toHaveProperty('env');
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('opens the container port, not the Service port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, port: 3000, servicePort: 8443 });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
      expect(envOf(find(objects, 'Deployment', 'web')).API_PORT).toBe('8443');
    });

    test('is idempotent when called twice', () => {
      // GIVEN
      const once = zeroTrust('production');
      const onceApi = new ExposedApp(once.ns, 'api', { image: IMAGE });
      new ExposedApp(once.ns, 'web', { image: IMAGE }).connectTo(onceApi);
      const twice = zeroTrust('production');
      const twiceApi = new ExposedApp(twice.ns, 'api', { image: IMAGE });
      const twiceWeb = new ExposedApp(twice.ns, 'web', { image: IMAGE });

      // WHEN
      twiceWeb.connectTo(twiceApi);
      twiceWeb.connectTo(twiceApi);
      const objects = objectsOf(twice.ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress).toHaveLength(1);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toHaveLength(1);
      expect(containerOf(find(objects, 'Deployment', 'web')).env).toHaveLength(2);
      expect(objects).toEqual(objectsOf(once.ns));
    });

    test('adds no environment variables with env: false', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE, env: { LOG_LEVEL: 'info' } });

      // WHEN
      web.connectTo(api, { env: false });
      const objects = objectsOf(ns);

      // THEN
      expect(envOf(find(objects, 'Deployment', 'web'))).toEqual({ LOG_LEVEL: 'info' });
      expect(policyNames(objects)).toEqual(['allow-dns', 'api-ingress', 'default-deny', 'web-egress']);
    });

    test('adds the connection to an exposure policy of the target', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const policy = find(objectsOf(ns), 'NetworkPolicy', 'api-ingress');

      // THEN
      expect(policy.spec.ingress).toHaveLength(2);
      expect(policy.spec.ingress[1].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } }]);
    });

    test('upper-cases the target name and replaces - with _ in the variable names', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'orders-api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);

      // THEN
      expect(envOf(find(objectsOf(ns), 'Deployment', 'web'))).toEqual({
        ORDERS_API_HOST: 'orders-api.production.svc.cluster.local',
        ORDERS_API_PORT: '80',
      });
    });
  });

  describe('bad input', () => {
    test.each([
      ['app.kubernetes.io/component', 'frontend'],
      ['app.kubernetes.io/managed-by', 'helm'],
    ])('fails when podLabels would replace the library\'s pod label %s', (key, value) => {
      const { ns } = zeroTrust('production');
      expect(errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, podLabels: { [key]: value } })))
        .toBe(`ExposedApp 'api': podLabels ${key}=${value} would replace the label ${key} the library sets on every pod it writes; pod labels are added to the library's labels, never replace them — choose another key`);
    });

    test.each([
      ['metrics', { metrics: { port: NaN } }, "ExposedApp 'api': metrics.port must be a port number in 1-65535, got NaN"],
      ['admissionWebhookPort', { admissionWebhookPort: NaN }, "ExposedApp 'api': admissionWebhookPort must be a port number in 1-65535, got NaN"],
    ])('names NaN as NaN in %s', (_what, props, expected) => {
      const { ns } = zeroTrust('production', { controlPlane: Peer.addresses(['172.18.0.2/32']) });
      expect(errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ...props }))).toContain(expected);
    });

    test.each([
      ['API'],
      ['api_v2'],
      ['1api'],
      ['api-'],
      [`a${'b'.repeat(63)}`],
    ])('fails when the app name %s is not a DNS label', (name) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'app', { image: IMAGE, name }));

      // THEN
      expect(message).toContain(`ExposedApp '${name}': name '${name}' is not a valid DNS-1035 label`);
    });

    test('accepts a 63-character app name in a 63-character namespace', () => {
      // GIVEN
      const nsName = `n${'s'.repeat(62)}`;
      const appName = `a${'p'.repeat(62)}`;
      const { ns } = zeroTrust('ns', { name: nsName });

      // WHEN
      const app = new ExposedApp(ns, 'app', { image: IMAGE, name: appName, exposure: Exposure.ingress({ host: 'api.example.com' }) });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'Deployment', appName).metadata.namespace).toBe(nsName);
      expect(find(objects, 'Service', appName).spec.selector['app.kubernetes.io/name']).toBe(appName);
      expect(find(objects, 'NetworkPolicy', `${appName}-ingress`)).toBeDefined();
      expect(app.host).toBe(`${appName}.${nsName}.svc.cluster.local`);
    });

    test.each([
      [{ port: 0 }, 'port must be a port number in 1-65535, got 0'],
      [{ port: 65536 }, 'port must be a port number in 1-65535, got 65536'],
      [{ port: 80.5 }, 'port must be a whole number, got 80.5; a port number is an integer in 1-65535'],
      [{ servicePort: 0 }, 'servicePort must be a port number in 1-65535, got 0'],
      [{ servicePort: 70000 }, 'servicePort must be a port number in 1-65535, got 70000'],
    ])('fails when a port is not a port number 1-65535: %j', (ports, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ...ports }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': ${expected}`);
    });

    test('fails when a named port is outside 1-65535', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ports: [{ name: 'http', port: 80, containerPort: 99999 }] }));

      // THEN
      expect(message).toContain("containerPort of 'http' must be a port number in 1-65535, got 99999");
    });

    test.each([
      ['a-very-long-port-name'],
      ['HTTP'],
      ['my_port'],
      ['8080'],
      ['web--ui'],
      ['-web'],
    ])('fails when the port name %s is not an IANA service name', (name) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ports: [{ name, port: 80 }] }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': port name '${name}' is not an IANA service name`);
    });

    test('accepts a 15-character port name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE, ports: [{ name: 'abcdefghijklmno', port: 80 }] });

      // THEN
      expect(find(objectsOf(ns), 'Service', 'api').spec.ports[0].name).toBe('abcdefghijklmno');
    });

    test('fails when two ports share a name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }));

      // THEN
      expect(message).toContain("ExposedApp 'api': port name 'http' is used twice");
    });

    test('fails when port and ports are given together', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, port: 8080, ports: [{ name: 'http', port: 80 }] }));

      // THEN
      expect(message).toContain("ExposedApp 'api': port 8080 and ports are mutually exclusive");
    });

    test('fails when servicePort and ports are given together', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, servicePort: 443, ports: [{ name: 'http', port: 80 }] }));

      // THEN
      expect(message).toContain("ExposedApp 'api': servicePort 443 and ports are mutually exclusive");
    });

    test('fails when ports is empty', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, ports: [] }));

      // THEN
      expect(message).toContain("ExposedApp 'api': ports is empty");
    });

    test.each([
      ['10.0.0.0/24'],
      ['lb.example.com'],
      ['1234'],
      ['203.0.113.300'],
    ])('fails when the external IP %s is not an IP address', (ip) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, externalIPs: [ip] }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': externalIP '${ip}' is not an IP address`);
    });

    test('fails when the image is empty', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: '' }));

      // THEN
      expect(message).toContain("ExposedApp 'api': image is empty");
    });

    test.each([
      ['nginx:latest', "image 'nginx:latest' uses the tag 'latest'"],
      ['ghcr.io/acme/api', "image 'ghcr.io/acme/api' has no tag or digest"],
      ['registry.local:5000/acme/api', "image 'registry.local:5000/acme/api' has no tag or digest"],
    ])('fails when the image %s is not pinned', (image, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': ${expected}`);
    });

    test('accepts an image pinned by digest or by a tag behind a registry port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const digest = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;

      // WHEN
      new ExposedApp(ns, 'api', { image: digest });
      new ExposedApp(ns, 'web', { image: 'registry.local:5000/acme/web:2.0.1' });
      const objects = objectsOf(ns);

      // THEN
      expect(containerOf(find(objects, 'Deployment', 'api')).image).toBe(digest);
      expect(containerOf(find(objects, 'Deployment', 'web')).image).toBe('registry.local:5000/acme/web:2.0.1');
    });

    test.each([[-1], [1.5]])('fails when replicas is %p', (replicas) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, replicas }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': replicas must be an integer ≥ 0, got ${replicas}`);
    });

    test('fails when the health check path does not start with /', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, healthCheckPath: 'healthz' }));

      // THEN
      expect(message).toContain("ExposedApp 'api': healthCheckPath 'healthz' must start with '/'");
    });

    test('fails when an environment variable name is not valid', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, env: { '1ST': 'x' } }));

      // THEN
      expect(message).toContain("ExposedApp 'api': environment variable name '1ST' is not valid");
    });

    test('fails when runAsUser is root', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, runAsUser: 0 }));

      // THEN
      expect(message).toContain("ExposedApp 'api': runAsUser 0 must be a non-zero UID");
    });

    test('fails at synthesis when two apps in two charts share one name in one namespace, naming both', () => {
      // GIVEN
      const app = Testing.app();
      const first = new Chart(app, 'team-a', { namespace: 'production' });
      const second = new Chart(app, 'team-b', { namespace: 'production' });
      new ExposedApp(first, 'api', { image: IMAGE });
      new ExposedApp(second, 'api', { image: IMAGE });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'team-b/api', owner: "ExposedApp 'api'", key: 'Service production/api', first: "ExposedApp 'api' at team-a/api" });
      expect(() => Testing.synth(first)).toThrow(/Service production\/api is already claimed/);
    });

    test('fails at synthesis when two apps of one ZeroTrustNamespace share one name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      new ExposedApp(ns, 'api', { image: IMAGE });
      new ExposedApp(ns, 'api-v2', { image: IMAGE, name: 'api' });

      // WHEN
      const message = errorOf(() => Testing.synth(ns));

      // THEN
      expectOneConflict(message, { path: 'production/api-v2', owner: "ExposedApp 'api'", key: 'Service production/api', first: "ExposedApp 'api' at production/api" });
    });

    test('accepts one app name in two namespaces', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const staging = new Chart(app, 'staging', { namespace: 'staging' });

      // WHEN
      new ExposedApp(ns, 'api', { image: IMAGE });
      new ExposedApp(staging, 'api', { image: IMAGE });

      // THEN
      expect(find(objectsOf(ns), 'Service', 'api').metadata.namespace).toBe('production');
      expect(find(objectsOf(staging), 'Service', 'api').metadata.namespace).toBe('staging');
    });
  });
});
