/**
 * Hand-written Gateway API fixtures for the route lint rules.
 */

/** A Gateway in `ns` with the given listeners (defaults: HTTP 80 for any hostname, Same namespace). */
export function gateway(ns: string, name: string, listeners: any[] = [{ name: 'http', port: 80, protocol: 'HTTP' }]): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { gatewayClassName: 'eg', listeners },
  };
}

/** A listener admitting routes from the named namespaces. */
export function listener(name: string, options: {
  port?: number; protocol?: string; hostname?: string; namespaces?: string[]; from?: string;
} = {}): any {
  const namespaces = options.namespaces
    ? { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: options.namespaces }] } }
    : { from: options.from ?? 'Same' };
  return {
    name,
    port: options.port ?? 80,
    protocol: options.protocol ?? 'HTTP',
    ...(options.hostname ? { hostname: options.hostname } : {}),
    // The Gateway CRD requires a tls mode for TLS listeners; HTTPS terminates.
    ...(options.protocol === 'TLS' ? { tls: { mode: 'Passthrough' } } : {}),
    ...(options.protocol === 'HTTPS' ? { tls: { mode: 'Terminate', certificateRefs: [{ name: `${name}-tls` }] } } : {}),
    allowedRoutes: { namespaces },
  };
}

/** A route of `kind` in `ns` to Gateway `gw` (`namespace/name`), one backend. */
export function route(kind: string, ns: string, name: string, gw: string, options: {
  sectionName?: string; hostnames?: string[]; backend?: string; backendNamespace?: string; port?: number;
} = {}): any {
  const [gwNs, gwName] = gw.split('/');
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: {
      parentRefs: [{ name: gwName, namespace: gwNs, ...(options.sectionName ? { sectionName: options.sectionName } : {}) }],
      hostnames: options.hostnames ?? ['shop.example.com'],
      rules: [{
        backendRefs: [{
          name: options.backend ?? name,
          ...(options.backendNamespace ? { namespace: options.backendNamespace } : {}),
          port: options.port ?? 80,
        }],
      }],
    },
  };
}

/** A ReferenceGrant in `ns` from routes of `kind` in `fromNs` to Service `service` (all Services when omitted). */
export function referenceGrant(ns: string, kind: string, fromNs: string, service?: string): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `from-${fromNs}`, namespace: ns },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind, namespace: fromNs }],
      to: [{ group: '', kind: 'Service', ...(service ? { name: service } : {}) }],
    },
  };
}
