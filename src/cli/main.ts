/**
 * The `netpatterns` command line (internal): `audit`, `explain` and `lint` over Kubernetes
 * manifests. Thin: parses arguments with commander, loads manifests, calls the library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { AssumedWorkload, Reachability, ReachabilityOptions } from '../analysis/reachability';
import { Finding, lint, Linter, Severity } from '../lint';
import { InputError } from './errors';
import { firstLine, loadManifests, StdinSource } from './load-manifests';
import { assumptionOptions, jsonObject, NO_ASSUME_HELP, writeAll } from './stream';
import { escapeControl } from '../_text';
import { pictureView } from '../analysis/_picture';
import { renderMarkdown } from '../analysis/_render';
import { renderDotView, renderMermaidView } from '../analysis/_render-diagram';
import { renderExposureMarkdown, renderExposureText } from '../analysis/_render-exposure';
import { didYouMean } from '../analysis/_suggest';
import { annotatedAbsentWorkloads, mergeWorkloads } from '../lint/_annotations';
import {
  findConfigFile, layerSettings, LintSettings, NO_SETTINGS, parseAssumeWorkload, parseDisableFlags, parseSeverityFlag,
  readConfigFile, TOOL_SEVERITY_DEFAULTS,
} from '../lint/_config';

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
  /** The working directory, where the search for `.netpatterns.yaml` starts. */
  readonly cwd: string;
}

/** The options every command that reads manifests takes for its configuration. */
interface ConfigOptions {
  /** `--config <file>`. */
  readonly config?: string;
  /** `--assume-workload <spec>`, repeated. */
  readonly assumeWorkload: string[];
}

/** The options of `lint`. */
interface LintCliOptions extends ConfigOptions {
  readonly format: string;
  readonly disable: string[];
  readonly severity: string[];
}

const INPUTS_HELP = 'manifest files, directories (searched recursively for *.yaml, *.yml, *.json; hidden entries and node_modules skipped), or - for stdin';
const STRICT_HELP = 'exit 2 on a document that is not a Kubernetes object (by default it is skipped with a warning)';

