/**
 * Rule `ingress-backend-missing`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#resource-backend
 */
import type { LintContext } from '../_context';
import { ingressBackends } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { listWords } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const ingressBackendMissing: LintRule = {
  id: 'ingress-backend-missing',
  severity: Severity.ERROR,
  summary: 'An Ingress backend naming a Service that is not in the manifests, or a port the Service does not have',
  explanation:
    'An Ingress backend names a Service of the Ingress\'s own namespace and one of its ports, by port number (the Service port, '
    + 'not the container port) or by port name. A missing Service or port makes the controller answer 503 for the route. '
    + 'Create the Service in the Ingress\'s namespace (backends cannot cross namespaces), or fix the backend name or port.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const ingress of context.ingresses) {
      const ns = ingress.namespace;
      const self = `Ingress ${ns}/${ingress.name}`;
      for (const backend of ingressBackends(ingress.raw)) {
        const route = backend.where === 'default backend' ? 'its default backend' : backend.where;
        const service = context.service(ns, backend.service);
        if (!service) {
          const elsewhere = context.servicesNamed(backend.service).map(s => s.namespace);
          const hint = elsewhere.length > 0
            ? ` (a Service ${backend.service} exists in ${listWords(elsewhere)}, but Ingress backends cannot cross namespaces)`
            : '';
          out.push({
            object: ingress.ref,
            message: `${self} routes ${route} to Service ${backend.service}, which does not exist in ${ns}${hint}; create the Service or fix the backend name`,
          });
          continue;
        }
        if (backend.port === undefined || service.type === 'ExternalName') continue;
        const ports = service.ports.filter(p => p && typeof p === 'object');
        const found = typeof backend.port === 'number'
          ? ports.some(p => Number(p.port) === backend.port)
          : ports.some(p => p.name === backend.port);
        if (found) continue;
        const available = ports.map(p => (p.name ? `${p.port} (${p.name})` : `${p.port}`));
        const what = typeof backend.port === 'number' ? `port ${backend.port}` : `port name '${backend.port}'`;
        const has = available.length > 0 ? `has ports ${listWords(available)}` : 'has no ports';
        out.push({
          object: ingress.ref,
          message: `${self} routes ${route} to Service ${backend.service} ${what}, but Service ${ns}/${backend.service} ${has}; `
            + 'use one of its Service ports (number or name), not the container port',
        });
      }
    }
    return out;
  },
};
