import { checkArg, checkProps, required, str } from '../_check';
import { fail, isObjectName } from '../_validate';
import { SPECS } from './_inputs';
import { IClusterIssuerRef } from './ingress-tls';

/**
 * Options for {@link GatewayTls.fromClusterIssuer}.
 */
export interface GatewayClusterIssuerTlsOptions {
  /**
   * Name of the certificate Secret of every HTTPS listener (one certificate for all hosts).
   *
   * @default - one Secret per listener hostname: `<host with '.' → '-'>-tls`
   */
  readonly secretName?: string;
}

/**
 * How the HTTPS listeners of a {@link Gateway} get their certificates.
 *
 * - `fromClusterIssuer(issuer)`: cert-manager's gateway-shim — the Gateway carries
 *   `cert-manager.io/cluster-issuer`, each HTTPS listener has a `hostname` and a `certificateRefs`
 *   Secret, and cert-manager creates one Certificate per Secret (in the Gateway's namespace) for
 *   the listener hostnames;
 * - `fromSecret(name)`: an existing `kubernetes.io/tls` Secret in the Gateway's namespace.
 *
 * @see https://cert-manager.io/docs/usage/gateway/
 */
export class GatewayTls {
  /** Certificates issued by cert-manager from a ClusterIssuer (e.g. an `AcmeClusterIssuer`). */
  public static fromClusterIssuer(issuer: IClusterIssuerRef, options: GatewayClusterIssuerTlsOptions = {}): GatewayTls {
    const owner = 'GatewayTls.fromClusterIssuer';
    checkProps(owner, { issuer, options }, SPECS[owner], 'arguments');
    validateSecretName(owner, options.secretName);
    if (typeof issuer.clusterIssuerName !== 'string' || !isObjectName(issuer.clusterIssuerName)) {
      // A ClusterIssuer is a cluster-scoped object: its name is a DNS-1123 subdomain.
      fail(owner, `issuer.clusterIssuerName ${JSON.stringify(issuer.clusterIssuerName)} is not a ClusterIssuer name (a lowercase DNS-1123 subdomain, e.g. letsencrypt-prod)`);
    }
    // An AcmeClusterIssuer answering HTTP-01 through a temporary Ingress: its solver pods run in
    // the Gateway's namespace (where the Certificates are), reached by the ingress controller.
    const solver = (issuer as { readonly solver?: { readonly ingressClassName?: unknown } }).solver;
    const tls = new GatewayTls(issuer.clusterIssuerName, options.secretName, issuer.supportsWildcards);
    tls.solvedThroughIngress = typeof solver?.ingressClassName === 'string';
    return tls;
  }

  /** An existing TLS Secret in the Gateway's namespace (no cert-manager). */
  public static fromSecret(secretName: string): GatewayTls {
    checkArg('GatewayTls.fromSecret', 'secretName', secretName, required(str(), "give the name of a kubernetes.io/tls Secret in the Gateway's namespace"));
    validateSecretName('GatewayTls.fromSecret', secretName);
    return new GatewayTls(undefined, secretName, true);
  }

  /** The ClusterIssuer, when cert-manager issues the certificates. */
  public readonly clusterIssuer?: string;
  /** The Secret name, when one Secret serves every listener. */
  public readonly secretName?: string;
  /** Whether the issuer can issue wildcard certificates. */
  public readonly supportsWildcards: boolean;
  private solvedThroughIngress = false;

  private constructor(clusterIssuer: string | undefined, secretName: string | undefined, supportsWildcards: boolean) {
    this.clusterIssuer = clusterIssuer;
    this.secretName = secretName;
    this.supportsWildcards = supportsWildcards;
  }

  /**
   * Whether the ClusterIssuer answers HTTP-01 challenges through a temporary Ingress (an
   * `AcmeClusterIssuer` with an ingress solver), whose solver pods then run in the Gateway's
   * namespace. @internal
   */
  public get _solvedThroughIngress(): boolean {
    return this.solvedThroughIngress;
  }

  /** Whether cert-manager issues the certificates. */
  public get usesCertManager(): boolean {
    return this.clusterIssuer !== undefined;
  }

  /** The Secret of the listener for `hostname`. @internal */
  public _secretFor(hostname: string | undefined): string {
    if (this.secretName !== undefined) {
      return this.secretName;
    }
    if (hostname === undefined) {
      return fail('GatewayTls', 'a cert-manager listener needs a hostname (gateway-shim issues certificates for listener hostnames)');
    }
    const bare = hostname.startsWith('*.') ? `wildcard.${hostname.slice(2)}` : hostname;
    const name = `${bare.replace(/\./g, '-')}-tls`;
    if (name.length > 253) {
      return fail('GatewayTls', `the certificate Secret of hostname ${hostname.slice(0, 40)}… would be named with ${name.length} characters, more than the 253 a Secret name may have; give GatewayTls.fromClusterIssuer a secretName`);
    }
    return name;
  }
}

function validateSecretName(owner: string, name: string | undefined): void {
  if (name !== undefined && (typeof name !== 'string' || !isObjectName(name))) {
    fail(owner, `secretName '${String(name)}' is not a valid Secret name (a lowercase DNS-1123 subdomain)`);
  }
}
