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
import { type Ctx, enterpriseName, type MailTo, personContact, record } from './shared/record.ts';
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

/**
 * Every step's loop: each row in its own transaction (a row's mail and audit commit with its
 * claim, and no row waits on another's), where `step` claims the row with a conditional update and
 * says whether its write landed; the rows claimed, counted.
 */
async function claimEach<R>(deps: Deps, rows: R[], step: (tx: Tx, row: R) => Promise<boolean>): Promise<number> {
  let n = 0;
  for (const row of rows) if (await deps.db.unitOfWork((tx) => step(tx, row))) n++;
  return n;
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
  return claimEach(deps, rows, async (tx, g) => {
    // claim: only the node whose write lands flags it and tells the holder
    const claimed = await claimFlag(tx, g.id, g.last_used_at, nowIso);
    if (!claimed) return false;
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
      mails: [await holderMail(tx, deps, g, 'grant_unused', { endsOn })],
    });
    return true;
  });
}

/** The mail that tells an unused grant's holder it is flagged or has ended, in their language. */
async function holderMail(
  tx: Tx,
  deps: Deps,
  g: { enterprise_number: string; person_number: string; service: string; last_used_at: string | null },
  template: 'grant_unused' | 'grant_ended_unused',
  extra: { endsOn?: string } = {},
): Promise<MailTo> {
  const holder = await personContact(tx, g.person_number);
  return {
    to: holder.email,
    language: holder.language,
    template,
    params: {
      enterprise: g.enterprise_number,
      enterpriseName: await enterpriseName(tx, g.enterprise_number, holder.language),
      service: g.service,
      lastUsedAt: g.last_used_at,
      months: deps.config.lifetime.unusedGrantMonths,
      ...extra,
    },
  };
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
  return claimEach(deps, rows, async (tx, g) => {
    // a use flushed since the read clears the flag: then the grant stays
    const still = await tx
      .selectFrom('grant_use')
      .select('grant_id')
      .where('grant_id', '=', g.id)
      .where('flagged_at', 'is not', null)
      .where('flagged_at', '<=', noticeEnd)
      .executeTakeFirst();
    if (!still) return false;
    const r = await tx
      .updateTable('access_grant')
      .set({ revoked_at: nowIso, revoked_by: 'system:unused' })
      .where('id', '=', g.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await record(tx, deps, SYSTEM, {
      at: nowIso,
      actorRole: 'system',
      enterprise: g.enterprise_number,
      action: 'grant.ended_unused',
      target: g.person_number,
      before: { grant: g.id, service: g.service, role: g.service_role || undefined, validUntil: g.valid_until },
      after: { lastUsedAt: g.last_used_at, flaggedAt: g.flagged_at },
      mails: [await holderMail(tx, deps, g, 'grant_ended_unused')],
      event: {
        type: 'grant.revoked',
        data: { grant: g.id, person: g.person_number, service: g.service, reason: 'unused' },
      },
    });
    return true;
  });
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
  return claimEach(deps, rows, async (tx, m) => {
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
    if (Number(r.numUpdatedRows) !== 1) return false;
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
    return true;
  });
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
  return claimEach(deps, rows, async (tx, inv) => {
    const r = await tx
      .updateTable('invitation')
      .set({ expiry_notified_at: nowIso })
      .where('id', '=', inv.id)
      .where('expiry_notified_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
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
    return true;
  });
}

async function expireAccessRequests(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const rows = await overdueRequests(deps.db.db, 'access_request', nowIso);
  return claimEach(deps, rows, async (tx, r) => {
    const mail = requesterMail(r, 'access_request_expired', {
      enterpriseName: await enterpriseName(tx, r.enterprise_number, r.language),
      expiresAt: r.expires_at,
      link: `${deps.config.publicUrl}/my-access-requests`,
    });
    // expireIfDue claims the row (status still open), so two nodes tell the requester once
    return expireIfDue(tx, deps, SYSTEM, r, nowIso, 'system', [mail]);
  });
}

async function expireSystemUserRequests(deps: Deps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const rows = await overdueRequests(deps.db.db, 'system_user_request', nowIso);
  // the conditional update claims the row, so two nodes sweeping at once audit it once
  return claimEach(deps, rows, (tx, r) =>
    expireSystemUserRequestIfDue(tx, deps, SYSTEM, r, nowIso, 'system', 'system'),
  );
}