/**
 * Runs `netpatterns` with `argv` (without the node and script paths) and returns the exit code:
 * 0 fine, 1 `lint` found an error, 2 unusable input. Never throws and never prints a stack trace.
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const out: CliIo = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
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
      out.stderr.write(`netpatterns: ${escapeControl(e.message)}\n`);
      return EXIT_INPUT;
    }
    out.stderr.write(`netpatterns: ${escapeControl(firstLine(e))}\n`);
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
      // One line, whatever commander says (its "(Did you mean --focus?)" comes on a line of its own).
      outputError: (s, write) => write(`netpatterns: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}; see --help\n`),
    })
    .addHelpText('after', [
      '',
      'Exit codes: 0 fine, 1 lint found an error, 2 unusable input (missing file, malformed YAML, unknown workload, bad port;',
      'with --strict also a document that is not a Kubernetes object, which is otherwise skipped with a warning);',
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
    .option('--assume-workload <spec>', ASSUME_HELP, collect, [])
    .option('--config <file>', CONFIG_HELP)
    .addOption(new Option('--format <format>', 'output format (json: toJson(), connlist: connections(), dot: Graphviz)')
      .choices(['markdown', 'mermaid', 'dot', 'json', 'connlist', 'text']).default('markdown'))
    .option('--from <workload>', 'only flows from this workload (namespace/name, or namespace/* for a namespace)')
    .option('--to <workload>', 'only flows to this workload (namespace/name, or namespace/* for a namespace)')
    .option('--focus <workload>', 'only this workload and its neighbourhood: the flows from and to it (every format)')
    .option('--show-assumed', 'draw the assumed platform workloads (CoreDNS, the ingress controller, ...) and their edges instead of one legend line (mermaid, dot)')
    .option('--no-assume <list>', NO_ASSUME_HELP, joinLists)
    .option('--strict', STRICT_HELP)
    .option('--exposure', 'list exposed workloads instead: reachable from outside the cluster, from every namespace, from labels '
      + 'an unlisted namespace could carry, or not isolated at all, each with the policy and rule (--format text, markdown or json: { findings })')
    .addHelpText('after', '\nconnlist: one line per ordered pair that may connect, over every protocol and port (not only declared container ports),\n'
      + 'outside address ranges as endpoints both ways, e.g.\n'
      + '  0.0.0.0-9.255.255.255 => shop/web[Deployment] : TCP 8080\n'
      + '  shop/web[Deployment] => shop/api[Deployment] : TCP 80,8080-8090,UDP 53')
    .action(async (inputs: string[], options: AuditCliOptions) => {
      if (options.exposure && !['text', 'markdown', 'json'].includes(options.format)) {
        throw new InputError(`--exposure prints text, markdown or json, not ${options.format}; use --format text|markdown|json`);
      }
      if (!options.exposure && options.format === 'text') throw new InputError('--format text is for --exposure; audit prints markdown, mermaid, dot, json or connlist');
      const r = await analyze(inputs, io, options, assumptionOptions(options.assume));
      const sources = select(r, options.from, '--from');
      const destinations = select(r, options.to, '--to');
      const focus = options.focus === undefined ? undefined : workloadId(r, options.focus, '--focus');
      const filtered = options.from !== undefined || options.to !== undefined;
      if (options.exposure) {
        const picked = [...options.from !== undefined ? sources : [], ...options.to !== undefined ? destinations : [],
          ...focus !== undefined ? [focus] : []];
        io.stdout.write(exposureOutput(r, options.format, filtered || focus !== undefined ? picked : undefined));
        return;
      }
      const fromSet = new Set(sources);
      const toSet = new Set(destinations);
      const near = (from: string | undefined, to: string | undefined) => focus === undefined || from === focus || to === focus;
      const neighbours = new Set<string>(focus === undefined ? [] : [focus]);
      if (focus !== undefined) {
        for (const f of r._flowsTouching(focus)) neighbours.add(f.from === focus ? f.to : f.from);
      }
      const workloads = focus !== undefined ? r.workloads.filter(w => neighbours.has(w))
        : filtered ? r.workloads.filter(w => fromSet.has(w) || toSet.has(w)) : r.workloads;
      // Streamed: with every port open the lists are quadratic in the workloads.
      const flows = () => filter(focus === undefined ? r._flowRecords() : r._flowsTouching(focus),
        f => (!filtered || (fromSet.has(f.from) && toSet.has(f.to))) && near(f.from, f.to),
        f => ({ from: f.from, to: f.to, port: f.port, protocol: f.protocol }));
      // An outside range (no workload at that end) passes a filter only when that end is not filtered.
      const connections = () => filter(r._connectionRecords(),
        c => (!filtered || ((c.fromWorkload ? fromSet.has(c.fromWorkload.id) : options.from === undefined)
          && (c.toWorkload ? toSet.has(c.toWorkload.id) : options.to === undefined)))
          && near(c.fromWorkload?.id, c.toWorkload?.id),
        c => ({ from: c.from, to: c.to, conn: c.conn.toString() }));
      if (options.format === 'json') {
        await writeAll(io.stdout, jsonObject([['workloads', workloads, false], ['flows', flows(), true], ['connections', connections(), true]]));
      } else if (options.format === 'connlist') {
        await writeAll(io.stdout, filter(connections(), () => true, c => `${escapeControl(`${c.from} => ${c.to} : ${c.conn}`)}\n`));
      } else if (options.format === 'mermaid' || options.format === 'dot') {
        const picture = r._picture(focus);
        const keep = new Set(filtered ? r.workloads.filter(w => fromSet.has(w) || toSet.has(w) || w === focus) : r.workloads);
        const view = pictureView(
          picture.nodes.filter(n => n.outside || keep.has(n.key)),
          picture.edges.filter(e => !filtered
            || ((keep.has(e.from) ? fromSet.has(e.from) : options.from === undefined)
              && (keep.has(e.to) ? toSet.has(e.to) : options.to === undefined))),
          { showAssumed: options.showAssumed === true, focus },
        );
        io.stdout.write(options.format === 'dot' ? renderDotView(view) : renderMermaidView(view));
      } else if (!filtered) {
        io.stdout.write(r.toMarkdown({ focus }));
      } else {
        const list = [...flows()];
        const rows = sources.filter(w => focus === undefined || w === focus || list.some(f => f.from === w));
        const columns = destinations.filter(w => focus === undefined || w === focus || list.some(f => f.to === w));
        io.stdout.write(renderMarkdown(rows, list, columns, undefined, 'audit --format markdown'));
      }
    });

  program.command('explain')
    .description('explain which NetworkPolicies allow or deny a connection, on the egress side of <from> and the ingress side of <to> (exit 0 either way)')
    .usage('[options] <from> <to> [port] <inputs...>')
    .argument('<from>', 'the source: a workload (namespace/name, or name when one namespace has it), a Service, an IP address or a CIDR')
    .argument('<to>', 'the destination: a workload, a Service with its port (production/api-service:80, :http, :53/udp), '
      + 'an IP address, a CIDR, or an ExternalName Service')
    .argument('[port-and-inputs...]', 'the destination port with an optional protocol (8080, 53/UDP, 5432/tcp; '
      + 'omit it when <to> carries a Service port), then the inputs: ' + INPUTS_HELP)
    .addHelpText('after', [
      '',
      'Examples:',
      '  netpatterns explain production/web production/api 8080 k8s/',
      '  netpatterns explain production/web production/api-service:80 k8s/     # a Service port: its pods and targetPort',
      '  netpatterns explain production/worker 203.0.113.10 3306 k8s/          # an address outside the cluster',
      '  netpatterns explain 0.0.0.0/0 production/admin 8080/TCP k8s/',
    ].join('\n'))
    .option('--assume-workload <spec>', ASSUME_HELP, collect, [])
    .option('--config <file>', CONFIG_HELP)
    .option('--no-assume <list>', NO_ASSUME_HELP, joinLists)
    .option('--strict', STRICT_HELP)
    .action(async (from: string, to: string, rest: string[] | undefined, options: AnalyzeCliOptions) => {
      const { port, protocol, inputs } = splitPortAndInputs(to, rest ?? []);
      const r = await analyze(inputs, io, options, assumptionOptions(options.assume));
      let text: string;
      try {
        text = r.explain(from, to, port, protocol);
      } catch (e) {
        throw new InputError(firstLine(e).replace(/^Reachability\.explain: /, ''));
      }
      io.stdout.write(ensureNewline(text));
    });

  program.command('lint')
    .description('find Service, Ingress, NetworkPolicy and pod mistakes; exits 1 when an error-level finding is reported')
    .argument('<inputs...>', INPUTS_HELP)
    .addOption(new Option('--format <format>', 'output format (json is { findings: Finding[] })').choices(['text', 'json']).default('text'))
    .option('--disable <rules>', 'do not run these rules (comma-separated ids; repeatable)', collect, [])
    .option('--severity <rule=level>', 'report a rule as warning or error (repeatable); pod-security-restricted and image-latest-or-untagged are warnings unless set', collect, [])
    .option('--assume-workload <spec>', ASSUME_HELP, collect, [])
    .option('--config <file>', CONFIG_HELP)
    .option('--no-assume <list>', NO_ASSUME_HELP, joinLists)
    .option('--strict', STRICT_HELP)
    .action(async (inputs: string[], options: LintCliOptions & { strict?: boolean; assume?: string | boolean }) => {
      const settings = lintSettings(io, options);
      const objects = await load(inputs, io, options);
      const findings = lint(objects, {
        disabledRules: settings.disabledRules,
        severityOverrides: settings.severityOverrides,
        acknowledgements: settings.acknowledgements,
        reachability: { ...assumptionOptions(options.assume), extraWorkloads: settings.extraWorkloads },
      });
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
    .option('--fail-on <conditions>', 'exit 1 when the change adds connections (added) or new exposure (exposure: to outside addresses, through Services and proxies, or to namespaces beyond the manifests); comma-separated', joinLists)
    .option('--no-assume <list>', NO_ASSUME_HELP, joinLists)
    .option('--assume-workload <spec>', ASSUME_HELP, collect, [])
    .option('--config <file>', CONFIG_HELP)
    .option('--strict', STRICT_HELP)
    .addHelpText('after', '\nExample:\n  git show main:dist/app.k8s.yaml | netpatterns diff - dist/app.k8s.yaml --format markdown --fail-on exposure')
    .action(async (before: string, after: string, options: AnalyzeCliOptions & { format: string; failOn?: string }) => {
      const failOn = parseFailOn(options.failOn);
      const assume = assumptionOptions(options.assume);
      if (before === '-' && after === '-') throw new InputError('<before> and <after> cannot both be - (stdin)');
      // One side may hold no objects (a new manifest's "before", a deleted one's "after"): an empty
      // cluster. Both empty is a diff that compared nothing, which should not pass.
      // An empty list (kubectl's answer when it finds nothing) is understood input: two sides that
      // hold nothing, one of them by kubectl's word, are a diff without changes.
      let kubectlFoundNothing = false;
      const sides = { ...options, allowEmpty: true, onEmptyList: () => { kubectlFoundNothing = true; } };
      const beforeObjects = await load([before], io, sides);
      const afterObjects = await load([after], io, sides);
      if (beforeObjects.length === 0 && afterObjects.length === 0 && !kubectlFoundNothing) {
        throw new InputError(`no Kubernetes objects found in ${before} nor in ${after}`);
      }
      const from = analyzeLoaded(beforeObjects, [before], io, options, assume, 'before');
      const diff = from.diff(analyzeLoaded(afterObjects, [after], io, options, assume, 'after'));
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

const ASSUME_HELP = 'pods the manifests do not hold, <namespace>[/<name>]:<key>=<value>[,<key>=<value>...] (repeatable)';
const CONFIG_HELP = 'the configuration file (default: the nearest .netpatterns.yaml from the working directory up)';

/** Commander's collector of a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A comma-separated list flag given several times adds up (`--fail-on added --fail-on exposure`). */
function joinLists(value: string, previous: string | boolean | undefined): string {
  return typeof previous === 'string' ? `${previous},${value}` : value;
}

