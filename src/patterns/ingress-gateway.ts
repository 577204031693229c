import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { standardLabels } from '../_names';
import { fail, validateDns1123Label, validateHost, validateIngressClassName, validateIngressPath, validatePath, validatePortName } from '../_validate';
import { checkConstruct, checkOptions } from './_inputs';
import type { HttpIngressPath, IngressSpec } from './_k8s-types';
import { Registry } from './_registry';
import { ExposedApp } from './exposed-app';
import { PathType } from './exposure';
import { IngressTls } from './ingress-tls';
import { Protocol } from './workload';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { copyRecord } from '../_collections';

/**
 * Props for {@link IngressGateway}.
 */
export interface IngressGatewayProps {
  /**
   * Name of the Ingress (a DNS-1123 label); the companion Ingress for rewritten routes is
   * `<name>-rewrite` and the default certificate Secret `<name>-tls`.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The IngressClass of the Ingress (and of its companion). Route conflicts are checked per class.
   *
   * @default 'nginx'
   */
  readonly className?: string;

  /**
   * TLS for every host the gateway routes: one `tls` entry listing the union of the route hosts,
   * with one certificate Secret. With a cert-manager issuer the Ingress carries the issuer
   * annotation and cert-manager issues one certificate for all hosts; on the `nginx` class HTTP is
   * redirected to HTTPS.
   *
   * @default - no TLS: plain HTTP
   */
  readonly tls?: IngressTls;

  /**
   * Extra annotations on the gateway's Ingress objects (e.g. `nginx.ingress.kubernetes.io/proxy-body-size`).
   * The annotations the gateway manages (TLS, redirect, rewrite) take precedence; rewrites are
   * asked for per route with `rewriteTarget`, not here.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Options for {@link IngressGateway.addRoute}.
 */
export interface IngressRouteOptions {
  /** The host name the route matches (e.g. `shop.example.com`; `*.example.com` needs a DNS-01 issuer). */
  readonly host: string;

  /**
   * The path the route matches.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How the path matches. A route with `rewriteTarget` always matches as a regular expression
   * (`ImplementationSpecific`).
   *
   * @default PathType.PREFIX
   */
  readonly pathType?: PathType;

  /** The app the route sends traffic to; it must live in the gateway's namespace. */
  readonly app: ExposedApp;

  /**
   * Rewrite the matched path prefix to this path before forwarding (ingress-nginx
   * `rewrite-target`): with `path: '/api'` and `rewriteTarget: '/'`, `/api/users` reaches the app as
   * `/users`; with `rewriteTarget: '/v1'`, as `/v1/users`.
   *
   * Such routes live in the companion Ingress `<gateway>-rewrite`, because ingress-nginx applies
   * `rewrite-target` to a whole Ingress; so one gateway supports one `rewriteTarget` value. The
   * companion sets `use-regex`, which ingress-nginx then applies to every path of the same host —
   * keep the gateway's other paths on that host free of regular-expression characters.
   *
   * @default - the path is forwarded unchanged
   */
  readonly rewriteTarget?: string;

