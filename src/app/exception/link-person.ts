/**
 * The service desk links a person known by an eIDAS identifier to the Belgian (BIS or national)
 * number they got later (issue 19). From then on they are that number: their appointments,
 * grants, pending invitations and requests move to it, an eIDAS login gives a session under it,
 * and the registers' facts about the number (a KBO function, say) apply to them.
 *
 * Four eyes, like the desk's other decisions: with `exception.fourEyes` on, one operator proposes
 * and another confirms; the link happens at confirmation. Each step is audited; the move writes
 * one audit event per enterprise whose rights moved, so every check node reloads exactly those.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { parsePersonId } from '../../domain/person-id.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { PersonLinkTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireText } from '../foreign-enterprises/shared.ts';
import { lockNumberForLink } from '../shared/person-number-lock.ts';
import { actorId, type Ctx, record } from '../shared/record.ts';
import { identitiesOf, requireOperator, SERVICE_DESK } from './shared.ts';

export interface PersonLinkView {
  id: string;
  eidasId: string;
  personNumber: string;
  reason: string;
  status: PersonLinkTable['status'];
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** rows moved to the Belgian number, by table; only when linked by this call */
  moved?: Record<string, number>;
}

export const personLinkView = (r: PersonLinkTable, moved?: Record<string, number>): PersonLinkView => ({
  id: r.id,
  eidasId: r.eidas_id,
  personNumber: r.person_number,
  reason: r.reason,
  status: r.status,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  ...(moved ? { moved } : {}),
});

/** The Belgian number an eIDAS identifier was linked to, if any. */
export async function linkedNumberOf(deps: Deps, eidasId: string): Promise<string | undefined> {
  const row = await deps.db.db
    .selectFrom('person_link')
    .select('person_number')
    .where('eidas_id', '=', eidasId)
    .where('status', '=', 'linked')
    .executeTakeFirst();
  return row?.person_number;
}

function requireKinds(input: { eidasId: string; personNumber: string }) {
  const e = parsePersonId(input.eidasId);
  if (!e.ok || e.value.kind !== 'eidas')
    throw new DomainError('identifier.invalid_person_number', {
      field: 'eidasId',
      reason: e.ok ? 'not_eidas' : e.reason,
    });
  const b = parsePersonId(input.personNumber);
  if (!b.ok || b.value.kind === 'eidas')
    throw new DomainError('identifier.invalid_person_number', {
      field: 'personNumber',
      reason: b.ok ? 'not_belgian' : b.reason,
    });
  return { eidasId: e.value.id, personNumber: b.value.id };
}

async function requireUnlinked(tx: Tx, eidasId: string, except?: string): Promise<void> {
  const open = await tx
    .selectFrom('person_link')
    .select(['id', 'status'])
    .where('eidas_id', '=', eidasId)
    .where('status', 'in', ['proposed', 'linked'])
    .execute();
  const other = open.find((r) => r.id !== except);
  if (other) throw new DomainError('person_link.exists', { linkId: other.id, linkStatus: other.status });
}

/**
 * Review 5, finding 3: no operator proposes or decides a link in which they are one of the two
 * persons: their own number (or eIDAS identifier), or what it is already linked to.
 */
async function requireNotSelf(tx: Tx, operator: string, link: { eidasId: string; personNumber: string }) {
  const self = await identitiesOf(tx, operator);
  if (self.has(link.eidasId) || self.has(link.personNumber))
    throw new DomainError('exception.conflict_of_interest', { reason: 'the link concerns the operator' });
}

/**
 * Review 5, finding 4: the Belgian number must be free. Rights it holds already (an appointment,
 * a grant, in force or to come) would silently merge with the eIDAS person's, and a number linked
 * (or proposed) for another eIDAS identifier would make two persons one.
 */
async function requireNumberFree(tx: Tx, deps: Deps, link: { eidasId: string; personNumber: string }, now: string) {
  const number = link.personNumber;
  // two links of one number at once (four eyes off, or two proposals made together): the
  // second waits here for the first's commit on PostgreSQL, then reads its link; no row to lock
  // exists yet, so the lock is on the number (SQLite serialises writers anyway)
  // held until commit, it also keeps out a grant or appointment being created for the number
  // (shared/person-number-lock.ts), which this read could not see before its commit
  await lockNumberForLink(tx, deps, number);
  const appointment = await tx
    .selectFrom('appointment')
    .select('id')
    .where('person_number', '=', number)
    .where('ended_at', 'is', null)
    .where((w) => w.or([w('valid_until', 'is', null), w('valid_until', '>', now)]))
    .executeTakeFirst();
  const grant = await tx
    .selectFrom('access_grant')
    .select('id')
    .where('person_number', '=', number)
    .where('revoked_at', 'is', null)
    .where((w) => w.or([w('valid_until', 'is', null), w('valid_until', '>', now)]))
    .executeTakeFirst();
  const other = await tx
    .selectFrom('person_link')
    .select('id')
    .where('person_number', '=', number)
    .where('eidas_id', '!=', link.eidasId)
    .where('status', 'in', ['proposed', 'linked'])
    .executeTakeFirst();
  const holds = appointment ? 'appointment' : grant ? 'grant' : other ? 'link' : undefined;
  if (holds) throw new DomainError('person_link.number_in_use', { personNumber: number, holds });
}

