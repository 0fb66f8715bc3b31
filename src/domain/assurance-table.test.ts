import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assuranceRows, renderAssuranceTable } from './assurance-table.ts';
import { permissions } from './authorize.ts';
import { mandateRules } from './mandate-rules.ts';

describe('issue 13, finding 2: one table of assurance levels, the one in the docs', () => {
  it('docs/assurance-levels.md holds exactly the table the permission tables give', () => {
    const doc = readFileSync(new URL('../../docs/assurance-levels.md', import.meta.url), 'utf8');
    const inDoc = doc.split('<!-- assurance-table:start -->')[1]?.split('<!-- assurance-table:end -->')[0]?.trim();
    expect(inDoc).toBe(renderAssuranceTable());
  });

  it('lists every action of both permission tables', () => {
    const actions = assuranceRows().map((r) => r.action);
    expect(actions).toEqual([...Object.keys(permissions), ...Object.keys(mandateRules).map((a) => `mandate.${a}`)]);
  });

  it('binding a mandate needs high for every role that may do it, on either side', () => {
    for (const a of ['propose', 'accept', 'reject', 'end'] as const) {
      expect(mandateRules[a].roles).toEqual(['legal_representative', 'main', 'co_main']);
      expect(mandateRules[a].loa).toBe('high');
    }
  });
});
