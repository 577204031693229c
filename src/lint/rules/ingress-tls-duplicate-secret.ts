/**
 * Rule `ingress-tls-duplicate-secret`.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
import type { LintContext, NamespacedEntry } from '../_context';
import { hasCertManagerIssuer } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { Severity } from '../finding';

interface TlsEntry {
  readonly ingress: NamespacedEntry;
  readonly hosts: string;
  readonly certManager: boolean;
}

/** The rule. */
export const ingressTlsDuplicateSecret: LintRule = {
  id: 'ingress-tls-duplicate-secret',
  severity: Severity.ERROR,
  summary: 'One TLS secretName used for different hosts sets in one namespace, with cert-manager issuing it',
  explanation:
    'cert-manager\'s ingress-shim creates one Certificate per TLS secret from the hosts of the tls entry that names it. '
    + 'When two tls entries (in one Ingress or in several Ingresses of a namespace) name the same secret with different hosts, '
    + 'the Certificates overwrite each other and the secret flips between certificates that each lack some hosts. '
    + 'Give each hosts set its own secretName, or list the same hosts in every entry that shares the secret. '
    + 'Secrets that cert-manager does not manage (no cert-manager issuer annotation on any of the Ingresses) are not checked: '
    + 'a hand-made wildcard certificate can serve many hosts sets.',
  check(context: LintContext): Violation[] {
    const groups = new Map<string, TlsEntry[]>();
    const ingresses = [...context.ingresses].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index));
    for (const ingress of ingresses) {
      const certManager = hasCertManagerIssuer(ingress.raw);
      for (const tls of asArray(ingress.raw.spec?.tls)) {
        if (typeof tls?.secretName !== 'string' || tls.secretName.length === 0) continue;
        const hosts = [...new Set(asArray(tls.hosts).map(String))].sort().join(', ');
        const key = `${ingress.namespace}/${tls.secretName}`;
        const list = groups.get(key) ?? [];
        list.push({ ingress, hosts, certManager });
        groups.set(key, list);
      }
    }
    const out: Violation[] = [];
    for (const [key, entries] of groups) {
      if (!entries.some(e => e.certManager)) continue;
      const secret = key.slice(key.indexOf('/') + 1);
      const first = entries[0];
      const reported = new Set<string>();
      for (const entry of entries.slice(1)) {
        if (entry.hosts === first.hosts || reported.has(`${entry.ingress.ref} ${entry.hosts}`)) continue;
        reported.add(`${entry.ingress.ref} ${entry.hosts}`);
        const other = entry.ingress === first.ingress ? 'another tls entry of the same Ingress' : `Ingress ${first.ingress.namespace}/${first.ingress.name}`;
        out.push({
          object: entry.ingress.ref,
          message: `Ingress ${entry.ingress.namespace}/${entry.ingress.name} uses TLS secret ${secret} for hosts ${entry.hosts || '(none)'}, `
            + `but ${other} uses it for ${first.hosts || '(none)'}; cert-manager would overwrite one certificate with the other: `
            + 'give each hosts set its own secretName or list the same hosts in both',
        });
      }
    }
    return out;
  },
};
