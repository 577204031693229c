/**
 * Rule `env-short-service-name-cross-namespace`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { describeWorkload, listWords } from '../_services';
import { Severity } from '../finding';

/** `name`, `name:port` or `scheme://[user@]name[:port][/…]` where name is a single DNS label. */
const SHORT_NAME = /^(?:[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\d{1,5}))?(?:[/?#].*)?$/;

/** The short Service name an env value refers to, if it has that shape. */
export function shortServiceName(value: string): string | undefined {
  const m = SHORT_NAME.exec(value);
  if (!m) return undefined;
  const name = m[1];
  // A bare number ("8080") or a bare scheme-less word with a path is not a host reference.
  if (/^\d+$/.test(name)) return undefined;
  if (!value.includes('://') && /[/?#]/.test(value)) return undefined;
  return name;
}

/**
 * Env names whose value is a host: a bare word in any other variable (`PGUSER=postgres`,
 * `TOPIC=orders`, `OTEL_SERVICE_NAME=checkout`) is a user, a database, a topic or a service's own
 * name as often as a host, and is not read as one.
 */
const HOST_ENV_NAME = /(?:^|_)(?:HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|ENDPOINT|ENDPOINTS|URL|URI|BROKER|BROKERS|UPSTREAM)(?:_|$)|^[A-Z]{2,}HOST$/i;

/** Whether `value` of env `name` names a host: a URL or `name:port`, or a bare word in a host-like variable. */
function namesHost(name: unknown, value: string): boolean {
  return value.includes('://') || /:\d{1,5}(?:[/?#]|$)/.test(value) || (typeof name === 'string' && HOST_ENV_NAME.test(name));
}

/** The rule. */
export const envShortServiceNameCrossNamespace: LintRule = {
  id: 'env-short-service-name-cross-namespace',
  severity: Severity.WARNING,
  summary: 'A container env value using the short name of a Service that exists only in another namespace',
  explanation:
    'A short name (api, api:8080, http://api:8080/) resolves through the pod\'s DNS search path, which starts with the pod\'s own '
    + 'namespace: "DNS queries that don\'t specify a namespace are limited to the pod\'s namespace". When the Service lives only in '
    + 'another namespace the name does not resolve (or, worse, resolves to a different Service added later). '
    + 'Use the fully qualified name <service>.<namespace>.svc.cluster.local. A bare word counts only in a variable whose name says '
    + 'it holds a host (…_HOST, …_ADDR, …_SERVER, …_URL, …_ENDPOINT, …); URLs and name:port count in any variable.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const workload of context.workloads) {
      for (const c of workload.containers) {
        for (const env of asArray(c.raw.env)) {
          if (typeof env?.value !== 'string') continue;
          if (!namesHost(env.name, env.value)) continue;
          const name = shortServiceName(env.value);
          if (!name || context.service(workload.namespace, name)) continue;
          const elsewhere = [...new Set(context.servicesNamed(name).map(s => s.namespace))].sort();
          if (elsewhere.length === 0) continue;
          const fqdns = elsewhere.map(ns => `${name}.${ns}.svc.cluster.local`);
          out.push({
            object: workload.ref,
            message: `${describeWorkload(workload)} ${c.role} '${c.name}' sets ${env.name}=${env.value} but Service ${name} exists only in `
              + `namespace ${listWords(elsewhere)}, so '${name}' does not resolve from ${workload.namespace}; use ${fqdns.join(' or ')}`,
          });
        }
      }
    }
    return out;
  },
};
