/**
 * Issue 16, item 4 (the web side): every refusal the API can give a page is shown with its own
 * message, in all four languages, not "something went wrong". The codes are read from the source
 * (every `new DomainError('…')` and `deny('…')`), so a new code cannot ship without its words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../web/src/i18n/de.ts';
import { en } from '../web/src/i18n/en.ts';
import { fr } from '../web/src/i18n/fr.ts';
import { nl } from '../web/src/i18n/nl.ts';

/** Codes only the command line meets (backups, restores, imports, configuration): no page shows them. */
const COMMAND_LINE_ONLY = /^(backup|restore|import|config)\./;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

function refusalCodes(): string[] {
  const found = new Set<string>();
  for (const file of sources('src')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:new DomainError|deny)\(\s*'([a-z_]+(?:\.[a-z_]+)?)'/g)) found.add(m[1] as string);
  }
  return [...found].filter((c) => !COMMAND_LINE_ONLY.test(c)).sort();
}

describe('a message for every refusal (issue 16, item 4)', () => {
  const codes = refusalCodes();
  it('finds the codes', () => {
    expect(codes.length).toBeGreaterThan(50);
    expect(codes).toContain('mandate.not_in_force');
  });
  for (const [lang, d] of Object.entries({ en, nl, fr, de })) {
    it(`every refusal code has its own message in ${lang}`, () => {
      const messages = d.errors.codes as Record<string, string>;
      expect(codes.filter((c) => !messages[c.replaceAll('.', '/')]?.trim())).toEqual([]);
    });
  }
});
