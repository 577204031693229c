/**
 * Pods an operator runs for a custom resource of the manifests (internal).
 *
 * prometheus-operator's `Prometheus` and `Alertmanager` (monitoring.coreos.com/v1) are the pods
 * most NetworkPolicies of a monitoring stack select (kube-prometheus ships one per component), yet
 * manifests hold only the custom resource: the operator creates the StatefulSet. Each such
 * resource stands for the pods the operator runs, with the labels and container ports it gives
 * them:
 *
 * - `Prometheus` `<name>`: StatefulSet `prometheus-<name>` (shard 0) and `prometheus-<name>-shard-<i>`
 *   (`spec.shards`), pods labelled with `spec.podMetadata.labels` and
 *   `app.kubernetes.io/name: prometheus`, `app.kubernetes.io/managed-by: prometheus-operator`,
 *   `app.kubernetes.io/instance: <name>`, `prometheus: <name>`, `operator.prometheus.io/name:
 *   <name>`, `operator.prometheus.io/shard: <i>`; container ports 9090 (`spec.portName`, default
 *   `web`; none with `spec.listenLocal`) and the config reloader's 8080 (`reloader-web`).
 * - `Alertmanager` `<name>`: StatefulSet `alertmanager-<name>`, pods labelled with
 *   `spec.podMetadata.labels` and `app.kubernetes.io/name: alertmanager`,
 *   `app.kubernetes.io/managed-by: prometheus-operator`, `app.kubernetes.io/instance: <name>`,
 *   `alertmanager: <name>`; container ports 9093 (`spec.portName`, default `web`; none with
 *   `spec.listenLocal`), 9094 TCP (`mesh-tcp`) and UDP (`mesh-udp`), and the reloader's 8080.
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/
 */
import { isPlainObject, Labels } from './_selector';
import { apiGroup, DEFAULT_NAMESPACE } from '../_vocabulary';

const GROUP = 'monitoring.coreos.com';

/** A container port of an operator-run pod. */
export interface OperatorPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly name: string;
}

/** The pods of one StatefulSet an operator runs for a custom resource. */
export interface OperatorWorkload {
  /** `Prometheus monitoring/k8s` */
  readonly owner: string;
  readonly namespace: string;
  /** The StatefulSet's name: `prometheus-k8s`. */
  readonly name: string;
  readonly podLabels: Labels;
  readonly ports: readonly OperatorPort[];
}

/** The config reloader sidecar's port, in both kinds of pods. */
const RELOADER_PORT: OperatorPort = { port: 8080, protocol: 'TCP', name: 'reloader-web' };

/** The workloads the operators of `objects` (flat: lists already flattened) run. */
export function operatorWorkloads(objects: readonly unknown[]): OperatorWorkload[] {
  const out: OperatorWorkload[] = [];
  for (const obj of objects) {
    if (!isPlainObject(obj) || apiGroup(obj.apiVersion) !== GROUP || (obj.kind !== 'Prometheus' && obj.kind !== 'Alertmanager')) continue;
    const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
    const name = metadata.name;
    if (typeof name !== 'string' || name === '') continue;
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : DEFAULT_NAMESPACE;
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    const podMetadata = isPlainObject(spec.podMetadata) ? spec.podMetadata : {};
    const given = stringLabels(podMetadata.labels);
    const portName = typeof spec.portName === 'string' && spec.portName !== '' ? spec.portName : 'web';
    const owner = `${obj.kind} ${namespace}/${name}`;
    if (obj.kind === 'Prometheus') {
      const shards = typeof spec.shards === 'number' && Number.isInteger(spec.shards) && spec.shards > 1 ? Math.min(spec.shards, 100) : 1;
      const ports = [...spec.listenLocal === true ? [] : [{ port: 9090, protocol: 'TCP' as const, name: portName }], RELOADER_PORT];
      for (let shard = 0; shard < shards; shard++) {
        out.push({
          owner,
          namespace,
          name: shard === 0 ? `prometheus-${name}` : `prometheus-${name}-shard-${shard}`,
          podLabels: {
            ...given,
            'app.kubernetes.io/name': 'prometheus',
            'app.kubernetes.io/managed-by': 'prometheus-operator',
            'app.kubernetes.io/instance': name,
            'prometheus': name,
            'operator.prometheus.io/name': name,
            'operator.prometheus.io/shard': String(shard),
          },
          ports,
        });
      }
    } else {
      out.push({
        owner,
        namespace,
        name: `alertmanager-${name}`,
        podLabels: {
          ...given,
          'app.kubernetes.io/name': 'alertmanager',
          'app.kubernetes.io/managed-by': 'prometheus-operator',
          'app.kubernetes.io/instance': name,
          'alertmanager': name,
        },
        ports: [
          ...spec.listenLocal === true ? [] : [{ port: 9093, protocol: 'TCP' as const, name: portName }],
          { port: 9094, protocol: 'TCP', name: 'mesh-tcp' },
          { port: 9094, protocol: 'UDP', name: 'mesh-udp' },
          RELOADER_PORT,
        ],
      });
    }
  }
  return out;
}

/** The entries of a label map whose values are strings. */
function stringLabels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
