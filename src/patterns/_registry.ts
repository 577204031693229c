/**
 * The one entry point the constructs use for App-wide bookkeeping (internal). It holds no state of
 * its own; the work is split by concern:
 * - `_claims.ts`: unique names across the App (a conflict fails synthesis on the later claimant);
 * - `_synth-lint.ts`: the synthesis-time lint, one ordinary validation for the whole App;
 * - `_synthesis.ts`: the synthesis session of a `NetworkPatternsApp`.
 */
import { IConstruct } from 'constructs';
import { claim } from './_claims';
import { SynthesisLint, touch } from './_synth-lint';
import { AssumedWorkload } from '../analysis/reachability';

/** App-wide bookkeeping for one construct of this library. */
export class Registry {
  /** The bookkeeping of the App `scope` belongs to; registers `scope`'s chart for lint reports. */
  public static of(scope: IConstruct): Registry {
    return new Registry(scope);
  }

  private constructor(private readonly scope: IConstruct) {
    SynthesisLint.of(scope).track(scope);
  }

  /**
   * Claims a unique key (e.g. `Service production/api`) for `construct`; a second claimant of the
   * same key fails synthesis with a message naming both.
   */
  public claim(key: string, owner: string, construct: IConstruct): void {
    claim(key, owner, construct);
    touch();
  }

  /** Adds an App-wide check run before the synthesis-time lint (see `SynthesisLint.addValidator`). */
  public addValidator(validator: () => string[]): void {
    SynthesisLint.of(this.scope).addValidator(validator);
  }

  /** Tells the synthesis-time lint about pods the manifests do not hold (see `SynthesisLint`). */
  public assumeWorkload(workload: AssumedWorkload): AssumedWorkload {
    return SynthesisLint.of(this.scope).assumeWorkload(workload);
  }
}

/** Marks that a construct of this library changed what it renders (see `_synth-lint.ts`). */
export { touch } from './_synth-lint';
