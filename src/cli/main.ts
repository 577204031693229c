/**
 * The `netpatterns` command line (internal): `audit`, `explain` and `lint` over Kubernetes
 * manifests. Thin: parses arguments with commander, loads manifests, calls the library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { Reachability, ReachabilityOptions } from '../analysis/reachability';
import { Finding, lint, Severity } from '../lint';
import { InputError } from './errors';
import { firstLine, loadManifests, StdinSource } from './load-manifests';
import { assumptionOptions, jsonObject, NO_ASSUME_HELP, writeAll } from './stream';
import { renderMarkdown, renderMermaid } from '../analysis/_render';
import { renderExposureMarkdown, renderExposureText } from '../analysis/_render-exposure';

/** Exit code: success (and `lint` found no error). */
export const EXIT_OK = 0;
/** Exit code: `lint` found an error-level finding. */
export const EXIT_FINDINGS = 1;
/** Exit code: unusable input or usage (missing file, malformed YAML, unknown workload, bad port). */
export const EXIT_INPUT = 2;

/** Where the CLI reads and writes; the process streams by default. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: StdinSource;
}

const INPUTS_HELP = 'manifest files, directories (searched recursively for *.yaml, *.yml, *.json), or - for stdin';

/**
 * Runs `netpatterns` with `argv` (without the node and script paths) and returns the exit code:
 * 0 fine, 1 `lint` found an error, 2 unusable input. Never throws and never prints a stack trace.
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const out: CliIo = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
  };
  let exitCode = EXIT_OK;
  const program = buildProgram(out, (code) => { exitCode = code; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by outputError.
      return e.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    if (e instanceof InputError) {
      out.stderr.write(`netpatterns: ${e.message}\n`);
      return EXIT_INPUT;
    }
    out.stderr.write(`netpatterns: ${firstLine(e)}\n`);
    return EXIT_INPUT;
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('netpatterns');
  program
    .description('Audit Kubernetes NetworkPolicy reachability and lint Service, Ingress and NetworkPolicy manifests.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`netpatterns: ${s.replace(/^error: /, '').trim()}; see --help\n`),
    })
    .addHelpText('after', [
      '',
      'Exit codes: 0 fine, 1 lint found an error, 2 unusable input (missing file, malformed YAML, unknown workload, bad port);',
      '            diff --fail-on exits 1 when the change adds what it names.',
      '',
      'Examples:',
      '  netpatterns audit k8s/ --format mermaid',
      '  netpatterns audit k8s/ --exposure --format text',
      '  netpatterns explain production/web production/api 8080 k8s/',
      '  netpatterns audit k8s/ --format connlist --no-assume ingress-controller,acme',
      '  git show main:dist/app.k8s.yaml | netpatterns diff - dist/app.k8s.yaml --format markdown',
      '  helm template shop ./chart | netpatterns lint -',
    ].join('\n'));

  program.command('audit')
    .description('show which workload may open a connection to which, on which port, under the NetworkPolicies')
    .argument('<inputs...>', INPUTS_HELP)
    .addOption(new Option('--format <format>', 'output format (json: toJson(), connlist: connections())')
      .choices(['markdown', 'mermaid', 'json', 'connlist', 'text']).default('markdown'))
    .option('--from <workload>', 'only flows from this workload (namespace/name, or namespace/* for a namespace)')
    .option('--to <workload>', 'only flows to this workload (namespace/name, or namespace/* for a namespace)')
    .option('--no-assume <list>', NO_ASSUME_HELP)
    .option('--exposure', 'list exposed workloads instead: reachable from outside the cluster, from every namespace, from labels '
      + 'an unlisted namespace could carry, or not isolated at all, each with the policy and rule (--format text, markdown or json: { findings })')
    .addHelpText('after', '\nconnlist: one line per ordered pair that may connect, over every protocol and port (not only declared container ports),\n'
      + 'outside address ranges as endpoints both ways, e.g.\n'
      + '  0.0.0.0-9.255.255.255 => shop/web[Deployment] : TCP 8080\n'
      + '  shop/web[Deployment] => shop/api[Deployment] : TCP 80,8080-8090,UDP 53')
    .action(async (inputs: string[], options: { format: string; from?: string; to?: string; assume?: string | boolean; exposure?: boolean }) => {
      if (options.exposure && !['text', 'markdown', 'json'].includes(options.format)) {
        throw new InputError(`--exposure prints text, markdown or json, not ${options.format}; use --format text|markdown|json`);
      }
      if (!options.exposure && options.format === 'text') throw new InputError('--format text is for --exposure; audit prints markdown, mermaid, json or connlist');
      const r = await analyze(inputs, io, assumptionOptions(options.assume));
      const sources = select(r.workloads, options.from, '--from');
      const destinations = select(r.workloads, options.to, '--to');
      const filtered = options.from !== undefined || options.to !== undefined;
      if (options.exposure) {
        const picked = [...options.from !== undefined ? sources : [], ...options.to !== undefined ? destinations : []];
        io.stdout.write(exposureOutput(r, options.format, filtered ? picked : undefined));
        return;
      }
      const fromSet = new Set(sources);
      const toSet = new Set(destinations);
      const workloads = filtered ? r.workloads.filter(w => fromSet.has(w) || toSet.has(w)) : r.workloads;
      // Streamed: with every port open the lists are quadratic in the workloads.
      const flows = () => filter(r._flowRecords(), f => !filtered || (fromSet.has(f.from) && toSet.has(f.to)),
        f => ({ from: f.from, to: f.to, port: f.port, protocol: f.protocol }));
      // An outside range (no workload at that end) passes a filter only when that end is not filtered.
      const connections = () => filter(r._connectionRecords(),
        c => !filtered || ((c.fromWorkload ? fromSet.has(c.fromWorkload.id) : options.from === undefined)
          && (c.toWorkload ? toSet.has(c.toWorkload.id) : options.to === undefined)),
        c => ({ from: c.from, to: c.to, conn: c.conn.toString() }));
      if (options.format === 'json') {
        await writeAll(io.stdout, jsonObject([['workloads', workloads, false], ['flows', flows(), true], ['connections', connections(), true]]));
      } else if (options.format === 'connlist') {
        await writeAll(io.stdout, filter(connections(), () => true, c => `${c.from} => ${c.to} : ${c.conn}\n`));
      } else if (options.format === 'mermaid') {
        io.stdout.write(filtered ? renderMermaid(workloads, [...flows()]) : r.toMermaid());
      } else {
        io.stdout.write(filtered ? renderMarkdown(sources, [...flows()], destinations) : r.toMarkdown());
      }
    });

  program.command('explain')
    .description('explain which NetworkPolicies allow or deny a connection, on the egress side of <from> and the ingress side of <to> (exit 0 either way)')
    .argument('<from>', 'the source workload, namespace/name')
    .argument('<to>', 'the destination workload, namespace/name')
    .argument('<port>', 'the destination port, with an optional protocol: 8080, 53/UDP, 5432/tcp')
    .argument('<inputs...>', INPUTS_HELP)
    .option('--no-assume <list>', NO_ASSUME_HELP)
    .action(async (from: string, to: string, portText: string, inputs: string[], options: { assume?: string | boolean }) => {
      const { port, protocol } = parsePort(portText);
      const r = await analyze(inputs, io, assumptionOptions(options.assume));
      requireWorkload(r, from, '<from>');
      requireWorkload(r, to, '<to>');
      io.stdout.write(ensureNewline(r.explain(from, to, port, protocol)));
    });

  program.command('lint')
    .description('find Service, Ingress, NetworkPolicy and pod mistakes; exits 1 when an error-level finding is reported')
    .argument('<inputs...>', INPUTS_HELP)
    .addOption(new Option('--format <format>', 'output format (json is { findings: Finding[] })').choices(['text', 'json']).default('text'))
    .option('--no-assume <list>', NO_ASSUME_HELP)
    .action(async (inputs: string[], options: { format: string; assume?: string | boolean }) => {
      const reachability = assumptionOptions(options.assume);
      const objects = await loadManifests(inputs, io.stdin);
      const findings = lint(objects, { reachability });
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify({ findings }, undefined, 2)}\n`);
      } else {
        io.stdout.write(formatFindings(findings, objects.length));
      }
      setExitCode(findings.some(f => f.severity === Severity.ERROR) ? EXIT_FINDINGS : EXIT_OK);
    });

  program.command('diff')
    .description('show the connections a change adds, removes and changes (ports widened or narrowed), outside address ranges included')
    .argument('<before>', 'the manifests before the change: a file, a directory, or - for stdin')
    .argument('<after>', 'the manifests after the change: a file, a directory, or - for stdin')
    .addOption(new Option('--format <format>', 'output format (markdown is a pull-request comment; json is ConnectionDiff.toJson())')
      .choices(['text', 'markdown', 'json']).default('text'))
    .option('--fail-on <conditions>', 'exit 1 when the change adds connections (added) or new exposure to outside addresses (exposure); comma-separated')
    .option('--no-assume <list>', NO_ASSUME_HELP)
    .addHelpText('after', '\nExample:\n  git show main:dist/app.k8s.yaml | netpatterns diff - dist/app.k8s.yaml --format markdown --fail-on exposure')
    .action(async (before: string, after: string, options: { format: string; failOn?: string; assume?: string | boolean }) => {
      const failOn = parseFailOn(options.failOn);
      const assume = assumptionOptions(options.assume);
      if (before === '-' && after === '-') throw new InputError('<before> and <after> cannot both be - (stdin)');
      const diff = (await analyze([before], io, assume, 'before')).diff(await analyze([after], io, assume, 'after'));
      if (options.format === 'json') io.stdout.write(`${JSON.stringify(diff.toJson(), undefined, 2)}\n`);
      else if (options.format === 'markdown') io.stdout.write(diff.toMarkdown());
      else io.stdout.write(diff.toText());
      const fails = (failOn.has('added') && diff.addsConnections) || (failOn.has('exposure') && diff.addsExposure);
      setExitCode(fails ? EXIT_FINDINGS : EXIT_OK);
    });

  return program;
}

/** `audit --exposure`: the findings of the selected workloads (all when undefined) in `format`. */
function exposureOutput(r: Reachability, format: string, workloads: readonly string[] | undefined): string {
  const findings = r.exposure().findings.filter((f) => workloads === undefined || workloads.includes(f.workload));
  const count = workloads === undefined ? r.workloads.length : new Set(workloads).size;
  if (format === 'json') return `${JSON.stringify({ findings }, undefined, 2)}\n`;
  return format === 'text' ? renderExposureText(findings, count) : renderExposureMarkdown(findings, count);
}

