/**
 * The systems registry (issue 18, section 2): a vendor registers a software product once, with
 * the OAuth client ids of its installations and the services it may ask for.
 *
 * Who registers: the vendor enterprise's main or co-main access manager ('system.register'). A
 * system speaks for its vendor to every customer that approves it, so registering one is an act
 * of the people who already decide who speaks for the vendor; an access manager of one domain
 * manages users of that domain only and does not. Operators need no separate path: a vendor
 * without a main access manager gets one through the standard or the exception procedure.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { resolveService } from '../grant-access.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';

export const NAME_MAX = 200;
export const CLIENTS_MAX = 50;
export const SERVICES_MAX = 100;
/** RFC 6749's VSCHAR without the space: what a client id is made of, at most 200 of them */
const CLIENT_ID = /^[\x21-\x7E]{1,200}$/;
// printable text: no control or format characters
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

export interface SystemView {
  id: string;
  name: string;
  vendor: string;
  clientIds: string[];
  services: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SystemInput {
  name?: string;
  clientIds?: string[];
  services?: string[];
}

function requireName(input: string | undefined): string {
  const v = (input ?? '').normalize('NFC').trim();
  if (v.length < 1 || [...v].length > NAME_MAX || !PRINTABLE.test(v))
    throw new DomainError('validation.invalid_input', {
      field: 'name',
      reason: `a name of 1 to ${NAME_MAX} printable characters`,
    });
  return v;
}

function requireClientIds(input: string[] | undefined): string[] {
  const ids = [...new Set((input ?? []).map((c) => c.trim()))].sort();
  if (ids.length < 1 || ids.length > CLIENTS_MAX)
    throw new DomainError('validation.invalid_input', {
      field: 'clientIds',
      reason: `1 to ${CLIENTS_MAX} OAuth client ids`,
    });
  for (const c of ids)
    if (!CLIENT_ID.test(c))
      throw new DomainError('validation.invalid_input', {
        field: 'clientIds',
        reason: 'a client id is 1 to 200 visible ASCII characters (RFC 6749 VSCHAR, no space)',
      });
  return ids;
}

function requireServices(deps: Deps, input: string[] | undefined): string[] {
  const codes = [...new Set(input ?? [])].sort();
  if (codes.length < 1 || codes.length > SERVICES_MAX)
    throw new DomainError('validation.invalid_input', {
      field: 'services',
      reason: `1 to ${SERVICES_MAX} online services`,
    });
  // the same catalogue rules as a grant: known, and managed in btb
  for (const c of codes) resolveService(deps, c, undefined);
  return codes;
}

export async function systemView(tx: Tx, s: SystemTable): Promise<SystemView> {
  const clients = await tx
    .selectFrom('system_client')
    .select('client_id')
    .where('system_id', '=', s.id)
    .orderBy('client_id')
    .execute();
  return {
    id: s.id,
    name: s.name,
    vendor: s.vendor_number,
    clientIds: clients.map((c) => c.client_id),
    services: s.services ? s.services.split(',') : [],
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/** A client id names one system: one registered to another system is refused, whoever's it is. */
async function claimClients(tx: Tx, systemId: string, clientIds: string[]) {
  const taken = await tx
    .selectFrom('system_client')
    .select(['client_id', 'system_id'])
    .where('client_id', 'in', clientIds)
    .where('system_id', '!=', systemId)
    .execute();
  if (taken.length > 0)
    throw new DomainError('system.client_taken', { clientIds: taken.map((t) => t.client_id).sort() });
  await tx.deleteFrom('system_client').where('system_id', '=', systemId).execute();
  await tx
    .insertInto('system_client')
    .values(clientIds.map((client_id) => ({ client_id, system_id: systemId })))
    .execute();
}

export async function registerSystem(deps: Deps, ctx: Ctx, vendorInput: string, input: SystemInput) {
  const vendor = requireEnterpriseNumber(vendorInput);
  const name = requireName(input.name);
  const clientIds = requireClientIds(input.clientIds);
  const services = requireServices(deps, input.services);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'system.register', vendor, nowDate);
    const system: SystemTable = {
      id: randomUUID(),
      name,
      vendor_number: vendor,
      services: services.join(','),
      created_by: ctx.actor.personNumber!,
      created_by_role: role,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('system').values(system).execute();
    await claimClients(tx, system.id, clientIds);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise: vendor,
      action: 'system.registered',
      target: system.id,
      after: { name, clientIds, services },
    });
    return { system: await systemView(tx, system) };
  });
}

