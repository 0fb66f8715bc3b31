import { DomainError } from '../../domain/errors.ts';
import type { PersonLinkStatus } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../shared/record.ts';
import { type PersonLinkView, personLinkView } from './link-person.ts';
import { requireOperator } from './shared.ts';

export interface PersonLinkItem extends PersonLinkView {
  /** what eIDAS guaranteed at the person's last login (eidas_person), for the desk to compare */
  eidasName: string | null;
  eidasBirthDate: string | null;
  /** the person register's name for the Belgian number, if it lists it */
  personName: string | null;
  /** the proposing operator's name */
  proposedByName: string | null;
}

const STATUSES: readonly (PersonLinkStatus | 'all')[] = ['proposed', 'linked', 'rejected', 'all'];

/**
 * The service desk's list of links of eIDAS persons to Belgian numbers (issue 19): by default the
 * proposed ones, awaiting a second operator's decision, oldest first; with `status`, the decided
 * ones too (newest first). Operators only, like every desk read.
 */
export async function listPersonLinks(
  deps: Deps,
  ctx: Ctx,
  input: { status?: string; limit?: number } = {},
): Promise<{ items: PersonLinkItem[] }> {
  const status = input.status ?? 'proposed';
  if (!STATUSES.includes(status as PersonLinkStatus))
    throw new DomainError('validation.invalid_input', { field: 'status', reason: `one of ${STATUSES.join(', ')}` });
  return deps.db.unitOfWork(async (tx) => {
    await requireOperator(tx, ctx.actor);
    let q = tx
      .selectFrom('person_link')
      .leftJoin('eidas_person', 'eidas_person.id', 'person_link.eidas_id')
      .leftJoin('person', 'person.number', 'person_link.person_number')
      .leftJoin('person as op', 'op.number', 'person_link.proposed_by')
      .selectAll('person_link')
      .select([
        'eidas_person.given_name as e_given',
        'eidas_person.family_name as e_family',
        'eidas_person.birth_date as e_birth',
        'person.given_name as p_given',
        'person.family_name as p_family',
        'op.given_name as op_given',
        'op.family_name as op_family',
      ])
      .orderBy('person_link.proposed_at', status === 'proposed' ? 'asc' : 'desc')
      .orderBy('person_link.id')
      .limit(Math.min(Math.max(input.limit ?? 200, 1), 500));
    if (status !== 'all') q = q.where('person_link.status', '=', status as PersonLinkStatus);
    const rows = await q.execute();
    const name = (given: string | null, family: string | null) => [given, family].filter(Boolean).join(' ') || null;
    return {
      items: rows.map((r) => ({
        ...personLinkView(r),
        eidasName: name(r.e_given, r.e_family),
        eidasBirthDate: r.e_birth,
        personName: name(r.p_given, r.p_family),
        proposedByName: name(r.op_given, r.op_family),
      })),
    };
  });
}
