/**
 * The upstream NetworkPolicy e2e scenarios (test/e2e/network/netpol, cyclonus): pods a, b, c in
 * namespaces x, y, z, each serving 80 and 81 on TCP, UDP and SCTP. Each case compares the whole
 * 9×9 reachability matrix on one port with the expected truth table (`.` allowed, `X` denied).
 */
import { expectedTable, NOTHING_ASSUMED, policy, truthTable, xyzCluster } from './manifests';
import { Reachability } from '../../src/analysis';

const ns = (id: string) => id.split('/')[0];
const podOf = (id: string) => id.split('/')[1];
const xa = { podSelector: { matchLabels: { pod: 'a' } } };

interface Case {
  readonly name: string;
  readonly policies: any[];
  readonly port: number;
  readonly protocol?: string;
  /** Whether from may reach to. */
  readonly allowed: (from: string, to: string) => boolean;
}

const cases: Case[] = [
  {
    name: 'default-deny-ingress in x',
    policies: [policy('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })],
    port: 80,
    allowed: (_f, to) => ns(to) !== 'x',
  },
  {
    name: 'default-deny-all in x',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    port: 80,
    allowed: (from, to) => ns(from) !== 'x' && ns(to) !== 'x',
  },
  {
    name: 'x/a allows ingress from pods within its namespace with pod=b',
    policies: [policy('x', 'allow-b', { ...xa, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || from === 'x/b',
  },
  {
    name: 'x/a allows ingress only from namespace y (namespaceSelector)',
    policies: [policy('x', 'allow-y', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y',
  },
  {
    name: 'x/a allows ingress from namespace y via the default kubernetes.io/metadata.name label',
    policies: [policy('x', 'allow-y', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }] }] })],
    port: 81,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y',
  },
  {
    name: 'x/a allows ingress from pods matching pod In (b) (podSelector matchExpressions)',
    policies: [policy('x', 'allow-expr', { ...xa, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }] })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || from === 'x/b',
  },
  {
    name: 'x/a allows ingress from namespaces ns NotIn (x) (namespaceSelector matchExpressions)',
    policies: [policy('x', 'allow-expr', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] } }] }] })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || ns(from) !== 'x',
  },
  {
    name: 'x/a allows ingress from namespace y OR pod b of x (two peers)',
    policies: [policy('x', 'allow-or', {
      ...xa,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }, { podSelector: { matchLabels: { pod: 'b' } } }] }],
    })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y' || from === 'x/b',
  },
  {
    name: 'x/a allows ingress from pods b,c in namespaces y,z (one peer: AND)',
    policies: [policy('x', 'allow-and', {
      ...xa,
      ingress: [{
        from: [{
          namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'In', values: ['y', 'z'] }] },
          podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
        }],
      }],
    })],
    port: 80,
    allowed: (from, to) => to !== 'x/a' || (ns(from) !== 'x' && podOf(from) !== 'a'),
  },
  {
    name: 'x/a allows ingress from namespace y on port 81 only (checked on 81)',
    policies: [policy('x', 'allow-81', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 81 }] }] })],
    port: 81,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y',
  },
  {
    name: 'x/a allows ingress from namespace y on port 81 only (checked on 80)',
    policies: [policy('x', 'allow-81', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 81 }] }] })],
    port: 80,
    allowed: (_f, to) => to !== 'x/a',
  },
  {
    name: 'stacked policies on x/a: 80 from y, 81 from z (checked on 81)',
    policies: [
      policy('x', 'allow-80-y', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80 }] }] }),
      policy('x', 'allow-81-z', { ...xa, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }], ports: [{ port: 81 }] }] }),
    ],
    port: 81,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'z',
  },
  {
    name: 'x/a allows ingress on the named port serve-81-tcp from everywhere (checked on 81)',
    policies: [policy('x', 'allow-named', { ...xa, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
    port: 81,
    allowed: () => true,
  },
  {
    name: 'x/a allows ingress on the named port serve-81-tcp from everywhere (checked on 80)',
    policies: [policy('x', 'allow-named', { ...xa, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })],
    port: 80,
    allowed: (_f, to) => to !== 'x/a',
  },
  {
    name: 'x/a allows ingress from namespace y on the named port serve-80-udp over UDP',
    policies: [policy('x', 'allow-named-udp', {
      ...xa,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 'serve-80-udp', protocol: 'UDP' }] }],
    })],
    port: 80,
    protocol: 'UDP',
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y',
  },
  {
    name: 'x/a allows ingress on TCP, any port (checked on 81/TCP)',
    policies: [policy('x', 'allow-tcp', { ...xa, ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    port: 81,
    allowed: () => true,
  },
  {
    name: 'x/a allows ingress on TCP, any port (checked on 81/UDP)',
    policies: [policy('x', 'allow-tcp', { ...xa, ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    port: 81,
    protocol: 'UDP',
    allowed: (_f, to) => to !== 'x/a',
  },
  {
    name: 'x/a allows ingress only on UDP 81: TCP 81 is denied',
    policies: [policy('x', 'allow-udp', { ...xa, ingress: [{ ports: [{ protocol: 'UDP', port: 81 }] }] })],
    port: 81,
    allowed: (_f, to) => to !== 'x/a',
  },
  {
    name: 'x/a allows ingress on SCTP 80 (checked on 80/SCTP)',
    policies: [policy('x', 'allow-sctp', { ...xa, ingress: [{ ports: [{ protocol: 'SCTP', port: 80 }] }] })],
    port: 80,
    protocol: 'SCTP',
    allowed: () => true,
  },
  {
    name: 'x/a allows ingress on a range 80-81 from namespace y (checked on 81)',
    policies: [policy('x', 'allow-range', {
      ...xa,
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80, endPort: 81 }] }],
    })],
    port: 81,
    allowed: (from, to) => to !== 'x/a' || ns(from) === 'y',
  },
  {
    name: 'x/a allow-all ingress takes precedence over a narrower policy',
    policies: [
      policy('x', 'allow-b-80', { ...xa, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }], ports: [{ port: 80 }] }] }),
      policy('x', 'allow-all', { ...xa, ingress: [{}] }),
    ],
    port: 81,
    allowed: () => true,
  },
  {
    name: 'x/a denies all egress',
    policies: [policy('x', 'deny-egress', { ...xa, policyTypes: ['Egress'] })],
    port: 80,
    allowed: (from) => from !== 'x/a',
  },
  {
    name: 'default-deny-egress in x',
    policies: [policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })],
    port: 80,
    allowed: (from) => ns(from) !== 'x',
  },
  {
    name: 'x/a allows egress to namespace z only',
    policies: [policy('x', 'egress-z', { ...xa, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }] })],
    port: 80,
    allowed: (from, to) => from !== 'x/a' || ns(to) === 'z',
  },
  {
    name: 'an egress rule without policyTypes isolates x/a for ingress too (policyTypes defaulting)',
    policies: [policy('x', 'egress-z', { ...xa, egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'z' } } }] }] })],
    port: 80,
    allowed: (from, to) => (from !== 'x/a' || ns(to) === 'z') && to !== 'x/a',
  },
  {
    name: 'x/a allows egress to y/a only (namespaceSelector AND podSelector)',
    policies: [policy('x', 'egress-ya', {
      ...xa,
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'a' } } }] }],
    })],
    port: 80,
    allowed: (from, to) => from !== 'x/a' || to === 'y/a',
  },
  {
    name: 'x/a allows egress on the named port serve-80-tcp (checked on 80): resolved on each destination',
    policies: [policy('x', 'egress-named', { ...xa, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })],
    port: 80,
    allowed: () => true,
  },
  {
    name: 'x/a allows egress on the named port serve-80-tcp (checked on 81)',
    policies: [policy('x', 'egress-named', { ...xa, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })],
    port: 81,
    allowed: (from) => from !== 'x/a',
  },
  {
    name: 'x/a allow-all egress takes precedence over deny-all egress',
    policies: [
      policy('x', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
      policy('x', 'allow-egress', { ...xa, policyTypes: ['Egress'], egress: [{}] }),
    ],
    port: 80,
    allowed: (from) => ns(from) !== 'x' || from === 'x/a',
  },
  {
    name: 'the client side denies egress even though the server allows the ingress',
    policies: [
      policy('y', 'allow-from-xa', {
        ...xa,
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'x' } }, podSelector: { matchLabels: { pod: 'a' } } }] }],
      }),
      policy('x', 'deny-egress', { ...xa, policyTypes: ['Egress'] }),
    ],
    port: 80,
    allowed: (from, to) => from !== 'x/a' && to !== 'y/a',
  },
  {
    name: 'ingress and egress specified together on x/a',
    policies: [policy('x', 'both', {
      ...xa,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }],
    })],
    port: 80,
    allowed: (from, to) => (to !== 'x/a' || from === 'x/b') && (from !== 'x/a' || ns(to) === 'y'),
  },
];

