import { performance } from 'node:perf_hooks';
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { expectValidManifests, validateManifests } from '.';

// ---------------------------------------------------------------------------------------------
// Fixtures: a valid object of each kind this library emits; every call returns a fresh copy.
// ---------------------------------------------------------------------------------------------

/** The selector labels of the `api` app (a fresh object each time: tests mutate fixtures). */
function selector(): { [key: string]: string } {
  return { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };
}

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'prod', labels: { ...selector(), 'app.kubernetes.io/managed-by': 'cdk8s-network-patterns' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector() },
      template: {
        metadata: { labels: selector(), annotations: { 'kubectl.kubernetes.io/default-container': 'api' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector() } },
              }],
            },
          },
          containers: [{
            name: 'api',
            image: 'ghcr.io/example/api:1.2.3',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'prod', labels: selector() },
    spec: {
      type: 'ClusterIP',
      selector: selector(),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function networkPolicy(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'api-ingress', namespace: 'prod' },
    spec: {
      podSelector: { matchLabels: selector() },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['ingress-nginx'] }] },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 5432, endPort: 5433 }] }],
    },
  };
}

function namespace(): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'prod', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'empty-value': '' } },
  };
}

function clusterIssuer(): any {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: 'letsencrypt-prod' },
    spec: {
      acme: {
        email: 'ops@example.com',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
      },
    },
  };
}

function httpRoute(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'api', namespace: 'prod', labels: selector() },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ name: 'api', port: 80 }],
      }],
    },
  };
}

function validSet(): any[] {
  return [namespace(), deployment(), service(), networkPolicy(), clusterIssuer(), httpRoute()];
}

// ---------------------------------------------------------------------------------------------

