import { App } from 'cdk8s';
import { synthNamespacePerApp } from './library-ns-per-app';
import { Prepare } from './_variant';

/** The `library-ns-per-app` variant in a plain cdk8s `App`: cdk8s validates the App once per chart. */
export const prepare: Prepare = ({ n, outdir }) => () => synthNamespacePerApp(new App({ outdir }), n);
