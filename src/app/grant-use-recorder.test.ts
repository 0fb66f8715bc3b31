/**
 * Issue 17, leftover 5: a flush that fails keeps its uses for the next flush and is reported
 * without personal data. The failure is a real one on both engines: the table is renamed away.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tomsBiztaxGrant } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { createGrantUseRecorder, GrantUseFlushError } from './grant-use-recorder.ts';

const en = E.brewery.number;
const used = { enterprise: en, service: 'finance.biztax', role: '' };

describe.each(engines)('grant use recorder on %s: a failed flush (issue 17)', (engine) => {
  let deps: TestDeps;
  let grantId: string;
  const lastUse = async () =>
    (await deps.db.db.selectFrom('grant_use').select('last_used_at').where('grant_id', '=', grantId).executeTakeFirst())
      ?.last_used_at ?? null;
  const renameTable = (from: string, to: string) => sql`alter table ${sql.table(from)} rename to ${sql.table(to)}`;

  beforeAll(async () => {
    ({ deps, grantId } = await tomsBiztaxGrant(engine));
  });
  afterAll(() => deps.cleanup());

  it('a large flush is written in chunks with the event loop running in between (checks go on)', async () => {
    const recorder = createGrantUseRecorder(deps.db, deps.clock, { flushMs: 3_600_000 });
    // 1,200 distinct grants (none of them in the table: the upserts find nothing to write)
    for (let i = 0; i < 1200; i++)
      recorder.record(P.tomMaes.number, { enterprise: en, service: `finance.x${i}`, role: '' });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    expect(await recorder.flush()).toBe(1200);
    ticking = false;
    // three chunks of at most 500: the loop turned between them
    expect(turns).toBeGreaterThanOrEqual(2);
    await recorder.stop();
  });

  it('reports the failure without the person, keeps the use, and writes it at the next flush', async () => {
    const reported: GrantUseFlushError[] = [];
    const recorder = createGrantUseRecorder(deps.db, deps.clock, {
      flushMs: 3_600_000,
      maxPending: 1, // the first use flushes at once, through the background path that reports
      onError: (e) => reported.push(e),
    });
    await renameTable('grant_use', 'grant_use_away').execute(deps.db.db);
    try {
      recorder.record(P.tomMaes.number, used);
      await expect(recorder.flush()).rejects.toBeInstanceOf(GrantUseFlushError);
      // the background flush (maxPending) failed too, and said so
      expect(reported.length).toBeGreaterThan(0);
      const e = reported[0]!;
      expect(e.grants).toBe(1);
      expect(e.failure.name).not.toBe('');
      expect(JSON.stringify({ ...e, text: e.message })).not.toContain(P.tomMaes.number);
      expect(recorder.pending).toBe(1);
    } finally {
      await renameTable('grant_use_away', 'grant_use').execute(deps.db.db);
    }
    expect(await lastUse()).toBeNull();
    deps.clock.set('2026-12-03T10:05:00.000Z');
    expect(await recorder.flush()).toBe(1);
    expect(recorder.pending).toBe(0);
    expect(await lastUse()).toBe('2026-12-03T10:05:00.000Z');
    // a grant is noted once per batch however often it answers, and again in the next batch
    recorder.record(P.tomMaes.number, used);
    recorder.record(P.tomMaes.number, used);
    expect(recorder.pending).toBe(1);
    deps.clock.set('2026-12-03T10:06:00.000Z');
    await recorder.flush(); // (maxPending 1 flushed it in the background already)
    expect(recorder.pending).toBe(0);
    recorder.record(P.tomMaes.number, used);
    expect(recorder.pending).toBe(1);
    await recorder.stop();
    expect(await lastUse()).toBe('2026-12-03T10:06:00.000Z');
    // two records of one grant (the index replaced one by a reload) are written as one use: a
    // multi-row upsert may touch a row only once (PostgreSQL refuses otherwise)
    const again = createGrantUseRecorder(deps.db, deps.clock, { flushMs: 3_600_000 });
    again.record(P.tomMaes.number, { ...used, usedIn: 0 });
    again.record(P.tomMaes.number, { ...used, usedIn: 0 });
    expect(again.pending).toBe(2);
    deps.clock.set('2026-12-03T10:07:00.000Z');
    expect(await again.flush()).toBe(2);
    expect(await lastUse()).toBe('2026-12-03T10:07:00.000Z');
    await again.stop();
  });
});