describe('validateManifests', () => {
  describe('valid manifests', () => {
    test('accepts a valid Deployment, Service, NetworkPolicy, Namespace, ClusterIssuer and HTTPRoute', () => {
      // GIVEN
      const objects = validSet();

      // WHEN
      const problems = validateManifests(objects);

      // THEN
      expect(problems).toEqual([]);
      expect(() => expectValidManifests(objects)).not.toThrow();
    });

    test('accepts what cdk8s-plus-28 synthesizes', () => {
      // GIVEN
      const chart = Testing.chart();
      new kplus.Namespace(chart, 'ns', { metadata: { name: 'prod' } });
      const api = new kplus.Deployment(chart, 'api', {
        metadata: { name: 'api', namespace: 'prod' },
        replicas: 2,
        containers: [{ image: 'nginx:1.25', portNumber: 8080, securityContext: { user: 1000 } }],
      });
      api.exposeViaService({ name: 'api', ports: [{ port: 80, targetPort: 8080 }] });
      const policy = new kplus.NetworkPolicy(chart, 'policy', { metadata: { name: 'api-ingress', namespace: 'prod' }, selector: api });
      policy.addIngressRule(kplus.Pods.select(chart, 'web', { labels: { app: 'web' } }), [kplus.NetworkPolicyPort.tcp(8080)]);
      new ApiObject(chart, 'issuer', clusterIssuer());

      // WHEN
      const objects = Testing.synth(chart);

      // THEN
      expect(objects.map(o => o.kind)).toEqual(['Namespace', 'Deployment', 'Service', 'NetworkPolicy', 'ClusterIssuer']);
      expect(validateManifests(objects)).toEqual([]);
    });

    test('accepts the JSON names that the cdk8s generator renamed and rejects their TypeScript spellings', () => {
      // GIVEN: clusterIP → clusterIp, hostIP → hostIp, downwardAPI → downwardApi, … in k8s.d.ts
      const svc = service();
      svc.spec.clusterIP = 'None';
      svc.spec.sessionAffinity = 'ClientIP';
      svc.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 600 } };
      const dep = deployment();
      const pod = dep.spec.template.spec;
      pod.setHostnameAsFQDN = false;
      pod.hostPID = false;
      pod.containers[0].ports[0].hostIP = '127.0.0.1';
      pod.volumes.push({ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } });
      const renamed = service();
      renamed.spec.clusterIp = 'None';

      // WHEN
      const problems = validateManifests([svc, dep, renamed]);

      // THEN
      expect(problems).toEqual([
        'Service prod/api spec.clusterIp: unknown field "clusterIp" (io.k8s.api.core.v1.ServiceSpec has no such field in Kubernetes 1.28)',
      ]);
    });

    test('accepts a path-segment name with colons for RBAC kinds', () => {
      // GIVEN
      const role = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'netpatterns:reader' },
        rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] }],
      };

      // THEN
      expect(validateManifests([role])).toEqual([]);
    });

    test.each([
      ['v1', 'ConfigMap', { data: { key: 'value' } }],
      ['v1', 'Secret', { type: 'Opaque', stringData: { password: 'x' } }],
      ['v1', 'ServiceAccount', { automountServiceAccountToken: false }],
      ['v1', 'ResourceQuota', { spec: { hard: { pods: '10' } } }],
      ['v1', 'LimitRange', { spec: { limits: [{ type: 'Container', default: { memory: '256Mi' } }] } }],
      ['v1', 'PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ['apps/v1', 'StatefulSet', { spec: { serviceName: 'db', selector: { matchLabels: selector() }, template: { metadata: { labels: selector() }, spec: { containers: [{ name: 'db', image: 'postgres:16.2' }] } } } }],
      ['batch/v1', 'Job', { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36' }] } } } }],
      ['networking.k8s.io/v1', 'Ingress', { spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] } }],
      ['discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 5432 }] }],
      ['policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 1, selector: { matchLabels: selector() } } }],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 5 } }],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'api' }] }],
      ['gateway.networking.k8s.io/v1', 'Gateway', { spec: { gatewayClassName: 'eg', listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wildcard-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } }] } }],
      ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', { spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }], to: [{ group: '', kind: 'Service' }] } }],
      ['cert-manager.io/v1', 'Certificate', { spec: { secretName: 'api-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer' } } }],
    ])('accepts a minimal %s %s', (apiVersion, kind, body) => {
      // GIVEN
      const obj = { apiVersion, kind, metadata: { name: 'api', namespace: 'prod' }, ...body };

      // THEN
      expect(validateManifests([obj])).toEqual([]);
    });
  });

  describe('1. schema', () => {
    test('reports a schema violation such as a string replicas', () => {
      // GIVEN
      const dep = deployment();
      dep.spec.replicas = '2';

      // THEN
      expect(validateManifests([dep])).toEqual(['Deployment prod/api spec.replicas: must be integer (schema)']);
    });

    test('reports missing required fields and bad enum values with their JSON paths', () => {
      // GIVEN
      const dep = deployment();
      delete dep.spec.template.spec.containers[0].name;
      const np = networkPolicy();
      np.spec.ingress[0].ports[0].protocol = 'HTTP';

      // WHEN
      const problems = validateManifests([dep, np]);

      // THEN
      expect(problems).toContain('Deployment prod/api spec.template.spec.containers[0]: missing required field "name" (schema)');
      expect(problems).toContainEqual(expect.stringMatching(/^NetworkPolicy prod\/api-ingress spec\.ingress\[0\]\.ports\[0\]\.protocol: must be equal to one of the allowed values: "SCTP", "TCP", "UDP" \(schema\)$/));
    });

    test('reports schema violations of cert-manager and Gateway API kinds', () => {
      // GIVEN
      const issuer = clusterIssuer();
      delete issuer.spec.acme.server;
      const route = httpRoute();
      route.spec.rules[0].backendRefs[0].port = '80';

      // WHEN
      const problems = validateManifests([issuer, route]);

      // THEN
      expect(problems).toEqual([
        'ClusterIssuer letsencrypt-prod spec.acme: missing required field "server" (schema)',
        'HTTPRoute prod/api spec.rules[0].backendRefs[0].port: must be integer (schema)',
      ]);
    });

    test('reports an unknown apiVersion or kind', () => {
      // GIVEN
      const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'prod' } };
      const newer = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'f' } };
      const wrongGroup = { ...deployment(), apiVersion: 'extensions/v1beta1' };
      const notACrdKind = { apiVersion: 'cert-manager.io/v1', kind: 'Bogus', metadata: { name: 'b' } };

      // WHEN
      const problems = validateManifests([widget, newer, wrongGroup, notACrdKind]);

      // THEN
      expect(problems).toEqual([
        'Widget prod/w kind: no schema for apiVersion "example.com/v1" kind "Widget" (not served by Kubernetes 1.28)',
        'FlowSchema f kind: no schema for apiVersion "flowcontrol.apiserver.k8s.io/v1" kind "FlowSchema" (not served by Kubernetes 1.28)',
        'Deployment prod/api kind: no schema for apiVersion "extensions/v1beta1" kind "Deployment" (not served by Kubernetes 1.28)',
        'Bogus b kind: no schema for apiVersion "cert-manager.io/v1" kind "Bogus" (not served by the cert-manager.io/v1 models of @kubernetes-models/cert-manager)',
      ]);
    });

    test('reports entries that are not manifests', () => {
      // WHEN
      const problems = validateManifests([null, 'Service', { kind: 'Service', metadata: { name: 'api' } }]);

      // THEN
      expect(problems).toEqual([
        'objects[0] (object): expected a manifest object, got null',
        'objects[1] (object): expected a manifest object, got "Service"',
        'Service api (object): apiVersion and kind must be non-empty strings, got apiVersion undefined and kind "Service"',
      ]);
    });
  });

  describe('2. unknown fields against Kubernetes 1.28', () => {
    test('reports an unknown nested field', () => {
      // GIVEN
      const dep = deployment();
      dep.spec.template.spec.containers[0].foo = 'bar';

      // THEN
      expect(validateManifests([dep])).toEqual([
        'Deployment prod/api spec.template.spec.containers[0].foo: unknown field "foo" (io.k8s.api.core.v1.Container has no such field in Kubernetes 1.28)',
      ]);
    });

    test('reports a field that exists only after 1.28', () => {
      // GIVEN: Service.spec.trafficDistribution is Kubernetes 1.30
      const svc = service();
      svc.spec.trafficDistribution = 'PreferClose';

      // THEN
      expect(validateManifests([svc])).toEqual([
        'Service prod/api spec.trafficDistribution: unknown field "trafficDistribution" (io.k8s.api.core.v1.ServiceSpec has no such field in Kubernetes 1.28)',
      ]);
    });

    test('reports unknown fields at the top level, in metadata and in label selectors', () => {
      // GIVEN
      const np = networkPolicy();
      np.status = {};
      np.metadata.label = { app: 'api' };
      np.spec.ingress[0].from[0].podSelector.matchExpression = [];

      // THEN
      expect(validateManifests([np])).toEqual([
        'NetworkPolicy prod/api-ingress metadata.label: unknown field "label" (io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta has no such field in Kubernetes 1.28)',
        'NetworkPolicy prod/api-ingress spec.ingress[0].from[0].podSelector.matchExpression: unknown field "matchExpression" (io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector has no such field in Kubernetes 1.28)',
        'NetworkPolicy prod/api-ingress status: unknown field "status" (io.k8s.api.networking.v1.NetworkPolicy has no such field in Kubernetes 1.28)',
      ]);
    });

    test('treats JSONSchemaProps as opaque', () => {
      // GIVEN: $ref, x-kubernetes-* … are renamed in k8s.d.ts
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'widgets', kind: 'Widget' },
          versions: [{
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          }],
        },
      };

      // THEN
      expect(validateManifests([crd])).toEqual([]);
    });

    test('reports unknown fields of cert-manager and Gateway API kinds', () => {
      // GIVEN
      const issuer = clusterIssuer();
      issuer.spec.acme.solvers[0].http01.ingress.ingressClass = 'nginx';
      const route = httpRoute();
      route.spec.rules[0].backendRefs[0].serviceName = 'api';

      // WHEN
      const problems = validateManifests([issuer, route]);

      // THEN
      expect(problems).toEqual([
        'ClusterIssuer letsencrypt-prod spec.acme.solvers[0].http01.ingress.ingressClass: unknown field "ingressClass" (cert-manager.io/v1/ClusterIssuer spec.acme.solvers[].http01.ingress has no such field)',
        'HTTPRoute prod/api spec.rules[0].backendRefs[0].serviceName: unknown field "serviceName" (gateway.networking.k8s.io/v1/HTTPRoute spec.rules[].backendRefs[] has no such field)',
      ]);
    });
  });

  describe('3. names and scope', () => {
    test('reports a namespaced ClusterIssuer', () => {
      // GIVEN
      const issuer = clusterIssuer();
      issuer.metadata.namespace = 'cert-manager';

      // THEN
      expect(validateManifests([issuer])).toEqual([
        'ClusterIssuer cert-manager/letsencrypt-prod metadata.namespace: ClusterIssuer is cluster-scoped and must not have a namespace, got "cert-manager"',
      ]);
    });

    test.each([
      ['v1', 'Namespace'],
      ['v1', 'PersistentVolume'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['networking.k8s.io/v1', 'IngressClass'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
    ])('reports a namespaced %s %s', (apiVersion, kind) => {
      // GIVEN
      const obj = { apiVersion, kind, metadata: { name: 'x', namespace: 'prod' } };

      // THEN
      expect(validateManifests([obj])).toContain(
        `${kind} prod/x metadata.namespace: ${kind} is cluster-scoped and must not have a namespace, got "prod"`);
    });

    test('reports a name with a cdk8s hash suffix', () => {
      // GIVEN
      const dep = deployment();
      dep.metadata.name = 'api-deployment-c8a1b2c3';

      // THEN
      expect(validateManifests([dep])).toEqual([
        'Deployment prod/api-deployment-c8a1b2c3 metadata.name: name "api-deployment-c8a1b2c3" ends with a cdk8s hash suffix; give the object an explicit, predictable name',
      ]);
    });

    test('reports what cdk8s-plus-28 synthesizes without explicit names', () => {
      // GIVEN
      const chart = Testing.chart();
      new kplus.ConfigMap(chart, 'settings', { data: { key: 'value' } });

      // WHEN
      const problems = validateManifests(Testing.synth(chart));

      // THEN
      expect(problems).toEqual([expect.stringMatching(/^ConfigMap test-settings-c8[0-9a-f]{6} metadata\.name: .* ends with a cdk8s hash suffix/)]);
    });

    test('reports missing and invalid names', () => {
      // GIVEN
      const unnamed = namespace();
      delete unnamed.metadata.name;
      const svc = service();
      svc.metadata.name = '1api';
      const ns = namespace();
      ns.metadata.name = 'prod.eu';
      const dep = deployment();
      dep.metadata.name = 'API';
      const np = networkPolicy();
      np.metadata.name = `${'a'.repeat(250)}.com`;
      const badNamespace = service();
      badNamespace.metadata.namespace = 'Prod';

      // WHEN
      const problems = validateManifests([unnamed, svc, ns, dep, np, badNamespace]);

      // THEN
      expect(problems).toEqual([
        'Namespace objects[0] metadata.name: name is missing',
        'Service prod/1api metadata.name: name "1api" is not a valid DNS-1035 label (lowercase letters, digits and \'-\', starting with a letter, at most 63 characters)',
        'Namespace prod.eu metadata.name: name "prod.eu" is not a valid DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters)',
        'Deployment prod/API metadata.name: name "API" is not a valid DNS-1123 subdomain (lowercase letters, digits, \'-\' and \'.\', at most 253 characters)',
        `NetworkPolicy prod/${'a'.repeat(250)}.com metadata.name: name "${'a'.repeat(250)}.com" is not a valid DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`,
        'Service Prod/api metadata.namespace: namespace "Prod" is not a valid DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters)',
      ]);
    });

    test('accepts a Service name of 63 characters and reports one of 64', () => {
      // GIVEN
      const ok = service();
      ok.metadata.name = `a${'b'.repeat(62)}`;
      const tooLong = service();
      tooLong.metadata.name = `a${'b'.repeat(63)}`;

      // WHEN
      const problems = validateManifests([ok, tooLong]);

      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^Service prod\/ab{63} metadata\.name: .* is not a valid DNS-1035 label/);
    });
  });

  describe('4. labels and annotations', () => {
    test('reports bad label keys and values', () => {
      // GIVEN
      const dep = deployment();
      dep.metadata.labels = {
        '-bad': 'x',
        'example.com/': 'x',
        'a/b/c': 'x',
        'Example.com/name': 'x',
        'ok': 'has space',
        'long': 'v'.repeat(64),
        'ends-with-dash': 'v-',
      };

      // WHEN
      const problems = validateManifests([dep]);

      // THEN
      expect(problems).toEqual([
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\["-bad"\]: label key "-bad" is not a qualified name/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\["example\.com\/"\]: label key "example\.com\/" is not a qualified name/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\["a\/b\/c"\]: label key "a\/b\/c" is not a qualified name/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\["Example\.com\/name"\]: label key "Example\.com\/name" is not a qualified name/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\.ok: label value "has space" is invalid/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\.long: label value "v{64}" is invalid/),
        expect.stringMatching(/^Deployment prod\/api metadata\.labels\["ends-with-dash"\]: label value "v-" is invalid/),
      ]);
    });

    test('reports bad labels in pod templates, selectors and topology keys', () => {
      // GIVEN
      const dep = deployment();
      dep.spec.template.metadata.labels['app.kubernetes.io/version'] = '1.2.3+build';
      dep.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'kubernetes.io/host name';
      const svc = service();
      svc.spec.selector = { 'app name': 'api' };
      const np = networkPolicy();
      np.spec.ingress[0].from[0].podSelector.matchExpressions[0].values = ['ingress nginx'];

      // WHEN
      const problems = validateManifests([dep, svc, np]);

      // THEN
      expect(problems).toEqual([
        expect.stringMatching(/^Deployment prod\/api spec\.template\.metadata\.labels\["app\.kubernetes\.io\/version"\]: label value "1\.2\.3\+build" is invalid/),
        expect.stringMatching(/^Deployment prod\/api spec\.template\.spec\.affinity\.podAntiAffinity\.preferredDuringSchedulingIgnoredDuringExecution\[0\]\.podAffinityTerm\.topologyKey: label key "kubernetes\.io\/host name" is not a qualified name/),
        expect.stringMatching(/^Service prod\/api spec\.selector\["app name"\]: label key "app name" is not a qualified name/),
        expect.stringMatching(/^NetworkPolicy prod\/api-ingress spec\.ingress\[0\]\.from\[0\]\.podSelector\.matchExpressions\[0\]\.values\[0\]: label value "ingress nginx" is invalid/),
      ]);
    });

    test('reports bad annotation keys and non-string annotation values', () => {
      // GIVEN
      const svc = service();
      svc.metadata.annotations = { 'bad key': 'x', 'example.com/ok': 'any value at all, with spaces', 'replicas': 3 };

      // WHEN
      const problems = validateManifests([svc]);

      // THEN
      expect(problems).toContainEqual(expect.stringMatching(/^Service prod\/api metadata\.annotations\["bad key"\]: annotation key "bad key" is not a qualified name/));
      expect(problems).toContain('Service prod/api metadata.annotations.replicas: annotation value must be a string, got 3');
      expect(problems.filter(p => p.includes('example.com/ok'))).toEqual([]);
    });

    test('checks the labels of kinds without a schema too', () => {
      // GIVEN
      const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { 'bad key': 'x' } } };

      // THEN
      expect(validateManifests([widget])).toEqual([
        expect.stringMatching(/kind: no schema for apiVersion "example\.com\/v1" kind "Widget"/),
        expect.stringMatching(/^Widget w metadata\.labels\["bad key"\]: label key "bad key" is not a qualified name/),
      ]);
    });
  });
});

