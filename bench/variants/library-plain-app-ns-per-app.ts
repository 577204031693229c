import { App } from 'cdk8s';
import { Prepare } from './_variant';
import { synthNamespacePerApp } from './library-ns-per-app';

/** The `library-ns-per-app` variant in a plain cdk8s `App`: cdk8s validates the App once per chart. */
export const prepare: Prepare = ({ n, outdir }) => () => synthNamespacePerApp(new App({ outdir }), n);
