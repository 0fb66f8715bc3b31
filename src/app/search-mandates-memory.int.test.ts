/**
 * Session 10: resource search keeps each person's rows under mandates between searches
 * (search-mandates.ts, RowsByPerson), with what does not depend on the instant decided once and
 * the rest (the grant's and the mandate's ends, the person's ties on the day) decided at every
 * search. Each row makes a right under a mandate end with no write at all, after the rows were
 * kept: only time passes. The search from memory, with no kept answer (no search cache), must
 * then answer as a fresh on-demand checker that reads the tables. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkClient, officeUnderFinanceMandate } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { demoClients, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import type { CheckDeps } from './check-access.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { createCheckStore } from './check-store.ts';
import { searchResources } from './search-resources.ts';

const client = demoClients[5]!;
const lotte = P.lotteMartens.number;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(engines)('resource search from the rows kept by person, as time passes, on %s', (engine) => {
  let deps: TestDeps;
  let mandateId = '';
  let start = '';
  let grant = '';
  type Table = 'access_grant' | 'mandate' | 'employment';
  const set = (table: Table, values: Record<string, unknown>, where: [string, string]) =>
    (deps.db.db.updateTable(table as any) as any).set(values).where(where[0], '=', where[1]).execute();
  const iso = (ms: number) => new Date(deps.clock.now().getTime() + ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);
  /** what the person may use, as "enterprise service", with no kept answer */
  const search = async (check: CheckDeps) =>
    (
      await searchResources({ ...check, searchCache: undefined }, checkClient, {
        subject: { type: 'person', id: lotte },
        action: { name: 'use' },
        resource: { type: 'online-service' },
        page: { limit: 1000 },
      })
    ).results.map((r) => `${r.properties.enterprise} ${r.id}`);
  const entry = `${client.number} finance.intervat`;

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    start = deps.clock.now().toISOString();
    const world = await officeUnderFinanceMandate(deps);
    mandateId = world.mandateId;
    grant = world.grants[lotte]!;
  });
  afterAll(async () => deps?.cleanup());

  const rows: { why: string; change: () => Promise<unknown>; wait: number; restore: () => Promise<unknown> }[] = [
    {
      why: 'the grant under the mandate runs out',
      change: () => set('access_grant', { valid_until: iso(HOUR / 2) }, ['id', grant]),
      wait: HOUR,
      restore: () => set('access_grant', { valid_until: null }, ['id', grant]),
    },
    {
      why: 'the mandate runs out',
      change: () => set('mandate', { valid_until: iso(HOUR / 2) }, ['id', mandateId]),
      wait: HOUR,
      restore: () => set('mandate', { valid_until: null }, ['id', mandateId]),
    },
    {
      why: "the person's employment at the office ends (its end date passes)",
      change: () => set('employment', { end_date: day(0) }, ['person_number', lotte]),
      wait: 2 * DAY,
      restore: () => set('employment', { end_date: null }, ['person_number', lotte]),
    },
  ];

  it.each(rows.map((r) => [r.why, r] as const))('%s', async (_why, row) => {
    try {
      await row.change(); // written before the preload: the rows are built with the end in them
      // the index hears of no other commit (on PostgreSQL a moment its change feed cannot vouch
      // drops the rows, and the search reads the tables: another mechanism, proven elsewhere); nothing
      // is written below until the last search
      const store = createCheckStore(deps.db);
      store.version = () => [0, 0];
      const mem = createChecker(deps, new CheckIndex(store));
      await mem.index.preload(1);
      const facts = (mem.index as CheckIndex).mandateFacts!;
      const walk = vi.spyOn(facts, 'eachGrantOf');
      expect(await search(mem)).toContain(entry);
      expect(await search(mem)).toContain(entry);
      expect(walk).toHaveBeenCalledTimes(1); // the second search from the rows kept
      deps.clock.advance(row.wait);
      const after = await search(mem);
      expect(walk).toHaveBeenCalledTimes(1); // still from the rows kept: nothing was written
      const fresh = createChecker(deps, new CheckIndex(createCheckStore(deps.db), { maxPreloadGrants: 0 }));
      expect(after).toEqual(await search(fresh));
      expect(after).not.toContain(entry);
    } finally {
      deps.clock.set(start);
      await row.restore();
    }
  });
});
