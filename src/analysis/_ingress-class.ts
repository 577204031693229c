/**
 * Which class an Ingress has, and whether ingress-nginx serves it (internal): shared by the
 * analysis (which controller's pods reach an Ingress's backends) and lint's Ingress rules.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class
 */
import { isPlainObject } from './_selector';
import { DEFAULT_INGRESS_CLASS_ANNOTATION, LEGACY_INGRESS_CLASS_ANNOTATION, NGINX_CONTROLLER } from '../_vocabulary';

/** The class an Ingress names: `spec.ingressClassName`, else the legacy annotation; undefined when it names none. */
export function namedIngressClass(ingress: unknown): string | undefined {
  if (!isPlainObject(ingress)) return undefined;
  const spec = isPlainObject(ingress.spec) ? ingress.spec : {};
  const annotations = isPlainObject(ingress.metadata) && isPlainObject(ingress.metadata.annotations) ? ingress.metadata.annotations : {};
  const name = spec.ingressClassName ?? annotations[LEGACY_INGRESS_CLASS_ANNOTATION];
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** The IngressClass objects (`networking.k8s.io`) among `objects`. */
function ingressClasses(objects: readonly unknown[]): Array<Record<string, any>> {
  return objects.filter((o): o is Record<string, any> => isPlainObject(o) && o.kind === 'IngressClass'
    && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('networking.k8s.io/')
    && isPlainObject(o.metadata) && typeof o.metadata.name === 'string');
}

/**
 * The one IngressClass of `objects` annotated `ingressclass.kubernetes.io/is-default-class:
 * "true"`, which the admission controller gives an Ingress without a class; undefined for none, or
 * several (the admission controller then refuses Ingresses without a class).
 */
export function defaultIngressClass(objects: readonly unknown[]): string | undefined {
  const defaults = ingressClasses(objects).filter(o => isPlainObject(o.metadata.annotations)
    && o.metadata.annotations[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true');
  return defaults.length === 1 ? defaults[0].metadata.name : undefined;
}

/**
 * Whether ingress-nginx serves Ingresses of class `name` by what `objects` say: an IngressClass of
 * that name whose `spec.controller` is `k8s.io/ingress-nginx`; without such an object, the class
 * `nginx` (its chart's default class) and, when `otherwise` says so, any other class name.
 *
 * @param otherwise whether a class without an IngressClass object, other than `nginx`, counts as ingress-nginx's
 */
export function nginxServesClass(objects: readonly unknown[], otherwise: (name: string) => boolean = () => false): (name: string) => boolean {
  const controllers = new Map(ingressClasses(objects).map(o => [o.metadata.name as string, isPlainObject(o.spec) ? o.spec.controller : undefined]));
  return (name: string) => (controllers.has(name) ? controllers.get(name) === NGINX_CONTROLLER : name === 'nginx' || otherwise(name));
}
