import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { type EnterpriseRole, type RoleFacts, rolesOf } from '../../domain/authorize.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  authorizeMandate,
  isMandateInForce,
  type MandateAction,
  type MandateSide,
  mandateRules,
  type ScopeItem,
} from '../../domain/mandate-rules.ts';
import type { Queryable, Tx } from '../../infra/db/database.ts';
import type { Database, MandateStatus, MandateTable } from '../../infra/db/schema.ts';
import { isoDate } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { type Ctx, enterpriseName, type MailTo, record } from '../shared/record.ts';
import { appointmentActiveAt, loadRoleFacts } from '../shared/roles.ts';

export interface Mandate extends MandateTable {
  scope: ScopeItem[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** In force at `now`: accepted, started, not past its end (ending sets the status at once). */
export function mandateInForceAt(now: string) {
  return (eb: ExpressionBuilder<Database, 'mandate'>): Expression<SqlBool> =>
    eb.and([
      eb('mandate.status', '=', 'active'),
      eb('mandate.valid_from', '<=', now),
      eb.or([eb('mandate.valid_until', 'is', null), eb('mandate.valid_until', '>', now)]),
    ]);
}

export async function loadScopes(q: Queryable, ids: string[]): Promise<Map<string, ScopeItem[]>> {
  const out = new Map<string, ScopeItem[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await q
      .selectFrom('mandate_scope')
      .selectAll()
      .where('mandate_id', 'in', ids.slice(i, i + 500))
      .orderBy('domain')
      .orderBy('service')
      .execute();
    for (const r of rows) out.get(r.mandate_id)?.push({ domain: r.domain, service: r.service });
  }
  return out;
}

/**
 * Finds a mandate the enterprise is a party to, and which side it is on. A mandate of other
 * enterprises is "not found", so ids of strangers' mandates are never confirmed.
 */
export async function loadMandateFor(
  q: Queryable,
  enterprise: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<{ mandate: Mandate; side: MandateSide }> {
  // Locked on PostgreSQL by every change under a mandate, so that ending it and granting under
  // it run one after the other (SQLite serialises writers anyway).
  const base = q.selectFrom('mandate').selectAll().where('id', '=', id);
  const m = UUID.test(id) ? await (opts.lock ? base.forUpdate() : base).executeTakeFirst() : undefined;
  const side =
    m?.mandator_number === enterprise ? 'mandator' : m?.mandatary_number === enterprise ? 'mandatary' : undefined;
  if (!m || !side) throw new DomainError('mandate.not_found', { mandate: id });
  const scope = (await loadScopes(q, [m.id])).get(m.id) ?? [];
  return { mandate: { ...m, scope }, side };
}

/** Locks the enterprise's row on PostgreSQL, so changes made from one enterprise run one after the other. */
export async function lockEnterprise(tx: Tx, deps: Deps, enterprise: string): Promise<void> {
  if (deps.db.engine === 'postgres')
    await tx.selectFrom('enterprise').select('number').where('number', '=', enterprise).forUpdate().execute();
}

/**
 * The mandate `id` seen from `enterprise`, for a change: the one lock order under a mandate on
 * PostgreSQL (docs/consistency.md, "Lock order"), the acting enterprise's row first, then the
 * mandate's. Accepting or ending a mandate once locked the mandate first and the enterprise
 * second, a grant under it the other way round: the two deadlocked (review 8, finding 1).
 */
export async function lockMandateFor(
  tx: Tx,
  deps: Deps,
  enterprise: string,
  id: string,
): Promise<{ mandate: Mandate; side: MandateSide }> {
  await lockEnterprise(tx, deps, enterprise);
  return loadMandateFor(tx, enterprise, id, { lock: deps.db.engine === 'postgres' });
}

/**
 * lockMandateFor for an action of the caller's own: a stranger to `enterprise` is refused before
 * the mandate is looked up (authorizeBeforeLookup), then the action is authorized on the side the
 * mandate puts `enterprise` on, with the mandate's state unless `withState` is false (removing a
 * client manager does not depend on it). The caller's role facts are read once, after the
 * enterprise's row is locked, for both checks.
 */
export async function lockMandateAs(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  action: MandateAction,
  enterprise: string,
  id: string,
  now: Date,
  withState = true,
): Promise<{ mandate: Mandate; side: MandateSide; role: EnterpriseRole }> {
  await lockEnterprise(tx, deps, enterprise);
  const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, now);
  refuseStranger(ctx, action, facts);
  const { mandate, side } = await loadMandateFor(tx, enterprise, id, { lock: deps.db.engine === 'postgres' });
  return { mandate, side, role: decideSide(ctx, action, side, facts, withState ? mandate : undefined) };
}

/**
 * Review 8, finding 3c: a stranger to `enterprise` (no role there at all) is refused before the
 * mandate is looked up, with the refusal the action gives them, so that they get the same answer
 * for a mandate of the enterprise as for an unknown id. The enterprise's own people go on to the
 * full check, with the side and the mandate's state, once it is loaded (authorizeSide): they may
 * see the enterprise's mandates anyway.
 */
export async function authorizeBeforeLookup(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  action: MandateAction,
  enterprise: string,
): Promise<void> {
  refuseStranger(
    ctx,
    action,
    await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, deps.clock.now()),
  );
}

function refuseStranger(ctx: Ctx, action: MandateAction, facts: RoleFacts): void {
  if (rolesOf(facts).length > 0) return;
  const d = authorizeMandate(ctx.actor, action, mandateRules[action].sides[0]!, facts);
  if (!d.allowed) throw new DomainError(d.code, d.details);
}

/**
 * The same for the work under a mandate held by `enterprise` (granting, its system users): the
 * caller is its main or a co-main, or a client manager under one of its mandates; else the
 * refusal is the one a stranger gets for an existing mandate (authorization.not_client_manager).
 */
export async function requireSomeClientPower(tx: Tx, deps: Deps, ctx: Ctx, enterprise: string): Promise<void> {
  const now = deps.clock.now();
  const person = ctx.actor.personNumber;
  if (!person) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  const facts = await loadRoleFacts(tx, deps.registers, enterprise, person, now);
  if (facts.isMain || facts.isCoMain) return;
  const client = await tx
    .selectFrom('appointment')
    .innerJoin('mandate', 'mandate.id', 'appointment.mandate_id')
    .select('appointment.id')
    .where('mandate.mandatary_number', '=', enterprise)
    .where('appointment.kind', '=', 'client')
    .where('appointment.person_number', '=', person)
    .where(appointmentActiveAt(now.toISOString()))
    .executeTakeFirst();
  if (!client) throw new DomainError('authorization.not_client_manager', {});
}

/**
 * The mandate `id` as its holder (B, the mandatary) grants or creates something under it: the
 * holder's row, then the mandate, locked (lockMandateFor); seen from B (from the client's side,
 * mandate.wrong_side). Whether it is in force is the caller's next check (requireInForce), after
 * its authorization: an ending needs no mandate in force. (Revoking a grant under a mandate locks
 * only the mandate.)
 */
export async function lockHeldMandate(tx: Tx, deps: Deps, ctx: Ctx, enterprise: string, id: string): Promise<Mandate> {
  await lockEnterprise(tx, deps, enterprise);
  await requireSomeClientPower(tx, deps, ctx, enterprise);
  const { mandate, side } = await lockMandateFor(tx, deps, enterprise, id);
  if (side !== 'mandatary') throw new DomainError('mandate.wrong_side', { action: 'grant', side });
  return mandate;
}

/** Refuses a change under a mandate that is not in force at `now` (not accepted, not started, ended). */
export function requireInForce(mandate: Mandate, now: string): void {
  if (!isMandateInForce(mandate, now))
    throw new DomainError('mandate.not_in_force', { mandate: mandate.id, mandateStatus: mandate.status });
}

/** Authorizes a mandate action for the actor at `enterprise` (one side), locking it on PostgreSQL. */
export async function authorizeSide(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  action: MandateAction,
  enterprise: string,
  side: MandateSide,
  now: Date,
  mandate?: Pick<MandateTable, 'status' | 'proposed_by_side'>,
): Promise<EnterpriseRole> {
  await lockEnterprise(tx, deps, enterprise);
  const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, now);
  return decideSide(ctx, action, side, facts, mandate);
}

