/**
 * Internal per-App registry: the claims constructs make on names that must be unique across the
 * whole App (a Service name in a namespace, a NodePort, an Ingress host + path for one class), and
 * the synthesis-time validation that reports conflicts naming both sides.
 *
 * It lives as one hidden construct under the construct tree's root, so its validation runs once
 * per synthesis (cdk8s validates every construct of the App), not once per chart.
 */
import { Construct, IConstruct } from 'constructs';

const REGISTRY_ID = 'cdk8s-network-patterns.Registry';

interface Claim {
  /** A description of the claimant, e.g. `ExposedApp 'api' (production/api)`. */
  readonly owner: string;
  readonly path: string;
}

/** One App's claims. */
export class Registry extends Construct {
  /** The registry of the App `scope` belongs to (created on first use). */
  public static of(scope: IConstruct): Registry {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(REGISTRY_ID);
    if (existing instanceof Registry) {
      return existing;
    }
    return new Registry(root as Construct, REGISTRY_ID);
  }

  private readonly claims = new Map<string, Claim[]>();
  private readonly validators: Array<() => string[]> = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validateClaims() });
  }

  /**
   * Claims a unique key (e.g. `Service production/api`); a second claimant of the same key makes
   * synthesis fail with a message naming both.
   */
  public claim(key: string, owner: string, construct: IConstruct): void {
    const list = this.claims.get(key) ?? [];
    if (list.some(c => c.path === construct.node.path)) {
      return;
    }
    list.push({ owner, path: construct.node.path });
    this.claims.set(key, list);
  }

  /** Adds an App-wide validation (run once per synthesis). */
  public addValidator(validator: () => string[]): void {
    this.validators.push(validator);
  }

  private validateClaims(): string[] {
    const errors: string[] = [];
    for (const [key, list] of this.claims) {
      if (list.length > 1) {
        const [first, ...others] = list;
        for (const other of others) {
          errors.push(`${other.owner} at ${other.path} and ${first.owner} at ${first.path} both claim ${key}; rename or move one of them`);
        }
      }
    }
    for (const validator of this.validators) {
      errors.push(...validator());
    }
    return errors;
  }
}
