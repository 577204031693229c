/**
 * Acknowledgements (internal): validation, matching, and their record on constructs.
 */
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { show } from '../_check';
import { acknowledgementAnnotation } from './_annotations';
import { apiGroup, DEFAULT_NAMESPACE, isClusterScoped, objectRef } from './_context';
import type { Acknowledgement, Finding } from './finding';

/** The construct metadata type under which `Linter.acknowledge` records an acknowledgement. */
export const ACKNOWLEDGEMENT_METADATA = 'cdk8s-network-patterns/lint-acknowledgement';

/**
 * Throws when an acknowledgement has no reason or names a rule that does not exist.
 *
 * @param owner who is validating, for the message (`lint`, `Linter.acknowledge`)
 */
export function validateAcknowledgement(owner: string, ack: Acknowledgement, ruleIds: readonly string[]): void {
  const rule = typeof ack?.rule === 'string' ? ack.rule : '';
  if (typeof ack?.reason !== 'string' || ack.reason.trim().length === 0) {
    throw new Error(`${owner}: a reason is required for rule '${rule}'`);
  }
  if (!ruleIds.includes(rule)) {
    throw new Error(`${owner}: unknown rule '${rule}' in an acknowledgement; use one of ${ruleIds.join(', ')}`);
  }
  if (ack.object !== undefined && (typeof ack.object !== 'string' || !/^[A-Za-z][A-Za-z0-9]*\/[^/\s]+(\/[^/\s]+)?$/.test(ack.object))) {
    throw new Error(`${owner}: the object of an acknowledgement of rule '${rule}' must be 'Kind/namespace/name' or 'Kind/name', got ${typeof ack.object === 'string' ? `'${ack.object}'` : show(ack.object)}`);
  }
}

/** Whether `ack` covers `finding`: same rule, and the same object when it names one. */
export function acknowledges(ack: Acknowledgement, finding: Finding): boolean {
  return ack.rule === finding.rule && (ack.object === undefined || ack.object === finding.object);
}

/** Records an acknowledgement on a construct. */
export function recordAcknowledgement(scope: IConstruct, ack: Acknowledgement): void {
  scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, { ...ack });
}

/** The acknowledgements recorded on one construct (not its scopes). */
export function acknowledgementsOn(scope: IConstruct): Acknowledgement[] {
  return scope.node.metadata
    .filter(entry => entry.type === ACKNOWLEDGEMENT_METADATA)
    .map(entry => entry.data as Acknowledgement);
}

/** The scopes that already carry the validation writing their annotations. */
const ANNOTATED_SCOPES = new WeakSet<IConstruct>();

/**
 * Makes the acknowledgements recorded on `scope` reach the synthesized YAML: when the tree
 * validates (cdk8s validates the whole App before it renders any object, in `App.synth()` and in
 * `Chart.toJson()` alike), every `ApiObject` under `scope` gets one annotation
 * `netpatterns.dev/acknowledge.<rule>` per rule acknowledged on it or its scopes, its value the
 * reasons joined with `; `. The validation is added to the acknowledged scope itself (never to the
 * App), once per scope, so objects created after the acknowledgement are covered. Writing is
 * idempotent: the value is computed from the recorded acknowledgements each time.
 */
export function writeAcknowledgementAnnotations(scope: IConstruct): void {
  if (ANNOTATED_SCOPES.has(scope)) {
    return;
  }
  ANNOTATED_SCOPES.add(scope);
  scope.node.addValidation({
    validate: () => {
      annotateAcknowledged(new Set([scope]));
      return [];
    },
  });
}

function annotateAcknowledged(scopes: Set<IConstruct>): void {
  const done = new Set<IConstruct>();
  for (const scope of scopes) {
    for (const c of scope.node.findAll()) {
      if (done.has(c) || !ApiObject.isApiObject(c)) continue;
      done.add(c);
      const ref = refOf(c);
      const reasons = new Map<string, string[]>();
      for (const ack of acknowledgementsAbove(c)) {
        if (ack.object !== undefined && ack.object !== ref) continue;
        const list = reasons.get(ack.rule) ?? [];
        if (!list.includes(ack.reason)) list.push(ack.reason);
        reasons.set(ack.rule, list);
      }
      for (const [rule, list] of reasons) c.metadata.addAnnotation(acknowledgementAnnotation(rule), list.join('; '));
    }
  }
}

/** The acknowledgements recorded on `c` and its scopes, the outermost first. */
function acknowledgementsAbove(c: IConstruct): Acknowledgement[] {
  return c.node.scopes.flatMap(acknowledgementsOn);
}

/** `Kind/namespace/name` of an ApiObject, as lint names it. */
function refOf(o: ApiObject): string {
  const namespace = isClusterScoped(apiGroup(o.apiVersion), o.kind) ? undefined : (o.metadata.namespace || DEFAULT_NAMESPACE);
  return objectRef(o.kind, o.name, namespace);
}
