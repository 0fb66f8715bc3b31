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
 * The demo path builds the UI when needed, so `npm start` works on a fresh clone. Vite is
 * imported only then: `btb serve` in production never loads it.
 */
export async function buildWebIfStale(log: (line: string) => void = () => {}): Promise<void> {
  if (!isWebBuildStale()) return;
  log('building the web application (web/dist)…');
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production for its build when none is set; left behind, it would make
  // the server that starts next refuse the development login (regression: npm start failed).
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log('web application built');
}
