/**
 * The lifetime sweep (issue 17, section 3): run with the reminders, every few minutes, on any
 * number of nodes. Each step is idempotent (a conditional update claims each row), so two nodes
 * sweeping at once do each thing once.
 * - A grant unused for UNUSED_GRANT_MONTHS is flagged; its holder is told (its managers read it in
 *   their daily digest, send-reminders.ts); still unused UNUSED_GRANT_NOTICE_DAYS later, it ends.
 * - An open mandate proposal older than MANDATE_PROPOSAL_TTL_DAYS expires; both sides are told.
 * - An invitation past its expiry, never accepted, is reported to its sender once.
 * - An open access request past its expiry (ACCESS_REQUEST_TTL_DAYS) is written down as expired and
 *   its requester told (issue 18; before, it was only treated as expired when next touched).
 * - An open vendor's request for a system user past its expiry (SYSTEM_USER_REQUEST_TTL_DAYS) is
 *   written down as expired; the vendor reads it in its list of sent requests.
 */
import { termLatest } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import { expireIfDue, requesterMail } from './access-requests/shared.ts';
import type { Deps } from './deps.ts';
import { type Mandate, recordBothSides } from './mandates/shared.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { overdueRequests } from './shared/request-lifecycle.ts';
import { grantActiveAt } from './shared/roles.ts';
import { expireIfDue as expireSystemUserRequestIfDue } from './system-user-requests/shared.ts';

/** The sweep acts for nobody: the audit log shows a null actor in the role `system`. */
const SYSTEM: Ctx = { actor: { personNumber: null, loa: 'low', means: 'token', via: 'bearer' } };

export interface SweepResult {
  flagged: number;
  endedUnused: number;
  proposalsExpired: number;
  invitationsReported: number;
  requestsExpired: number;
  systemUserRequestsExpired: number;
}

/**
 * The unused threshold: the end of the Brussels day `months` calendar months before today, so a
 * grant last used on 3 December 2026 is "24 months unused" from 3 December 2028.
 */
export function monthsBefore(now: Date, months: number): string {
  return termLatest(now, -months).toISOString();
}

export async function sweepLifetime(deps: Deps): Promise<SweepResult> {
  const now = deps.clock.now();
  return {
    flagged: await flagUnusedGrants(deps, now),
    endedUnused: await endUnusedGrants(deps, now),
    proposalsExpired: await expireProposals(deps, now),
    invitationsReported: await reportExpiredInvitations(deps, now),
    requestsExpired: await expireAccessRequests(deps, now),
    systemUserRequestsExpired: await expireSystemUserRequests(deps, now),
  };
}

/** Own grants (not under a mandate: those answer through the mandate path) unused since `before`. */
function unusedGrants(deps: Deps, nowIso: string, before: string) {
  return deps.db.db
    .selectFrom('access_grant')
    .leftJoin('grant_use', 'grant_use.grant_id', 'access_grant.id')
    .select([
      'access_grant.id',
      'access_grant.enterprise_number',
      'access_grant.person_number',
      'access_grant.service',
      'access_grant.service_role',
      'access_grant.valid_from',
      'access_grant.valid_until',
      'grant_use.last_used_at',
      'grant_use.flagged_at',
    ])
    .where(grantActiveAt(nowIso))
    .where('access_grant.mandate_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('grant_use.last_used_at', 'is', null), eb('access_grant.valid_from', '<=', before)]),
        eb('grant_use.last_used_at', '<=', before),
      ]),
    );
}

