#!/usr/bin/env node
// Runs one TypeScript file (a benchmark, a script) the way bin/btb.mjs runs btb: Node 24's own
// type stripping, handing over to the project's Node 24 under an older one.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isOnNode24 } from './node24.mjs';

if (isOnNode24(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    console.error('usage: run-ts.mjs FILE.ts [args...]');
    process.exit(2);
  }
  process.argv = [process.argv[0], resolve(file), ...rest];
  await import(pathToFileURL(resolve(file)).href);
}
