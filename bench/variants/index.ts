/**
 * The catalogue of variants, in the order a round runs them (library first: every other row is
 * compared to it). A variant's code lives in `./<name>.ts` and is loaded only by the worker that
 * runs it, so a worker's peak RSS holds that variant's modules and nothing else.
 */
import * as path from 'node:path';
import { VariantInfo, VariantModule } from './_variant';

export type { VariantContext, VariantInfo, VariantModule, WorkReport } from './_variant';

/** Every variant, in round order. */
export const VARIANTS: readonly VariantInfo[] = [
  {
    name: 'library',
    description: "N ExposedApps (Ingress + cert-manager TLS, /healthz, 3 replicas) in one ZeroTrustNamespace 'bench' of a NetworkPatternsApp; synth() to files",
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'library-ns-per-app',
    description: 'the same N apps, one ZeroTrustNamespace ns-<i> (chart, YAML file) each; one NetworkPatternsApp.synth()',
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'library-plain-app',
    description: "the library variant in a plain cdk8s App: cdk8s's own synthesis and YAML writer",
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'library-plain-app-ns-per-app',
    description: 'the library-ns-per-app variant in a plain cdk8s App (cdk8s validates the whole App once per chart)',
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'cdk8s-plus-28',
    description: "the library's objects hand-written with cdk8s-plus-28 in one Chart; App.synth() to files",
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'cdk8s-plus-28-ns-per-app',
    description: 'the cdk8s-plus-28 objects, one Chart (namespace ns-<i>) per app; one App.synth()',
    needsFixture: false,
    writesYaml: true,
  },
  {
    name: 'floor',
    description: "the library's output objects (JSON, loaded untimed) → yaml's YAML.stringify per document, joined with ---, one file; no cdk8s",
    needsFixture: true,
    writesYaml: true,
  },
  {
    name: 'floor-ns-per-app',
    description: "the library-ns-per-app variant's objects (JSON, loaded untimed) → YAML.stringify per document, one file per namespace; no cdk8s",
    needsFixture: true,
    fixtureVariant: 'library-ns-per-app',
    writesYaml: true,
  },
  {
    name: 'analyzer',
    description: "over the library's output: Reachability.fromManifests + toJson() (matrix), one explain(), connectionCount(), exposure(), lint()",
    needsFixture: true,
    writesYaml: false,
    reportedPhases: ['matrix', 'explain', 'connections', 'exposure', 'lint'],
  },
  {
    name: 'analyzer-policies',
    description: 'N generated Deployments under N + 2⌈N/100⌉ NetworkPolicies: Reachability.fromManifests + connections() over every port (connections), lint()',
    needsFixture: false,
    writesYaml: false,
    reportedPhases: ['connections', 'lint'],
    defaultSizes: [5000],
    quickSizes: [1000],
  },
  {
    name: 'analyzer-unpoliced',
    description: 'N bare Pods with a Service each and no NetworkPolicy: Reachability.fromManifests + connectionCount() + one reachability question per pod (connections), lint()',
    needsFixture: false,
    writesYaml: false,
    reportedPhases: ['connections', 'lint'],
    defaultSizes: [10000],
    quickSizes: [2000],
  },
  {
    name: 'analyzer-stream',
    description: 'a generated manifest stream of N megabytes over 10 files (scripts/manifest-stream.ts): load with the CLI loader, lint(), Reachability.fromManifests + connectionCount() (audit)',
    needsFixture: false,
    writesYaml: false,
    reportedPhases: ['load', 'lint', 'audit'],
    defaultSizes: [50],
    quickSizes: [10],
  },
  {
    name: 'analyzer-tiers',
    description: 'analyzer-policies plus 200 AdminNetworkPolicies and a BaselineAdminNetworkPolicy: Reachability.fromManifests + connectionCount() through every tier (connections), exposure()',
    needsFixture: false,
    writesYaml: false,
    reportedPhases: ['connections', 'exposure'],
    defaultSizes: [5000],
    quickSizes: [1000],
  },
];

/** The variant called `name`. */
export function variantNamed(name: string): VariantInfo {
  const variant = VARIANTS.find(v => v.name === name);
  if (!variant) {
    throw new Error(`unknown variant '${name}'; the variants are ${VARIANTS.map(v => v.name).join(', ')}`);
  }
  return variant;
}

/** Loads the code of the variant called `name` (in the worker only). */
export function loadVariant(name: string): VariantModule {
  const info = variantNamed(name);
  // A plain require: the worker must load only this variant's modules (an import of every variant
  // would put cdk8s-plus-28 into the floor's RSS), and ts-node's hook serves CommonJS only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(__dirname, info.name)) as Partial<VariantModule>;
  if (typeof module.prepare !== 'function') {
    throw new Error(`bench/variants/${info.name}.ts does not export prepare(context)`);
  }
  return module as VariantModule;
}
