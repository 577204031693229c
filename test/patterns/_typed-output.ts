/**
 * Compile-time checks of the output shapes (`src/patterns/_k8s-types.ts`, `_crd-types.ts`).
 * Not a jest file: the type check of `npm test` (`tsc --noEmit -p test/tsconfig.json`) compiles
 * it, and fails when a `@ts-expect-error` line stops being an error — that is, when a misspelled
 * or mistyped field would no longer be caught in the constructs' object literals.
 */
import type { ClusterIssuerSpec, GatewaySpec, MonitorSpec, RouteSpec } from '../../src/patterns/_crd-types';
import type { Container, DeploymentSpec, NetworkPolicySpec, ServiceSpec } from '../../src/patterns/_k8s-types';

// GIVEN fields under their wire names (the generated interfaces say clusterIp / clientIp)
// THEN they type-check, with plain numbers and strings for int-or-string fields.
export const service: ServiceSpec = {
  clusterIP: 'None',
  sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
  ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'named', port: 81, targetPort: 'metrics' }],
};
export const resources: Container['resources'] = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: 256 } };
export const policy: NetworkPolicySpec = { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] };

// The generator's camel-cased name is not the wire name.
// @ts-expect-error clusterIp is written clusterIP
export const camelCased: ServiceSpec = { clusterIp: 'None' };
// @ts-expect-error a misspelled field of a built-in kind
export const misspelled: NetworkPolicySpec = { podSelectr: {} };
// @ts-expect-error a field at the wrong level (replicas belongs to the Deployment spec)
export const misplaced: Container = { name: 'app', replicas: 2 };
// @ts-expect-error the library writes plain JSON, never the IntOrString wrapper objects
export const wrapped: DeploymentSpec = { selector: {}, template: {}, strategy: { rollingUpdate: { maxSurge: { value: 1 } } } };

// Custom resources: exactly the fields the library writes.
export const gateway: GatewaySpec = { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] };
// @ts-expect-error a misspelled Gateway field
export const gatewayTypo: GatewaySpec = { gatewayClass: 'eg', listeners: [] };
// @ts-expect-error sectionName, not section
export const routeTypo: RouteSpec = { parentRefs: [{ name: 'gw', section: 'http' }] };
// @ts-expect-error cert-manager names the account key privateKeySecretRef
export const issuerTypo: ClusterIssuerSpec = { acme: { server: 'https://acme.test/directory', email: 'ops@example.com', privateKeyRef: { name: 'k' }, solvers: [] } };
// @ts-expect-error a PodMonitor's endpoints are podMetricsEndpoints
export const monitorTypo: MonitorSpec = { selector: {}, podEndpoints: [] };
