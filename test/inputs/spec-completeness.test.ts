/**
 * The run-time input specs name every field of the public interfaces they check, no more, no less.
 *
 * `checkProps` refuses a field its spec does not know (a misspelt `prot: 8080` would otherwise be
 * ignored and the default used), so a field missing from a spec would refuse a valid prop. This
 * test reads the public TypeScript interfaces with the compiler and compares their fields —
 * inherited ones included, nested structs, arrays and maps of structs too — with the specs.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { DIAGRAM_OPTIONS, LINT_OPTIONS, nestedSpecOf, REACHABILITY_OPTIONS, Spec } from '../../src/_check';
import { PLUGIN_PROPS } from '../../src/lint/_plugin-props';
import { SPECS } from '../../src/patterns/_inputs';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where a spec's props come from: an exported class (or function), a member, a parameter. */
interface Source {
  readonly exported: string;
  /** `constructor`, a method name (static or instance), or undefined for an exported function. */
  readonly member?: string;
  /** The parameter the spec describes; undefined when the spec lists the parameters themselves (`arguments`). */
  readonly param?: string;
}

/** Every spec and its source. A spec added to `SPECS` must be added here. */
const SOURCES: { [spec: string]: Source } = {
  'NetworkPatternsApp': { exported: 'NetworkPatternsApp', member: 'constructor', param: 'props' },
  'ZeroTrustNamespace': { exported: 'ZeroTrustNamespace', member: 'constructor', param: 'props' },
  'Peer.pods': { exported: 'Peer', member: 'pods', param: 'options' },
  'Peer.namespace': { exported: 'Peer', member: 'namespace', param: 'options' },
  'Peer.namespaces': { exported: 'Peer', member: 'namespaces', param: 'options' },
  'Peer.addresses': { exported: 'Peer', member: 'addresses', param: 'options' },
  'Peer.kubeApiServer': { exported: 'Peer', member: 'kubeApiServer', param: 'options' },
  'EnvFromSource': { exported: 'EnvFromSource', member: 'secret', param: 'options' },
  'DnsSelector.of': { exported: 'DnsSelector', member: 'of', param: 'options' },
  'IngressControllerSelector.of': { exported: 'IngressControllerSelector', member: 'of', param: 'options' },
  'Exposure.nodePort': { exported: 'Exposure', member: 'nodePort', param: 'options' },
  'Exposure.loadBalancer': { exported: 'Exposure', member: 'loadBalancer', param: 'options' },
  'Exposure.ingress': { exported: 'Exposure', member: 'ingress', param: 'options' },
  'Exposure.gatewayRoute': { exported: 'Exposure', member: 'gatewayRoute', param: 'options' },
  'Exposure.grpcRoute': { exported: 'Exposure', member: 'grpcRoute', param: 'options' },
  'Exposure.tlsRoute': { exported: 'Exposure', member: 'tlsRoute', param: 'options' },
  'Gateway': { exported: 'Gateway', member: 'constructor', param: 'props' },
  'Gateway.addListener': { exported: 'Gateway', member: 'addListener', param: 'options' },
  'Gateway.addRoute': { exported: 'Gateway', member: 'addRoute', param: 'options' },
  'GatewayDataPlane.of': { exported: 'GatewayDataPlane', member: 'of', param: 'options' },
  'GatewayDataPlane.envoyGateway': { exported: 'GatewayDataPlane', member: 'envoyGateway', param: 'options' },
  'GatewayDataPlane.traefik': { exported: 'GatewayDataPlane', member: 'traefik', param: 'options' },
  'GatewayTls.fromClusterIssuer': { exported: 'GatewayTls', member: 'fromClusterIssuer' },
  'IngressTls.certManager': { exported: 'IngressTls', member: 'certManager', param: 'options' },
  'IngressTls.fromClusterIssuer': { exported: 'IngressTls', member: 'fromClusterIssuer' },
  'ExposedApp': { exported: 'ExposedApp', member: 'constructor', param: 'props' },
  'DatabaseEngine.custom': { exported: 'DatabaseEngine', member: 'custom', param: 'options' },
  'StatefulDatabase': { exported: 'StatefulDatabase', member: 'constructor', param: 'props' },
  'ExternalDependency': { exported: 'ExternalDependency', member: 'constructor', param: 'props' },
  'AcmeClusterIssuer': { exported: 'AcmeClusterIssuer', member: 'constructor', param: 'props' },
  'IngressGateway': { exported: 'IngressGateway', member: 'constructor', param: 'props' },
  'IngressGateway.addRoute': { exported: 'IngressGateway', member: 'addRoute', param: 'options' },
  'connectTo': { exported: 'ExposedApp', member: 'connectTo', param: 'options' },
  'allowFrom': { exported: 'ExposedApp', member: 'allowFrom', param: 'options' },
  'SessionAffinity.clientIp': { exported: 'SessionAffinity', member: 'clientIp' },
};

/** The specs outside `SPECS`. */
const OTHER_SPECS: Array<[string, Spec, Source]> = [
  ['LintOptions', LINT_OPTIONS, { exported: 'lint', param: 'options' }],
  ['ReachabilityOptions', REACHABILITY_OPTIONS, { exported: 'Reachability', member: 'fromManifests', param: 'options' }],
  ['DiagramOptions', DIAGRAM_OPTIONS, { exported: 'Reachability', member: 'toMarkdown', param: 'options' }],
  ['NetworkPatternsValidationProps', PLUGIN_PROPS, { exported: 'NetworkPatternsValidation', member: 'constructor', param: 'props' }],
];