describe('expectValidManifests', () => {
  test('throws an error that lists every problem', () => {
    // GIVEN
    const dep = deployment();
    dep.spec.replicas = '2';
    const issuer = clusterIssuer();
    issuer.metadata.namespace = 'cert-manager';

    // THEN
    expect(() => expectValidManifests([dep, service(), issuer])).toThrow([
      '2 problems in 3 synthesized manifest(s):',
      '  - Deployment prod/api spec.replicas: must be integer (schema)',
      '  - ClusterIssuer cert-manager/letsencrypt-prod metadata.namespace: ClusterIssuer is cluster-scoped and must not have a namespace, got "cert-manager"',
    ].join('\n'));
  });

  test('accepts an empty list', () => {
    expect(() => expectValidManifests([])).not.toThrow();
  });

  test('gives the same results in a fresh module instance, which reads the parse back from the disk cache', () => {
    // GIVEN
    const objects = [...validSet(), { ...service(), status: {} }];
    const expected = validateManifests(objects);

    // WHEN
    let fresh: string[] = [];
    let freshInstance: unknown;
    jest.isolateModules(() => {
      const schema = jest.requireActual<typeof import('./schema')>('./schema');
      freshInstance = schema.validateManifests;
      fresh = schema.validateManifests(objects);
    });

    // THEN
    expect(freshInstance).not.toBe(validateManifests);
    expect(expected).toHaveLength(1);
    expect(fresh).toEqual(expected);
  });

  test('validates 20 objects in well under 50 ms once warm', () => {
    // GIVEN: about the output of one pattern test
    const objects = Array.from({ length: 20 }, (_, i) => validSet()[i % 6]);
    expectValidManifests(objects); // warm-up: loads the models of these kinds

    // WHEN
    const runs = 20;
    const start = performance.now();
    for (let i = 0; i < runs; i++) {
      expectValidManifests(objects);
    }
    const perCall = (performance.now() - start) / runs;

    // THEN: the parse is cached; a re-parse per call would cost hundreds of milliseconds
    expect(perCall).toBeLessThan(50);
  });
});

