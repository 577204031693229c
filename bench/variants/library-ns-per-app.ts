import { App } from 'cdk8s';
import { namespaceOf } from './_spec';
import { Prepare } from './_variant';
import { addApp } from './library';
import { ZeroTrustNamespace } from '../../src';

/** N `ExposedApp`s, each in its own `ZeroTrustNamespace` (one YAML file each); one App. */
export const prepare: Prepare = ({ n, outdir }) => () => {
  const app = new App({ outdir });
  for (let i = 0; i < n; i++) {
    addApp(new ZeroTrustNamespace(app, namespaceOf(i)), i);
  }
  app.synth();
};