function decideSide(
  ctx: Ctx,
  action: MandateAction,
  side: MandateSide,
  facts: RoleFacts,
  mandate?: Pick<MandateTable, 'status' | 'proposed_by_side'>,
): EnterpriseRole {
  const state = mandate ? { status: mandate.status, proposedBySide: mandate.proposed_by_side } : undefined;
  const d = authorizeMandate(ctx.actor, action, side, facts, state);
  if (!d.allowed) throw new DomainError(d.code, d.details);
  return d.role;
}

/**
 * Who hears about a mandate for one enterprise: its main and co-main access managers, or, when
 * it has none yet (a small client), its legal representatives with a known address.
 */
export async function sideContacts(tx: Tx, enterprise: string, now: Date): Promise<{ to: string; language: string }[]> {
  const iso = now.toISOString();
  const managers = await tx
    .selectFrom('appointment')
    .leftJoin('person', 'person.number', 'appointment.person_number')
    .select(['appointment.email', 'person.language'])
    .where('appointment.enterprise_number', '=', enterprise)
    .where('appointment.kind', 'in', ['main', 'co_main'])
    .where('appointment.mandate_id', 'is', null)
    .where(appointmentActiveAt(iso))
    .execute();
  if (managers.length) return dedupe(managers.map((m) => ({ to: m.email, language: m.language ?? 'nl' })));
  return dedupe(await legalRepresentativeContacts(tx, enterprise, now));
}

