import { brusselsDaysBetween } from '../domain/brussels-time.ts';
import type { Tx } from '../infra/db/database.ts';
import { enqueue } from '../infra/outbox/outbox.ts';
import type { Deps } from './deps.ts';
import { extendLink, ManagerDigest } from './reminder-digest.ts';
import { enterpriseName, personContact } from './shared/record.ts';
import { appointmentActiveAt, grantActiveAt } from './shared/roles.ts';

/**
 * Queues a reminder for every appointment and grant that ends within one of the configured
 * horizons (REMINDER_DAYS, default 30 and 7 days). Only the nearest horizon reached is reminded,
 * once: the outbox id `reminder:<kind>:<id>:<horizon>` is unique, so running this every few
 * minutes, on several nodes, queues each reminder once. A reminder says the real number of
 * Brussels calendar days left, and a grant's reminder also goes to the managers who can extend
 * it (issue 14, item 3): gathered, with the grants flagged unused, in one digest per manager and
 * day (issue 17), each with its one-click extension (reminder-digest.ts).
 */
export async function sendReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const horizons = [...deps.config.reminderDays].sort((a, b) => a - b);
  const furthest = new Date(now.getTime() + horizons[horizons.length - 1]! * 86_400_000).toISOString();
  const db = deps.db.db;
  const [appointments, grants] = await Promise.all([
    db
      .selectFrom('appointment')
      .select(['id', 'enterprise_number', 'person_number', 'kind', 'domain', 'email', 'valid_until'])
      .where(appointmentActiveAt(nowIso))
      .where('valid_until', 'is not', null)
      .where('valid_until', '<=', furthest)
      .execute(),
    db
      .selectFrom('access_grant')
      .select([
        'id',
        'enterprise_number',
        'person_number',
        'service',
        'domain',
        'mandate_id',
        'granted_by',
        'valid_until',
      ])
      .where(grantActiveAt(nowIso))
      .where('valid_until', 'is not', null)
      .where('valid_until', '<=', furthest)
      .execute(),
  ]);
  const nearest = (until: string) =>
    horizons.find((d) => until <= new Date(now.getTime() + d * 86_400_000).toISOString())!;
  const daysLeft = (until: string) => brusselsDaysBetween(now, new Date(until));
  const flagged = await db
    .selectFrom('access_grant')
    .innerJoin('grant_use', 'grant_use.grant_id', 'access_grant.id')
    .select([
      'access_grant.id',
      'access_grant.enterprise_number',
      'access_grant.person_number',
      'access_grant.service',
      'access_grant.domain',
      'access_grant.mandate_id',
      'access_grant.granted_by',
      'grant_use.last_used_at',
      'grant_use.flagged_at',
    ])
    .where(grantActiveAt(nowIso))
    .where('grant_use.flagged_at', 'is not', null)
    .execute();
  let queued = 0;
  const digest = new ManagerDigest(now);
  await deps.db.unitOfWork(async (tx) => {
    const mail = async (
      id: string,
      enterprise: string,
      to: string,
      language: string,
      template: string,
      params: Record<string, unknown>,
    ) => {
      await enqueue(tx, { id, at: nowIso, enterprise, payload: { kind: 'mail', to, language, template, params } });
      queued++;
    };
    for (const a of appointments) {
      const contact = await personContact(tx, a.person_number);
      await mail(
        `reminder:appointment:${a.id}:${nearest(a.valid_until!)}`,
        a.enterprise_number,
        a.email,
        contact.language,
        'reminder',
        {
          role: a.kind,
          domain: a.domain,
          enterprise: a.enterprise_number,
          enterpriseName: await enterpriseName(tx, a.enterprise_number, contact.language),
          validUntil: a.valid_until,
          days: daysLeft(a.valid_until!),
        },
      );
    }
    for (const g of grants) {
      const horizon = nearest(g.valid_until!);
      const common = {
        service: g.service,
        enterprise: g.enterprise_number,
        validUntil: g.valid_until,
        days: daysLeft(g.valid_until!),
      };
      const holder = await personContact(tx, g.person_number);
      if (holder.email) {
        await mail(
          `reminder:grant:${g.id}:${horizon}`,
          g.enterprise_number,
          holder.email,
          holder.language,
          'reminder',
          {
            ...common,
            enterpriseName: await enterpriseName(tx, g.enterprise_number, holder.language),
          },
        );
      }
      const { managers, link } = await whoCanExtend(tx, deps, g, nowIso);
      for (const m of managers) {
        digest.add(m, `grant:${g.id}:${horizon}:${m.person}`, {
          kind: 'ending',
          grant: g.id,
          enterprise: g.enterprise_number,
          service: g.service,
          holder: g.person_number,
          holderName: holder.name ?? g.person_number,
          validUntil: g.valid_until,
          days: daysLeft(g.valid_until!),
          link,
          extend: g.mandate_id ? null : extendLink(deps, g),
        });
      }
    }
    // grants flagged unused (sweep-lifetime.ts): the managers read them in the same digest
    for (const g of flagged) {
      const holder = await personContact(tx, g.person_number);
      const { managers, link } = await whoCanExtend(tx, deps, g, nowIso);
      for (const m of managers) {
        digest.add(m, `unused:${g.id}:${g.flagged_at}:${m.person}`, {
          kind: 'unused',
          grant: g.id,
          enterprise: g.enterprise_number,
          service: g.service,
          holder: g.person_number,
          holderName: holder.name ?? g.person_number,
          lastUsedAt: g.last_used_at,
          endsOn: new Date(
            Date.parse(g.flagged_at!) + deps.config.lifetime.unusedNoticeDays * 86_400_000,
          ).toISOString(),
          link,
          extend: null,
        });
      }
    }
    queued += await digest.send(tx);
  });
  return queued;
}

