import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { isKplusInstance } from '../../src/patterns/_kplus';

describe('cdk8s-plus-28 at run time', () => {
  test('is loaded only for cdk8s-plus constructs: a program of the library\'s constructs never loads it', () => {
    // GIVEN a fresh module registry that records whether cdk8s-plus-28 is loaded
    let loaded = false;
    jest.isolateModules(() => {
      jest.doMock('cdk8s-plus-28', () => {
        loaded = true;
        return jest.requireActual('cdk8s-plus-28');
      });
      // WHEN a program of the library's constructs is built and synthesized
      /* eslint-disable @typescript-eslint/no-require-imports */
      const lib = require('../../src');
      const cdk8s = require('cdk8s');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const app = new lib.NetworkPatternsApp({ outdir: Testing.app().outdir });
      const ns = new lib.ZeroTrustNamespace(app, 'shop');
      new lib.ExposedApp(ns, 'api', { image: 'ghcr.io/acme/api:1.0.0', exposure: lib.Exposure.ingress({ host: 'api.example.com' }) });
      new lib.StatefulDatabase(ns, 'db', { engine: lib.DatabaseEngine.POSTGRES });
      cdk8s.Testing.synth(ns);
    });
    // THEN cdk8s-plus-28 was never loaded
    expect(loaded).toBe(false);
  });

  test('tells cdk8s-plus-28 instances (and instances of their subclasses) by their jsii type information', () => {
    const chart = new Chart(Testing.app(), 'shop');
    class Api extends kplus.Deployment {}
    expect(isKplusInstance(new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] }))).toBe(true);
    expect(isKplusInstance(new Api(chart, 'api', { containers: [{ image: 'nginx:1.27' }] }))).toBe(true);
    expect(isKplusInstance(new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' }))).toBe(false);
    expect([chart, {}, null, 'Deployment', Object.create(null)].map(isKplusInstance)).toEqual([false, false, false, false, false]);
  });
});
