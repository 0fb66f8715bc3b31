/**
 * The figures a run measured, written to .tmp/reliability-figures.json (one key per test), so
 * that docs/reliability.md can be updated from a run rather than from memory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.ts';

const file = join(root, '.tmp', 'reliability-figures.json');

export function recordFigures(key: string, figures: Record<string, unknown>): void {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all[key] = { ...figures, at: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`[figures] ${key}: ${JSON.stringify(figures)}`);
}
