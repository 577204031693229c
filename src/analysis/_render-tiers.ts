/**
 * The explanation of one verdict through the cluster tiers: which tier decided each side, and
 * the policy and rule that did.
 */
import { Protocol } from './_ports';
import { ExplainedEnd, renderSide } from './_render';
import { AdminMatch, ruleText, TierVerdict } from './_tiers';

/**
 * The explanation of one connection, one paragraph per side, each naming the deciding tier:
 *
 * ```
 * production/web[Deployment] => production/api[Deployment] : TCP 8080 : denied
 * egress of production/web: allowed (default: no tier denies it)
 *   admin tier: no AdminNetworkPolicy selects its pods for egress
 *   NetworkPolicy tier: not isolated for egress: ...
 *   baseline tier: no BaselineAdminNetworkPolicy selects its pods for egress
 * ingress of production/api: denied (admin tier: AdminNetworkPolicy/deny-web (priority 10) spec.ingress[0] 'no-web')
 *   admin tier: Deny by AdminNetworkPolicy/deny-web (priority 10) spec.ingress[0] 'no-web' (from[0] namespaces team=web; any port)
 * ```
 */
export function renderTieredExplanation(
  from: ExplainedEnd,
  to: ExplainedEnd,
  port: number,
  protocol: Protocol,
  egress: TierVerdict,
  ingress: TierVerdict,
  notes: readonly string[],
): string {
  const allowed = egress.allowed && ingress.allowed;
  const lines = [`${from.label} => ${to.label} : ${protocol} ${port} : ${allowed ? 'allowed' : 'denied'}`];
  lines.push(...renderTieredSide(egress, from, to, port, protocol));
  lines.push(...renderTieredSide(ingress, to, from, port, protocol));
  for (const note of notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/**
 * The explanation of a connection between a workload and outside addresses through the cluster
 * tiers: only the workload's side decides, and it is said which tier did.
 */
export function renderTieredOutside(
  from: ExplainedEnd,
  to: ExplainedEnd,
  port: number,
  protocol: Protocol,
  verdict: TierVerdict,
  outsideEnd: 'from' | 'to',
): string {
  const [self, other] = outsideEnd === 'from' ? [to, from] : [from, to];
  const lines = [`${from.label} => ${to.label} : ${protocol} ${port} : ${verdict.allowed ? 'allowed' : 'denied'}`];
  lines.push(...renderTieredSide(verdict, self, other, port, protocol));
  lines.push(`no policy of any tier applies on the side of ${other.name}, outside the cluster`);
  return lines.join('\n') + '\n';
}

function renderTieredSide(v: TierVerdict, self: ExplainedEnd, other: ExplainedEnd, port: number, protocol: Protocol): string[] {
  const lines = [`${v.direction} of ${self.name}: ${v.allowed ? 'allowed' : 'denied'} (${decider(v)})`];

  if (v.tier === 'admin') {
    lines.push(`  admin tier: ${matchText(v.decidedBy!)}`);
  } else if (v.passedBy) {
    lines.push(`  admin tier: ${matchText(v.passedBy)}, which hands the connection to the NetworkPolicy tier`);
  } else if (v.adminSelecting.length > 0) {
    lines.push(`  admin tier: no rule of ${v.adminSelecting.map((p) => p.id).join(', ')} (which select its pods) matches`);
  } else {
    lines.push(`  admin tier: no AdminNetworkPolicy (nor Admin-tier ClusterNetworkPolicy) selects its pods for ${v.direction}`);
  }
  lines.push(...tieLines(v.ties));
  if (v.tier === 'admin') return lines;

  const [, first, ...rest] = renderSide(v.networkPolicy, self, other, port, protocol);
  lines.push(`  NetworkPolicy tier: ${first.trimStart()}`, ...rest);
  if (v.tier === 'networkpolicy') {
    if (v.baselineSelects) lines.push(`  baseline tier: not consulted: a pod isolated by NetworkPolicy for ${v.direction} never falls through to it`);
    return lines;
  }
  if (v.tier === 'baseline') {
    lines.push(`  baseline tier: ${matchText(v.decidedBy!)}${v.decidedBy!.rule.action === 'Pass' ? ', which hands the connection to the default: allowed' : ''}`);
    lines.push(...tieLines(v.baselineTies));
  } else if (v.baselineSelects) {
    lines.push(`  baseline tier: no rule of ${v.baselineSelecting.map((p) => p.id).join(', ')} matches; the connection is allowed by default`);
  } else {
    lines.push(`  baseline tier: no BaselineAdminNetworkPolicy (nor Baseline-tier ClusterNetworkPolicy) selects its pods for ${v.direction}; `
      + 'the connection is allowed by default');
  }
  return lines;
}

/** The short form of who decided, for the side's header. */
function decider(v: TierVerdict): string {
  switch (v.tier) {
    case 'admin':
      return `admin tier: ${ruleText(v.decidedBy!)}`;
    case 'baseline':
      return `baseline tier: ${ruleText(v.decidedBy!)}`;
    case 'networkpolicy': {
      const np = v.networkPolicy;
      const by = np.allowed
        ? np.allowedBy.map((m) => `${m.policy.id} spec.${v.direction}[${m.rule.index}]`).join(', ')
        : `isolated by ${np.isolatedBy.map((p) => p.id).join(', ')}, no rule allows it`;
      return `NetworkPolicy tier: ${by}`;
    }
    default:
      return `default: no tier ${v.passedBy ? 'decides after the Pass' : 'denies it'}`;
  }
}

/** `Deny by AdminNetworkPolicy/x (priority 10) spec.ingress[0] 'name' (from[0] namespaces {}; any port)` */
function matchText(m: AdminMatch): string {
  return `${m.rule.action} by ${ruleText(m)} (${m.peer}; ${m.port})`;
}

/** One line per tie: a policy of the deciding one's tier and priority that acts otherwise on the connection. */
function tieLines(ties: readonly AdminMatch[]): string[] {
  return ties.map((tie) => `  tie: ${matchText(tie)} has the same priority; where policies of one tier and priority match one connection `
    + 'the implementation may apply either, this analysis applies them in name order');
}
