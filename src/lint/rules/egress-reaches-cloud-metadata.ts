/**
 * Rule `egress-reaches-cloud-metadata`.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 * @see https://cloud.google.com/compute/docs/metadata/querying-metadata
 * @see https://learn.microsoft.com/en-us/azure/virtual-machines/instance-metadata-service
 */
import { ipBlockContains, parseAddress, parseIpBlock } from '../../analysis/_ipblock';
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/**
 * The instance metadata endpoints of the large clouds: AWS, GCP, Azure, OpenStack and others on
 * 169.254.169.254; AWS's IPv6 endpoint on Nitro instances at fd00:ec2::254. All serve HTTP on 80.
 */
export const CLOUD_METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254'];
const METADATA_PORT = 80;

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a rule's ports may admit TCP 80 (no ports: every port; a named port: perhaps). */
function portsAdmitHttp(ports: unknown): boolean {
  const list = asArray(ports);
  if (list.length === 0) return true;
  return list.some(p => {
    const protocol = (p?.protocol ?? 'TCP').toUpperCase();
    if (protocol !== 'TCP') return false;
    if (p?.port === undefined || typeof p.port === 'string') return true;
    const end = typeof p.endPort === 'number' ? p.endPort : p.port;
    return p.port <= METADATA_PORT && METADATA_PORT <= end;
  });
}

/** The rule. */
export const egressReachesCloudMetadata: LintRule = {
  id: 'egress-reaches-cloud-metadata',
  severity: Severity.WARNING,
  summary: 'An egress rule that lets pods reach the cloud instance metadata service (169.254.169.254, fd00:ec2::254)',
  explanation:
    'Cloud instance metadata services answer on 169.254.169.254 (AWS, GCP, Azure, OpenStack) and fd00:ec2::254 (AWS over IPv6), '
    + 'HTTP port 80, and hand out the node\'s cloud credentials to whoever asks from the node — including its pods, unless the network '
    + 'plugin or IMDSv2 hop limits stop them. An egress rule whose ipBlock holds one of these addresses (typically 0.0.0.0/0 or ::/0 without '
    + 'an except), or a rule with no `to` at all, opens them to the selected pods. Add 169.254.169.254/32 (and fd00:ec2::254/128) to the '
    + 'ipBlock\'s except, or narrow the CIDR. ZeroTrustNamespace and ExternalDependency defaults never open them.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    const targets = CLOUD_METADATA_ADDRESSES.map(a => ({ text: a, address: parseAddress(a)! }));
    for (const policy of context.networkPolicies) {
      const spec = policy.raw.spec ?? {};
      const types = asArray(spec.policyTypes);
      if (types.length > 0 && !types.includes('Egress')) continue;
      const reached = new Set<string>();
      const via: string[] = [];
      for (const rule of asArray(spec.egress)) {
        if (!portsAdmitHttp(rule?.ports)) continue;
        const to = asArray(rule?.to);
        if (to.length === 0) {
          targets.forEach(t => reached.add(t.text));
          via.push('a rule with no `to` (every destination)');
          continue;
        }
        for (const peer of to) {
          if (!peer?.ipBlock) continue;
          const block = parseIpBlock(peer.ipBlock, 'ipBlock', []);
          if (!block) continue;
          const hit = targets.filter(t => ipBlockContains(block, t.address));
          if (hit.length > 0) {
            hit.forEach(t => reached.add(t.text));
            via.push(`ipBlock ${block.text}`);
          }
        }
      }
      if (reached.size === 0) continue;
      const addresses = [...reached];
      out.push({
        object: policy.ref,
        message: `NetworkPolicy ${policy.namespace}/${policy.name} lets its pods reach the cloud metadata service ${addresses.join(' and ')} on TCP ${METADATA_PORT} `
          + `(${[...new Set(via)].join(', ')}), from which a pod can read the node's cloud credentials; `
          + (via.some(v => v.startsWith('ipBlock'))
            ? `add ${addresses.map(a => a.includes(':') ? `${a}/128` : `${a}/32`).join(' and ')} to the ipBlock's except, or narrow the CIDR`
            : `give the rule a \`to\` that leaves them out (e.g. ipBlock 0.0.0.0/0 except ${addresses.filter(a => !a.includes(':')).map(a => `${a}/32`).join(', ') || '169.254.169.254/32'}), or peers it needs`),
      });
    }
    return out;
  },
};
