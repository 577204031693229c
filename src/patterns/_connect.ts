/**
 * Internal wiring between connection sources and targets, kept out of the public interfaces so
 * they stay small and jsii-friendly: each target class registers its behaviour here.
 */
import { show } from '../_check';
import { fail } from '../_validate';
import { PolicyPeer, PolicyPort } from './_policy';
import { IConnectionTarget } from './connection';

/** What a target does when a source connects to it. */
export interface TargetBehaviour {
  /** `ExposedApp 'api'`, for messages. */
  readonly description: string;
  /** Namespace of the target. */
  readonly namespace: string;
  /** The ports opened (pod ports, as policies see them) and the port for `<TARGET>_PORT`. */
  selectPorts(owner: string, names: string[] | undefined): { policyPorts: PolicyPort[]; envPort: number };
  /** The egress `to` peers of a source in `sourceNamespace`. */
  egressPeers(sourceNamespace: string, egressCidrs: string[] | undefined, owner: string): PolicyPeer[];
  /**
   * Admits `peer` on `ports` when the target is isolated for ingress; otherwise does nothing. A
   * second call with the same `key` (one source) replaces the rule: ports merge.
   */
  admit(key: string, peer: (targetNamespace: string) => PolicyPeer, ports: PolicyPort[]): void;
  /** Whether the target has a Service clients can name (`<TARGET>_HOST`); default true. */
  hasService?(): boolean;
  /** Whether `connectTo` may narrow the target's addresses with `egressCidrs` (an ExternalName dependency); default false. */
  takesEgressCidrs?(): boolean;
}

const behaviours = new WeakMap<IConnectionTarget, TargetBehaviour>();

/** Registers the behaviour of a target. */
export function registerTarget(target: IConnectionTarget, behaviour: TargetBehaviour): void {
  behaviours.set(target, behaviour);
}

/** The behaviour of a target, or an error naming the unsupported value. */
export function targetBehaviour(owner: string, target: IConnectionTarget): TargetBehaviour {
  const behaviour = target !== null && typeof target === 'object' ? behaviours.get(target) : undefined;
  if (!behaviour) {
    const kinds = 'an ExposedApp, a StatefulDatabase, an ExternalDependency or a Peer';
    if (target !== null && typeof target === 'object' && 'node' in target) {
      return fail(owner, `cannot connect to '${target.node.path}': the target must be ${kinds}`);
    }
    const hint = typeof target === 'string' ? '; pass the construct, not its name' : '';
    return fail(owner, `target must be ${kinds}, got ${show(target)}${hint}`);
  }
  return behaviour;
}
