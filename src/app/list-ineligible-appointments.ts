/**
 * The registers change underneath btb (issue 8): a legal representative's function ends, an
 * employee leaves, an enterprise stops. Rights that depend on the register (the legal
 * representative's) end by themselves, since they are read at each question. Appointments stay,
 * because they belong to the enterprise; but a main or co-main access manager must be an employee
 * or a legal representative, so those whose holder no longer is are listed here for the
 * enterprise's legal representatives and managers to act on, and announced as an event.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../infra/db/database.ts';
import { enqueue } from '../infra/outbox/outbox.ts';
import type { Registers } from '../ports.ts';
import type { Deps } from './deps.ts';
import { enterpriseAudience } from './shared/event-audience.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import type { Ctx } from './shared/record.ts';
import { appointmentActiveAt, eligibility } from './shared/roles.ts';

export type IneligibleReason = 'enterprise_stopped' | 'not_employee_nor_legal_representative';

export interface IneligibleAppointment {
  id: string;
  person: string;
  name: string | null;
  kind: string;
  domain: string | null;
  since: string;
  reason: IneligibleReason;
}

/** Active main and co-main appointments whose holder the registers no longer back, right now. */
export async function findIneligibleAppointments(
  q: Queryable,
  registers: Registers,
  enterprise: string,
  now: Date,
): Promise<IneligibleAppointment[]> {
  const facts = await registers.enterprise(q, enterprise);
  if (!facts) return [];
  const rows = await q
    .selectFrom('appointment')
    .leftJoin('person', 'person.number', 'appointment.person_number')
    .select([
      'appointment.id',
      'appointment.person_number',
      'appointment.kind',
      'appointment.domain',
      'appointment.valid_from',
      'person.given_name',
      'person.family_name',
    ])
    .where('appointment.enterprise_number', '=', enterprise)
    .where('appointment.mandate_id', 'is', null)
    .where(appointmentActiveAt(now.toISOString()))
    .orderBy('appointment.created_at')
    .execute();
  const out: IneligibleAppointment[] = [];
  for (const r of rows) {
    let reason: IneligibleReason | undefined;
    // A stopped enterprise: every appointment is moot. Otherwise only main and co-main carry
    // the employee-or-representative rule; domain access managers have none.
    if (!facts.isActive) reason = 'enterprise_stopped';
    else if (r.kind === 'main' || r.kind === 'co_main') {
      const e = await eligibility(q, registers, enterprise, r.person_number, now);
      if (!e.isEligible) reason = 'not_employee_nor_legal_representative';
    }
    if (!reason) continue;
    out.push({
      id: r.id,
      person: r.person_number,
      name: r.given_name ? `${r.given_name} ${r.family_name}` : null,
      kind: r.kind,
      domain: r.domain || null,
      since: r.valid_from,
      reason,
    });
  }
  return out;
}

/** GET /api/v1/enterprises/{en}/ineligible-appointments: for the legal representatives and managers. */
export async function listIneligibleAppointments(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const now = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'managers.read', enterprise, now);
    return { enterprise, items: await findIneligibleAppointments(tx, deps.registers, enterprise, now) };
  });
}

/**
 * After a register import: one 'register.changed' event per enterprise the update touched, with
 * its status and the appointments it made ineligible, through the outbox (webhooks). The import
 * calls this with the enterprise numbers it changed; returns how many events it enqueued.
 */
export async function announceRegisterChanges(
  deps: Pick<Deps, 'db' | 'clock' | 'registers'>,
  enterprises: Iterable<string>,
): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const batch = `${at}:${randomUUID().slice(0, 8)}`;
  let n = 0;
  for (const enterprise of new Set(enterprises)) {
    await deps.db.unitOfWork(async (tx) => {
      const facts = await deps.registers.enterprise(tx, enterprise);
      if (!facts) return;
      const ineligible = await findIneligibleAppointments(tx, deps.registers, enterprise, now);
      await enqueue(tx, {
        id: `register.changed:${enterprise}:${batch}`,
        at,
        enterprise,
        payload: {
          kind: 'event',
          type: 'register.changed',
          enterprise,
          data: {
            status: facts.status,
            isActive: facts.isActive,
            ineligibleAppointments: ineligible.map((a) => ({
              id: a.id,
              person: a.person,
              kind: a.kind,
              domain: a.domain,
              reason: a.reason,
            })),
          },
          // only the subscribers whose scope meets what the enterprise has here (issue 13)
          audience: await enterpriseAudience(tx, enterprise, now),
        },
      });
      n++;
    });
  }
  return n;
}