/**
 * The settings of a command: the tools' default severities, then the configuration file, then
 * the flags (later layers win).
 *
 * @throws InputError naming the file or flag when one is unusable
 */
function lintSettings(io: CliIo, options: Partial<LintCliOptions>): LintSettings {
  const ruleIds = Linter.rules().map(r => r.id);
  return asInputError(() => {
    const file = options.config !== undefined ? path.resolve(io.cwd, options.config) : findConfigFile(io.cwd);
    const fromFile = file === undefined ? NO_SETTINGS : readConfigFile(file, ruleIds);
    const fromFlags: LintSettings = {
      disabledRules: parseDisableFlags(options.disable ?? [], ruleIds),
      severityOverrides: Object.fromEntries((options.severity ?? []).map(text => parseSeverityFlag(text, ruleIds))),
      acknowledgements: [],
      extraWorkloads: (options.assumeWorkload ?? []).map((text, i) => parseAssumeWorkload(text, '--assume-workload', i + 1)),
    };
    const defaults: LintSettings = { ...NO_SETTINGS, severityOverrides: TOOL_SEVERITY_DEFAULTS };
    return layerSettings(layerSettings(defaults, fromFile), fromFlags);
  });
}

function asInputError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(firstLine(e));
  }
}

/** The options every analyzing command takes (configuration, assumptions, strict loading). */
type AnalyzeCliOptions = ConfigOptions & { strict?: boolean; assume?: string | boolean };

