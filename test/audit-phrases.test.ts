/**
 * Issue 16, item 6: the history shows a phrase, never a raw code, for every action the use cases
 * record and for every role they record it under, in all four languages. The actions are read
 * from the source itself, so a new action cannot ship without its phrase; the web app's list of
 * actions (web/src/audit-actions.ts) types the English dictionary, so the type check holds too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ROLES, auditRoleParts } from '../web/src/audit-actions.ts';
import { de } from '../web/src/i18n/de.ts';
import { en } from '../web/src/i18n/en.ts';
import { fr } from '../web/src/i18n/fr.ts';
import { nl } from '../web/src/i18n/nl.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every `action: '…'` (or `action: x ? '…' : '…'`) a use case records, and `${label}.…` forms. */
function recordedActions(): string[] {
  const found = new Set<string>();
  // src/domain holds authorisation action names (mandate.grant), never recorded events
  for (const file of sources('src').filter((f) => !f.startsWith(join('src', 'domain')))) {
    const text = readFileSync(file, 'utf8');
    // const label = kind === 'co_main' ? 'co_main_access_manager' : 'access_manager'
    const labels = [...text.matchAll(/const label = [^;]*\? '([a-z_]+)' : '([a-z_]+)'/g)].flatMap((m) => [
      m[1] as string,
      m[2] as string,
    ]);
    for (const line of text.split('\n')) {
      if (!/\baction: /.test(line) || line.includes('DomainError') || line.includes('want(')) continue;
      for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1] as string);
      const tpl = /action: `\$\{label\}\.([a-z_]+)`/.exec(line);
      if (tpl) for (const l of labels) found.add(`${l}.${tpl[1]}`);
    }
  }
  return [...found].sort();
}

const dictionaries = { en, nl, fr, de };

describe('history phrases (issue 16, item 6)', () => {
  it('the web app lists every action the use cases record', () => {
    const actions = recordedActions();
    expect(actions.length).toBeGreaterThan(25);
    expect(actions.filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  for (const [lang, d] of Object.entries(dictionaries)) {
    it(`every action and every role has a phrase in ${lang}`, () => {
      const phrases = d.audit.actions as Record<string, string>;
      const missing = AUDIT_ACTIONS.filter((a) => !phrases[a.replaceAll('.', '/')]?.trim());
      expect(missing).toEqual([]);
      const roles = d.roles as Record<string, string>;
      const sides = d.audit.sides as Record<string, string>;
      for (const r of AUDIT_ROLES) {
        const { side, role } = auditRoleParts(r);
        expect(roles[role]?.trim(), `${lang} roles.${role}`).toBeTruthy();
        if (side) expect(sides[side]?.trim(), `${lang} audit.sides.${side}`).toBeTruthy();
      }
    });
  }
});
