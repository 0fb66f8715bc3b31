import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { cliScratch } from '../../test/btb-cli.ts';
import { loadConfig } from '../infra/config.ts';
import { createDeps } from '../main.ts';

const { env, btb, addClients, cleanup } = cliScratch('btb-audit-cli-');
afterAll(cleanup);

describe('issue 13 finding 4: btb audit verify', () => {
  it('exits 0 on an anchored chain, and 1 naming the seqs after a truncation that the chain alone misses', async () => {
    await addClients('a', 'b', 'c');
    const ok = await btb('audit', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/3 signed anchors up to seq 3 match/);

    // The DBA: drop the guard, cut off the last event, set the head back.
    const raw = createDeps(loadConfig(env));
    try {
      await sql`drop trigger audit_event_no_delete`.execute(raw.db.db);
      await sql`delete from audit_event where seq = 3`.execute(raw.db.db);
      await sql`update audit_head set seq = 2, hash = (select hash from audit_event where seq = 2)`.execute(raw.db.db);
    } finally {
      await raw.db.close();
    }
    const bad = await btb('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('2 events, chain intact'); // the unkeyed chain alone says nothing is wrong
    expect(bad.stderr).toContain('seq 3..3: events missing at the end (truncation)');
    expect(bad.stderr).toContain('seq 3: anchor ahead of the database');
  });
});