/** The options of `audit`. */
type AuditCliOptions = AnalyzeCliOptions & { format: string; from?: string; to?: string; focus?: string; showAssumed?: boolean; exposure?: boolean };

/**
 * Loads the manifests with the library's loader; documents that are not Kubernetes objects are
 * warned about on stderr (or, with `--strict`, refused).
 */
async function load(inputs: string[], io: CliIo, options: { strict?: boolean; allowEmpty?: boolean; onEmptyList?: () => void }): Promise<any[]> {
  return loadManifests(inputs, io.stdin, {
    strict: options.strict === true,
    allowEmpty: options.allowEmpty === true,
    onEmptyList: options.onEmptyList,
    warn: (line) => io.stderr.write(`netpatterns: ${escapeControl(line)}\n`),
  });
}

/**
 * Loads the manifests and analyzes them, with the workloads the configuration, the flags and the
 * manifests' `netpatterns.dev/assume-workloads` annotations declare; analyzer problems go to
 * stderr as notes (`label` names the side of a diff).
 */
async function analyze(inputs: string[], io: CliIo, options: Partial<ConfigOptions> & { strict?: boolean } = {},
  reachability: ReachabilityOptions = {}, label?: string): Promise<Reachability> {
  return analyzeLoaded(await load(inputs, io, options), inputs, io, options, reachability, label);
}

