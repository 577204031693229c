import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import { MANAGED_BY, serviceFqdn, standardLabels } from '../_names';
import { fail, isDns1123Subdomain, isIpAddress, validateCidr, validateDns1035Label, validatePort } from '../_validate';
import { registerTarget } from './_connect';
import { checkConstruct } from './_inputs';
import type { EndpointSlice, ServiceSpec } from './_k8s-types';
import { cidrPeer, PolicyPeer, PolicyPort } from './_policy';
import { Registry } from './_registry';
import { IConnectionTarget } from './connection';
import { Protocol } from './workload';
import { ZeroTrustNamespace } from './zero-trust-namespace';


/**
 * What one EndpointSlice holds: at most 1,000 endpoints and 100 ports (the API server's validation).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/
 */
const MAX_SLICE_ENDPOINTS = 1000;
const MAX_SLICE_PORTS = 100;

/**
 * Props for {@link ExternalDependency}: exactly one of `externalName` or `addresses`.
 */
export interface ExternalDependencyProps {
  /**
   * Name of the Service (a DNS-1035 label); clients use `<name>.<namespace>.svc.cluster.local`.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The outside DNS name (e.g. `api.partner.com`): an `ExternalName` Service, a CNAME in cluster
   * DNS. Not an IP address nor a URL — use `addresses` for IPs.
   *
   * @default - none; then `addresses` is required
   */
  readonly externalName?: string;

  /**
   * Outside IP addresses (IPv4 and/or IPv6; no CIDRs, no names; not loopback, link-local or
   * unspecified): a Service without selector plus one EndpointSlice per address family.
   *
   * @default - none; then `externalName` is required
   */
  readonly addresses?: string[];

  /**
   * The ports clients use (required: the egress rules of connected workloads open exactly these).
   */
  readonly ports: number[];

