import { buildExample } from './_examples';
import { run } from '../cli/run';

/** `from -> to PROTOCOL port`, one line per allowed flow. */
export function flowLines(flows: ReadonlyArray<{ from: string; to: string; port: number; protocol: string }>): string[] {
  return flows.map(f => `${f.from} -> ${f.to} ${f.protocol} ${f.port}`);
}

/** `netpatterns <command> -` on the YAML the example writes. */
export async function cliOnExample(name: string, ...command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run([...command, '-'], buildExample(name).synthYaml());
}
