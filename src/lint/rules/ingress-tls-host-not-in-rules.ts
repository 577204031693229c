/**
 * Rule `ingress-tls-host-not-in-rules`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 */
import type { LintContext } from '../_context';
import { hostCovers, ingressRuleHosts } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { listWords } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const ingressTlsHostNotInRules: LintRule = {
  id: 'ingress-tls-host-not-in-rules',
  severity: Severity.WARNING,
  summary: 'An Ingress TLS host that no rule of the Ingress serves',
  explanation:
    'The Ingress documentation: "hosts in the tls section need to explicitly match the host in the rules section" '
    + '(TLS does not work on a rule without host). A TLS host that no rule host covers is usually a typo: the certificate is '
    + 'requested (or expected) for a name nobody routes, while the routed host is served with the controller\'s default certificate. '
    + 'Make the TLS hosts and the rule hosts the same; a wildcard on either side covers one DNS label.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const ingress of context.ingresses) {
      const hosts = ingressRuleHosts(ingress.raw).filter((h): h is string => h !== undefined);
      for (const tls of asArray(ingress.raw.spec?.tls)) {
        for (const host of asArray(tls?.hosts).map(String)) {
          if (hosts.some(h => hostCovers(h, host) || hostCovers(host, h))) continue;
          const served = hosts.length > 0 ? `its rules serve ${listWords([...new Set(hosts)])}` : 'no rule names a host';
          out.push({
            object: ingress.ref,
            message: `Ingress ${ingress.namespace}/${ingress.name} lists TLS host ${host} but ${served}; `
              + 'fix the TLS host or add a rule for it',
          });
        }
      }
    }
    return out;
  },
};
