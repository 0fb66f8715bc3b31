/**
 * Issue 19: a grant limited to establishment units of its enterprise. The numbers are validated
 * after normalisation (10 digits, first 2–8, mod 97), kept sorted and without repeats, and must
 * be units the KBO register lists for THAT enterprise: a unit of another enterprise, or one the
 * register does not know, is refused with the field named, and nothing changes.
 */
import { DomainError } from '../../domain/errors.ts';
import { parseEstablishmentNumber } from '../../domain/identifiers.ts';
import type { Tx } from '../../infra/db/database.ts';

/** More than this on one grant is a list of the whole enterprise: give no limit instead. */
export const MAX_ESTABLISHMENTS = 50;

/** The stored form (sorted, comma-separated; null for no limit) → the numbers. */
export function establishmentList(stored: string | null | undefined): string[] {
  return stored ? stored.split(',') : [];
}

/**
 * Validates `input` for a grant of `enterprise`; returns the stored form. undefined or an empty
 * list: no limit (null).
 */
export async function requireEstablishments(
  tx: Tx,
  enterprise: string,
  input: readonly string[] | undefined,
  field = 'establishments',
): Promise<string | null> {
  if (input === undefined || input.length === 0) return null;
  if (input.length > MAX_ESTABLISHMENTS)
    throw new DomainError('validation.invalid_input', {
      field,
      reason: `at most ${MAX_ESTABLISHMENTS} establishment units; for more, give no limit`,
    });
  /** number → the index it was first given at, to name the field */
  const numbers = new Map<string, number>();
  input.forEach((raw, i) => {
    const p = parseEstablishmentNumber(String(raw));
    if (!p.ok)
      throw new DomainError('identifier.invalid_establishment_number', { field: `${field}/${i}`, reason: p.reason });
    if (!numbers.has(p.value)) numbers.set(p.value, i);
  });
  const sorted = [...numbers.keys()].sort();
  const rows = await tx
    .selectFrom('establishment')
    .select(['number', 'enterprise_number'])
    .where('number', 'in', sorted)
    .execute();
  const owner = new Map(rows.map((r) => [r.number, r.enterprise_number]));
  for (const n of sorted) {
    const at = owner.get(n);
    const i = numbers.get(n);
    if (at === undefined)
      throw new DomainError('grant.establishment_unknown', { field: `${field}/${i}`, establishment: n });
    if (at !== enterprise)
      throw new DomainError('grant.establishment_other_enterprise', {
        field: `${field}/${i}`,
        establishment: n,
        enterprise,
      });
  }
  return sorted.join(',');
}