describe('validateManifests on the Gateway API kinds of the second milestone', () => {
  const grpcRoute = () => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: 'rpc', namespace: 'prod' },
    spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], hostnames: ['rpc.example.com'], rules: [{ backendRefs: [{ name: 'rpc', port: 9090 }] }] } as any,
  });
  const tlsRoute = () => ({
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kind: 'TLSRoute',
    metadata: { name: 'db', namespace: 'prod' },
    spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] } as any,
  });
  const referenceGrant = () => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'from-infra', namespace: 'prod' },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'infra' }], to: [{ group: '', kind: 'Service' }] } as any,
  });

  test('accepts a GRPCRoute v1 (validated against the v1alpha2 model it was promoted from), a TLSRoute v1alpha2 and a ReferenceGrant', () => {
    expect(validateManifests([grpcRoute(), tlsRoute(), referenceGrant()])).toEqual([]);
  });

  test('reports schema violations and unknown fields of these kinds', () => {
    // GIVEN
    const rpc = grpcRoute();
    rpc.spec.rules[0].backendRefs[0].port = '9090';
    const db = tlsRoute();
    db.spec.rules[0].matches = [{ path: { value: '/' } }];
    const grant = referenceGrant();
    delete grant.spec.to;
    // WHEN
    const problems = validateManifests([rpc, db, grant]);
    // THEN
    expect(problems).toEqual([
      'GRPCRoute prod/rpc spec.rules[0].backendRefs[0].port: must be integer (schema)',
      'TLSRoute prod/db spec.rules[0].matches: unknown field "matches" (gateway.networking.k8s.io/v1alpha2/TLSRoute spec.rules[] has no such field)',
      'ReferenceGrant prod/from-infra spec: missing required field "to" (schema)',
    ]);
  });
});
