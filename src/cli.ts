#!/usr/bin/env node
/**
 * The `netpatterns` executable: `audit`, `explain` and `lint` over Kubernetes manifests.
 * Not exported from the library's index; the logic lives in `./cli/main`.
 */
import { main } from './cli/main';

// A reader that stops early (`netpatterns audit k8s/ | head`) closes the pipe: stop quietly, as
// other Unix tools do, instead of dying with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
