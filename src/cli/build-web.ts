import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('../../web/', import.meta.url));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when web/dist is missing or older than any source of the UI. */
export function isWebBuildStale(dir = webDir): boolean {
  if (!existsSync(join(dir, 'src'))) return false; // an installation that ships only dist/
  const built = join(dir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newestMtime(join(dir, 'src')),
    newestMtime(join(dir, 'index.html')),
    newestMtime(join(dir, 'vite.config.ts')),
  );
  return sources > statSync(built).mtimeMs;
}

/**
 * `npm ci` builds the UI at install (bin/prepare.mjs) and the demo path re-builds it when a
 * source changed since. Vite is a development dependency, imported only then: `btb serve` never
 * loads it, and a production install (`npm ci --omit=dev`) keeps the web/dist built before it.
 */
export async function buildWebIfStale(log: (line: string) => void = () => {}): Promise<void> {
  if (!isWebBuildStale()) return;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    const built = existsSync(join(webDir, 'dist', 'index.html'));
    log(
      built
        ? 'web/dist is older than web/src, and Vite (a development dependency) is not installed: serving web/dist as built'
        : 'web/dist is missing and Vite (a development dependency) is not installed: run `npm run build` where it is, then copy web/dist here',
    );
    return;
  }
  log('building the web application (web/dist)…');
  // Vite sets NODE_ENV=production for its build when none is set; left behind, it would make
  // the server that starts next refuse the development login (regression: npm start failed).
  const nodeEnv = process.env.NODE_ENV;
  try {
    await vite.build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log('web application built');
}
