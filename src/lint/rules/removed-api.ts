/**
 * Rule `removed-api`.
 *
 * @see https://kubernetes.io/docs/reference/using-api/deprecation-guide/
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** A networking API version that Kubernetes no longer serves. */
interface RemovedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** The Kubernetes minor version that stopped serving it. */
  readonly removedIn: string;
  /** The version to use instead, and what changes. */
  readonly instead: string;
}

/** Networking APIs removed from Kubernetes, from the deprecated API migration guide. */
const REMOVED_APIS: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kind: 'Ingress', removedIn: '1.22', instead: 'networking.k8s.io/v1 (backend.service.name / backend.service.port, pathType required)' },
  { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', removedIn: '1.22', instead: 'networking.k8s.io/v1 (backend.service.name / backend.service.port, pathType required)' },
  { apiVersion: 'networking.k8s.io/v1beta1', kind: 'IngressClass', removedIn: '1.22', instead: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy', removedIn: '1.16', instead: 'networking.k8s.io/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', removedIn: '1.25', instead: 'discovery.k8s.io/v1 (topology → nodeName and zone)' },
];

/** The rule. */
export const removedApi: LintRule = {
  id: 'removed-api',
  severity: Severity.ERROR,
  summary: 'A networking object in an API version Kubernetes no longer serves (extensions/v1beta1 Ingress, …) or a Service with the removed topologyKeys',
  explanation:
    'The API server rejects objects of an API version it no longer serves, so kubectl apply fails: Ingress in extensions/v1beta1 or '
    + 'networking.k8s.io/v1beta1 and IngressClass in networking.k8s.io/v1beta1 since Kubernetes 1.22, NetworkPolicy in extensions/v1beta1 '
    + 'since 1.16, EndpointSlice in discovery.k8s.io/v1beta1 since 1.25. Service spec.topologyKeys was removed in 1.22 and is dropped '
    + 'silently: use the service.kubernetes.io/topology-mode: Auto annotation (topology-aware routing) or internalTrafficPolicy: Local.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const o of context.objects) {
      const removed = REMOVED_APIS.find(r => r.apiVersion === o.raw.apiVersion && r.kind === o.kind);
      if (removed) {
        out.push({
          object: o.ref,
          message: `${o.kind} ${o.namespace === undefined ? '' : `${o.namespace}/`}${o.name} uses ${removed.apiVersion}, which Kubernetes stopped serving in ${removed.removedIn}, so the API server rejects it; `
            + `change it to ${removed.instead}`,
        });
      }
    }
    for (const service of context.services) {
      const keys = service.raw.spec?.topologyKeys;
      if (keys === undefined || keys === null) continue;
      out.push({
        object: service.ref,
        message: `Service ${service.namespace}/${service.name} sets spec.topologyKeys, removed in Kubernetes 1.22 and ignored since; `
          + 'use the annotation service.kubernetes.io/topology-mode: Auto (topology-aware routing) or internalTrafficPolicy: Local',
      });
    }
    return out;
  },
};
