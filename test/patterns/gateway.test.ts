import { App, Chart, Testing } from 'cdk8s';
import { find, findAll, IMAGE, objectsOf } from './_helpers';
import {
  AcmeClusterIssuer, AcmeSolver, AllowedRoutes, ExposedApp, Exposure, Gateway, GatewayDataPlane, GatewayTls, ListenerProtocol, Reachability, ZeroTrustNamespace,
} from '../../src';
import { validateManifests } from '../util';

describe('Gateway', () => {
  test('smoke', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const issuer = new AcmeClusterIssuer(platform, 'letsencrypt', { email: 'ops@example.com' });
    const infra = new ZeroTrustNamespace(app, 'infra');
    const gw = new Gateway(infra, 'public', {
      gatewayClassName: 'eg',
      dataPlane: GatewayDataPlane.envoyGateway(),
      tls: GatewayTls.fromClusterIssuer(issuer),
      allowedRoutes: AllowedRoutes.fromNamespaces(['storefront', 'infra']),
    });
    const shop = new ZeroTrustNamespace(app, 'storefront');
    new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
    new ExposedApp(shop, 'rpc', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: gw, hostnames: ['rpc.example.com'] }) });
    const web = new ExposedApp(shop, 'web', { image: IMAGE });
    gw.addRoute({ hostnames: ['shop.example.com'], path: '/', app: web });
    gw.addListener({ hostname: 'tls.example.com', protocol: ListenerProtocol.TLS });
    const objects = [...Testing.synth(infra), ...Testing.synth(shop)];
    const r = Reachability.fromManifests(objects);
    console.log(JSON.stringify(r.gatewayRoutes(), null, 1), JSON.stringify(r.toJson().flows), r.workloads, r.problems);
    console.log(r.explain('envoy-gateway-system/public-data-plane', 'storefront/api', 8080));
    console.log(validateManifests(objects));
  });
});
