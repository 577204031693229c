import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkArg, required, show, str } from '../_check';
import { standardLabels } from '../_names';
import { fail, isDns1123Subdomain, isObjectName, validateIngressClassName } from '../_validate';
import type { AcmeSolverSpec, ClusterIssuerSpec } from './_crd-types';
import { checkConstruct } from './_inputs';
import { makeClusterScoped } from './_policy';
import { Registry } from './_registry';
import { Gateway } from './gateway';
import { IClusterIssuerRef } from './ingress-tls';

/**
 * Props for {@link AcmeClusterIssuer}.
 */
export interface AcmeClusterIssuerProps {
  /**
   * The e-mail address of the ACME account: the CA sends expiry and account notices there.
   *
   * Must look like a real address (`local@domain.tld`).
   */
  readonly email: string;

  /**
   * The ACME directory the issuer registers with and orders certificates from.
   *
   * @default AcmeServer.PRODUCTION - Let's Encrypt production
   */
  readonly server?: AcmeServer;

  /**
   * The ingress class of the temporary Ingress cert-manager creates to answer HTTP-01 challenges
   * (`spec.acme.solvers[].http01.ingress.ingressClassName`). Must be the class of the Ingresses
   * whose certificates this issuer signs, so the challenge path is served by the same controller.
   *
   * @default 'nginx'
   */
  readonly ingressClassName?: string;

  /**
   * Name of the ClusterIssuer object (a DNS-1123 subdomain); Ingresses refer to it in
   * `cert-manager.io/cluster-issuer`.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * How HTTP-01 challenges are answered: through an ingress class, or through a Gateway's HTTP
   * listener (`AcmeSolver.gatewayHttpRoute(gw)`). Mutually exclusive with `ingressClassName`.
   *
   * @default - AcmeSolver.ingress(ingressClassName)
   */
  readonly solver?: AcmeSolver;
}

/**
 * How an {@link AcmeClusterIssuer} answers HTTP-01 challenges.
 *
 * - `ingress(className)`: cert-manager creates a temporary Ingress of that class per challenge;
 * - `gatewayHttpRoute(gw)`: cert-manager creates a temporary HTTPRoute per challenge, attached to
 *   the Gateway's HTTP listener `http` (in the Certificate's namespace, which the listener's
 *   `allowedRoutes` must admit). Inside every `ZeroTrustNamespace` of the App whose routes the
 *   Gateway admits, the Gateway's proxies are admitted to the solver pods (TCP 8089).
 *
 * @see https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver
 */
export class AcmeSolver {
  /** A temporary Ingress of class `className` per challenge. */
  public static ingress(className: string = 'nginx'): AcmeSolver {
    checkArg('AcmeSolver.ingress', 'className', className, str());
    validateIngressClassName('AcmeSolver.ingress', 'className', className);
    return new AcmeSolver(className, undefined);
  }

  /** A temporary HTTPRoute on the HTTP listener `http` of `gateway` per challenge. */
  public static gatewayHttpRoute(gateway: Gateway): AcmeSolver {
    if (!Gateway.isGateway(gateway)) {
      fail('AcmeSolver.gatewayHttpRoute', `gateway must be a Gateway construct, got ${show(gateway)}`);
    }
    return new AcmeSolver(undefined, gateway);
  }

  /** The ingress class, for an Ingress solver. */
  public readonly ingressClassName?: string;
  /** The Gateway, for an HTTPRoute solver. */
  public readonly gateway?: Gateway;

  private constructor(ingressClassName: string | undefined, gateway: Gateway | undefined) {
    this.ingressClassName = ingressClassName;
    this.gateway = gateway;
  }

  /** The `solvers[]` entry; tells the Gateway which issuer solves through it. @internal */
  public _render(issuerName: string): AcmeSolverSpec {
    if (this.gateway) {
      this.gateway._solvesHttp01For(issuerName);
      return {
        http01: {
          gatewayHTTPRoute: {
            parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.gateway.name, namespace: this.gateway.namespace, sectionName: 'http' }],
          },
        },
      };
    }
    return { http01: { ingress: { ingressClassName: this.ingressClassName } } };
  }
}