interface GrantToExtend {
  id: string;
  enterprise_number: string;
  domain: string;
  mandate_id: string | null;
  granted_by: string;
}

/**
 * The manager who granted the access, while they still hold an appointment that lets them
 * extend it; otherwise everyone who can: the domain's access managers (or, with none, the main
 * and co-main access managers); under a mandate, the client managers of that mandate and domain.
 */
export async function whoCanExtend(tx: Tx, deps: Deps, g: GrantToExtend, nowIso: string) {
  const active = tx
    .selectFrom('appointment')
    .select(['person_number', 'email', 'kind'])
    .where('enterprise_number', '=', g.enterprise_number)
    .where(appointmentActiveAt(nowIso));
  let candidates: { person_number: string; email: string; kind: string }[];
  let link = `${deps.config.publicUrl}/enterprises/${g.enterprise_number}`;
  if (g.mandate_id) {
    candidates = await active
      .where('mandate_id', '=', g.mandate_id)
      .where('kind', '=', 'client')
      .where('domain', '=', g.domain)
      .execute();
    const mandate = await tx
      .selectFrom('mandate')
      .select('mandatary_number')
      .where('id', '=', g.mandate_id)
      .executeTakeFirst();
    if (mandate) link = `${deps.config.publicUrl}/enterprises/${mandate.mandatary_number}/mandates`;
  } else {
    candidates = await active
      .where('mandate_id', 'is', null)
      .where((eb) =>
        eb.or([
          eb('kind', 'in', ['main', 'co_main']),
          eb.and([eb('kind', '=', 'domain'), eb('domain', '=', g.domain)]),
        ]),
      )
      .execute();
  }
  const granter = candidates.find((c) => c.person_number === g.granted_by);
  const domainManagers = candidates.filter((c) => c.kind === 'domain' || c.kind === 'client');
  const chosen = granter ? [granter] : domainManagers.length > 0 ? domainManagers : candidates;
  const byPerson = new Map(chosen.map((c) => [c.person_number, { person: c.person_number, email: c.email }]));
  return { managers: [...byPerson.values()].filter((m) => m.email), link };
}
