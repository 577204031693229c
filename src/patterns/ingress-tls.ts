import { checkArg, checkProps, required, str } from '../_check';
import { fail, isObjectName } from '../_validate';
import { checkOptions, SPECS } from './_inputs';

/**
 * Options for {@link IngressTls.certManager}: exactly one of `clusterIssuer` or `issuer`.
 */
export interface CertManagerTlsOptions {
  /**
   * Name of a cert-manager ClusterIssuer (annotation `cert-manager.io/cluster-issuer`).
   *
   * @default - none; then `issuer` is required
   */
  readonly clusterIssuer?: string;

  /**
   * Name of a namespaced cert-manager Issuer in the Ingress's namespace (annotation
   * `cert-manager.io/issuer`).
   *
   * @default - none; then `clusterIssuer` is required
   */
  readonly issuer?: string;

  /**
   * Name of the Secret cert-manager writes the certificate to.
   *
   * @default - derived from the host: `api.example.com` → `api-example-com-tls`,
   * `*.example.com` → `wildcard-example-com-tls`
   */
  readonly secretName?: string;
}

/**
 * Options for {@link IngressTls.fromClusterIssuer}.
 */
export interface ClusterIssuerTlsOptions {
  /**
   * Name of the Secret cert-manager writes the certificate to.
   *
   * @default - derived from the host (`api-example-com-tls`)
   */
  readonly secretName?: string;
}

/**
 * A reference to a cert-manager ClusterIssuer that `IngressTls.fromClusterIssuer` can use.
 * Implemented by `AcmeClusterIssuer`.
 */
export interface IClusterIssuerRef {
  /** Name of the ClusterIssuer object. */
  readonly clusterIssuerName: string;
  /**
   * Whether the issuer can solve DNS-01 challenges, which wildcard certificates require. An
   * HTTP-01-only issuer cannot issue `*.example.com`.
   */
  readonly supportsWildcards: boolean;
}

/**
 * How an Ingress gets its TLS certificate.
 *
 * - `certManager(...)`: cert-manager issues it (annotation `cert-manager.io/cluster-issuer` or
 *   `cert-manager.io/issuer` on the Ingress; ingress-shim creates the Certificate);
 * - `fromClusterIssuer(issuer)`: the typed form for an `AcmeClusterIssuer` in the same program;
 * - `fromSecret(name)`: an existing `kubernetes.io/tls` Secret.
 *
 * With TLS on an nginx class, HTTP is redirected to HTTPS.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class IngressTls {
  /** A certificate issued by cert-manager from a ClusterIssuer or a namespaced Issuer. */
  public static certManager(options: CertManagerTlsOptions): IngressTls {
    const owner = 'IngressTls.certManager';
    checkOptions(owner, options);
    if ((options.clusterIssuer === undefined) === (options.issuer === undefined)) {
      fail(owner, `clusterIssuer and issuer: give exactly one, got ${options.clusterIssuer === undefined ? 'neither' : `clusterIssuer '${options.clusterIssuer}'`}${options.issuer === undefined ? '' : ` and issuer '${options.issuer}'`}; name the cert-manager ClusterIssuer (clusterIssuer) or the namespaced Issuer (issuer)`);
    }
    const issuerName = (options.clusterIssuer ?? options.issuer)!;
    if (!isObjectName(issuerName)) {
      fail(owner, `${options.clusterIssuer !== undefined ? 'clusterIssuer' : 'issuer'} name '${issuerName}' is not a valid object name (a lowercase DNS-1123 subdomain)`);
    }
    validateSecretName(owner, options.secretName);
    return new IngressTls({
      clusterIssuer: options.clusterIssuer,
      issuer: options.issuer,
      secretName: options.secretName,
      supportsWildcards: true,
    });
  }

  /**
   * A certificate from a ClusterIssuer defined in this program (e.g. an `AcmeClusterIssuer`).
   * A wildcard host with an HTTP-01-only issuer is rejected: wildcards need DNS-01.
   */
  public static fromClusterIssuer(issuer: IClusterIssuerRef, options: ClusterIssuerTlsOptions = {}): IngressTls {
    checkProps('IngressTls.fromClusterIssuer', { issuer, options }, SPECS['IngressTls.fromClusterIssuer'], 'arguments');
    validateSecretName('IngressTls.fromClusterIssuer', options.secretName);
    return new IngressTls({
      clusterIssuer: issuer.clusterIssuerName,
      secretName: options.secretName,
      supportsWildcards: issuer.supportsWildcards,
    });
  }

  /** An existing TLS Secret in the Ingress's namespace (no cert-manager). */
  public static fromSecret(secretName: string): IngressTls {
    checkArg('IngressTls.fromSecret', 'secretName', secretName, required(str()));
    validateSecretName('IngressTls.fromSecret', secretName);
    return new IngressTls({ secretName, supportsWildcards: true });
  }

  /** The ClusterIssuer name, when cert-manager issues from a ClusterIssuer. */
  public readonly clusterIssuer?: string;
  /** The namespaced Issuer name, when cert-manager issues from an Issuer. */
  public readonly issuer?: string;
  /** The explicit Secret name, if any (otherwise derived from the host). */
  public readonly secretName?: string;
  /** Whether the issuer can issue wildcard certificates. */
  public readonly supportsWildcards: boolean;

  private constructor(props: { clusterIssuer?: string; issuer?: string; secretName?: string; supportsWildcards: boolean }) {
    this.clusterIssuer = props.clusterIssuer;
    this.issuer = props.issuer;
    this.secretName = props.secretName;
    this.supportsWildcards = props.supportsWildcards;
  }

  /** Whether cert-manager issues this certificate. */
  public get usesCertManager(): boolean {
    return this.clusterIssuer !== undefined || this.issuer !== undefined;
  }

  /** The annotations this TLS setting puts on an Ingress. @internal */
  public _annotations(): { [key: string]: string } {
    if (this.clusterIssuer !== undefined) {
      return { 'cert-manager.io/cluster-issuer': this.clusterIssuer };
    }
    if (this.issuer !== undefined) {
      return { 'cert-manager.io/issuer': this.issuer };
    }
    return {};
  }

  /**
   * Throws when `hosts` hold a wildcard this issuer cannot issue. `owner` names the construct.
   * @internal
   */
  public _checkHosts(owner: string, hosts: string[]): void {
    const wildcard = hosts.find(h => h.startsWith('*.'));
    if (wildcard !== undefined && !this.supportsWildcards) {
      fail(owner, `host '${wildcard}' is a wildcard, but ClusterIssuer '${this.clusterIssuer}' only solves HTTP-01 challenges; wildcard certificates need a DNS-01 solver — use an issuer with DNS-01 or list the hosts explicitly`);
    }
  }
}

function validateSecretName(owner: string, name: string | undefined): void {
  if (name !== undefined && !isObjectName(name)) {
    fail(owner, `secretName '${name}' is not a valid Secret name (a lowercase DNS-1123 subdomain)`);
  }
}