/** Loads the manifests and analyzes them; analyzer problems go to stderr as notes (`label` names the side of a diff). */
async function analyze(inputs: string[], io: CliIo, options: ReachabilityOptions = {}, label?: string): Promise<Reachability> {
  const objects = await loadManifests(inputs, io.stdin);
  const r = Reachability.fromManifests(objects, options);
  for (const problem of r.problems) io.stderr.write(`netpatterns: note: ${label ? `${label}: ` : ''}${problem}\n`);
  return r;
}

/** `added,exposure` → the set; unknown names are input errors. */
function parseFailOn(value: string | undefined): Set<string> {
  const conditions = ['added', 'exposure'];
  const names = (value ?? '').split(',').map(s => s.trim()).filter(s => s !== '');
  if (value !== undefined && names.length === 0) throw new InputError(`--fail-on: give ${conditions.join(' and/or ')}, comma-separated`);
  for (const name of names) {
    if (!conditions.includes(name)) throw new InputError(`--fail-on: unknown condition '${name}'; give ${conditions.join(' and/or ')}, comma-separated`);
  }
  return new Set(names);
}

/** The items of `items` that pass `keep`, mapped, lazily. */
function* filter<T, U>(items: Iterable<T>, keep: (item: T) => boolean, map: (item: T) => U): Generator<U> {
  for (const item of items) if (keep(item)) yield map(item);
}

