/**
 * What the API server would reject, and objects the analysis cannot use: reported in `problems`,
 * never evaluated (an invalid policy neither isolates nor allows).
 */
import { deployment, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

const web = deployment('default', 'web', { app: 'web' });
const client = deployment('default', 'client', { app: 'client' });

/** A deny-all-ingress policy for every pod of default, with one rule that carries the defect. */
function isolatingWith(rule: any, extra: any = {}): any {
  return policy('default', 'bad', { podSelector: {}, policyTypes: ['Ingress'], ingress: [rule], ...extra });
}

describe('Reachability problems: invalid NetworkPolicies', () => {
  test.each([
    ['an invalid CIDR', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }),
      "spec.ingress[0].from[0].ipBlock.cidr: '10.0.0.0/33' is not a valid CIDR"],
    ['a missing CIDR', isolatingWith({ from: [{ ipBlock: { except: ['10.0.0.0/24'] } }] }),
      'spec.ingress[0].from[0].ipBlock.cidr: is required'],
    ['an except outside the cidr', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }),
      "spec.ingress[0].from[0].ipBlock.except[0]: '10.1.0.0/24' must be a strict subset of cidr '10.0.0.0/16'"],
    ['an except equal to the cidr', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }] }),
      'must be a strict subset of cidr'],
    ['an IPv6 except in an IPv4 cidr', isolatingWith({ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['fc00::/7'] } }] }),
      "except[0]: 'fc00::/7' must be a strict subset"],
    ['an invalid except', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.300/24'] } }] }),
      "except[0]: '10.0.0.300/24' is not a valid CIDR"],
    ['endPort below port', isolatingWith({ ports: [{ port: 8080, endPort: 8000 }] }),
      'spec.ingress[0].ports[0].endPort: 8000 must be greater than or equal to port 8080'],
    ['endPort with a named port', isolatingWith({ ports: [{ port: 'http', endPort: 9000 }] }),
      "spec.ingress[0].ports[0].endPort: may not be specified when port is a named port ('http')"],
    ['endPort without port', isolatingWith({ ports: [{ endPort: 9000 }] }),
      'endPort: may not be specified when port is not specified'],
    ['endPort out of range', isolatingWith({ ports: [{ port: 80, endPort: 70000 }] }),
      'endPort: 70000 is not a port number 1-65535'],
    ['port 0', isolatingWith({ ports: [{ port: 0 }] }), 'spec.ingress[0].ports[0].port: 0 is not a port number 1-65535'],
    ['an uppercase port name', isolatingWith({ ports: [{ port: 'HTTP' }] }), "port: 'HTTP' is not a valid port name"],
    ['a port name with a double hyphen', isolatingWith({ ports: [{ port: 'web--api' }] }), "port: 'web--api' is not a valid port name"],
    ['a port given as a numeric string', isolatingWith({ ports: [{ port: '8080' }] }), "port: '8080' is not a valid port name"],
    ['a lowercase protocol', isolatingWith({ ports: [{ protocol: 'tcp', port: 80 }] }),
      "spec.ingress[0].ports[0].protocol: 'tcp' is not one of TCP, UDP, SCTP"],
    ['ICMP', isolatingWith({ ports: [{ protocol: 'ICMP' }] }), "protocol: 'ICMP' is not one of TCP, UDP, SCTP"],
    ['an unknown policyType', isolatingWith({}, { policyTypes: ['Ingres'] }), "spec.policyTypes[0]: 'Ingres' is not one of 'Ingress', 'Egress'"],
    ['three policyTypes', isolatingWith({}, { policyTypes: ['Ingress', 'Egress', 'Ingress'] }),
      'spec.policyTypes: may not specify more than two policyTypes'],
    ['ipBlock with a podSelector in one peer', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }),
      'spec.ingress[0].from[0]: may not specify both ipBlock and another peer'],
    ['ipBlock with a namespaceSelector in one peer', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] }),
      'may not specify both ipBlock and another peer'],
    ['an empty peer', isolatingWith({ from: [{}] }), 'spec.ingress[0].from[0]: must specify a peer'],
    ['an unknown selector operator', isolatingWith({ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] } }] }),
      "spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: 'Equals' is not one of In, NotIn, Exists, DoesNotExist"],
    ['In without values', isolatingWith({ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }] }),
      "matchExpressions[0].values: must be specified when operator is 'In' or 'NotIn'"],
    ['NotIn with an empty list', isolatingWith({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: [] }] } }] }),
      "namespaceSelector.matchExpressions[0].values: must be specified when operator is 'In' or 'NotIn'"],
    ['Exists with values', isolatingWith({}, { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] } }),
      "spec.podSelector.matchExpressions[0].values: may not be specified when operator is 'Exists' or 'DoesNotExist'"],
    ['DoesNotExist with values', isolatingWith({ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['x'] }] } }] }),
      "may not be specified when operator is 'Exists' or 'DoesNotExist'"],
    ['an invalid label key', isolatingWith({ from: [{ podSelector: { matchLabels: { 'bad key': 'x' } } }] }), "matchLabels: 'bad key' is not a valid label key"],
    ['an invalid label value', isolatingWith({ from: [{ podSelector: { matchLabels: { app: 'not valid!' } } }] }), "matchLabels.app: 'not valid!' is not a valid label value"],
    ['ingress that is not a list', isolatingWith({}, { ingress: { from: [] } }), 'spec.ingress: must be a list of rules, got an object'],
    // wrong types, which the API server's decoding rejects
    ['a spec that is not an object', { ...isolatingWith({}), spec: 'deny' }, "spec: must be an object, got 'deny'"],
    ['policyTypes that is not a list', isolatingWith({}, { policyTypes: 'Ingress' }), "spec.policyTypes: must be a list of 'Ingress' and 'Egress', got 'Ingress'"],
    ['a rule that is not an object', isolatingWith('all'), "spec.ingress[0]: must be an object, got 'all'"],
    ['from that is not a list', isolatingWith({ from: { podSelector: {} } }), 'spec.ingress[0].from: must be a list of peers, got an object'],
    ['a peer that is not an object', isolatingWith({ from: ['web'] }), "spec.ingress[0].from[0]: must be an object, got 'web'"],
    ['ports that is not a list', isolatingWith({ ports: 80 }), 'spec.ingress[0].ports: must be a list of ports, got 80'],
    ['a port entry that is not an object', isolatingWith({ ports: [80] }), 'spec.ingress[0].ports[0]: must be an object with protocol, port and endPort, got 80'],
    ['a port that is neither number nor name', isolatingWith({ ports: [{ port: true }] }), 'spec.ingress[0].ports[0].port: must be a number or a port name, got true'],
    ['an ipBlock that is not an object', isolatingWith({ from: [{ ipBlock: '10.0.0.0/8' }] }),
      "spec.ingress[0].from[0].ipBlock: must be an object with cidr and except, got '10.0.0.0/8'"],
    ['except that is not a list', isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: '10.1.0.0/16' } }] }),
      "spec.ingress[0].from[0].ipBlock.except: must be a list of CIDRs, got '10.1.0.0/16'"],
    ['a selector that is not an object', isolatingWith({}, { podSelector: 'app=web' }), "spec.podSelector: must be a label selector object, got 'app=web'"],
    ['matchLabels that is not a map', isolatingWith({}, { podSelector: { matchLabels: ['app'] } }), 'spec.podSelector.matchLabels: must be a map of strings, got a list'],
    ['a matchLabels value that is not a string', isolatingWith({}, { podSelector: { matchLabels: { replicas: 3 } } }),
      'spec.podSelector.matchLabels.replicas: must be a string, got 3'],
    ['matchExpressions that is not a list', isolatingWith({}, { podSelector: { matchExpressions: { key: 'app' } } }),
      'spec.podSelector.matchExpressions: must be a list, got an object'],
    ['an expression that is not an object', isolatingWith({}, { podSelector: { matchExpressions: ['app in (web)'] } }),
      "spec.podSelector.matchExpressions[0]: must be an object with key, operator and values, got 'app in (web)'"],
    ['an expression without a key', isolatingWith({}, { podSelector: { matchExpressions: [{ operator: 'Exists' }] } }),
      'spec.podSelector.matchExpressions[0].key: nothing is not a valid label key'],
    ['values that is not a list', isolatingWith({}, { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: 'web' }] } }),
      'spec.podSelector.matchExpressions[0].values: must be a list of strings'],
  ])('reports %s and skips the policy', (_name, bad, message) => {
    // GIVEN a policy that would isolate every pod of default, with one defect
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    // THEN the problem names the policy, the field and the rule
    const name = (bad as any).metadata.name;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain(`NetworkPolicy/default/${name}: `);
    expect(r.problems[0]).toContain(message as string);
    expect(r.problems[0]).toMatch(/the policy is not evaluated$/);
    // AND the policy does not isolate anything
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });

  test('reports an invalid name and evaluates the policy as written (the name changes nothing it selects or allows)', () => {
    // GIVEN the isolating policy under a name the API server refuses (np-guard evaluates such policies too)
    const bad = { ...isolatingWith({ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080 }] }), metadata: { name: 'allow_client', namespace: 'default' } };
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    // THEN the problem names the name and the rule
    expect(r.problems).toEqual([
      "NetworkPolicy/default/allow_client: metadata.name: 'allow_client' is not a valid name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.'); the API server refuses the policy, evaluated here as written",
    ]);
    // AND the policy isolates and allows as written
    expect(r.canReach('default/client', 'default/web', 8080)).toBe(true);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(false);
    expect(r.canReach('default/web', 'default/client', 8080)).toBe(false);
  });

  test('a policy with a bad name and another defect is not evaluated', () => {
    const bad = { ...isolatingWith({ from: [{}] }), metadata: { name: 'Bad_Name', namespace: 'default' } };
    const r = Reachability.fromManifests([web, client, bad], NOTHING_ASSUMED);
    expect(r.problems).toHaveLength(2);
    expect(r.problems.every(p => p.endsWith('the policy is not evaluated'))).toBe(true);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
  });

  test('the same policy without the defect is evaluated', () => {
    const r = Reachability.fromManifests([web, client, isolatingWith({ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }] })], NOTHING_ASSUMED);
    expect(r.problems).toEqual([]);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(false);
  });

  test('explain names the invalid policies of the namespaces involved', () => {
    const r = Reachability.fromManifests([web, client, isolatingWith({ from: [{}] })], NOTHING_ASSUMED);
    expect(r.explain('default/client', 'default/web', 80)).toContain('note: NetworkPolicy default/bad is invalid and was not evaluated (see problems)');
  });
});

