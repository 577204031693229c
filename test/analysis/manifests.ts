/**
 * Builders for the analyzer tests: small Kubernetes objects as plain JSON, a fixture loader, and
 * the x/y/z cluster of the upstream NetworkPolicy e2e tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Reachability } from '../../src/analysis';

export type Labels = { [key: string]: string };
export type PortSpec = number | { port: number; protocol?: string; name?: string };

export function namespace(name: string, labels: Labels = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function containerPorts(ports: readonly PortSpec[]): any[] {
  return ports.map((p) => (typeof p === 'number'
    ? { containerPort: p }
    : { containerPort: p.port, ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.name ? { name: p.name } : {}) }));
}

function podSpec(ports: readonly PortSpec[]): any {
  return { containers: [{ name: 'main', image: 'registry.example.com/app:1.0.0', ports: containerPorts(ports) }] };
}

/** A Deployment (`namespace` undefined: no metadata.namespace). */
export function deployment(ns: string | undefined, name: string, labels: Labels, ports: readonly PortSpec[] = [80]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(ports) } },
  };
}

export function pod(ns: string, name: string, labels: Labels, ports: readonly PortSpec[] = [80]): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: podSpec(ports) };
}

export function policy(ns: string | undefined, name: string, spec: any): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
    spec,
  };
}

/** Every object of every YAML file in test/fixtures/analysis/<scenario>, in file-name order. */
export function fixture(scenario: string): any[] {
  const dir = path.join(__dirname, '..', 'fixtures', 'analysis', scenario);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJSON()));
}

/** Options that assume nothing: only what the manifests hold. */
export const NOTHING_ASSUMED = { assumeDns: false, assumeIngressController: false, assumeAcmeSolvers: false };

/**
 * The cluster of the upstream e2e tests (test/e2e/network/netpol, cyclonus): namespaces x, y, z
 * (label ns=<name>), in each a pod a, b, c (label pod=<name>) serving 80 and 81 on TCP, UDP and
 * SCTP, with port names `serve-80-tcp` etc.
 */
export function xyzCluster(): any[] {
  const ports: PortSpec[] = [];
  for (const port of [80, 81]) {
    for (const protocol of ['TCP', 'UDP', 'SCTP']) ports.push({ port, protocol, name: `serve-${port}-${protocol.toLowerCase()}` });
  }
  const out: any[] = [];
  for (const ns of ['x', 'y', 'z']) {
    out.push(namespace(ns, { ns }));
    for (const p of ['a', 'b', 'c']) out.push(pod(ns, p, { pod: p }, ports));
  }
  return out;
}

export const XYZ = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];

/**
 * The reachability matrix of the x/y/z pods on one port, one row per source: `.` allowed, `X`
 * denied — the notation of the upstream e2e truth tables.
 */
export function truthTable(r: Reachability, port: number, protocol = 'TCP'): string {
  const header = `     ${XYZ.join(' ')}`;
  const rows = XYZ.map((from) => `${from.padEnd(4)} ${XYZ.map((to) => (r.canReach(from, to, port, protocol) ? ' . ' : ' X ')).join(' ')}`);
  return [header, ...rows].join('\n');
}

/** A truth table where exactly the given pairs are allowed (`from>to`) or denied. */
export function expectedTable(rule: (from: string, to: string) => boolean): string {
  const header = `     ${XYZ.join(' ')}`;
  const rows = XYZ.map((from) => `${from.padEnd(4)} ${XYZ.map((to) => (rule(from, to) ? ' . ' : ' X ')).join(' ')}`);
  return [header, ...rows].join('\n');
}
