import { checkArg, str } from '../_check';
import { fail, isIpAddress, validateDns1123Label, validatePort } from '../_validate';
import { checkOptions } from './_inputs';
import { cidrPeer, namespacedPodPeer, PolicyPeer, PolicyPort } from './_policy';
import { copyRecord } from '../_collections';

/**
 * Options for {@link DnsSelector.of}.
 */
export interface DnsSelectorOptions {
  /** Namespace of the DNS pods (e.g. `openshift-dns`). */
  readonly namespace: string;
  /** Labels of the DNS pods (e.g. `{ 'dns.operator.openshift.io/daemonset-dns': 'default' }`). */
  readonly podLabels: { [key: string]: string };
  /**
   * The port the DNS pods listen on (the pod port, which NetworkPolicies see after the Service's
   * DNAT: OpenShift's DNS pods listen on 5353 behind Service port 53).
   *
   * @default 53
   */
  readonly port?: number;
}

/**
 * Where the cluster's DNS runs, so a default-deny namespace can still resolve names.
 *
 * Renders the `to` peers and ports of the allow-DNS egress policy of a {@link ZeroTrustNamespace}:
 * UDP and TCP on the DNS port (TCP is needed for truncated answers over 512 bytes). Each pod peer is
 * a namespaceSelector AND a podSelector in one peer element, so only the DNS pods are opened, not
 * their whole namespace.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
export class DnsSelector {
  /**
   * CoreDNS / kube-dns: pods `k8s-app=kube-dns` in `kube-system`, UDP and TCP 53 (the default).
   */
  public static kubeDns(): DnsSelector {
    return new DnsSelector('kube-system', { 'k8s-app': 'kube-dns' }, 53, []);
  }

  /**
   * NodeLocal DNSCache: the node-local address (link-local, not a pod, so an ipBlock) plus
   * kube-dns, which the cache forwards to and pods fall back to.
   *
   * With kube-proxy in iptables mode (its default) the cache also answers on the kube-dns Service's
   * cluster IP, and pods keep sending their queries there: the cache's `NOTRACK` rules skip the
   * Service's DNAT, so NetworkPolicy sees that cluster IP as the destination, which only an ipBlock
   * matches (the NodeLocal DNSCache add-on's README says to allow it with an ipBlock). Give it as
   * `clusterDnsIp` — kubelet's `clusterDNS`, e.g. `10.96.0.10` on kubeadm — or DNS fails under
   * default-deny. Leave it out when kubelet points pods at the link-local address itself (kube-proxy
   * in IPVS mode) or on GKE's `169.254.169.254`.
   *
   * @param ip the link-local address of the cache
   * @param clusterDnsIp the kube-dns Service's cluster IP, opened as well (iptables mode)
   * @default ip 169.254.20.10; clusterDnsIp none
   * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
   * @see https://github.com/kubernetes/kubernetes/blob/master/cluster/addons/dns/nodelocaldns/README.md
   */
  public static nodeLocal(ip?: string, clusterDnsIp?: string): DnsSelector {
    const owner = 'DnsSelector.nodeLocal';
    checkArg(owner, 'ip', ip, str());
    checkArg(owner, 'clusterDnsIp', clusterDnsIp, str());
    const address = ip ?? '169.254.20.10';
    if (!isIpAddress(address)) {
      fail(owner, `ip '${address}' is not an IP address; give the NodeLocal DNSCache address, e.g. 169.254.20.10`);
    }
    if (clusterDnsIp !== undefined && !isIpAddress(clusterDnsIp)) {
      fail(owner, `clusterDnsIp '${clusterDnsIp}' is not an IP address; give the kube-dns Service's cluster IP (kubectl -n kube-system get service kube-dns), e.g. 10.96.0.10`);
    }
    const addresses = clusterDnsIp === undefined || clusterDnsIp === address ? [address] : [address, clusterDnsIp];
    return new DnsSelector('kube-system', { 'k8s-app': 'kube-dns' }, 53, addresses.map(a => (a.includes(':') ? `${a}/128` : `${a}/32`)));
  }

  /**
   * DNS pods selected by namespace and labels, on a given port (e.g. OpenShift's `openshift-dns`
   * on 5353).
   */
  public static of(options: DnsSelectorOptions): DnsSelector {
    checkOptions('DnsSelector.of', options);
    validateDns1123Label('DnsSelector.of', 'namespace', options.namespace);
    if (Object.keys(options.podLabels).length === 0) {
      fail('DnsSelector.of', 'podLabels is empty, which would select every pod of the namespace; give the labels of the DNS pods');
    }
    const port = options.port ?? 53;
    validatePort('DnsSelector.of', 'port', port);
    return new DnsSelector(options.namespace, options.podLabels, port, []);
  }

  /** Namespace of the DNS pods. */
  public readonly namespace: string;
  /** Labels of the DNS pods. */
  public readonly podLabels: { [key: string]: string };
  /** The DNS port opened for UDP and TCP. */
  public readonly port: number;
  /** Extra DNS addresses (CIDRs) opened besides the pods, e.g. NodeLocal DNSCache. */
  public readonly cidrs: string[];

  private constructor(namespace: string, podLabels: { [key: string]: string }, port: number, cidrs: string[]) {
    this.namespace = namespace;
    this.podLabels = copyRecord(podLabels);
    this.port = port;
    this.cidrs = [...cidrs];
  }

  /** @internal */
  public _peers(): PolicyPeer[] {
    return [...this.cidrs.map(c => cidrPeer(c)), namespacedPodPeer(this.podLabels, this.namespace)];
  }

  /** @internal */
  public _ports(): PolicyPort[] {
    return [{ port: this.port, protocol: 'UDP' }, { port: this.port, protocol: 'TCP' }];
  }
}