const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/**
 * An ACME directory URL: Let's Encrypt production or staging, or any RFC 8555 server.
 *
 * @see https://letsencrypt.org/docs/staging-environment/
 * @example
 * AcmeServer.PRODUCTION;                                           // Let's Encrypt
 * AcmeServer.STAGING;                                              // untrusted certificates, high rate limits
 * AcmeServer.of('https://acme.zerossl.com/v2/DV90');               // another CA
 */
export class AcmeServer {
  /** Let's Encrypt production (`https://acme-v02.api.letsencrypt.org/directory`): trusted certificates, strict rate limits. */
  public static readonly PRODUCTION: AcmeServer = new AcmeServer(LETS_ENCRYPT_PRODUCTION);

  /**
   * Let's Encrypt staging (`https://acme-staging-v02.api.letsencrypt.org/directory`): certificates
   * browsers do not trust, generous rate limits — for trying a setup out.
   */
  public static readonly STAGING: AcmeServer = new AcmeServer(LETS_ENCRYPT_STAGING);

  /**
   * Any ACME directory, by URL. The URL must use `https://` (the account key and challenges are
   * negotiated with it).
   */
  public static of(url: string): AcmeServer {
    const owner = 'AcmeServer.of';
    checkArg(owner, 'url', url, required(str()));
    if (!url.startsWith('https://')) {
      fail(owner, `url '${url}' must start with https://; ACME directories are only reached over TLS`);
    }
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return fail(owner, `url '${url}' is not a valid URL; give the directory URL, e.g. ${LETS_ENCRYPT_PRODUCTION}`);
    }
    if (host.length === 0 || /\s/.test(url)) {
      fail(owner, `url '${url}' is not a valid URL; give the directory URL, e.g. ${LETS_ENCRYPT_PRODUCTION}`);
    }
    return new AcmeServer(url);
  }

  /** The directory URL (`spec.acme.server`). */
  public readonly url: string;

  private constructor(url: string) {
    this.url = url;
  }
}

const EMAIL_LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const TOP_LEVEL_DOMAIN = /^[a-z]{2,63}$|^xn--[a-z0-9-]{1,59}$/;

/**
 * A cert-manager ClusterIssuer that obtains certificates from an ACME CA (Let's Encrypt by default)
 * by answering HTTP-01 challenges through an ingress class or, with
 * `solver: AcmeSolver.gatewayHttpRoute(gateway)`, through a Gateway's HTTP listener.
 *
 * Synthesizes one `cert-manager.io/v1` `ClusterIssuer` named after the construct id
 * (cluster-scoped: no `metadata.namespace`, whichever Chart it is created in) with
 * `spec.acme: { server, email, privateKeySecretRef: { name: '<name>-account-key' }, solvers:
 * [{ http01: { ingress: { ingressClassName } } }] }`. Use it with
 * `IngressTls.fromClusterIssuer(issuer)` on an `ExposedApp`'s Ingress or an `IngressGateway`.
 *
 * It implements {@link IClusterIssuerRef} with `supportsWildcards: false`: HTTP-01 cannot prove
 * control of a whole domain, so wildcard hosts with this issuer are rejected at construct time.
 *
 * Security considerations: cert-manager generates the ACME account's private key and keeps it in
 * the Secret `<name>-account-key` in its cluster resource namespace (`cert-manager` by default);
 * whoever can read that Secret can act as the account (e.g. revoke its certificates). The library
 * creates no Secret itself. To answer a challenge, cert-manager runs solver pods
 * (`acme.cert-manager.io/http01-solver: "true"`, TCP 8089) in the namespace of the Ingress; inside a
 * `ZeroTrustNamespace` the constructs that request a certificate admit the ingress controller to
 * them, and nothing else.
 *
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 * @example
 * const issuer = new AcmeClusterIssuer(platform, 'letsencrypt-prod', { email: 'ops@example.com' });
 * new IngressGateway(prod, 'public', { tls: IngressTls.fromClusterIssuer(issuer) });
 */