describe('Reachability on the upstream e2e truth tables', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // GIVEN the x/y/z cluster and the case's policies
    const r = Reachability.fromManifests([...xyzCluster(), ...c.policies], NOTHING_ASSUMED);
    expect(r.problems).toEqual([]);
    // WHEN the whole matrix is computed on the port THEN it equals the expected truth table
    expect(truthTable(r, c.port, c.protocol)).toEqual(expectedTable(c.allowed));
  });

  test.each(cases.map((c) => [c.name, c] as const))('flows agree with canReach: %s', (_name, c) => {
    // GIVEN the same case WHEN flows are listed THEN the flows on the case's port are exactly the
    // allowed pairs of its truth table
    const r = Reachability.fromManifests([...xyzCluster(), ...c.policies], NOTHING_ASSUMED);
    const protocol = c.protocol ?? 'TCP';
    const pairs = r.toJson().flows.filter((f) => f.port === c.port && f.protocol === protocol).map((f) => `${f.from}>${f.to}`);
    const expected: string[] = [];
    for (const from of r.workloads) for (const to of r.workloads) if (c.allowed(from, to)) expected.push(`${from}>${to}`);
    expect(pairs).toEqual(expected);
  });
});

describe('Reachability on the upstream e2e CIDR cases', () => {
  const r = Reachability.fromManifests([...xyzCluster(),
    policy('x', 'egress-cidr', {
      ...xa,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24', except: ['192.0.2.128/25'] } }] }],
    })], NOTHING_ASSUMED);

  test.each([
    ['x/a', '192.0.2.10', 80, 'TCP', true],
    ['x/a', '192.0.2.200', 80, 'TCP', false],
    ['x/a', '198.51.100.1', 80, 'TCP', false],
    ['x/b', '198.51.100.1', 80, 'TCP', true],
  ])('%s reaches %s on %d/%s: %s', (from, address, port, protocol, allowed) => {
    expect(r.canReachAddress(from, address, port, protocol)).toBe(allowed);
  });

  test.each([
    ['x/a', 'y/a', 80, 'TCP', false], // the ipBlock does not match pods
    ['x/b', 'x/a', 80, 'TCP', true],
  ])('%s -> %s on %d/%s allowed: %s', (from, to, port, protocol, allowed) => {
    expect(r.canReach(from, to, port, protocol)).toBe(allowed);
  });
});