  /**
   * Name of the app port the route targets.
   *
   * @default - the app's first port
   */
  readonly port?: string;
}

/** One route, with its defaults resolved. */
interface Route {
  readonly host: string;
  readonly path: string;
  readonly pathType: PathType;
  readonly app: ExposedApp;
  readonly servicePort: number;
  readonly rewriteTarget?: string;
}

const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';
const USE_REGEX = 'nginx.ingress.kubernetes.io/use-regex';
const SSL_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';

/**
 * One shared Ingress — one load balancer, one certificate — routing hosts and paths to many apps.
 *
 * Synthesizes:
 * - Ingress `<name>` of class `className` with one rule per host and one path per route (backend:
 *   the app's Service on the route's port); with `tls`, one `tls` entry listing the union of the
 *   route hosts and the Secret `<name>-tls` (or `tls.secretName`), the cert-manager issuer
 *   annotation for a cert-manager TLS, and `nginx.ingress.kubernetes.io/ssl-redirect: "true"` on
 *   the `nginx` class;
 * - Ingress `<name>-rewrite`, only when a route has a `rewriteTarget`: the same class, the
 *   ingress-nginx capture-group rewrite (`path: /api(/|$)(.*)`, `pathType: ImplementationSpecific`,
 *   `use-regex: "true"`, `rewrite-target: /$2`). It carries no `tls` entry and no issuer
 *   annotation — the gateway's Ingress holds the one certificate for every host, and ingress-nginx
 *   serves all Ingresses of a host from one server block.
 *
 * Routes are rendered at synthesis, so routes added after construction appear. Routes must target
 * apps in the gateway's namespace (Ingress backends cannot cross namespaces). A host + path is
 * claimed App-wide per class, like `Exposure.ingress` does: a second route, gateway or app Ingress
 * on it fails, naming both apps.
 *
 * Security considerations: inside a `ZeroTrustNamespace`, each routed app admits the namespace's
 * `ingressController` on the routed container port only; with a cert-manager TLS the controller may
 * also reach cert-manager's HTTP-01 solver pods (TCP 8089), or certificates never issue under
 * default-deny. Nothing else is opened. Without `tls` the routes are plain HTTP.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 * @see https://kubernetes.github.io/ingress-nginx/examples/rewrite/
 * @example
 * const gw = new IngressGateway(prod, 'public', { tls: IngressTls.fromClusterIssuer(issuer) });
 * gw.addRoute({ host: 'shop.example.com', path: '/api', app: api, rewriteTarget: '/' });
 * gw.addRoute({ host: 'shop.example.com', path: '/', app: web });
 */
export class IngressGateway extends Construct {
  /** Name of the Ingress. */
  public readonly name: string;
  /** The namespace of the Ingress objects (and of every routed app). */
  public readonly namespace: string;
  /** The IngressClass. */
  public readonly className: string;
  /** The TLS setting, if any. */
  public readonly tls?: IngressTls;
  /** The certificate Secret named in the `tls` entry, with TLS. */
  public readonly tlsSecretName?: string;
  /** The gateway's Ingress (escape hatch). */
  public readonly ingress: ApiObject;

  private readonly owner: string;
  private readonly annotations: { [key: string]: string };
  private readonly routes: Route[] = [];
  private rewrite?: { readonly target: string; readonly ingress: ApiObject };

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    const owner = checkConstruct('IngressGateway', scope, id, props);
    super(scope, id);
    const name = props.name ?? id;
    validateDns1123Label(owner, 'name', name);
    const className = props.className ?? 'nginx';
    validateIngressClassName(owner, 'className', className);
    for (const key of [REWRITE_TARGET, USE_REGEX]) {
      if (props.annotations?.[key] !== undefined) {
        fail(owner, `annotation '${key}: ${props.annotations[key]}' would apply to every route of the gateway; pass rewriteTarget to addRoute for the routes that need a rewrite`);
      }
    }

    this.owner = owner;
    this.name = name;
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.className = className;
    this.tls = props.tls;
    this.tlsSecretName = props.tls ? props.tls.secretName ?? `${name}-tls` : undefined;
    this.annotations = copyRecord(props.annotations);

    const registry = Registry.of(this);
    registry.claim(`Ingress ${this.namespace}/${name}`, owner, this);
    if (props.tls?.usesCertManager) {
      // Two Ingresses asking cert-manager for one Secret make two Certificates overwrite each other.
      registry.claim(`cert-manager certificate Secret ${this.namespace}/${this.tlsSecretName}`, owner, this);
    }

