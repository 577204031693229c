/**
 * Internal per-App registry: the claims constructs make on names that must be unique across the
 * whole App (a Service name in a namespace, a NodePort, an Ingress host + path for one class), and
 * the synthesis-time validation that reports conflicts naming both sides.
 *
 * It lives as one hidden construct under the construct tree's root, so its validation runs once
 * per synthesis (cdk8s validates every construct of the App), not once per chart.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { withFastYaml } from '../_yaml-writer';
import { AssumedWorkload } from '../analysis/reachability';
import { lintConstructTree } from '../lint/_validation';

const REGISTRY_ID = 'cdk8s-network-patterns.Registry';

/** Set `NETPATTERNS_LINT_WARNINGS=off` to silence lint warnings during synthesis. */
const WARNINGS_ENV = 'NETPATTERNS_LINT_WARNINGS';

/**
 * Apps whose `synth()` / `synthYaml()` is running right now. `App.synth()` validates the whole App
 * and resolves its dependencies once, then asks every chart for `toJson()` — which, in cdk8s,
 * validates and resolves the whole App again, for every chart. Inside that loop nothing can change
 * the construct tree, so a chart of this library may skip the repeated work (see
 * `ZeroTrustNamespace.toJson`). Outside it (`Testing.synth(chart)`, a direct `chart.toJson()`),
 * nothing is skipped.
 */
const synthesizing = new WeakMap<IConstruct, Map<ApiObject, any>>();

/** Whether `root`'s `App.synth()` (or `synthYaml()`) is running. */
export function isSynthesizing(root: IConstruct): boolean {
  return synthesizing.has(root);
}

/**
 * `obj.toJson()`, rendered once per `App.synth()`: the synthesis-time lint renders every object,
 * and the charts of this library then reuse those renderings instead of resolving each object a
 * second time. Outside a synthesis it is plain `obj.toJson()`.
 */
export function renderOnce(obj: ApiObject): any {
  const cache = synthesizing.get(obj.node.root);
  if (!cache) {
    return obj.toJson();
  }
  let json = cache.get(obj);
  if (json === undefined) {
    json = obj.toJson();
    cache.set(obj, json);
  }
  return json;
}

/**
 * The rendering of `obj` for its chart's output: the cached one (then forgotten, so the heap
 * shrinks chart by chart while cdk8s writes the YAML), or a fresh `obj.toJson()`.
 */
export function takeRendering(obj: ApiObject): any {
  const cache = synthesizing.get(obj.node.root);
  const json = cache?.get(obj);
  if (json === undefined) {
    return obj.toJson();
  }
  cache!.delete(obj);
  return json;
}

/**
 * Wraps `root.synth()` / `root.synthYaml()`: marks the synthesis session (see `synthesizing`) and
 * lets the block YAML writer print the App's YAML (see `_yaml-writer.ts`).
 */
function trackSynthesis(root: any): void {
  for (const method of ['synth', 'synthYaml']) {
    const original = root[method];
    if (typeof original !== 'function') {
      continue;
    }
    // An own property on this App instance only: other Apps and the cdk8s classes are untouched.
    Object.defineProperty(root, method, {
      configurable: true,
      writable: true,
      value: function (this: IConstruct, ...args: any[]) {
        if (synthesizing.has(this)) {
          return original.apply(this, args);
        }
        synthesizing.set(this, new Map());
        try {
          return withFastYaml(() => original.apply(this, args));
        } finally {
          synthesizing.delete(this);
        }
      },
    });
  }
}

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
  private readonly reportedWarnings = new Set<string>();
  /** Paths of the charts holding this library's constructs: lint findings there are reported. */
  private readonly chartPaths = new Set<string>();
  /** Pods the manifests do not hold but policies admit (custom controllers, gateway proxies). */
  private readonly assumedWorkloads = new Map<string, AssumedWorkload>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    trackSynthesis(scope);
    this.node.addValidation({ validate: () => [...this.validateClaims(), ...this.lintTree()] });
  }

  /**
   * Claims a unique key (e.g. `Service production/api`); a second claimant of the same key makes
   * synthesis fail with a message naming both.
   */
  public claim(key: string, owner: string, construct: IConstruct): void {
    this.chartPaths.add(Chart.of(construct).node.path);
    const list = this.claims.get(key) ?? [];
    if (list.some(c => c.path === construct.node.path)) {
      return;
    }
    list.push({ owner, path: construct.node.path });
    this.claims.set(key, list);
  }

  /**
   * Tells the analyzer behind the synthesis-time lint about pods the manifests do not hold (a
   * custom ingress controller, a Gateway API data plane), so policies admitting them are judged
   * correctly.
   */
  public assumeWorkload(workload: AssumedWorkload): void {
    const key = `${workload.namespace}/${JSON.stringify(workload.podLabels)}`;
    if (!this.assumedWorkloads.has(key)) {
      this.assumedWorkloads.set(key, workload);
    }
  }

  /** Adds an App-wide validation (run once per synthesis). */
  public addValidator(validator: () => string[]): void {
    this.validators.push(validator);
  }

  /**
   * Lints every object of the App (the rules need the whole picture: a Service in one chart may
   * select pods of another). Errors fail synthesis; each warning is printed once per App.
   */
  private lintTree(): string[] {
    const { errors, warnings } = lintConstructTree(this.node.root, {
      reachability: { extraWorkloads: [...this.assumedWorkloads.values()] },
    }, renderOnce);
    const inOurCharts = (line: string) => [...this.chartPaths].some(p => line.startsWith(`[${p}/`) || line.startsWith(`[${p}]`));
    if (process.env[WARNINGS_ENV] !== 'off') {
      for (const warning of warnings.filter(inOurCharts)) {
        if (!this.reportedWarnings.has(warning)) {
          this.reportedWarnings.add(warning);
          process.stderr.write(`cdk8s-network-patterns lint warning: ${warning}\n`);
        }
      }
    }
    return errors.filter(inOurCharts);
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
