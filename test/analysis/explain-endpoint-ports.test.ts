/**
 * `explain` to a Service without a selector: kube-proxy rewrites the Service port to an endpoint
 * address and the port its EndpointSlice (or legacy Endpoints) lists under the Service port's
 * name, so NetworkPolicy sees the endpoint port — the verdict is on that port, not the Service's.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';

/** `default/kubernetes` as clusters have it: 443 (https) → 6443 on the API server's address. */
function apiServerService(ports: any[] = [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { type: 'ClusterIP', ports } };
}

/** An EndpointSlice of `default/kubernetes`. */
function slice(name: string, addresses: string[], ports: any[]): any {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses, conditions: { ready: true } }],
    ports,
  };
}

/** The legacy Endpoints of `default/kubernetes`. */
function legacyEndpoints(ip: string, ports: any[]): any {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' }, subsets: [{ addresses: [{ ip }], ports }] };
}

/** shop/web may send `port` to 172.18.0.2/32 only (egress isolated). */
function webEgress(port: number): any {
  return policy('shop', 'web-apiserver', {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ ipBlock: { cidr: '172.18.0.2/32' } }], ports: [{ port, protocol: 'TCP' }] }],
  });
}

function cluster(...extra: any[]): Reachability {
  return Reachability.fromManifests([namespace('shop'), deployment('shop', 'web', { app: 'web' }, [8080]), ...extra], NOTHING_ASSUMED);
}