const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!;
const exportsOfIndex = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!);

/** Whether `flags` has `flag` set (TypeScript's flags are bit sets). */
function has(flags: number, flag: number): boolean {
  return (flags & flag) !== 0; // eslint-disable-line no-bitwise
}

function exportedSymbol(name: string): ts.Symbol {
  const symbol = exportsOfIndex.find(s => s.name === name);
  if (!symbol) throw new Error(`src/index.ts exports no ${name}`);
  return has(symbol.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(symbol) : symbol;
}

function typeOf(symbol: ts.Symbol): ts.Type {
  return checker.getTypeOfSymbolAtLocation(symbol, index);
}

/** The parameters of the source's signature (the one with the most parameters). */
function parametersOf(source: Source): readonly ts.Symbol[] {
  const symbol = exportedSymbol(source.exported);
  const staticSide = typeOf(symbol);
  let signatures: readonly ts.Signature[];
  if (source.member === undefined) {
    signatures = staticSide.getCallSignatures();
  } else if (source.member === 'constructor') {
    signatures = staticSide.getConstructSignatures();
  } else {
    const member = staticSide.getProperty(source.member) ?? checker.getDeclaredTypeOfSymbol(symbol).getProperty(source.member);
    if (!member) throw new Error(`${source.exported} has no member ${source.member}`);
    signatures = typeOf(member).getCallSignatures();
  }
  if (signatures.length === 0) throw new Error(`${source.exported}.${source.member} has no signature`);
  return [...signatures].sort((a, b) => b.getParameters().length - a.getParameters().length)[0].getParameters();
}

/** `T` of `T | undefined`, `T[]` and `{ [key: string]: T }`, down to a struct type (or undefined). */
function structOf(type: ts.Type): ts.Type | undefined {
  const t = checker.getNonNullableType(type);
  if (checker.isArrayType(t)) return structOf(checker.getTypeArguments(t as ts.TypeReference)[0]);
  const indexed = t.getStringIndexType();
  if (indexed) return structOf(indexed);
  if (has(t.flags, ts.TypeFlags.Object) && t.getCallSignatures().length === 0 && !has(t.getSymbol()?.flags ?? 0, ts.SymbolFlags.Class)) return t;
  return undefined;
}

/** Every difference between `spec` and the fields of `type`, nested specs included. */
function differences(where: string, spec: Spec, fields: ReadonlyMap<string, ts.Type>): string[] {
  const out: string[] = [];
  for (const name of fields.keys()) {
    if (!(name in spec)) out.push(`${where}: the interface has '${name}', the spec does not`);
  }
  for (const name of Object.keys(spec)) {
    const fieldType = fields.get(name);
    if (fieldType === undefined) {
      out.push(`${where}: the spec has '${name}', the interface does not`);
      continue;
    }
    const nested = nestedSpecOf(spec[name]);
    if (nested) {
      const struct = structOf(fieldType);
      if (!struct) out.push(`${where}.${name}: the spec checks a struct, the interface's type is ${checker.typeToString(fieldType)}`);
      else out.push(...differences(`${where}.${name}`, nested, fieldsOf(struct)));
    }
  }
  return out;
}

function fieldsOf(type: ts.Type): Map<string, ts.Type> {
  return new Map(checker.getPropertiesOfType(type).map(p => [p.name, typeOf(p)]));
}

function specDifferences(name: string, spec: Spec, source: Source): string[] {
  const parameters = parametersOf(source);
  if (source.param === undefined) {
    return differences(name, spec, new Map(parameters.map(p => [p.name, typeOf(p)])));
  }
  const param = parameters.find(p => p.name === source.param);
  if (!param) return [`${name}: ${source.exported}.${source.member ?? ''} has no parameter '${source.param}'`];
  const struct = structOf(typeOf(param));
  if (!struct) return [`${name}: parameter '${source.param}' is not a struct`];
  return differences(name, spec, fieldsOf(struct));
}

describe('input specs', () => {
  test('every spec of SPECS has its source here', () => {
    expect(Object.keys(SPECS).filter(k => !(k in SOURCES))).toEqual([]);
    expect(Object.keys(SOURCES).filter(k => !(k in SPECS))).toEqual([]);
  });

  test.each(Object.keys(SOURCES))('%s names exactly the fields of its interface', (name) => {
    expect(specDifferences(name, (SPECS as { [k: string]: Spec })[name], SOURCES[name])).toEqual([]);
  });

  test.each(OTHER_SPECS)('%s names exactly the fields of its interface', (name, spec, source) => {
    expect(specDifferences(name, spec, source)).toEqual([]);
  });

  test('a spec missing a field of the interface is reported (the comparison can fail)', () => {
    const { fastYaml, ...withoutFastYaml } = SPECS.NetworkPatternsApp;
    void fastYaml;
    expect(specDifferences('NetworkPatternsApp', withoutFastYaml, SOURCES.NetworkPatternsApp))
      .toEqual(["NetworkPatternsApp: the interface has 'fastYaml', the spec does not"]);
  });
});
