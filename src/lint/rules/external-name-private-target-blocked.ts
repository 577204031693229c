/**
 * Rule `external-name-private-target-blocked`.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
 */
import * as ipaddr from 'ipaddr.js';
import { IpBlock, parseIpBlock } from '../../analysis/_ipblock';
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/**
 * Managed-service host names that usually resolve to a private address in the customer's network
 * (sources: AWS RDS / ElastiCache / DocumentDB / MemoryDB / OpenSearch-in-VPC endpoint formats,
 * Azure Private Link DNS zones `privatelink.*`, GCP and AWS internal DNS `*.internal`).
 */
const PRIVATE_NAME_PATTERNS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\.rds\.amazonaws\.com$/, what: 'an Amazon RDS endpoint' },
  { pattern: /\.cache\.amazonaws\.com$/, what: 'an Amazon ElastiCache endpoint' },
  { pattern: /\.docdb\.amazonaws\.com$/, what: 'an Amazon DocumentDB endpoint' },
  { pattern: /\.memorydb\.[a-z0-9-]+\.amazonaws\.com$/, what: 'an Amazon MemoryDB endpoint' },
  { pattern: /^vpc-[^.]+\.[a-z0-9-]+\.es\.amazonaws\.com$/, what: 'an Amazon OpenSearch VPC endpoint' },
  { pattern: /(^|\.)privatelink\./, what: 'an Azure Private Link name' },
  { pattern: /\.internal$/, what: 'a cloud-internal DNS name' },
];

/** The private IPv4 ranges (RFC 1918) VPC addresses come from. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function within(inner: Cidr, outer: Cidr): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && (inner[0] as ipaddr.IPv4).match(outer as [ipaddr.IPv4, number]);
}

/** Whether an ipBlock admits some address of a private range (it overlaps one, not wholly excepted). */
function opensPrivateRange(block: IpBlock): boolean {
  return PRIVATE_RANGES.map(r => ipaddr.parseCIDR(r) as Cidr).some(range =>
    within(block.cidr, range)
    || (within(range, block.cidr) && !block.except.some(e => within(range, e as Cidr))));
}

function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The rule. */
export const externalNamePrivateTargetBlocked: LintRule = {
  id: 'external-name-private-target-blocked',
  severity: Severity.WARNING,
  summary: 'An ExternalName Service for a name that usually resolves to a private address, in a namespace whose egress rules open no private range',
  explanation:
    'NetworkPolicy cannot match DNS names, so egress to an ExternalName dependency is opened to CIDRs — by default the public internet, '
    + 'which excludes the private ranges. A managed database or cache endpoint (e.g. *.rds.amazonaws.com, *.cache.amazonaws.com, '
    + 'a privatelink name) usually resolves to a private VPC address, so under those rules the connection is denied. '
    + 'Give the connection the VPC\'s CIDR (ExternalDependency connectTo egressCidrs) or use addresses. '
    + 'Reported when the namespace isolates egress and no egress rule there admits any address of 10/8, 172.16/12 or 192.168/16.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const service of context.services) {
      if (service.type !== 'ExternalName') continue;
      const name = service.raw.spec?.externalName;
      if (typeof name !== 'string') continue;
      const match = PRIVATE_NAME_PATTERNS.find(p => p.pattern.test(name.toLowerCase().replace(/\.$/, '')));
      if (!match) continue;
      const policies = context.networkPolicies.filter(p => p.namespace === service.namespace);
      // Without policyTypes (absent or empty), a policy with egress rules isolates egress too
      // ("policyTypes [...] If this field is not specified, it will default based on the existence
      // of ingress or egress rules").
      const isolatesEgress = policies.some(p => (asArray(p.raw.spec?.policyTypes).length > 0
        ? asArray(p.raw.spec?.policyTypes).includes('Egress')
        : asArray(p.raw.spec?.egress).length > 0));
      if (!isolatesEgress) continue;
      const opensPrivate = policies.some(p => asArray(p.raw.spec?.egress).some(rule => {
        const to = asArray(rule?.to);
        if (to.length === 0) return true;
        return to.some(peer => {
          const block = peer?.ipBlock ? parseIpBlock(peer.ipBlock, 'ipBlock', []) : undefined;
          return block !== undefined && opensPrivateRange(block);
        });
      }));
      if (opensPrivate) continue;
      out.push({
        object: service.ref,
        message: `Service ${service.namespace}/${service.name} has externalName ${name}, ${match.what}, which usually resolves to a private VPC address; `
          + `no egress rule of namespace ${service.namespace} opens a private range, so connections to it are denied; `
          + 'give connectTo egressCidrs the VPC\'s CIDR (e.g. [\'10.0.0.0/16\']), or use ExternalDependency addresses',
      });
    }
    return out;
  },
};
