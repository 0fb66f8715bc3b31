/**
 * Consistency tokens (issue 20), like Zanzibar's zookies: a write that changes access answers with
 * the audit log's head sequence after its commit (header `Consistency-Token`); a check that
 * carries it (the same header, or `context.consistency_token` in the AuthZEN request) is answered
 * from a state at least that fresh, on whichever node it lands. docs/consistency.md.
 */
import { DomainError } from '../domain/errors.ts';
import type { Queryable } from '../infra/db/database.ts';

export const CONSISTENCY_HEADER = 'consistency-token';

/** The token for the state committed so far: the audit head's sequence, as a decimal string. */
export async function currentConsistencyToken(q: Queryable): Promise<string> {
  const row = await q.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  return String(Number(row?.seq ?? 0));
}

/** The token a check carries, from the header or the AuthZEN context; undefined when none. */
export function consistencyTokenOf(header: unknown, context: unknown): number | undefined {
  const fromContext =
    context && typeof context === 'object' ? (context as Record<string, unknown>).consistency_token : undefined;
  const raw = header ?? fromContext;
  if (raw === undefined) return undefined;
  const s = String(raw);
  if (!/^\d{1,15}$/.test(s))
    throw new DomainError('validation.invalid_input', {
      field: 'consistency_token',
      reason: 'a token returned by a write: digits only',
    });
  return Number(s);
}
