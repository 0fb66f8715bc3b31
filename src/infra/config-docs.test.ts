/**
 * docs/configuration.md cannot drift from the configuration (issue 15 item 6): every variable
 * that readConfig consults is documented in a table there, and every variable in a table's
 * first column is one readConfig consults.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** Variables named in the first column of a table row: `| \`A\`, \`B\` | …` */
function documented(): Set<string> {
  const names = new Set<string>();
  for (const line of doc.split('\n')) {
    const first = /^\|([^|]+)\|/.exec(line)?.[1] ?? '';
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]+)(=[^`]*)?`/g)) names.add(m[1]!);
  }
  return names;
}

function consulted(): Set<string> {
  const names = new Set<string>();
  for (const env of [{ NODE_ENV: 'development' }, { NODE_ENV: 'production' }]) {
    try {
      for (const n of readConfig(env, { serving: false }).consulted) names.add(n);
    } catch {
      // a refused configuration still consulted its variables; read them from a valid one
    }
  }
  return names;
}

describe('docs/configuration.md matches the configuration schema (issue 15 item 6)', () => {
  it('documents every variable the configuration reads', () => {
    const missing = [...consulted()].filter((n) => !documented().has(n));
    expect(missing).toEqual([]);
  });

  it('documents no variable the configuration does not read', () => {
    const names = consulted();
    const stale = [...documented()].filter((n) => !names.has(n));
    expect(stale).toEqual([]);
  });
});