    const annotations: { [key: string]: string } = {
      ...this.annotations,
      ...props.tls?._annotations(),
      ...this.redirectAnnotation(),
    };
    this.ingress = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name,
        labels: standardLabels(name, 'ingress-gateway'),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });

    const chart = Chart.of(this);
    if (props.tls?.usesCertManager && ZeroTrustNamespace.isZeroTrustNamespace(chart)) {
      chart._admitAcmeSolver();
    }

    this.node.addValidation({
      validate: () => this.routes.length > 0 ? [] : [`${owner} has no routes; call addRoute() at least once or remove the gateway`],
    });
  }

  /** The companion Ingress `<name>-rewrite` holding the routes with a `rewriteTarget`, once one exists. */
  public get rewriteIngress(): ApiObject | undefined {
    return this.rewrite?.ingress;
  }

  /** The hosts routed so far, in the order they were first added (the TLS hosts). */
  public get hosts(): string[] {
    return [...new Set(this.routes.map(r => r.host))];
  }

  /**
   * Routes `host` + `path` to `app`'s Service.
   *
   * Throws when the app is in another namespace, the host is a wildcard and the gateway's issuer
   * only solves HTTP-01, the gateway already routes this host + path, the port is missing or not
   * TCP, or `rewriteTarget` differs from the gateway's earlier one. A conflict with another
   * construct of the App on the same host + path and class fails synthesis, naming both apps.
   * Inside a `ZeroTrustNamespace` the app admits the namespace's ingress controller on the routed
   * container port.
   */
  public addRoute(options: IngressRouteOptions): void {
    const owner = this.owner;
    checkOptions('IngressGateway.addRoute', options, owner);
    const app = options.app;
    const host = options.host;
    validateHost(owner, host);
    const path = options.path ?? '/';
    validatePath(owner, path);
    const where = `route ${host}${path}`;

    if (app.namespace !== this.namespace) {
      fail(owner, `${where} targets ExposedApp '${app.name}' in namespace '${app.namespace}', but the gateway is in namespace '${this.namespace}' and Ingress backends cannot cross namespaces; create an IngressGateway in '${app.namespace}' for it`);
    }
    if (!app.service) {
      fail(owner, `${where} targets ExposedApp '${app.name}', which has no Service (Exposure.none()), and an Ingress backend is a Service; give the app Exposure.clusterIp()`);
    }

    let pathType = options.pathType ?? PathType.PREFIX;
    const rewriteTarget = options.rewriteTarget;
    if (rewriteTarget !== undefined) {
      if (!rewriteTarget.startsWith('/') || /[\s$]/.test(rewriteTarget)) {
        fail(owner, `${where}: rewriteTarget '${rewriteTarget}' must be a path starting with '/' without white space or '$' (the gateway appends the captured rest of the path)`);
      }
      if (options.pathType !== undefined && options.pathType !== PathType.IMPLEMENTATION_SPECIFIC) {
        fail(owner, `${where}: pathType '${options.pathType}' cannot be combined with rewriteTarget, whose path is a regular expression (ImplementationSpecific); omit pathType`);
      }
      if (this.rewrite && this.rewrite.target !== rewriteTarget) {
        fail(owner, `${where}: rewriteTarget '${rewriteTarget}' differs from the gateway's rewriteTarget '${this.rewrite.target}', and ingress-nginx applies one rewrite-target per Ingress; use one rewriteTarget per gateway or a second IngressGateway`);
      }
      pathType = PathType.IMPLEMENTATION_SPECIFIC;
    }
    validateIngressPath(owner, 'path', path, pathType);

    const port = this.resolvePort(app, options.port, where);
    this.tls?._checkHosts(owner, [host]);

    const existing = this.routes.find(r => r.host === host && r.path === path);
    if (existing) {
      fail(owner, `${where} (class ${this.className}) to ExposedApp '${app.name}' conflicts with the route to ExposedApp '${existing.app.name}' added before; give one of them another host or path`);
    }
    Registry.of(this).claim(`Ingress route ${host}${path} (class ${this.className})`, `${owner} route to ExposedApp '${app.name}'`, this);

    if (app.inZeroTrustNamespace) {
      const zeroTrust = Chart.of(app) as ZeroTrustNamespace;
      app._admitFrom(zeroTrust.ingressController._peers(), port.name);
    }

    if (rewriteTarget !== undefined && !this.rewrite) {
      this.rewrite = { target: rewriteTarget, ingress: this.createRewriteIngress(rewriteTarget) };
    }
    this.routes.push({ host, path, pathType, app, servicePort: port.port, rewriteTarget });
    if (this.tls) {
      const url = `https://${host}${path}`;
      app._routedAt(() => url);
    }
  }

  private resolvePort(app: ExposedApp, name: string | undefined, where: string): { name: string; port: number } {
    if (name !== undefined) {
      validatePortName(this.owner, name);
    }
    const port = name === undefined ? app.ports[0] : app.ports.find(p => p.name === name);
    if (!port) {
      return fail(this.owner, `${where}: port '${name}' is not a port of ExposedApp '${app.name}'; its ports are ${app.ports.map(p => p.name).join(', ')}`);
    }
    const protocol = port.protocol ?? Protocol.TCP;
    if (protocol !== Protocol.TCP) {
      fail(this.owner, `${where}: port '${port.name}' of ExposedApp '${app.name}' is ${protocol}, but an Ingress forwards HTTP over TCP; route to a TCP port`);
    }
    return { name: port.name, port: port.port };
  }

  private redirectAnnotation(): { [key: string]: string } {
    return this.tls && this.className === 'nginx' ? { [SSL_REDIRECT]: 'true' } : {};
  }

  private createRewriteIngress(target: string): ApiObject {
    const name = `${this.name}-rewrite`;
    Registry.of(this).claim(`Ingress ${this.namespace}/${name}`, this.owner, this);
    const annotations = {
      ...this.annotations,
      ...this.redirectAnnotation(),
      [USE_REGEX]: 'true',
      [REWRITE_TARGET]: `${target.replace(/\/+$/, '')}/$2`,
    };
    return new ApiObject(this, 'RewriteIngress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, labels: standardLabels(this.name, 'ingress-gateway'), annotations },
      spec: Lazy.any({ produce: () => this.renderRewriteSpec() }),
    });
  }

  /**
   * The gateway's Ingress: every host appears in a rule (with no paths when only rewritten routes
   * use it), so the TLS hosts and the rules agree and the Ingress is never rule-less.
   */
  private renderSpec(): IngressSpec {
    const plain = this.routes.filter(r => r.rewriteTarget === undefined);
    return {
      ingressClassName: this.className,
      ...(this.tls ? { tls: [{ hosts: this.hosts, secretName: this.tlsSecretName }] } : {}),
      rules: this.hosts.map(host => {
        const paths = plain.filter(r => r.host === host).map(r => renderPath(r, r.path));
        return paths.length > 0 ? { host, http: { paths } } : { host };
      }),
    };
  }

  private renderRewriteSpec(): IngressSpec {
    const rewritten = this.routes.filter(r => r.rewriteTarget !== undefined);
    const hosts = [...new Set(rewritten.map(r => r.host))];
    return {
      ingressClassName: this.className,
      rules: hosts.map(host => ({
        host,
        http: { paths: rewritten.filter(r => r.host === host).map(r => renderPath(r, captureGroupPath(r.path))) },
      })),
    };
  }
}

function renderPath(route: Route, path: string): HttpIngressPath {
  return {
    path,
    pathType: route.pathType,
    backend: { service: { name: route.app.serviceName, port: { number: route.servicePort } } },
  };
}

/**
 * The ingress-nginx capture-group form of a path prefix: `/api` → `/api(/|$)(.*)`, `/` → `/()(.*)`,
 * so that `$2` is always the rest of the path after the prefix.
 */
function captureGroupPath(path: string): string {
  const prefix = path.replace(/\/+$/, '');
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return prefix.length === 0 ? '/()(.*)' : `${escaped}(/|$)(.*)`;
}
