/**
 * One reminder digest per manager and day (issue 17, section 3): every grant a manager can
 * extend that reaches a reminder horizon, and every grant flagged unused, goes into one mail
 * rather than one mail each. Each item is sent once (`reminder_item` keeps its key); a manager
 * who already had a digest today gets the newer items in tomorrow's. The outbox id
 * `digest:<manager>:<day>` is unique, so two nodes sweeping at once queue one digest.
 */
import { brusselsDate } from '../domain/brussels-time.ts';
import type { Tx } from '../infra/db/database.ts';
import { enqueue } from '../infra/outbox/outbox.ts';
import type { Deps } from './deps.ts';
import { enterpriseName, personContact } from './shared/record.ts';

export interface DigestItem {
  kind: 'ending' | 'unused';
  grant: string;
  enterprise: string;
  service: string;
  holder: string;
  holderName: string;
  validUntil?: string | null;
  days?: number;
  lastUsedAt?: string | null;
  endsOn?: string;
  /** the page where the grant is managed */
  link: string;
  /** the one-click extension (a page that asks for one confirmation), or null when not offered */
  extend: string | null;
}

/**
 * Where a manager extends a grant: a page of its own (a path, not a query, so it is a web route
 * that survives the login round trip as it is), which proposes the new end and asks once.
 */
export function extendLink(deps: Deps, g: { id: string; enterprise_number: string }): string {
  return `${deps.config.publicUrl}/enterprises/${g.enterprise_number}/grants/${g.id}/extend`;
}

export class ManagerDigest {
  private readonly byManager = new Map<string, { email: string; items: Map<string, DigestItem> }>();

  private readonly now: Date;

  constructor(now: Date) {
    this.now = now;
  }

  add(manager: { person: string; email: string }, key: string, item: DigestItem): void {
    let entry = this.byManager.get(manager.person);
    if (!entry) {
      entry = { email: manager.email, items: new Map() };
      this.byManager.set(manager.person, entry);
    }
    entry.items.set(key, item);
  }

  /** Queues the digests due; returns how many were queued. */
  async send(tx: Tx): Promise<number> {
    const day = brusselsDate(this.now);
    const at = this.now.toISOString();
    let queued = 0;
    for (const [person, { email, items }] of this.byManager) {
      const keys = [...items.keys()];
      const sent = new Set<string>();
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await tx
          .selectFrom('reminder_item')
          .select('key')
          .where('key', 'in', keys.slice(i, i + 500))
          .execute();
        for (const r of rows) sent.add(r.key);
      }
      const fresh = keys.filter((k) => !sent.has(k));
      if (fresh.length === 0) continue;
      const today = await tx
        .selectFrom('reminder_item')
        .select('key')
        .where('manager', '=', person)
        .where('digest_day', '=', day)
        .executeTakeFirst();
      if (today) continue; // one digest a day: these wait for tomorrow's
      const contact = await personContact(tx, person);
      const list = [];
      for (const k of fresh) {
        const item = items.get(k)!;
        list.push({ ...item, enterpriseName: await enterpriseName(tx, item.enterprise, contact.language) });
      }
      list.sort((a, b) => (a.enterprise + a.holderName).localeCompare(b.enterprise + b.holderName));
      await enqueue(tx, {
        id: `digest:${person}:${day}`,
        at,
        enterprise: list[0]!.enterprise,
        payload: {
          kind: 'mail',
          to: email,
          language: contact.language,
          template: 'reminder_digest',
          params: { managerName: contact.name, items: list },
        },
      });
      await tx
        .insertInto('reminder_item')
        .values(fresh.map((key) => ({ key, manager: person, digest_day: day, created_at: at })))
        .execute();
      queued++;
    }
    return queued;
  }
}
