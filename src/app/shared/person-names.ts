import type { Queryable } from '../../infra/db/database.ts';

/**
 * The names of people a read shows (who granted, who appointed, who acted), from the register's
 * persons, in one look-up: pages show a name with the number masked, not a national number
 * (issue 16, item 7). A person the register does not know has no name (null).
 */
export async function personNames(q: Queryable, numbers: Iterable<string | null | undefined>) {
  const wanted = [...new Set([...numbers].filter((n): n is string => !!n && /^\d{11}$/.test(n)))];
  const names = new Map<string, string>();
  // in slices, so that a long history never exceeds an engine's parameter limit
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await q
      .selectFrom('person')
      .select(['number', 'given_name', 'family_name'])
      .where('number', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const name = [r.given_name, r.family_name].filter(Boolean).join(' ');
      if (name) names.set(r.number, name);
    }
  }
  return (n: string | null | undefined): string | null => (n ? (names.get(n) ?? null) : null);
}

/** The person number a history target starts with: "85073003328", "85073003328@finance", "…@0566988259". */
export function targetPerson(target: string | null): string | null {
  return /^(\d{11})(?:@|$)/.exec(target ?? '')?.[1] ?? null;
}
