/**
 * The one table of every management action and the assurance level each role needs for it,
 * rendered from the permission tables themselves (authorize.ts, mandate-rules.ts), so that
 * docs/assurance-levels.md cannot drift from the code: a test compares the two (issue 13).
 */
import type { Loa } from './actor.ts';
import { type EnterpriseRole, otherActorLevels, permissions } from './authorize.ts';
import { mandateRules } from './mandate-rules.ts';

const ROLES: EnterpriseRole[] = ['legal_representative', 'main', 'co_main', 'domain'];
const HEADINGS: Record<EnterpriseRole, string> = {
  legal_representative: 'legal representative',
  main: 'main access manager',
  co_main: 'co-main access manager',
  domain: 'access manager (its domain)',
};

export interface AssuranceRow {
  action: string;
  levels: Partial<Record<EnterpriseRole, Loa>>;
  note?: string;
}

export function assuranceRows(): AssuranceRow[] {
  const rows: AssuranceRow[] = [];
  for (const [action, p] of Object.entries(permissions)) {
    rows.push({ action, levels: Object.fromEntries(p.roles.map((r) => [r, p.loa])) });
  }
  for (const [action, r] of Object.entries(mandateRules)) {
    rows.push({
      action: `mandate.${action}`,
      levels: Object.fromEntries(r.roles.map((role) => [role, r.loa])),
      note: r.sides.length === 2 ? 'either side' : `${r.sides.join(', ')} side only`,
    });
  }
  return rows;
}

/**
 * The Markdown table, one row per action, one column per enterprise role ("—": the role may
 * not), and a last column for the actors that hold no enterprise role (operators, client managers).
 */
export function renderAssuranceTable(): string {
  const head = `| action | ${ROLES.map((r) => HEADINGS[r]).join(' | ')} | other actor | note |`;
  const rule = `|---|${ROLES.map(() => '---').join('|')}|---|---|`;
  const dash = ROLES.map(() => '—').join(' | ');
  const lines = [
    ...assuranceRows().map(
      (row) => `| \`${row.action}\` | ${ROLES.map((r) => row.levels[r] ?? '—').join(' | ')} | — | ${row.note ?? ''} |`,
    ),
    ...Object.values(otherActorLevels).map((o) => `| \`${o.action}\` | ${dash} | ${o.loa} | ${o.actor} |`),
  ];
  return [head, rule, ...lines].join('\n');
}