/**
 * The text report: one line per finding, `<severity>  <rule>  <object>  <message>`, then a
 * summary line.
 */
export function formatFindings(findings: readonly Finding[], objectCount: number): string {
  const lines = findings.map(f => `${f.severity}  ${f.rule}  ${f.object}  ${f.message}`);
  const errors = findings.filter(f => f.severity === Severity.ERROR).length;
  const warnings = findings.length - errors;
  const checked = `${objectCount} object${objectCount === 1 ? '' : 's'} checked`;
  lines.push(findings.length === 0
    ? `no findings (${checked})`
    : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${checked})`);
  return lines.join('\n') + '\n';
}

/** `8080`, `53/UDP` → port and protocol. */
export function parsePort(text: string): { port: number; protocol: string } {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text);
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new InputError(`bad port '${text}'; give <port>[/<protocol>] with a port in 1-65535 and TCP, UDP or SCTP, e.g. 8080 or 53/UDP`);
  }
  return { port, protocol: (m[2] ?? 'TCP').toUpperCase() };
}

/** The workloads a `--from`/`--to` value stands for (all when absent). */
function select(workloads: readonly string[], value: string | undefined, option: string): string[] {
  if (value === undefined) return [...workloads];
  const picked = value.endsWith('/*')
    ? workloads.filter(w => w.startsWith(value.slice(0, -1)))
    : workloads.filter(w => w === value);
  if (picked.length === 0) throw new InputError(`unknown workload '${value}' for ${option}; ${known(workloads)}`);
  return picked;
}

function requireWorkload(r: Reachability, value: string, argument: string): void {
  if (!r.workloads.includes(value)) throw new InputError(`unknown workload '${value}' for ${argument}; ${known(r.workloads)}`);
}

function known(workloads: readonly string[]): string {
  if (workloads.length === 0) return 'the manifests hold no workloads';
  const shown = workloads.slice(0, 8).join(', ');
  return `workloads are named namespace/name: ${shown}${workloads.length > 8 ? ` (and ${workloads.length - 8} more)` : ''}`;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The package version, from the package.json next to `lib/` (or `src/`). */
function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
