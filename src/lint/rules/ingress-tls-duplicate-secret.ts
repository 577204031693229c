/**
 * Rule `ingress-tls-duplicate-secret`.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
import type { LintContext, NamespacedEntry } from '../_context';
import { hasCertManagerIssuer, hostCovers } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { Severity } from '../finding';

interface TlsEntry {
  readonly ingress: NamespacedEntry;
  /** The hosts, sorted and joined (`a.example.com, b.example.com`). */
  readonly hosts: string;
  readonly hostList: readonly string[];
  readonly certManager: boolean;
}

/** The rule. */
export const ingressTlsDuplicateSecret: LintRule = {
  id: 'ingress-tls-duplicate-secret',
  severity: Severity.ERROR,
  summary: 'One TLS secretName used for different hosts sets in one namespace, with cert-manager issuing it',
  explanation:
    'cert-manager\'s ingress-shim creates one Certificate per TLS secret from the hosts of the tls entry that names it, for the '
    + 'Ingresses that carry an issuer annotation. When two such tls entries (in one Ingress or in several Ingresses of a namespace) '
    + 'name the same secret with different hosts, the Certificates overwrite each other and the secret flips between certificates '
    + 'that each lack some hosts. Give each hosts set its own secretName, or issue the certificate from one Ingress and use its '
    + 'secret from the others without an issuer annotation. Entries of Ingresses without an issuer annotation only use the secret: '
    + 'they are reported only when the certificate issued into it does not cover their hosts (a wildcard covers one label).',
  check(context: LintContext): Violation[] {
    const groups = new Map<string, TlsEntry[]>();
    const ingresses = [...context.ingresses].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index));
    for (const ingress of ingresses) {
      const certManager = hasCertManagerIssuer(ingress.raw);
      for (const tls of asArray(ingress.raw.spec?.tls)) {
        if (typeof tls?.secretName !== 'string' || tls.secretName.length === 0) continue;
        const hostList = [...new Set(asArray(tls.hosts).map(String))].sort();
        const key = `${ingress.namespace}/${tls.secretName}`;
        const list = groups.get(key) ?? [];
        list.push({ ingress, hosts: hostList.join(', '), hostList, certManager });
        groups.set(key, list);
      }
    }
    const out: Violation[] = [];
    for (const [key, all] of groups) {
      // Only the entries cert-manager issues a Certificate for can overwrite each other; the others
      // use what it issues, which must cover their hosts.
      const managed = all.filter(e => e.certManager);
      if (managed.length === 0) continue;
      const secret = key.slice(key.indexOf('/') + 1);
      const first = managed[0];
      const reported = new Set<string>();
      for (const entry of all) {
        if (entry === first || entry.hosts === first.hosts || reported.has(`${entry.ingress.ref} ${entry.hosts}`)) continue;
        const self = `Ingress ${entry.ingress.namespace}/${entry.ingress.name}`;
        const other = entry.ingress === first.ingress ? 'another tls entry of the same Ingress' : `Ingress ${first.ingress.namespace}/${first.ingress.name}`;
        if (entry.certManager) {
          reported.add(`${entry.ingress.ref} ${entry.hosts}`);
          out.push({
            object: entry.ingress.ref,
            message: `${self} uses TLS secret ${secret} for hosts ${entry.hosts || '(none)'}, but ${other} uses it for ${first.hosts || '(none)'}; `
              + 'cert-manager would overwrite one certificate with the other: give each hosts set its own secretName, '
              + 'or issue the certificate from one Ingress and drop the issuer annotation from the other',
          });
          continue;
        }
        const uncovered = entry.hostList.filter(h => !first.hostList.some(pattern => hostCovers(pattern, h)));
        if (uncovered.length === 0) continue;
        reported.add(`${entry.ingress.ref} ${entry.hosts}`);
        out.push({
          object: entry.ingress.ref,
          message: `${self} uses TLS secret ${secret} for hosts ${entry.hosts}, but the certificate cert-manager issues into it (from ${other}) `
            + `covers only ${first.hosts || '(none)'}, so clients of ${uncovered.join(', ')} get a certificate for another name: `
            + 'give it its own secretName (with an issuer annotation), or add its hosts to the issuing entry',
        });
      }
    }
    return out;
  },
};