describe('Reachability.explain to a Service without a selector', () => {
  const HTTPS_SLICE = slice('kubernetes', ['172.18.0.2'], [{ name: 'https', port: 6443, protocol: 'TCP' }]);

  test.each([
    ['the Service port number', 'default/kubernetes:443', undefined],
    ['the Service port name', 'default/kubernetes:https', undefined],
    ['the Service port as the port argument', 'default/kubernetes', 443],
  ])('is decided on the endpoint port, asked by %s', (_, to, port) => {
    // GIVEN default/kubernetes 443 (https) → 6443, its EndpointSlice port https = 6443, and web allowed 6443 to the address
    const r = cluster(apiServerService(), HTTPS_SLICE, webEgress(6443));
    // WHEN asked on the Service port
    const text = r.explain('shop/web', to, port);
    // THEN the resolution is said, and the verdict is on 6443: allowed by the rule for 6443
    expect(text).toContain(`${to} is Service default/kubernetes port 443/TCP (https) → targetPort 6443; `
      + "kube-proxy sends it to port 'https' of its EndpointSlices, TCP 6443 at 172.18.0.2\n");
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
    expect(text).toContain('allowed by shop/web-apiserver spec.egress[0] (to[0] ipBlock 172.18.0.2/32; TCP 6443)');
    expect(text).not.toContain('TCP 443 :');
  });

  test('a policy allowing only the Service port to the address is denied, naming the endpoint port', () => {
    // GIVEN web allowed 443 (the Service port) to the endpoint address, not 6443
    const r = cluster(apiServerService(), HTTPS_SLICE, webEgress(443));
    const text = r.explain('shop/web', 'default/kubernetes:443');
    // THEN denied on 6443, the rule for 443 a near miss
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : denied');
    expect(text).toContain('shop/web-apiserver spec.egress[0] matches to[0] ipBlock 172.18.0.2/32 but allows only TCP 443');
  });

  test('with only a legacy Endpoints object, says so and takes its port', () => {
    // GIVEN no EndpointSlice, an Endpoints object with port https = 6443
    const r = cluster(apiServerService(), legacyEndpoints('172.18.0.2', [{ name: 'https', port: 6443, protocol: 'TCP' }]), webEgress(6443));
    const text = r.explain('shop/web', 'default/kubernetes:https');
    // THEN the Endpoints are named as what holds the addresses and the port
    expect(text).toContain('Service default/kubernetes has no selector; its Endpoints hold 172.18.0.2\n');
    expect(text).toContain("kube-proxy sends it to port 'https' of its Endpoints, TCP 6443 at 172.18.0.2\n");
    expect(text).not.toContain('EndpointSlices');
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
  });

  test('EndpointSlices decide where both they and an Endpoints object exist, as kube-proxy reads them', () => {
    // GIVEN a stale Endpoints object with another address and port besides the EndpointSlice
    const r = cluster(apiServerService(), HTTPS_SLICE, legacyEndpoints('172.18.0.9', [{ name: 'https', port: 7443 }]), webEgress(6443));
    const text = r.explain('shop/web', 'default/kubernetes:443');
    expect(text).toContain('its EndpointSlices hold 172.18.0.2\n');
    expect(text).not.toContain('172.18.0.9');
    expect(text).not.toContain('7443');
  });

  test('without an endpoint port of that name, the numeric targetPort is asked', () => {
    // GIVEN the EndpointSlice lists only a port named metrics
    const r = cluster(apiServerService(), slice('kubernetes', ['172.18.0.2'], [{ name: 'metrics', port: 9090 }]), webEgress(6443));
    const text = r.explain('shop/web', 'default/kubernetes:443');
    expect(text).toContain("its EndpointSlices list no port 'https' (TCP), so the connection goes to the targetPort, TCP 6443 at 172.18.0.2\n");
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
  });

  test('without an endpoint port of that name and with a named targetPort, the Service port itself is asked', () => {
    // GIVEN targetPort 'https' (a name no pod resolves) and an EndpointSlice without ports
    const r = cluster(apiServerService([{ name: 'https', port: 443, targetPort: 'https' }]), slice('kubernetes', ['172.18.0.2'], []), webEgress(443));
    const text = r.explain('shop/web', 'default/kubernetes:https');
    expect(text).toContain("its EndpointSlices list no port 'https' (TCP), so the connection goes to the Service port, TCP 443 at 172.18.0.2\n");
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 443 : allowed');
  });

  test('a Service of one unnamed port takes the endpoints\' one port', () => {
    // GIVEN port 80 → targetPort 8080, but the EndpointSlice says 9000
    const r = cluster(apiServerService([{ port: 80, targetPort: 8080 }]), slice('kubernetes', ['172.18.0.2'], [{ port: 9000 }]), webEgress(9000));
    const text = r.explain('shop/web', 'default/kubernetes:80');
    expect(text).toContain('kube-proxy sends it to the one port of its EndpointSlices, TCP 9000 at 172.18.0.2\n');
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 9000 : allowed');
  });

  test('EndpointSlices with different ports for the name are each asked on their own port', () => {
    // GIVEN two slices (mid-migration): 172.18.0.2 serves https on 6443, 172.18.0.3 on 7443
    const r = cluster(apiServerService(), HTTPS_SLICE, slice('kubernetes-b', ['172.18.0.3'], [{ name: 'https', port: 7443 }]), webEgress(6443));
    const text = r.explain('shop/web', 'default/kubernetes:https');
    expect(text).toContain("kube-proxy sends it to port 'https' of its EndpointSlices, TCP 6443 at 172.18.0.2; "
      + "kube-proxy sends it to port 'https' of its EndpointSlices, TCP 7443 at 172.18.0.3\n");
    expect(text).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
    expect(text).toContain('shop/web[Deployment] => 172.18.0.3 : TCP 7443 : denied');
    expect(text).not.toContain('172.18.0.3 : TCP 6443');
  });

  test('a port the Service does not have is refused, naming its ports and how to ask about an endpoint port', () => {
    const r = cluster(apiServerService(), HTTPS_SLICE, webEgress(6443));
    expect(() => r.explain('shop/web', 'default/kubernetes', 6443)).toThrow(
      "Reachability.explain: Service 'default/kubernetes' has no port 6443; its ports: 443/TCP (https) → targetPort 6443; "
      + 'for a port of its endpoints themselves, give one of their addresses (172.18.0.2) and the port');
    expect(r.explain('shop/web', '172.18.0.2', 6443)).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
  });
});