export async function proposePersonLink(
  deps: Deps,
  ctx: Ctx,
  input: { eidasId: string; personNumber: string; reason: string },
): Promise<PersonLinkView> {
  const ids = requireKinds(input);
  // printable text only, as the desk's other texts (review 8, finding 3a): no control or
  // bidirectional characters in what the next operator reads and the audit keeps
  const reason = requireText(input.reason, 'reason', 1000);
  if (reason.length < 3)
    throw new DomainError('validation.invalid_input', {
      field: 'reason',
      rule: 'text',
      reason: 'at least 3 characters',
    });
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    await requireNotSelf(tx, operator, ids);
    await requireUnlinked(tx, ids.eidasId);
    const now = deps.clock.now().toISOString();
    await requireNumberFree(tx, deps, ids, now);
    const row: PersonLinkTable = {
      id: randomUUID(),
      eidas_id: ids.eidasId,
      person_number: ids.personNumber,
      reason,
      status: 'proposed',
      proposed_by: operator,
      proposed_at: now,
      decided_by: null,
      decided_at: null,
    };
    await tx.insertInto('person_link').values(row).execute();
    await appendAudit(tx, deps.db.engine, {
      at: now,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'person_link.proposed',
      target: ids.eidasId,
      after: { personNumber: ids.personNumber, reason },
      requestId: ctx.requestId ?? null,
    });
    if (deps.config.exception.fourEyes) return personLinkView(row);
    return personLinkView(...(await link(tx, deps, ctx, row, operator, now)));
  });
}

export async function decidePersonLink(
  deps: Deps,
  ctx: Ctx,
  input: { id: string; decision: 'confirm' | 'reject' },
): Promise<PersonLinkView> {
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const row = await tx.selectFrom('person_link').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw new DomainError('person_link.not_found', { id: input.id });
    if (row.status !== 'proposed') throw new DomainError('person_link.not_proposed', { linkStatus: row.status });
    if (row.proposed_by === operator) throw new DomainError('exception.four_eyes_same_operator');
    await requireNotSelf(tx, operator, { eidasId: row.eidas_id, personNumber: row.person_number });
    const now = deps.clock.now().toISOString();
    if (input.decision === 'reject') {
      await decideLink(tx, row.id, 'rejected', operator, now);
      await appendAudit(tx, deps.db.engine, {
        at: now,
        actor: actorId(ctx.actor),
        actorRole: SERVICE_DESK,
        enterprise: null,
        action: 'person_link.rejected',
        target: row.eidas_id,
        before: { status: 'proposed' },
        after: { status: 'rejected', personNumber: row.person_number },
        requestId: ctx.requestId ?? null,
      });
      return personLinkView({ ...row, status: 'rejected', decided_by: operator, decided_at: now });
    }
    await requireUnlinked(tx, row.eidas_id, row.id);
    await requireNumberFree(tx, deps, { eidasId: row.eidas_id, personNumber: row.person_number }, now);
    return personLinkView(...(await link(tx, deps, ctx, row, operator, now)));
  });
}

/** Moves every right of the eIDAS person to the Belgian number, in the caller's transaction. */
async function link(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  row: PersonLinkTable,
  operator: string,
  now: string,
): Promise<[PersonLinkTable, Record<string, number>]> {
  const from = row.eidas_id;
  const to = row.person_number;
  const enterprises = new Set<string>();
  for (const t of ['appointment', 'access_grant', 'invitation'] as const) {
    const rows = await tx.selectFrom(t).select('enterprise_number').where('person_number', '=', from).execute();
    for (const r of rows) enterprises.add(r.enterprise_number);
  }
  const moved: Record<string, number> = {};
  const count = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);
  try {
    moved.appointment = count(
      await tx
        .updateTable('appointment')
        .set({ person_number: to })
        .where('person_number', '=', from)
        .executeTakeFirst(),
    );
    moved.access_grant = count(
      await tx
        .updateTable('access_grant')
        .set({ person_number: to })
        .where('person_number', '=', from)
        .executeTakeFirst(),
    );
  } catch (e) {
    // the Belgian number already holds the same active appointment or grant: the desk ends one first
    const code = (e as { code?: string }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('person_link.conflict');
    throw e;
  }
  moved.invitation = count(
    await tx.updateTable('invitation').set({ person_number: to }).where('person_number', '=', from).executeTakeFirst(),
  );
  moved.access_request = count(
    await tx.updateTable('access_request').set({ requester: to }).where('requester', '=', from).executeTakeFirst(),
  );
  moved.reminder_item = count(
    await tx.updateTable('reminder_item').set({ manager: to }).where('manager', '=', from).executeTakeFirst(),
  );
  // Sessions under the eIDAS identifier end: the next eIDAS login opens one under the number.
  moved.session = count(
    await tx
      .updateTable('session')
      .set({ revoked_at: now })
      .where('person_number', '=', from)
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
  );
  await decideLink(tx, row.id, 'linked', operator, now);
  await appendAudit(tx, deps.db.engine, {
    at: now,
    actor: actorId(ctx.actor),
    actorRole: SERVICE_DESK,
    enterprise: null,
    action: 'person_link.linked',
    target: from,
    before: { person: from },
    after: { person: to, moved, proposedBy: row.proposed_by },
    requestId: ctx.requestId ?? null,
  });
  for (const enterprise of [...enterprises].sort()) {
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise,
      action: 'person.linked',
      target: from,
      before: { person: from },
      after: { person: to },
    });
  }
  return [{ ...row, status: 'linked', decided_by: operator, decided_at: now }, moved];
}

/**
 * Closes a proposed link, on condition that it is still proposed: two operators deciding at once
 * both pass the status read above on PostgreSQL's read committed, and only one may win.
 */
async function decideLink(
  tx: Tx,
  id: string,
  status: 'linked' | 'rejected',
  operator: string,
  now: string,
): Promise<void> {
  const r = await tx
    .updateTable('person_link')
    .set({ status, decided_by: operator, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError('person_link.not_proposed', { linkStatus: 'decided' });
}