/** The vendor's own system, or system.not_found: another vendor's system is not there to change. */
async function vendorSystem(tx: Tx, vendor: string, id: string): Promise<SystemTable> {
  const s = await tx
    .selectFrom('system')
    .selectAll()
    .where('id', '=', id)
    .where('vendor_number', '=', vendor)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!s) throw new DomainError('system.not_found', { system: id });
  return s;
}

/** Renames a system, or replaces its client ids or its services (each optional). */
export async function updateSystem(deps: Deps, ctx: Ctx, vendorInput: string, id: string, input: SystemInput) {
  const vendor = requireEnterpriseNumber(vendorInput);
  const name = input.name === undefined ? undefined : requireName(input.name);
  const clientIds = input.clientIds === undefined ? undefined : requireClientIds(input.clientIds);
  const services = input.services === undefined ? undefined : requireServices(deps, input.services);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'system.register', vendor, nowDate);
    const before = await systemView(tx, await vendorSystem(tx, vendor, id));
    const patch = {
      updated_at: now,
      ...(name !== undefined ? { name } : {}),
      ...(services !== undefined ? { services: services.join(',') } : {}),
    };
    await tx.updateTable('system').set(patch).where('id', '=', id).execute();
    if (clientIds) await claimClients(tx, id, clientIds);
    const after = await systemView(tx, await vendorSystem(tx, vendor, id));
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise: vendor,
      action: 'system.updated',
      target: id,
      before: { name: before.name, clientIds: before.clientIds, services: before.services },
      after: { name: after.name, clientIds: after.clientIds, services: after.services },
    });
    return { system: after };
  });
}

/** The vendor's systems, for its main and co-main. */
export async function listVendorSystems(deps: Deps, ctx: Ctx, vendorInput: string) {
  const vendor = requireEnterpriseNumber(vendorInput);
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'managers.read', vendor, deps.clock.now());
    const rows = await tx
      .selectFrom('system')
      .selectAll()
      .where('vendor_number', '=', vendor)
      .orderBy('name')
      .execute();
    const systems: SystemView[] = [];
    for (const r of rows) systems.push(await systemView(tx, r));
    return { systems };
  });
}

/**
 * Finds systems by name (a part of it) or by an exact client id, for an enterprise's managers
 * who want to approve one. The registry is public to logged-in people: it says which software
 * exists and which services it asks for, nothing about who uses it.
 */
export async function findSystems(deps: Deps, ctx: Ctx, query: string) {
  if (!ctx.actor.personNumber) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  const q = query.normalize('NFC').trim();
  if (q.length < 2 || q.length > NAME_MAX || !PRINTABLE.test(q))
    throw new DomainError('validation.invalid_input', { field: 'q', reason: '2 to 200 printable characters' });
  return deps.db.unitOfWork(async (tx) => {
    const byClient = await tx.selectFrom('system_client').select('system_id').where('client_id', '=', q).execute();
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await tx
      .selectFrom('system')
      .selectAll()
      .where('ended_at', 'is', null)
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(name) like ${like} escape '\\'`,
          ...(byClient.length
            ? [
                eb(
                  'id',
                  'in',
                  byClient.map((b) => b.system_id),
                ),
              ]
            : []),
        ]),
      )
      .orderBy('name')
      .limit(20)
      .execute();
    const systems: SystemView[] = [];
    for (const r of rows) systems.push(await systemView(tx, r));
    return { systems };
  });
}
