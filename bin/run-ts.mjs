#!/usr/bin/env node
// Runs one TypeScript file (a benchmark, a script) the way bin/btb.mjs runs btb: Node's own type
// stripping. Kept so that `node bin/run-ts.mjs bench/x.ts` goes on working; `node bench/x.ts` is the same.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
