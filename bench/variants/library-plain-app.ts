import { App } from 'cdk8s';
import { Prepare } from './_variant';
import { synthOneNamespace } from './library';

/** The `library` variant in a plain cdk8s `App` (no `NetworkPatternsApp`): cdk8s's own synthesis. */
export const prepare: Prepare = ({ n, outdir }) => () => synthOneNamespace(new App({ outdir }), n);
