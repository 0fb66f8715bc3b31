/**
 * A foreign enterprise later gets a KBO number (issue 19, section 2): the service desk links the
 * two, four eyes (one operator proposes, another confirms; at once when `exception.fourEyes` is
 * off). Confirming moves, in one transaction, every right held under the F-number to the KBO
 * number: appointments, grants, invitations, access requests, appointment reports, register
 * reviews, exception requests, mandates (either side), systems and system users. The F-number's
 * register row then stops (status ST) and every route naming it answers 410 with the KBO number
 * (http/linked-enterprises.ts). Its recorded legal representatives stay with the F-number: the
 * KBO functions feed says who represents the KBO number.
 *
 * Audited before/after, one event per enterprise whose rights moved (the F-number, the KBO
 * number, the other side of each moved mandate), so every check node reloads exactly those.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { looksForeign } from '../../domain/foreign-enterprise.ts';
import { parseEnterpriseNumber } from '../../domain/identifiers.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { ForeignEnterpriseLinkTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireOperator, SERVICE_DESK } from '../exception/shared.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { actorId, type Ctx, record } from '../shared/record.ts';
import { loadForeignEnterprise, requireNoStake, requireText } from './shared.ts';

export interface ForeignLinkView {
  id: string;
  enterpriseNumber: string;
  kboNumber: string;
  reason: string;
  status: ForeignEnterpriseLinkTable['status'];
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** rows moved to the KBO number, by table (and column) */
  moved: Record<string, number> | null;
}

const view = (r: ForeignEnterpriseLinkTable): ForeignLinkView => ({
  id: r.id,
  enterpriseNumber: r.enterprise_number,
  kboNumber: r.kbo_number,
  reason: r.reason,
  status: r.status,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  moved: r.moved_json ? (JSON.parse(r.moved_json) as Record<string, number>) : null,
});

/**
 * Every column that names the enterprise holding a right, a request or a duty: what moves to the
 * KBO number. moved-columns.test.ts holds every enterprise column of the schema to this list or
 * to its reasoned exemptions, so a new table cannot be forgotten.
 */
export const MOVED: readonly [table: string, column: string][] = [
  ['appointment', 'enterprise_number'],
  ['access_grant', 'enterprise_number'],
  ['invitation', 'enterprise_number'],
  ['access_request', 'enterprise_number'],
  ['appointment_report', 'enterprise_number'],
  ['register_review', 'enterprise_number'],
  ['exception_request', 'enterprise_number'],
  ['system_user', 'enterprise_number'],
  ['system_user_grant', 'enterprise_number'],
  ['system', 'vendor_number'],
  ['system_user_request', 'enterprise_number'],
  ['system_user_request', 'vendor_number'],
  ['mandate', 'mandator_number'],
  ['mandate', 'mandatary_number'],
];

function requireForeign(input: string): string {
  const number = requireEnterpriseNumber(input);
  if (!looksForeign(number))
    throw new DomainError('validation.invalid_input', { field: 'number', reason: 'an F-number' });
  return number;
}

async function requireRegistered(tx: Tx, number: string): Promise<void> {
  const fe = await loadForeignEnterprise(tx, number);
  if (fe.status !== 'registered')
    throw new DomainError('foreign_enterprise.not_registered', { enterprise: number, registrationStatus: fe.status });
}

export async function proposeForeignLink(
  deps: Deps,
  ctx: Ctx,
  input: { number: string; kboNumber: string; reason: string },
): Promise<ForeignLinkView> {
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const number = requireForeign(input.number);
    await requireNoStake(tx, operator, number);
    const kbo = parseEnterpriseNumber(input.kboNumber);
    if (!kbo.ok)
      throw new DomainError('identifier.invalid_enterprise_number', { field: 'kboNumber', reason: kbo.reason });
    const reason = requireText(input.reason, 'reason', 1000);
    await requireRegistered(tx, number);
    const known = await tx.selectFrom('enterprise').select('number').where('number', '=', kbo.value).executeTakeFirst();
    if (!known) throw new DomainError('enterprise.not_found', { field: 'kboNumber', kboNumber: kbo.value });
    const open = await tx
      .selectFrom('foreign_enterprise_link')
      .select('id')
      .where('enterprise_number', '=', number)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    if (open) throw new DomainError('foreign_enterprise.link_exists', { enterprise: number, linkId: open.id });
    const at = deps.clock.now().toISOString();
    const row: ForeignEnterpriseLinkTable = {
      id: randomUUID(),
      enterprise_number: number,
      kbo_number: kbo.value,
      reason,
      status: 'proposed',
      proposed_by: operator,
      proposed_at: at,
      decided_by: null,
      decided_at: null,
      moved_json: null,
    };
    await tx.insertInto('foreign_enterprise_link').values(row).execute();
    await appendAudit(tx, deps.db.engine, {
      at,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.link_proposed',
      target: number,
      after: { kboNumber: kbo.value, reason },
      requestId: ctx.requestId ?? null,
    });
    if (deps.config.exception.fourEyes) return view(row);
    return view(await link(tx, deps, ctx, row, operator));
  });
}