async function flagUnusedGrants(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const before = monthsBefore(now, deps.config.lifetime.unusedGrantMonths);
  const rows = await unusedGrants(deps, nowIso, before).where('grant_use.flagged_at', 'is', null).limit(5000).execute();
  const endsOn = new Date(now.getTime() + deps.config.lifetime.unusedNoticeDays * 86_400_000).toISOString();
  let n = 0;
  for (const g of rows) {
    await deps.db.unitOfWork(async (tx) => {
      // claim: only the node whose write lands flags it and tells the holder
      const claimed = await claimFlag(tx, g.id, g.last_used_at, nowIso);
      if (!claimed) return;
      const holder = await personContact(tx, g.person_number);
      await record(tx, deps, SYSTEM, {
        at: nowIso,
        actorRole: 'system',
        enterprise: g.enterprise_number,
        action: 'grant.flagged_unused',
        target: g.person_number,
        after: {
          grant: g.id,
          service: g.service,
          role: g.service_role || undefined,
          lastUsedAt: g.last_used_at,
          endsOn,
        },
        mails: [
          {
            to: holder.email,
            language: holder.language,
            template: 'grant_unused',
            params: {
              enterprise: g.enterprise_number,
              enterpriseName: await enterpriseName(tx, g.enterprise_number, holder.language),
              service: g.service,
              lastUsedAt: g.last_used_at,
              months: deps.config.lifetime.unusedGrantMonths,
              endsOn,
            },
          },
        ],
      });
      n++;
    });
  }
  return n;
}

