import { IConstruct } from 'constructs';

/**
 * Options for `connectTo`.
 */
export interface ConnectOptions {
  /**
   * Inject `<TARGET>_HOST` and `<TARGET>_PORT` into the source container (`<TARGET>` is the
   * target's name upper-cased, `-` → `_`). HOST is the target's in-cluster FQDN (a database's
   * primary pod, an ExternalName dependency's Service), PORT its (first) port. A `Peer` gets them
   * only when it names a Service (`Peer.pods({ serviceName })`); an app with `Exposure.none()`
   * never does.
   *
   * @default true
   */
  readonly env?: boolean;

  /**
   * Names of the target's ports the connection opens (apps, databases, and peers with named
   * ports). Connecting the same pair again with other names merges them into one rule.
   *
   * @default - every port of the target
   */
  readonly ports?: string[];

  /**
   * For an `ExternalDependency` by DNS name (ExternalName): the CIDRs egress is opened to.
   * NetworkPolicy cannot match DNS names, so by default the public internet is opened on the
   * dependency's ports: `0.0.0.0/0` except 10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16 and
   * 127/8, and `::/0` except fc00::/7, fe80::/10, ::1/128 and the NAT64 prefixes 64:ff9b::/96 and 64:ff9b:1::/48 (through which IPv6-only clusters reach private IPv4 ranges). Give the provider's published ranges
   * to narrow it.
   *
   * @default - the public internet, as above
   */
  readonly egressCidrs?: string[];
}

/**
 * Options for `allowFrom`.
 */
export interface AllowFromOptions {
  /**
   * Names of this workload's ports the peer may reach.
   *
   * @default - every port of the workload
   */
  readonly ports?: string[];
}

/**
 * Something a workload can `connectTo`: an `ExposedApp`, a `StatefulDatabase`, an
 * `ExternalDependency` (all {@link IConnectionTarget}s) or a `Peer`.
 */
export interface IConnectable {
  /** The name `connectTo` derives `<NAME>_HOST` / `<NAME>_PORT` from. */
  readonly connectionName: string;
}

/**
 * A construct a workload can `connectTo`: an `ExposedApp`, a `StatefulDatabase` or an
 * `ExternalDependency`.
 */
export interface IConnectionTarget extends IConnectable, IConstruct {
  /** The in-cluster DNS name clients use (`<TARGET>_HOST`). */
  readonly connectionHost: string;
  /** The port clients connect to (`<TARGET>_PORT`). */
  readonly connectionPort: number;
}
