import { App, Chart } from 'cdk8s';
import { namespaceOf } from './_spec';
import { Prepare } from './_variant';
import { addApp, addNamespace } from './cdk8s-plus-28';

/** The cdk8s-plus-28 objects with one Chart (namespace) per app; one App. */
export const prepare: Prepare = ({ n, outdir }) => () => {
  const app = new App({ outdir });
  for (let i = 0; i < n; i++) {
    const name = namespaceOf(i);
    const chart = new Chart(app, name, { namespace: name });
    addApp(chart, i, addNamespace(chart, name));
  }
  app.synth();
};
