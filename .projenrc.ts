import { cdk8s, javascript, JsonFile } from 'projen';

/**
 * cdk8s-network-patterns — the only place the build is configured.
 * Generated files (package.json, tsconfig*.json, .projen/*, .gitignore, …) are written from here
 * by `npx projen`; never edit them by hand.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-network-patterns',
  description:
    'Kubernetes networking patterns for cdk8s that are correct by construction: zero-trust namespaces, exposed apps, stateful databases, external dependencies, and a NetworkPolicy reachability analyzer.',
  author: 'cdk8s-network-patterns developers',
  authorAddress: 'dev@example.com',
  repositoryUrl: 'https://example.com/cdk8s-network-patterns.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'networkpolicy', 'ingress', 'cert-manager', 'zero-trust'],

  // Versions found to work together on the build machines (Node 20, npm registry only).
  projenVersion: '0.103.25',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  minNodeVersion: '20.16.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],

  // Plain npm libraries needed at run time are bundled (a jsii package may only depend on
  // other jsii packages otherwise):
  // - yaml: multi-document YAML parsing for the CLI and fromManifests inputs
  // - commander: the netpatterns CLI argument parser
  // - ipaddr.js: IP/CIDR parsing and containment for ipBlock evaluation and validation
  // - js-yaml: reads manifests as kubectl does (flow collections indented less than their parent
  //   or by tabs), fast on large streams; see src/analysis/_kubectl-yaml.ts
  bundledDeps: ['yaml@^2.8.0', 'commander@^14.0.0', 'ipaddr.js@^2.2.0', 'js-yaml@^4.1.0'],
  devDeps: [
    '@types/js-yaml@^4.0.9',
    // Kubernetes object schema validation in tests (the newest CommonJS line; a superset of 1.28
    // for the kinds this library emits — unknown-field checks use cdk8s-plus-28's 1.28 types).
    'kubernetes-models@4.5.1',
    '@kubernetes-models/cert-manager@4.4.4',
    '@kubernetes-models/gateway-api@0.5.1',
    // The real cdk8s CLI, to run NetworkPatternsValidation as a validation plugin end to end in
    // the tests (the plugin itself never loads cdk8s-cli at run time).
    'cdk8s-cli@2.207.60',
    // prometheus-operator's ServiceMonitor / PodMonitor (monitoring.coreos.com/v1), emitted for
    // workloads with metrics.serviceMonitor
    '@kubernetes-models/prometheus-operator@4.4.4',
  ],

  // No GitHub, no release, no dependency-upgrade workflows on these machines.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/', '/examples/'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  },
  typecheckTests: true,
  gitignore: ['/dist/', '/bench/results/', '*.cpuprofile'],
});

// The registry here lacks the non-Linux @unrs/resolver-binding-*@1.13.0 packages; pinning keeps
// the lockfile usable by `npm ci` on a clean clone.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// jsii does not delete outputs of removed sources, and they would be packed.
project.preCompileTask.exec('rm -rf lib');

// The netpatterns CLI (src/cli.ts is compiled by jsii but not exported from src/index.ts).
project.addBins({ netpatterns: 'lib/cli.js' });

// Top-level folders that are not part of the published package.
for (const dir of ['/examples/', '/scripts/', '/bench/', '/.ci/']) {
  project.npmignore?.exclude(dir);
}
// Each of them gets its own tsconfig.json: the type check of `synth` and eslint's projectService
// must find every file in a project.
for (const dir of ['examples', 'scripts', 'bench']) {
  project.eslint?.addLintPattern(dir);
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', isolatedModules: true },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  });
}

const tsNode = 'ts-node --transpile-only --project scripts/tsconfig.json';

// Main job: type-check and synthesize every example to dist/examples/<example>.k8s.yaml.
const synth = project.addTask('synth', {
  description: 'Type-check and synthesize every example in examples/ to dist/examples/*.k8s.yaml',
});
synth.exec('tsc --noEmit --project examples/tsconfig.json');
synth.exec(`${tsNode} scripts/synth-examples.ts`);

// Benchmark (not part of the tests): `npm run bench` / `npm run bench -- --quick`.
const bench = project.addTask('bench', {
  description: 'Benchmark synthesis and analysis side by side (use -- --quick for a short run)',
  receiveArgs: true,
});
bench.exec(`${tsNode} bench/run.ts`, { receiveArgs: true });

project.synth();