/** A Deployment 'x' whose container ports are given as they are, not as objects. */
function rawPorts(ports: unknown[]): any {
  const d = deployment('default', 'x', { app: 'x' }, []);
  d.spec.template.spec.containers[0].ports = ports;
  return d;
}

describe('Reachability problems: unusable objects', () => {
  test.each([
    ['an object without kind', [{ apiVersion: 'v1', metadata: { name: 'x' } }], 'object #0: is not a Kubernetes object: it has no kind; skipped'],
    ['an object without apiVersion (not evaluated, even a NetworkPolicy)', [{ kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {} } }],
      'object #0: is a NetworkPolicy without apiVersion, which kubectl refuses ("apiVersion not set"); skipped'],
    ['a value that is not an object', ['kind: Deployment'], "object #0: is not a Kubernetes object: expected a mapping with apiVersion and kind, got the string 'kind: Deployment'; skipped"],
    ['a workload without a name', [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: {} }], 'Deployment/default/(unnamed): object #0: a Deployment without metadata.name, which the API server rejects; skipped'],
    ['a workload without a name after a list (its input position)', [
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }] },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: {} },
    ], 'Deployment/default/(unnamed): object #1: a Deployment without metadata.name, which the API server rejects; skipped'],
    ['a list item without a name (its place in the list)', [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: {} } },
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }] },
    ], 'ConfigMap/default/(unnamed): object #1 items[0]: a ConfigMap without metadata.name, which the API server rejects; skipped'],
    ['a workload without a pod template', [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: {} }],
      'Deployment/default/x: has no pod template at spec.template; skipped'],
    ['a CronJob without a job template', [{ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' }, spec: { schedule: '@daily' } }],
      'CronJob/default/x: has no pod template at spec.jobTemplate.spec.template; skipped'],
    ['a container port out of range', [deployment('default', 'x', { app: 'x' }, [70000])],
      'Deployment/default/x: spec.template.spec.containers[0].ports[0].containerPort: 70000 is not a port number 1-65535; ignored'],
    ['a container port with an unknown protocol', [deployment('default', 'x', { app: 'x' }, [{ port: 80, protocol: 'ICMP' }])],
      "containers[0].ports[0].protocol: 'ICMP' is not one of TCP, UDP, SCTP; ignored"],
    ['a container port with an invalid name', [deployment('default', 'x', { app: 'x' }, [{ port: 80, name: 'Http_Port' }])],
      "containers[0].ports[0].name: 'Http_Port' is not a valid port name"],
    ['an invalid pod label', [deployment('default', 'x', { 'app': 'x', 'bad key': 'y' })],
      "Deployment/default/x: spec.template.metadata.labels: label bad key='y' is not a valid label; ignored"],
    ['an object defined twice', [web, web], 'Deployment/default/web: defined more than once; the last definition is used (as kubectl apply would)'],
    ['two kinds with one workload name', [web, { ...web, kind: 'StatefulSet' }],
      "StatefulSet/default/web: workload name 'default/web' is used by 2 kinds (Deployment, StatefulSet); they are analyzed as 'default/web[Deployment]', 'default/web[StatefulSet]'"],
    ['a Calico NetworkPolicy', [{ ...policy('default', 'calico', { selector: 'all()' }), apiVersion: 'projectcalico.org/v3' }],
      "NetworkPolicy/default/calico: apiVersion 'projectcalico.org/v3' is not networking.k8s.io/v1"],
    ['a container port that is not an object', [rawPorts([8080])],
      'Deployment/default/x: spec.template.spec.containers[0].ports[0]: must be an object with containerPort; ignored'],
    ['pod labels that are not a map', [{ ...deployment('default', 'x', {}), spec: { template: { metadata: { labels: 'app=x' }, spec: {} } } }],
      "Deployment/default/x: spec.template.metadata.labels: must be a map of strings, got 'app=x'; labels ignored"],
    ['a CiliumNetworkPolicy', [{ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'c', namespace: 'default' }, spec: {} }],
      'CiliumNetworkPolicy/default/c: only networking.k8s.io/v1 NetworkPolicy is evaluated; the rules of this CiliumNetworkPolicy are not taken into account'],
    // cluster-scoped: named without a namespace
    ['an Antrea ClusterNetworkPolicy', [{ apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name: 'acnp' }, spec: {} }],
      'ClusterNetworkPolicy/acnp: only networking.k8s.io/v1 NetworkPolicy is evaluated; the rules of this ClusterNetworkPolicy are not taken into account'],
    ['a CiliumClusterwideNetworkPolicy', [{ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'c' }, spec: {} }],
      'CiliumClusterwideNetworkPolicy/c: only networking.k8s.io/v1 NetworkPolicy is evaluated'],
  ])('reports %s', (_name, objects, message) => {
    const r = Reachability.fromManifests(objects as any[], NOTHING_ASSUMED);
    expect(r.problems).toEqual([expect.stringContaining(message as string)]);
  });

  test('analyzes workloads of two kinds sharing one name, each named with its kind', () => {
    // GIVEN a Deployment and a StatefulSet named web (Kubernetes names objects per kind), and a headless Service for the StatefulSet
    const db = { ...deployment('shop', 'web', { app: 'webdb' }, [5432]), kind: 'StatefulSet' };
    const objects = [
      deployment('shop', 'web', { app: 'web' }, [8080]),
      db,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIP: 'None', selector: { app: 'webdb' }, ports: [{ port: 5432 }] } },
      policy('shop', 'db', { podSelector: { matchLabels: { app: 'webdb' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ];
    const r = Reachability.fromManifests(objects, NOTHING_ASSUMED);
    // THEN both are analyzed, told apart by kind
    expect(r.workloads).toEqual(['shop/web[Deployment]', 'shop/web[StatefulSet]']);
    expect(r.canReach('shop/web[Deployment]', 'shop/web[StatefulSet]', 5432)).toBe(true);
    expect(r.canReach('shop/web[StatefulSet]', 'shop/web[StatefulSet]', 5432)).toBe(false);
    expect(r.connections()).toContain('shop/web[Deployment] => shop/web[StatefulSet] : All Connections');
    // AND the plain name is refused, naming both
    expect(() => r.canReach('shop/web', 'shop/web[StatefulSet]', 5432)).toThrow(
      "Reachability.canReach: workload name 'shop/web' for 'from' is used by 2 kinds; name one with its kind: 'shop/web[Deployment]', 'shop/web[StatefulSet]'");
    // AND the names lists print are taken back as input
    expect(r.canReach('shop/web[Deployment]', 'shop/web[StatefulSet]', 5432)).toBe(true);
    expect(Reachability.fromManifests([deployment('shop', 'api', { app: 'api' }, [80])], NOTHING_ASSUMED).canReach('shop/api[Deployment]', 'shop/api', 80)).toBe(true);
    // AND an extra workload cannot take the shared plain name
    expect(() => Reachability.fromManifests(objects, { ...NOTHING_ASSUMED, extraWorkloads: [{ namespace: 'shop', name: 'web', podLabels: { app: 'gw' } }] }))
      .toThrow("Reachability.fromManifests: extraWorkloads[0]: 'shop/web' is already a workload (Deployment); give extra workloads names the manifests do not use");
    // AND lint finds the pods the headless Service selects (it reported a selector matching nothing, an error)
    expect(lint(objects).filter(f => f.rule === 'service-selector-matches-nothing')).toEqual([]);
  });

  test('reports a manifest workload that holds the name of an assumed one', () => {
    const r = Reachability.fromManifests([deployment('kube-system', 'coredns', { app: 'dns' })]);
    expect(r.problems).toEqual(["assumeDns: 'kube-system/coredns' is a Deployment in the manifests whose pods do not carry k8s-app=kube-dns; nothing assumed"]);
    expect(r.workloads).toEqual(['kube-system/coredns']);
  });

  test('objects of other kinds are ignored without a problem', () => {
    const r = Reachability.fromManifests([web,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: {} }], NOTHING_ASSUMED);
    expect(r.problems).toEqual([]);
    expect(r.workloads).toEqual(['default/web']);
  });

  test('a later definition of a policy replaces the earlier one', () => {
    const r = Reachability.fromManifests([web, client,
      policy('default', 'p', { podSelector: {}, ingress: [] }),
      policy('default', 'p', { podSelector: {}, ingress: [{}] })], NOTHING_ASSUMED);
    expect(r.canReach('default/client', 'default/web', 80)).toBe(true);
    expect(r.problems).toEqual(['NetworkPolicy/default/p: defined more than once; the last definition is used (as kubectl apply would)']);
  });
});
