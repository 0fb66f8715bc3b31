import type { Deps } from './deps.ts';
import { enqueue } from '../infra/outbox/outbox.ts';
import { appointmentActiveAt, grantActiveAt } from './shared/roles.ts';
import { enterpriseName, personContact } from './shared/record.ts';

/**
 * Queues a reminder for every appointment and grant that ends within one of the configured
 * horizons (default 30 and 7 days). Only the nearest horizon reached is reminded, once: the
 * outbox id `reminder:<kind>:<id>:<days>` is unique, so running this every few minutes, on
 * several nodes, queues each reminder once.
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
      .select(['id', 'enterprise_number', 'person_number', 'service', 'valid_until'])
      .where(grantActiveAt(nowIso))
      .where('valid_until', 'is not', null)
      .where('valid_until', '<=', furthest)
      .execute(),
  ]);
  const nearest = (until: string) => horizons.find((d) => until <= new Date(now.getTime() + d * 86_400_000).toISOString())!;
  let queued = 0;
  await deps.db.unitOfWork(async (tx) => {
    for (const a of appointments) {
      const days = nearest(a.valid_until!);
      const contact = await personContact(tx, a.person_number);
      await enqueue(tx, {
        id: `reminder:appointment:${a.id}:${days}`,
        at: nowIso,
        enterprise: a.enterprise_number,
        payload: {
          kind: 'mail',
          to: a.email,
          language: contact.language,
          template: 'reminder',
          params: { role: a.kind, domain: a.domain, enterprise: a.enterprise_number, enterpriseName: await enterpriseName(tx, a.enterprise_number), validUntil: a.valid_until, days },
        },
      });
      queued++;
    }
    for (const g of grants) {
      const days = nearest(g.valid_until!);
      const contact = await personContact(tx, g.person_number);
      if (!contact.email) continue;
      await enqueue(tx, {
        id: `reminder:grant:${g.id}:${days}`,
        at: nowIso,
        enterprise: g.enterprise_number,
        payload: {
          kind: 'mail',
          to: contact.email,
          language: contact.language,
          template: 'reminder',
          params: { service: g.service, enterprise: g.enterprise_number, enterpriseName: await enterpriseName(tx, g.enterprise_number), validUntil: g.valid_until, days },
        },
      });
      queued++;
    }
  });
  return queued;
}