export class AcmeClusterIssuer extends Construct implements IClusterIssuerRef {
  /** Name of the ClusterIssuer (the value of `cert-manager.io/cluster-issuer`). */
  public readonly clusterIssuerName: string;
  /** Always false: this issuer only solves HTTP-01 challenges, which cannot issue wildcard certificates. */
  public readonly supportsWildcards: boolean = false;
  /** Name of the Secret holding the ACME account key (`<name>-account-key`, in cert-manager's namespace). */
  public readonly accountKeySecretName: string;
  /** The ACME directory URL. */
  public readonly serverUrl: string;
  /** The e-mail address of the ACME account. */
  public readonly email: string;
  /** The ingress class HTTP-01 challenges are answered through (empty with a Gateway solver). */
  public readonly ingressClassName: string;
  /** How HTTP-01 challenges are answered. */
  public readonly solver: AcmeSolver;
  /** The ClusterIssuer object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AcmeClusterIssuerProps) {
    const owner = checkConstruct('AcmeClusterIssuer', scope, id, props);
    super(scope, id);
    const name = props.name ?? id;
    if (!isObjectName(name)) {
      fail(owner, `name '${name}' is not a valid ClusterIssuer name (a lowercase DNS-1123 subdomain, e.g. letsencrypt-prod)`);
    }
    validateEmail(owner, props.email);
    if (props.solver !== undefined && props.ingressClassName !== undefined) {
      fail(owner, `ingressClassName '${props.ingressClassName}' and solver are mutually exclusive; use solver: AcmeSolver.ingress('${props.ingressClassName}')`);
    }
    if (props.ingressClassName !== undefined) {
      validateIngressClassName(owner, 'ingressClassName', props.ingressClassName);
    }
    if (name.length > 63) {
      fail(owner, `name '${name}' is ${name.length} characters, but it is also the value of the label app.kubernetes.io/name, which allows 63; give a name of at most 63 characters`);
    }
    const solver = props.solver ?? AcmeSolver.ingress(props.ingressClassName ?? 'nginx');
    if (!(solver instanceof AcmeSolver)) {
      fail(owner, `solver must be an AcmeSolver, got ${String(solver)}; e.g. AcmeSolver.gatewayHttpRoute(gateway)`);
    }
    const ingressClassName = solver.ingressClassName ?? '';

    this.clusterIssuerName = name;
    this.accountKeySecretName = `${name}-account-key`;
    this.serverUrl = (props.server ?? AcmeServer.PRODUCTION).url;
    this.email = props.email;
    this.ingressClassName = ingressClassName;
    this.solver = solver;

    Registry.of(this).claim(`ClusterIssuer ${name}`, owner, this);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name, labels: standardLabels(name, 'cluster-issuer') },
      spec: {
        acme: {
          server: this.serverUrl,
          email: this.email,
          privateKeySecretRef: { name: this.accountKeySecretName },
          solvers: [solver._render(name)],
        },
      } satisfies ClusterIssuerSpec,
    });
    makeClusterScoped(this.apiObject);
  }
}

function validateEmail(owner: string, email: string): void {
  const rule = 'an e-mail address such as ops@example.com, where the CA can reach you';
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.length > 254) {
    fail(owner, `email '${email}' is not ${rule}`);
  }
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  if (local.length > 64 || !EMAIL_LOCAL_PART.test(local) || labels.length < 2
    || !isDns1123Subdomain(domain) || !TOP_LEVEL_DOMAIN.test(labels[labels.length - 1])) {
    fail(owner, `email '${email}' is not ${rule}`);
  }
}
