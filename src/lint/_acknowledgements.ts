/**
 * Acknowledgements (internal): validation, matching, and their record on constructs.
 */
import type { IConstruct } from 'constructs';
import { show } from '../_check';
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
