import { App } from 'cdk8s';
import { appHost, appName, CLUSTER_ISSUER, HEALTH_CHECK_PATH, IMAGE, NAMESPACE, REPLICAS } from './_spec';
import { Prepare } from './_variant';
import { ExposedApp, Exposure, IngressTls, NetworkPatternsApp, ZeroTrustNamespace } from '../../src';

/** Adds app `i` to `scope`, as a user of the library writes it. */
export function addApp(scope: ZeroTrustNamespace, i: number): ExposedApp {
  return new ExposedApp(scope, appName(i), {
    image: IMAGE,
    healthCheckPath: HEALTH_CHECK_PATH,
    replicas: REPLICAS,
    exposure: Exposure.ingress({
      host: appHost(i),
      tls: IngressTls.certManager({ clusterIssuer: CLUSTER_ISSUER }),
    }),
  });
}

/** N `ExposedApp`s in one `ZeroTrustNamespace` of `app`; `app.synth()` writes the YAML. */
export function synthOneNamespace(app: App, n: number): void {
  const ns = new ZeroTrustNamespace(app, NAMESPACE);
  for (let i = 0; i < n; i++) {
    addApp(ns, i);
  }
  app.synth();
}

/** N `ExposedApp`s in one `ZeroTrustNamespace` of a `NetworkPatternsApp`. */
export const prepare: Prepare = ({ n, outdir }) => () => synthOneNamespace(new NetworkPatternsApp({ outdir }), n);
