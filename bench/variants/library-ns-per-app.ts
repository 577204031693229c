import { App } from 'cdk8s';
import { namespaceOf } from './_spec';
import { Prepare } from './_variant';
import { addApp } from './library';
import { NetworkPatternsApp, ZeroTrustNamespace } from '../../src';

/** N `ExposedApp`s of `app`, each in its own `ZeroTrustNamespace` (one YAML file each). */
export function synthNamespacePerApp(app: App, n: number): void {
  for (let i = 0; i < n; i++) {
    addApp(new ZeroTrustNamespace(app, namespaceOf(i)), i);
  }
  app.synth();
}

/** N `ExposedApp`s, each in its own `ZeroTrustNamespace`, in one `NetworkPatternsApp`. */
export const prepare: Prepare = ({ n, outdir }) => () => synthNamespacePerApp(new NetworkPatternsApp({ outdir }), n);
