import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { IMAGE, objectsOf } from './_helpers';
import {
  DnsSelector,
  ExposedApp,
  Exposure,
  IngressTls,
  PodSecurityLevel,
  SessionAffinity,
  ZeroTrustNamespace,
} from '../../src';

/** One program exercising every ExposedApp exposure, TLS, connections and a plain Chart. */
function program(): { app: App; prod: ZeroTrustNamespace; tools: Chart } {
  const app = Testing.app();
  const prod = new ZeroTrustNamespace(app, 'production', {
    podSecurity: PodSecurityLevel.RESTRICTED,
    dns: DnsSelector.nodeLocal(),
    labels: { team: 'shop' },
  });
  const api = new ExposedApp(prod, 'api', {
    image: IMAGE,
    healthCheckPath: '/healthz',
    env: { LOG_LEVEL: 'info' },
    exposure: Exposure.ingress({ host: 'api.example.com', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
    sessionAffinity: SessionAffinity.clientIp(Duration.minutes(30)),
    topologyAwareRouting: true,
  });
  const web = new ExposedApp(prod, 'web', { image: IMAGE, exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }) });
  const admin = new ExposedApp(prod, 'admin', { image: IMAGE, replicas: 1, exposure: Exposure.nodePort({ nodePort: 30080 }) });
  web.connectTo(api);
  admin.connectTo(api);
  admin.connectTo(web, { env: false });
  const tools = new Chart(app, 'tools');
  new ExposedApp(tools, 'dashboard', { image: IMAGE, ports: [{ name: 'http', port: 80, containerPort: 3000 }, { name: 'metrics', port: 9090 }] });
  return { app, prod, tools };
}

function readDir(dir: string): { [file: string]: string } {
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('determinism', () => {
  test('synthesizes the same program twice into byte-identical YAML', () => {
    // GIVEN
    const first = program();
    const second = program();

    // WHEN
    const a = first.app.synthYaml();
    const b = second.app.synthYaml();

    // THEN
    expect(a.length).toBeGreaterThan(0);
    expect(a).toContain('name: api-ingress');
    expect(b).toBe(a);
  });

  test('writes byte-identical files from two runs of one program', () => {
    // GIVEN
    const first = program();
    const second = program();

    // WHEN
    first.app.synth();
    second.app.synth();

    // THEN
    const a = readDir(first.app.outdir);
    const b = readDir(second.app.outdir);
    expect(Object.keys(a)).toEqual(['production.k8s.yaml', 'tools.k8s.yaml']);
    expect(b).toEqual(a);
  });

  test('synthesizes the same objects when one App is synthesized again', () => {
    // GIVEN
    const { app, prod, tools } = program();

    // WHEN
    const once = JSON.stringify([objectsOf(prod), objectsOf(tools)]);
    const yaml = app.synthYaml();
    const again = JSON.stringify([Testing.synth(prod), Testing.synth(tools)]);

    // THEN
    expect(again).toBe(once);
    expect(app.synthYaml()).toBe(yaml);
  });

  test('gives identical objects for identical charts of two programs', () => {
    // GIVEN
    const first = program();
    const second = program();

    // WHEN
    const a = JSON.stringify(objectsOf(first.prod));
    const b = JSON.stringify(objectsOf(second.prod));

    // THEN
    expect(b).toBe(a);
    expect(a).not.toMatch(/-c8[0-9a-f]{6}"/);
  });
});