  /**
   * The protocol of the ports.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * The public internet egress opened to an ExternalName dependency when `egressCidrs` is not given:
 * everything but private (RFC 1918, fc00::/7), CGNAT, link-local (incl. cloud metadata) and
 * loopback ranges.
 */
const PUBLIC_INTERNET: Array<{ cidr: string; except: string[] }> = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8'] },
  // NAT64 (RFC 6052 well-known prefix, RFC 8215 local-use prefix): on IPv6-only clusters, private
  // IPv4 ranges are reachable through them.
  { cidr: '::/0', except: ['fc00::/7', 'fe80::/10', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48'] },
];

/**
 * A service outside the cluster, given an in-cluster name and the egress rules its clients need.
 *
 * - `externalName` → a Service of type `ExternalName` (a CNAME in cluster DNS; no selector, no
 *   ports). Clients connect to `<name>.<namespace>.svc.cluster.local`, so moving the dependency
 *   means changing one object. TLS clients then see the in-cluster name: SNI and certificate
 *   checks must use the outside name.
 * - `addresses` → a Service without selector plus `discovery.k8s.io/v1` EndpointSlices (one per
 *   address family, labelled `kubernetes.io/service-name` and
 *   `endpointslice.kubernetes.io/managed-by: cdk8s-network-patterns`, port names and protocols
 *   equal to the Service's).
 *
 * Security considerations: a workload's `connectTo(dependency)` opens egress to exactly the
 * addresses (`/32`, `/128`) on the dependency's ports; for an ExternalName, NetworkPolicy cannot
 * match DNS names, so egress goes to `egressCidrs` (default: the public internet without private,
 * CGNAT, link-local/metadata and loopback ranges).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export class ExternalDependency extends Construct implements IConnectionTarget {
  /** The Service name. */
  public readonly name: string;
  /** The namespace of the Service. */
  public readonly namespace: string;
  /** The Service (escape hatch). */
  public readonly service: ApiObject;
  /** The EndpointSlices (with `addresses`). */
  public readonly endpointSlices: ApiObject[];
  /** The in-cluster FQDN of the Service. */
  public readonly host: string;
  /** The outside DNS name, if any. */
  public readonly externalName?: string;
  /** The outside addresses, if any. */
  public readonly addresses: string[];
  /** The ports. */
  public readonly ports: number[];
  /** The protocol of the ports. */
  public readonly protocol: Protocol;

  constructor(scope: Construct, id: string, props: ExternalDependencyProps) {
    const owner = checkConstruct('ExternalDependency', scope, id, props);
    super(scope, id);
    const name = props.name ?? id;
    validateDns1035Label(owner, 'name', name);
    if ((props.externalName === undefined) === (props.addresses === undefined)) {
      fail(owner, 'give exactly one of externalName (an outside DNS name) or addresses (outside IPs)');
    }
    if (props.ports.length === 0) {
      fail(owner, 'ports is empty; list the ports clients use (the egress rules open exactly these)');
    }
    if (props.ports.length > MAX_SLICE_PORTS) {
      fail(owner, `ports lists ${props.ports.length} ports, more than the ${MAX_SLICE_PORTS} an EndpointSlice holds; split the dependency`);
    }
    const seen = new Set<number>();
    for (const port of props.ports) {
      validatePort(owner, 'port', port);
      if (seen.has(port)) {
        fail(owner, `port ${port} is listed twice`);
      }
      seen.add(port);
    }
    if (props.externalName !== undefined) {
      validateExternalName(owner, props.externalName);
    }
    const addresses = props.addresses ?? [];
    if (props.addresses !== undefined) {
      if (addresses.length === 0) {
        fail(owner, 'addresses is empty; list the outside IP addresses');
      }
      addresses.forEach(a => validateAddress(owner, a));
      const normalized = addresses.map(a => ipaddr.parse(a).toNormalizedString());
      const repeated = addresses.find((_, i) => normalized.indexOf(normalized[i]) !== i);
      if (repeated !== undefined) {
        fail(owner, `address '${repeated}' is listed twice; list each address once`);
      }
      for (const family of ['ipv4', 'ipv6']) {
        const count = addresses.filter(a => ipaddr.parse(a).kind() === family).length;
        if (count > MAX_SLICE_ENDPOINTS) {
          fail(owner, `addresses lists ${count} ${family === 'ipv4' ? 'IPv4' : 'IPv6'} addresses, more than the ${MAX_SLICE_ENDPOINTS} endpoints an EndpointSlice holds; split the dependency`);
        }
      }
    }

    this.name = name;
    const chart = Chart.of(this);
    this.namespace = chart.namespace ?? 'default';
    this.host = serviceFqdn(name, this.namespace, ZeroTrustNamespace.isZeroTrustNamespace(chart) ? chart.clusterDomain : undefined);
    this.externalName = props.externalName;
    this.addresses = [...addresses];
    this.ports = [...props.ports];
    this.protocol = props.protocol ?? Protocol.TCP;
    Registry.of(this).claim(`Service ${this.namespace}/${name}`, owner, this);

    const labels = standardLabels(name, 'external-dependency');
    const servicePorts = this.ports.map(port => ({ name: portName(this.protocol, port), port, protocol: this.protocol }));
    this.service = new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: (props.externalName !== undefined
        ? { type: 'ExternalName', externalName: props.externalName }
        : {
          type: 'ClusterIP',
          ...ipFamiliesOf(addresses),
          ports: servicePorts.map(p => ({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.port })),
        }) satisfies ServiceSpec,
    });

