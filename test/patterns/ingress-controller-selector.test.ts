import { errorOf, find, IMAGE, objectsOf, zeroTrust } from './_helpers';
import { ExposedApp, Exposure, IngressControllerSelector } from '../../src';

/** The `from` peers admitted to an Ingress-exposed app in a namespace using `controller`. */
function admittedPeers(controller?: IngressControllerSelector): any[] {
  const { ns } = zeroTrust('production', controller ? { ingressController: controller } : {});
  new ExposedApp(ns, 'api', { image: IMAGE, exposure: Exposure.ingress({ host: 'api.example.com' }) });
  const rules = find(objectsOf(ns), 'NetworkPolicy', 'api-ingress').spec.ingress;
  expect(rules).toHaveLength(1);
  expect(rules[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  return rules[0].from;
}

describe('IngressControllerSelector', () => {
  test('admits ingress-nginx pods by default, namespaceSelector AND podSelector in one peer', () => {
    // WHEN
    const peers = admittedPeers();

    // THEN
    expect(peers).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    }]);
    expect(admittedPeers(IngressControllerSelector.ingressNginx())).toEqual(peers);
  });

  test('admits controller pods selected by namespace and labels', () => {
    // GIVEN
    const controller = IngressControllerSelector.of({ namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'traefik' } });

    // WHEN
    const peers = admittedPeers(controller);

    // THEN
    expect(controller.namespace).toBe('kube-system');
    expect(peers).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
    }]);
  });

  test('admits the CIDRs of a host-network controller', () => {
    // GIVEN
    const controller = IngressControllerSelector.fromCidrs(['10.0.0.0/16', '2001:db8:1::/64']);

    // WHEN
    const peers = admittedPeers(controller);

    // THEN
    expect(controller.cidrs).toEqual(['10.0.0.0/16', '2001:db8:1::/64']);
    expect(controller.namespace).toBeUndefined();
    expect(peers).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: '2001:db8:1::/64' } }]);
  });

  test('fails when of() gets a namespace that is not a DNS label', () => {
    // WHEN
    const message = errorOf(() => IngressControllerSelector.of({ namespace: 'Ingress', podLabels: { app: 'nginx' } }));

    // THEN
    expect(message).toContain("IngressControllerSelector.of: namespace 'Ingress' is not a valid DNS-1123 label");
  });

  test('fails when of() gets no pod labels', () => {
    // WHEN
    const message = errorOf(() => IngressControllerSelector.of({ namespace: 'ingress-nginx', podLabels: {} }));

    // THEN
    expect(message).toContain('IngressControllerSelector.of: podLabels is empty');
  });

  test('fails when fromCidrs() gets no CIDRs', () => {
    // WHEN
    const message = errorOf(() => IngressControllerSelector.fromCidrs([]));

    // THEN
    expect(message).toContain('IngressControllerSelector.fromCidrs: cidrs is empty');
  });

  test.each([
    ['10.0.0.5', "cidr '10.0.0.5' is not a CIDR block"],
    ['nodes/16', "cidr 'nodes/16' is not a CIDR block"],
    ['10.0.0.5/16', "cidr '10.0.0.5/16' has host bits set; use 10.0.0.0/16"],
  ])('fails when fromCidrs() gets %s', (cidr, expected) => {
    // WHEN
    const message = errorOf(() => IngressControllerSelector.fromCidrs([cidr]));

    // THEN
    expect(message).toContain(`IngressControllerSelector.fromCidrs: ${expected}`);
  });
});
