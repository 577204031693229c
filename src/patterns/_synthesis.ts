/**
 * The synthesis session of a `NetworkPatternsApp` (internal).
 *
 * cdk8s's `App.synth()` validates the App, resolves its dependencies, reads `app.charts`, then asks
 * each chart for its objects; `Chart.toJson()` would validate and resolve the whole App again for
 * every chart. Inside a `NetworkPatternsApp` session:
 *
 * - the synthesis-time lint does not run during validation (the validators before it still do);
 * - when `App.synth()` / `App.synthYaml()` reads `app.charts` — after every validation has run and
 *   the dependencies are resolved, before any YAML is written — every `ApiObject` of the App is
 *   rendered once, and the lint judges exactly those renderings: what is linted is what is written;
 * - this library's charts return those renderings for the output (see `ZeroTrustNamespace.toJson`),
 *   without validating and resolving the App again.
 *
 * Nothing rendered during validation is reused: each object is rendered for the output once,
 * after every validation. A plain cdk8s `App` never opens a session: it synthesizes exactly as
 * cdk8s does, with the lint as an ordinary validation.
 */
import { ApiObject, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

/** One running synthesis of a `NetworkPatternsApp`. */
export interface SynthesisSession {
  /**
   * The objects of the App rendered after validation, until their chart hands them to cdk8s
   * (undefined until `app.charts` is first read in the session).
   */
  rendered?: Map<ApiObject, any>;
}

/** The roots (`NetworkPatternsApp` instances) whose `synth()` / `synthYaml()` runs right now. */
const sessions = new WeakMap<IConstruct, SynthesisSession>();

/** The running synthesis session of the App holding `scope`, if any. */
export function sessionOf(scope: IConstruct): SynthesisSession | undefined {
  return sessions.get(scope.node.root);
}

/**
 * Runs `synthesize` as the synthesis session of `root`. A nested call (a synthesis inside a
 * synthesis of the same App) joins the running session.
 */
export function inSynthesisSession<T>(root: IConstruct, synthesize: () => T): T {
  if (sessions.has(root)) {
    return synthesize();
  }
  sessions.set(root, {});
  try {
    return synthesize();
  } finally {
    sessions.delete(root);
  }
}

/**
 * Renders every `ApiObject` of `constructs` (a root's `node.findAll()`) once, in that order
 * (`toJson()` of each object; never `Chart.toJson()`, which would validate the App again).
 */
export function renderObjects(constructs: readonly IConstruct[]): Map<ApiObject, any> {
  const rendered = new Map<ApiObject, any>();
  for (const c of constructs) {
    if (ApiObject.isApiObject(c)) rendered.set(c, c.toJson());
  }
  return rendered;
}

/**
 * The constructs under `scope` (itself included) in the order cdk8s's
 * `new DependencyGraph(scope.node).topology()` gives them, without building the graph when it cannot
 * reorder anything: with no dependency declared under `scope` the graph yields its vertices in tree
 * (`findAll`) order, unless a path would reorder as an integer-like key of the object that holds
 * them (a path without '/': a child of the App whose id is digits).
 *
 * @param constructs `scope.node.findAll()`, when the caller has it already
 */
export function inDependencyOrder(scope: IConstruct, constructs: IConstruct[] = scope.node.findAll()): IConstruct[] {
  const integerLikePath = (c: IConstruct) => c.node.scope !== undefined && c.node.scope.node.scope === undefined && /^\d+$/.test(c.node.id);
  return constructs.some(c => c.node.dependencies.length > 0 || integerLikePath(c))
    ? new DependencyGraph(scope.node).topology()
    : constructs;
}