    this.endpointSlices = [];
    for (const family of ['IPv4', 'IPv6']) {
      const familyAddresses = addresses.filter(a => (ipaddr.parse(a).kind() === 'ipv4') === (family === 'IPv4'));
      if (familyAddresses.length === 0) {
        continue;
      }
      this.endpointSlices.push(new ApiObject(this, `EndpointSlice${family}`, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${name}-${family.toLowerCase()}`,
          labels: {
            ...labels,
            'kubernetes.io/service-name': name,
            'endpointslice.kubernetes.io/managed-by': MANAGED_BY,
          },
        },
        addressType: family,
        endpoints: familyAddresses.map(a => ({ addresses: [a], conditions: { ready: true } })),
        ports: servicePorts,
      } satisfies EndpointSlice));
    }

    registerTarget(this, {
      description: owner,
      namespace: this.namespace,
      selectPorts: (connectOwner, names) => {
        if (names !== undefined) {
          fail(connectOwner, `ports [${names.join(', ')}] cannot be chosen for ${owner}; a connection opens all its ports (${this.ports.join(', ')})`);
        }
        return { policyPorts: this.policyPorts(), envPort: this.ports[0] };
      },
      egressPeers: (_sourceNamespace, egressCidrs, connectOwner) => this.egressPeers(connectOwner, egressCidrs),
      admit: () => { /* outside the cluster: nothing to admit */ },
      hasService: () => true,
      takesEgressCidrs: () => this.externalName !== undefined,
    });
  }

  /** The target's name; `connectTo` derives `<NAME>_HOST` / `<NAME>_PORT` from it. */
  public get connectionName(): string {
    return this.name;
  }

  /** The Service FQDN clients use (`<TARGET>_HOST`). */
  public get connectionHost(): string {
    return this.host;
  }

  /** The first port (`<TARGET>_PORT`). */
  public get connectionPort(): number {
    return this.ports[0];
  }

  private policyPorts(): PolicyPort[] {
    return this.ports.map(port => ({ port, protocol: this.protocol }));
  }

  private egressPeers(owner: string, egressCidrs: string[] | undefined): PolicyPeer[] {
    if (this.externalName === undefined) {
      if (egressCidrs !== undefined) {
        fail(owner, `egressCidrs only apply to an ExternalName dependency; ExternalDependency '${this.name}' has addresses, which are opened exactly`);
      }
      return this.addresses.map(a => cidrPeer(ipaddr.parse(a).kind() === 'ipv4' ? `${a}/32` : `${a}/128`));
    }
    if (egressCidrs !== undefined) {
      return egressCidrs.map(c => cidrPeer(validateCidr(owner, 'egress CIDR', c)));
    }
    return PUBLIC_INTERNET.map(b => cidrPeer(b.cidr, b.except));
  }
}

function portName(protocol: Protocol, port: number): string {
  return `${protocol.toLowerCase()}-${port}`;
}

/**
 * An ExternalName is a DNS name, with one trailing dot allowed ("may have a trailing dot to denote
 * it as fully qualified": the API server strips it before its DNS-1123 check); never an address,
 * not even in a legacy form the DNS-1123 check lets through (`010.0.0.1`).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 */
function validateExternalName(owner: string, value: string): void {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (isIpAddress(name) || /^\d+(\.\d+){3}$/.test(name)) {
    fail(owner, `externalName '${value}' is an IP address, but an ExternalName Service is a DNS CNAME; use addresses: ['${name}'] instead`);
  }
  if (value.includes('://') || value.includes('/') || value.includes(':')) {
    fail(owner, `externalName '${value}' looks like a URL; give only the DNS name (e.g. api.partner.com), or use addresses for IPs`);
  }
  if (!isDns1123Subdomain(name)) {
    fail(owner, `externalName '${value}' is not a lowercase DNS name (a DNS-1123 subdomain such as api.partner.com, with at most one trailing dot)`);
  }
}

function validateAddress(owner: string, value: string): void {
  if (value.includes('/')) {
    fail(owner, `address '${value}' is a CIDR block; list single IP addresses (EndpointSlice endpoints are addresses, not ranges)`);
  }
  if (!isIpAddress(value)) {
    fail(owner, `address '${value}' is not an IP address; use externalName for a DNS name`);
  }
  const parsed = ipaddr.parse(value);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    fail(owner, `address '${value}' is an IPv4-mapped IPv6 address, which an IPv6 EndpointSlice rejects; give the IPv4 address ${(parsed as ipaddr.IPv6).toIPv4Address().toString()}`);
  }
  const range = parsed.range();
  if (range === 'loopback' || range === 'linkLocal' || range === 'unspecified') {
    fail(owner, `address '${value}' is ${range === 'linkLocal' ? 'link-local' : range}, which the API server rejects as an endpoint; give a routable address`);
  }
  if (range === 'multicast') {
    fail(owner, `address '${value}' is multicast, which cannot be a Service endpoint (connections go to one unicast host); give a routable unicast address`);
  }
}

/**
 * The IP families of the Service in front of `addresses`. kube-proxy sends a Service's traffic only
 * to the EndpointSlices of its own families, and a Service without them gets the cluster's primary
 * family (usually IPv4): IPv6 addresses alone ask for an IPv6 Service (refused by a cluster without
 * IPv6, which could not reach them anyway); both families ask for both where the cluster has them
 * (`PreferDualStack` falls back to one family on a single-stack cluster). IPv4 alone keeps the
 * cluster's default.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
 */
function ipFamiliesOf(addresses: readonly string[]): Pick<ServiceSpec, 'ipFamilies' | 'ipFamilyPolicy'> {
  const ipv6 = addresses.filter(a => ipaddr.parse(a).kind() === 'ipv6').length;
  if (ipv6 === 0) return {};
  if (ipv6 === addresses.length) return { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] };
  return { ipFamilyPolicy: 'PreferDualStack' };
}
