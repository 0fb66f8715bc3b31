/** The service desk's list and detail of foreign enterprises (issue 19, section 2). Operators only. */
import type { ForeignEnterpriseStatus } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireOperator } from '../exception/shared.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { type ForeignEnterpriseView, loadForeignEnterprise, viewOf } from './shared.ts';

export interface ForeignEnterpriseSummary {
  number: string;
  name: string;
  country: string;
  euid: string | null;
  status: ForeignEnterpriseStatus;
  proposedBy: string;
  proposedAt: string;
  kboNumber: string | null;
  /** the earliest end date of an active legal representative, if any */
  nextRepresentativeEnd: string | null;
}

export async function listForeignEnterprises(
  deps: Deps,
  ctx: Ctx,
  input: { status?: ForeignEnterpriseStatus },
): Promise<ForeignEnterpriseSummary[]> {
  const db = deps.db.db;
  await requireOperator(db, ctx.actor);
  let q = db
    .selectFrom('foreign_enterprise as f')
    .select((eb) => [
      'f.number',
      'f.name',
      'f.country',
      'f.euid',
      'f.status',
      'f.proposed_by',
      'f.proposed_at',
      'f.kbo_number',
      eb
        .selectFrom('foreign_representative as r')
        .select((e) => e.fn.min('r.end_date').as('m'))
        .whereRef('r.enterprise_number', '=', 'f.number')
        .where('r.status', '=', 'active')
        .as('next_end'),
    ])
    .orderBy('f.proposed_at', 'desc')
    .orderBy('f.number')
    .limit(500);
  if (input.status) q = q.where('f.status', '=', input.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    number: r.number,
    name: r.name,
    country: r.country,
    euid: r.euid,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    kboNumber: r.kbo_number,
    nextRepresentativeEnd: r.next_end ?? null,
  }));
}

export async function getForeignEnterprise(deps: Deps, ctx: Ctx, input: string): Promise<ForeignEnterpriseView> {
  const db = deps.db.db;
  await requireOperator(db, ctx.actor);
  return viewOf(db, await loadForeignEnterprise(db, requireEnterpriseNumber(input)));
}