async function claimFlag(tx: Tx, grantId: string, lastUsed: string | null, nowIso: string): Promise<boolean> {
  const existing = await tx
    .selectFrom('grant_use')
    .select(['flagged_at'])
    .where('grant_id', '=', grantId)
    .executeTakeFirst();
  if (!existing) {
    const r = await tx
      .insertInto('grant_use')
      .values({ grant_id: grantId, last_used_at: null, flagged_at: nowIso })
      .onConflict((oc) => oc.column('grant_id').doNothing())
      .returning('grant_id')
      .executeTakeFirst();
    return r !== undefined;
  }
  const r = await tx
    .updateTable('grant_use')
    .set({ flagged_at: nowIso })
    .where('grant_id', '=', grantId)
    .where('flagged_at', 'is', null)
    .where((eb) => (lastUsed === null ? eb('last_used_at', 'is', null) : eb('last_used_at', '=', lastUsed)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function endUnusedGrants(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const before = monthsBefore(now, deps.config.lifetime.unusedGrantMonths);
  const noticeEnd = new Date(now.getTime() - deps.config.lifetime.unusedNoticeDays * 86_400_000).toISOString();
  const rows = await unusedGrants(deps, nowIso, before)
    .where('grant_use.flagged_at', 'is not', null)
    .where('grant_use.flagged_at', '<=', noticeEnd)
    .limit(5000)
    .execute();
  let n = 0;
  for (const g of rows) {
    await deps.db.unitOfWork(async (tx) => {
      // a use flushed since the read clears the flag: then the grant stays
      const still = await tx
        .selectFrom('grant_use')
        .select('grant_id')
        .where('grant_id', '=', g.id)
        .where('flagged_at', 'is not', null)
        .where('flagged_at', '<=', noticeEnd)
        .executeTakeFirst();
      if (!still) return;
      const r = await tx
        .updateTable('access_grant')
        .set({ revoked_at: nowIso, revoked_by: 'system:unused' })
        .where('id', '=', g.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      const holder = await personContact(tx, g.person_number);
      await record(tx, deps, SYSTEM, {
        at: nowIso,
        actorRole: 'system',
        enterprise: g.enterprise_number,
        action: 'grant.ended_unused',
        target: g.person_number,
        before: { grant: g.id, service: g.service, role: g.service_role || undefined, validUntil: g.valid_until },
        after: { lastUsedAt: g.last_used_at, flaggedAt: g.flagged_at },
        mails: [
          {
            to: holder.email,
            language: holder.language,
            template: 'grant_ended_unused',
            params: {
              enterprise: g.enterprise_number,
              enterpriseName: await enterpriseName(tx, g.enterprise_number, holder.language),
              service: g.service,
              lastUsedAt: g.last_used_at,
              months: deps.config.lifetime.unusedGrantMonths,
            },
          },
        ],
        event: {
          type: 'grant.revoked',
          data: { grant: g.id, person: g.person_number, service: g.service, reason: 'unused' },
        },
      });
      n++;
    });
  }
  return n;
}

async function expireProposals(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - deps.config.lifetime.mandateProposalDays * 86_400_000).toISOString();
  const rows = await deps.db.db
    .selectFrom('mandate')
    .selectAll()
    .where('status', '=', 'proposed')
    .where('proposed_at', '<=', cutoff)
    .limit(5000)
    .execute();
  let n = 0;
  for (const m of rows) {
    await deps.db.unitOfWork(async (tx) => {
      const ended = {
        status: 'lapsed' as const,
        ended_by: 'system:proposal_expired',
        ended_at: nowIso,
        end_reason: 'expired',
        updated_at: nowIso,
      };
      const r = await tx
        .updateTable('mandate')
        .set(ended)
        .where('id', '=', m.id)
        .where('status', '=', 'proposed')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      const scope = await tx
        .selectFrom('mandate_scope')
        .select(['domain', 'service'])
        .where('mandate_id', '=', m.id)
        .execute();
      const mandate: Mandate = { ...m, ...ended, scope };
      await recordBothSides(tx, deps, SYSTEM, {
        at: nowIso,
        actorRole: 'system',
        actingSide: m.proposed_by_side,
        action: 'mandate.lapsed',
        mandate,
        before: { status: 'proposed' },
        extra: { reason: 'expired', days: deps.config.lifetime.mandateProposalDays, proposedAt: m.proposed_at },
        template: 'mandate_proposal_expired',
        now,
      });
      n++;
    });
  }
  return n;
}

async function reportExpiredInvitations(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const rows = await deps.db.db
    .selectFrom('invitation')
    .select([
      'id',
      'enterprise_number',
      'email',
      'service',
      'created_by',
      'created_by_role',
      'created_at',
      'expires_at',
    ])
    .where('expires_at', '<=', nowIso)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expiry_notified_at', 'is', null)
    .limit(5000)
    .execute();
  let n = 0;
  for (const inv of rows) {
    await deps.db.unitOfWork(async (tx) => {
      const r = await tx
        .updateTable('invitation')
        .set({ expiry_notified_at: nowIso })
        .where('id', '=', inv.id)
        .where('expiry_notified_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return;
      const sender = await personContact(tx, inv.created_by);
      await record(tx, deps, SYSTEM, {
        at: nowIso,
        actorRole: 'system',
        enterprise: inv.enterprise_number,
        action: 'invitation.expired',
        target: inv.email,
        before: { invitation: inv.id, service: inv.service, expiresAt: inv.expires_at },
        mails: [
          {
            to: sender.email,
            language: sender.language,
            template: 'invitation_expired',
            params: {
              enterprise: inv.enterprise_number,
              enterpriseName: await enterpriseName(tx, inv.enterprise_number, sender.language),
              service: inv.service,
              invitee: inv.email,
              sentAt: inv.created_at,
              link: `${deps.config.publicUrl}/enterprises/${inv.enterprise_number}`,
            },
          },
        ],
      });
      n++;
    });
  }
  return n;
}

async function expireAccessRequests(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const rows = await overdueRequests(deps.db.db, 'access_request', nowIso);
  let n = 0;
  for (const r of rows) {
    await deps.db.unitOfWork(async (tx) => {
      const mail = requesterMail(r, 'access_request_expired', {
        enterpriseName: await enterpriseName(tx, r.enterprise_number, r.language),
        expiresAt: r.expires_at,
        link: `${deps.config.publicUrl}/my-access-requests`,
      });
      // expireIfDue claims the row (status still open), so two nodes tell the requester once
      if (await expireIfDue(tx, deps, SYSTEM, r, nowIso, 'system', [mail])) n++;
    });
  }
  return n;
}

async function expireSystemUserRequests(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const rows = await overdueRequests(deps.db.db, 'system_user_request', nowIso);
  let n = 0;
  // the conditional update claims the row, so two nodes sweeping at once audit it once
  for (const r of rows)
    if (await deps.db.unitOfWork((tx) => expireSystemUserRequestIfDue(tx, deps, SYSTEM, r, nowIso, 'system'))) n++;
  return n;
}