export async function decideForeignLink(
  deps: Deps,
  ctx: Ctx,
  input: { number: string; id: string; decision: 'confirm' | 'reject' },
): Promise<ForeignLinkView> {
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const number = requireForeign(input.number);
    const row = await tx
      .selectFrom('foreign_enterprise_link')
      .selectAll()
      .where('id', '=', input.id)
      .where('enterprise_number', '=', number)
      .executeTakeFirst();
    if (!row) throw new DomainError('foreign_enterprise.link_not_found', { enterprise: number, linkId: input.id });
    if (row.status !== 'proposed')
      throw new DomainError('foreign_enterprise.not_proposed', { enterprise: number, linkStatus: row.status });
    if (row.proposed_by === operator) throw new DomainError('exception.four_eyes_same_operator');
    await requireNoStake(tx, operator, number);
    if (input.decision === 'confirm') {
      await requireRegistered(tx, number);
      return view(await link(tx, deps, ctx, row, operator));
    }
    const at = deps.clock.now().toISOString();
    await closeLink(tx, row.id, { status: 'rejected', decided_by: operator, decided_at: at });
    await appendAudit(tx, deps.db.engine, {
      at,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.link_rejected',
      target: number,
      before: { status: 'proposed' },
      after: { status: 'rejected', kboNumber: row.kbo_number },
      requestId: ctx.requestId ?? null,
    });
    return view({ ...row, status: 'rejected', decided_by: operator, decided_at: at });
  });
}

/** Only while still proposed: two operators deciding at once both pass the status read. */
async function closeLink(tx: Tx, id: string, set: Partial<ForeignEnterpriseLinkTable>): Promise<void> {
  const r = await tx
    .updateTable('foreign_enterprise_link')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new DomainError('foreign_enterprise.not_proposed', { linkStatus: 'decided' });
}

async function link(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  row: ForeignEnterpriseLinkTable,
  operator: string,
): Promise<ForeignEnterpriseLinkTable> {
  const from = row.enterprise_number;
  const to = row.kbo_number;
  const at = deps.clock.now().toISOString();
  const counterparts = new Set<string>();
  for (const m of await tx
    .selectFrom('mandate')
    .select(['mandator_number', 'mandatary_number'])
    .where((eb) => eb.or([eb('mandator_number', '=', from), eb('mandatary_number', '=', from)]))
    .execute()) {
    counterparts.add(m.mandator_number === from ? m.mandatary_number : m.mandator_number);
  }
  const moved: Record<string, number> = {};
  try {
    for (const [table, column] of MOVED) {
      const r = await tx
        .updateTable(table as 'appointment')
        .set({ [column]: to } as never)
        .where(column as 'enterprise_number', '=', from)
        .executeTakeFirst();
      const n = Number(r.numUpdatedRows);
      if (n > 0) moved[column === 'enterprise_number' ? table : `${table}.${column}`] = n;
    }
  } catch (e) {
    // the KBO number already holds the same active appointment, grant or mandate: the desk ends one first
    const code = (e as { code?: string }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw new DomainError('foreign_enterprise.link_conflict', { enterprise: from, kboNumber: to });
    throw e;
  }
  const linked = await tx
    .updateTable('foreign_enterprise')
    .set({ status: 'linked', kbo_number: to, linked_by: operator, linked_at: at })
    .where('number', '=', from)
    .where('status', '=', 'registered')
    .executeTakeFirst();
  if (Number(linked.numUpdatedRows) !== 1)
    throw new DomainError('foreign_enterprise.not_registered', { enterprise: from });
  await tx.updateTable('enterprise').set({ status: 'ST', updated_at: at }).where('number', '=', from).execute();
  await closeLink(tx, row.id, {
    status: 'linked',
    decided_by: operator,
    decided_at: at,
    moved_json: JSON.stringify(moved),
  });
  counterparts.delete(from);
  counterparts.delete(to);
  for (const enterprise of [from, to, ...[...counterparts].sort()]) {
    await record(tx, deps, ctx, {
      at,
      actorRole: SERVICE_DESK,
      enterprise,
      action: 'foreign_enterprise.linked',
      target: from,
      before: { enterprise: from },
      after: { enterprise: to, moved, proposedBy: row.proposed_by },
    });
  }
  return { ...row, status: 'linked', decided_by: operator, decided_at: at, moved_json: JSON.stringify(moved) };
}

/**
 * The KBO number an F-number was linked to, if any (one primary-key read). Alike linkedNumberOf
 * (exception/link-person.ts) by shape only: another table, key and answer, a person's link there.
 */
export async function linkedKboNumber(deps: Deps, number: string): Promise<string | undefined> {
  const row = await deps.db.db
    .selectFrom('foreign_enterprise')
    .select('kbo_number')
    .where('number', '=', number)
    .where('status', '=', 'linked')
    .executeTakeFirst();
  return row?.kbo_number ?? undefined;
}