/** The enterprise's legal representatives on the register that day, with an e-mail address, as mail recipients. */
export async function legalRepresentativeContacts(
  tx: Tx,
  enterprise: string,
  now: Date,
): Promise<{ to: string; language: string }[]> {
  const day = isoDate(now);
  const lrs = await tx
    .selectFrom('legal_function')
    .innerJoin('person', 'person.number', 'legal_function.person_number')
    .select(['person.email', 'person.language'])
    .where('legal_function.enterprise_number', '=', enterprise)
    .where('legal_function.start_date', '<=', day)
    .where((eb) => eb.or([eb('legal_function.end_date', 'is', null), eb('legal_function.end_date', '>=', day)]))
    .where('person.email', 'is not', null)
    .execute();
  return lrs.map((p) => ({ to: p.email!, language: p.language }));
}

function dedupe<T extends { to: string }>(xs: T[]): T[] {
  return [...new Map(xs.map((x) => [x.to, x])).values()];
}

/** The later of two ISO instants (they compare as text). */
/**
 * Moves a mandate from one of the states `from` by writing `set`, unless a concurrent change
 * moved it first (mandate.concurrent_change): accept, reject and end all decide on the state
 * they read, so the update names it. Returns the mandate as it now is.
 */
export async function moveMandate(
  tx: Tx,
  mandate: Mandate,
  from: MandateStatus[],
  set: Partial<Omit<MandateTable, 'id'>>,
): Promise<Mandate> {
  const changed = await tx
    .updateTable('mandate')
    .set(set)
    .where('id', '=', mandate.id)
    .where('status', 'in', from)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) throw new DomainError('mandate.concurrent_change', { mandate: mandate.id });
  return { ...mandate, ...set };
}

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

export interface MandateChange {
  at: string;
  actorRole: string;
  actingSide: MandateSide;
  action: 'mandate.proposed' | 'mandate.accepted' | 'mandate.rejected' | 'mandate.ended' | 'mandate.lapsed';
  mandate: Mandate;
  before?: unknown;
  extra?: Record<string, unknown>;
  template: string;
  now: Date;
}

/**
 * One audit event, one set of mails and one domain event per enterprise side, in the caller's
 * transaction: A's history shows who at B was given power, B's shows whose power it holds.
 */
export async function recordBothSides(tx: Tx, deps: Deps, ctx: Ctx, c: MandateChange): Promise<void> {
  const m = c.mandate;
  const [mandatorName, mandataryName] = await Promise.all([
    enterpriseName(tx, m.mandator_number),
    enterpriseName(tx, m.mandatary_number),
  ]);
  const params = {
    mandate: m.id,
    mandator: m.mandator_number,
    mandatorName,
    mandatary: m.mandatary_number,
    mandataryName,
    domains: m.scope.filter((s) => s.service === '').map((s) => s.domain),
    services: m.scope.filter((s) => s.service !== '').map((s) => s.service),
    validFrom: m.valid_from,
    validUntil: m.valid_until,
    capacity: m.capacity,
    actingSide: c.actingSide,
    ...c.extra,
  };
  const data = {
    mandate: m.id,
    mandator: m.mandator_number,
    mandatary: m.mandatary_number,
    scope: m.scope,
    status: m.status,
    validFrom: m.valid_from,
    validUntil: m.valid_until,
    capacity: m.capacity,
    side: c.actingSide,
    ...c.extra,
  };
  for (const side of ['mandator', 'mandatary'] as const) {
    const enterprise = side === 'mandator' ? m.mandator_number : m.mandatary_number;
    const counterpart = side === 'mandator' ? m.mandatary_number : m.mandator_number;
    const contacts = await sideContacts(tx, enterprise, c.now);
    const mails: MailTo[] = contacts.map((x) => ({
      to: x.to,
      language: x.language,
      template: c.template,
      params: { ...params, side },
    }));
    await record(tx, deps, ctx, {
      at: c.at,
      // the role is the actor's at the acting side; the other side's event says so
      actorRole: side === c.actingSide ? c.actorRole : `${c.actingSide}:${c.actorRole}`,
      enterprise,
      action: c.action,
      target: `${side === 'mandator' ? 'mandatary' : 'mandator'}:${counterpart}`,
      before: c.before,
      after: data,
      mails,
      event: { type: c.action, data },
    });
  }
}

export function mandateView(m: Mandate) {
  return {
    id: m.id,
    mandator: m.mandator_number,
    mandatary: m.mandatary_number,
    status: m.status,
    scope: m.scope.map((s) => ({ domain: s.domain, service: s.service || null })),
    validFrom: m.valid_from,
    validUntil: m.valid_until,
    capacity: m.capacity,
    proposedBy: m.proposed_by,
    proposedBySide: m.proposed_by_side,
    proposedAt: m.proposed_at,
    acceptedBy: m.accepted_by,
    acceptedAt: m.accepted_at,
    rejectedAt: m.rejected_at,
    endedAt: m.ended_at,
    endedBySide: m.ended_by_side,
    endReason: m.end_reason,
  };
}
