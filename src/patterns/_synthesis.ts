/**
 * The synthesis session of a `NetworkPatternsApp` (internal).
 *
 * `NetworkPatternsApp.synth()` validates and resolves the whole App once, then asks each chart for
 * its objects. cdk8s's `Chart.toJson()` would validate and resolve the whole App again for every
 * chart; inside such a session this library's charts skip that repeated work (see
 * `ZeroTrustNamespace.toJson`). Nothing is cached between the validation and the output: every
 * object is rendered for the output exactly once, after every validation has run.
 *
 * A plain cdk8s `App` never opens a session: it synthesizes exactly as cdk8s does.
 */
import { IConstruct } from 'constructs';

/** The roots (`NetworkPatternsApp` instances) whose `synth()` / `synthYaml()` runs right now. */
const sessions = new WeakSet<IConstruct>();

/** Whether a `NetworkPatternsApp` synthesis of the App holding `scope` is running. */
export function isSynthesizing(scope: IConstruct): boolean {
  return sessions.has(scope.node.root);
}

/**
 * Runs `synthesize` as the synthesis session of `root`. A nested call (a synthesis inside a
 * synthesis of the same App) joins the running session.
 */
export function inSynthesisSession<T>(root: IConstruct, synthesize: () => T): T {
  if (sessions.has(root)) {
    return synthesize();
  }
  sessions.add(root);
  try {
    return synthesize();
  } finally {
    sessions.delete(root);
  }
}
