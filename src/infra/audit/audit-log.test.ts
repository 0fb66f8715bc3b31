import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, makeTestDeps } from '../../../test/test-deps.ts';
import { appendAudit, verifyAudit } from './audit-log.ts';

describe.each(engines)('the audit log on %s', (engine) => {
  it('chains events, refuses updates and deletes, and names the first broken link', async () => {
    const deps = await makeTestDeps(engine);
    try {
      for (let i = 0; i < 5; i++) {
        await deps.db.unitOfWork((tx) =>
          appendAudit(tx, deps.db.engine, {
            at: `2026-11-28T10:00:0${i}.000Z`,
            actor: '78031400273',
            actorRole: 'legal_representative',
            enterprise: '0566988259',
            action: 'test.event',
            target: String(i),
            after: { i },
          }),
        );
      }
      expect(await verifyAudit(deps.db.db)).toEqual({ ok: true, events: 5 });
      // Nothing in the product can change or remove an event: the database itself refuses.
      await expect(sql`update audit_event set target = 'x' where seq = 3`.execute(deps.db.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_event where seq = 3`.execute(deps.db.db)).rejects.toThrow(/append-only/);
      // An attacker with DDL rights who drops the guard and edits an event is still caught.
      if (engine === 'postgres') await sql`drop trigger audit_event_no_update on audit_event`.execute(deps.db.db);
      else await sql`drop trigger audit_event_no_update`.execute(deps.db.db);
      await sql`update audit_event set after_json = '{"i":99}' where seq = 3`.execute(deps.db.db);
      expect(await verifyAudit(deps.db.db)).toEqual({ ok: false, events: 2, brokenAt: 3, reason: 'content altered' });
    } finally {
      await deps.cleanup();
    }
  });
});
