#!/usr/bin/env node
/**
 * The `netpatterns` executable: `audit`, `explain` and `lint` over Kubernetes manifests.
 * Not exported from the library's index; the logic lives in `./cli/main`.
 */
import { main } from './cli/main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
