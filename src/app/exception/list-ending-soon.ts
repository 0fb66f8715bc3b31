/**
 * The service desk's view of what will end at an enterprise in the next 30 days (issue 17,
 * section 3): grants, appointments and mandates, each with why it ends: its end date, non-use
 * (flagged, the notice running out), or a register change's grace period. Like every desk read
 * it is never silent: the look-up is audited on the enterprise in the transaction that reads.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, enterpriseName, record } from '../shared/record.ts';
import { appointmentActiveAt, grantActiveAt } from '../shared/roles.ts';
import { requireOperator, SERVICE_DESK } from './shared.ts';

export const ENDING_SOON_DAYS = 30;
const DAY = 86_400_000;

export type EndingReason = 'end_date' | 'unused' | 'register_grace';
export interface EndingItem {
  kind: 'grant' | 'appointment' | 'mandate';
  id: string;
  /** the holder (grant, appointment) or the other enterprise (mandate) */
  party: string;
  /** the service (grant), the role and domain (appointment: `main`, `domain:finance`), the side (mandate) */
  what: string;
  endsAt: string;
  reason: EndingReason;
}

export async function listEndingSoon(deps: Deps, ctx: Ctx, input: { enterprise: string; purpose?: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const until = new Date(nowDate.getTime() + ENDING_SOON_DAYS * DAY).toISOString();
  const noticeMs = deps.config.lifetime.unusedNoticeDays * DAY;
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const exists = await tx
      .selectFrom('enterprise')
      .select('number')
      .where('number', '=', enterprise)
      .executeTakeFirst();
    if (!exists) throw new DomainError('enterprise.not_found', { enterprise });
    const items: EndingItem[] = [];

    const grants = await tx
      .selectFrom('access_grant')
      .leftJoin('grant_use', 'grant_use.grant_id', 'access_grant.id')
      .select([
        'access_grant.id',
        'access_grant.person_number',
        'access_grant.service',
        'access_grant.service_role',
        'access_grant.valid_until',
        'grant_use.flagged_at',
      ])
      .where('access_grant.enterprise_number', '=', enterprise)
      .where(grantActiveAt(now))
      .where((eb) => eb.or([eb('access_grant.valid_until', '<=', until), eb('grant_use.flagged_at', 'is not', null)]))
      .execute();
    for (const g of grants) {
      const what = g.service_role ? `${g.service}:${g.service_role}` : g.service;
      // a flagged grant ends when its notice runs out, unless its end date comes first
      const unusedEnd = g.flagged_at ? new Date(new Date(g.flagged_at).getTime() + noticeMs).toISOString() : null;
      const byDate = g.valid_until !== null && g.valid_until <= until ? g.valid_until : null;
      if (unusedEnd && unusedEnd <= until && (byDate === null || unusedEnd < byDate)) {
        items.push({ kind: 'grant', id: g.id, party: g.person_number, what, endsAt: unusedEnd, reason: 'unused' });
      } else if (byDate) {
        items.push({ kind: 'grant', id: g.id, party: g.person_number, what, endsAt: byDate, reason: 'end_date' });
      }
    }

    const appointments = await tx
      .selectFrom('appointment')
      .leftJoin('register_review', (j) =>
        j.onRef('register_review.appointment_id', '=', 'appointment.id').on('register_review.status', '=', 'pending'),
      )
      .select([
        'appointment.id',
        'appointment.person_number',
        'appointment.kind',
        'appointment.domain',
        'appointment.valid_until',
        'register_review.grace_until',
      ])
      .where('appointment.enterprise_number', '=', enterprise)
      .where('appointment.mandate_id', 'is', null)
      .where(appointmentActiveAt(now))
      .where((eb) =>
        eb.or([eb('appointment.valid_until', '<=', until), eb('register_review.grace_until', '<=', until)]),
      )
      .execute();
    for (const a of appointments) {
      const what = a.kind === 'domain' ? `domain:${a.domain}` : a.kind;
      const grace = a.grace_until !== null && a.grace_until <= until ? a.grace_until : null;
      const byDate = a.valid_until !== null && a.valid_until <= until ? a.valid_until : null;
      if (grace && (byDate === null || grace < byDate)) {
        items.push({
          kind: 'appointment',
          id: a.id,
          party: a.person_number,
          what,
          endsAt: grace,
          reason: 'register_grace',
        });
      } else if (byDate) {
        items.push({ kind: 'appointment', id: a.id, party: a.person_number, what, endsAt: byDate, reason: 'end_date' });
      }
    }

    const mandates = await tx
      .selectFrom('mandate')
      .select(['id', 'mandator_number', 'mandatary_number', 'valid_until'])
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('mandator_number', '=', enterprise), eb('mandatary_number', '=', enterprise)]))
      .where('valid_until', '>', now)
      .where('valid_until', '<=', until)
      .execute();
    for (const m of mandates) {
      const isMandator = m.mandator_number === enterprise;
      items.push({
        kind: 'mandate',
        id: m.id,
        party: isMandator ? m.mandatary_number : m.mandator_number,
        what: isMandator ? 'mandator' : 'mandatary',
        endsAt: m.valid_until!,
        reason: 'end_date',
      });
    }

    items.sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id));
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise,
      action: 'ending_soon.looked_up',
      target: enterprise,
      after: { operator, purpose: input.purpose?.trim() || null, count: items.length, days: ENDING_SOON_DAYS },
    });
    return {
      enterprise,
      enterpriseName: await enterpriseName(tx, enterprise),
      days: ENDING_SOON_DAYS,
      until,
      items,
    };
  });
}