/** `analyze` on objects loaded from `inputs` already (none: an empty cluster, said on stderr). */
function analyzeLoaded(objects: any[], inputs: string[], io: CliIo, options: Partial<ConfigOptions>,
  reachability: ReachabilityOptions, label?: string): Reachability {
  const settings = lintSettings(io, options);
  if (objects.length === 0) io.stderr.write(`netpatterns: note: ${label ? `${label}: ` : ''}${inputs.join(', ')} holds no Kubernetes objects: compared as an empty cluster\n`);
  const notes: string[] = [];
  const extraWorkloads: AssumedWorkload[] = mergeWorkloads(settings.extraWorkloads, annotatedAbsentWorkloads(objects, notes));
  const r = Reachability.fromManifests(objects, { ...reachability, extraWorkloads });
  const side = label ? `${label}: ` : '';
  for (const problem of [...notes, ...r.problems]) io.stderr.write(`netpatterns: note: ${side}${escapeControl(problem)}\n`);
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
  const lines = findings.map(f => escapeControl(`${f.severity}  ${f.rule}  ${f.object}  ${f.message}`));
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

/**
 * The workloads a `--from`/`--to` value stands for (all when absent): `namespace/*`, or one
 * workload named as the library takes names (`ns/name`, `ns/name[Kind]` as lists print it).
 */
function select(r: Reachability, value: string | undefined, option: string): string[] {
  const workloads = r.workloads;
  if (value === undefined) return [...workloads];
  if (!value.endsWith('/*')) return [workloadId(r, value, option)];
  const picked = workloads.filter(w => w.startsWith(value.slice(0, -1)));
  if (picked.length === 0) throw new InputError(`unknown workload '${value}' for ${option}; ${known(workloads)}`);
  return picked;
}

/**
 * The id of the workload `value` names for `option` (`ns/name`, `ns/name[Kind]`, a grouped Pod's
 * name); an unknown name, a wrong kind or a name several kinds share is an input error.
 */
function workloadId(r: Reachability, value: string, option: string): string {
  const found = r._lookupWorkload(value, option);
  if (found.id !== undefined) return found.id;
  throw new InputError(found.problem ?? `unknown workload '${value}' for ${option}; ${known(r.workloads)}${didYouMean(value, r.workloads)}`);
}

/**
 * `explain`'s trailing arguments: the port (unless `to` carries a Service port, `ns/svc:80`),
 * then the inputs.
 */
export function splitPortAndInputs(to: string, rest: readonly string[]): { port?: number; protocol?: string; inputs: string[] } {
  const carriesPort = /^[^:]*:[^:]+$/.test(to) || /^\[[^\]]+\]:[^:]+$/.test(to);
  const looksLikePort = rest.length > 0 && /^\d{1,5}(\/[a-z]+)?$/i.test(rest[0]) && !fs.existsSync(rest[0]);
  if (carriesPort && !looksLikePort) {
    if (rest.length === 0) throw new InputError("missing required argument 'inputs'; see --help");
    return { inputs: [...rest] };
  }
  if (rest.length === 0) throw new InputError("missing required argument 'port'; see --help");
  if (/^[a-z][-a-z0-9]{0,14}$/i.test(rest[0]) && !fs.existsSync(rest[0])) {
    // A port name (`http`) where the number goes: names are resolved on the destination's pods.
    throw new InputError(`bad port '${rest[0]}': a number goes here (8080, 53/UDP); for a named port write it on the destination, ${to}:${rest[0]}`);
  }
  const { port, protocol } = parsePort(rest[0]);
  if (rest.length === 1) throw new InputError("missing required argument 'inputs'; see --help");
  return { port, protocol, inputs: rest.slice(1) };
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
