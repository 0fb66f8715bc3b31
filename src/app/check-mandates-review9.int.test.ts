/**
 * Review 9: checks under a mandate answered from the check index's memory (check-mandates.ts,
 * mandidx9). A stale "yes" is a hole, so every row makes a working right under a mandate end (or
 * change) one way, and the preloaded checker, asked before and after, must answer as a fresh
 * on-demand checker that reads the tables; then it is put back and both must say yes again.
 * Both engines. The same for resource search, which takes the same rows from memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appointDemoFinanceTeam,
  as,
  checkClient,
  grantOf,
  officeUnderFinanceMandate,
  personUse,
} from '../../test/builders.ts';
import { engines, firstNodeOnPostgres, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { type DbHandle, openDatabase } from '../infra/db/database.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { revokeGrant } from './change-grant.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { currentConsistencyToken } from './check-consistency.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { createCheckStore } from './check-store.ts';
import { endMandate } from './mandates/end-mandate.ts';
import { revokeMandateGrant } from './mandates/grant-under-mandate.ts';
import { searchResources } from './search-resources.ts';

const office = E.accountant.number;
const client = demoClients[5]!;
const lotte = P.lotteMartens.number;
const tom = P.tomMaes.number;
const HOUR = 3_600_000;
const brewery = E.brewery.number;
const jonas = P.jonasWillems.number;

/** officeUnderFinanceMandate (test/builders.ts), its grants' ids copied into `grants` */
async function mandateWorld(deps: TestDeps, grants: Record<string, string>): Promise<string> {
  const world = await officeUnderFinanceMandate(deps);
  Object.assign(grants, world.grants);
  return world.mandateId;
}

describe.each(engines)('review 9: a check under a mandate from memory answers as the tables, on %s', (engine) => {
  let deps: TestDeps;
  let mem: CheckDeps;
  let mandateId = '';
  let start = '';
  const grants: Record<string, string> = {};
  type Table = 'access_grant' | 'mandate' | 'employment' | 'legal_function' | 'enterprise';
  const set = (table: Table, values: Record<string, unknown>, where: [string, string]) =>
    (deps.db.db.updateTable(table as any) as any).set(values).where(where[0], '=', where[1]).execute();
  const iso = (ms: number) => new Date(deps.clock.now().getTime() + ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);

  const answer = async (check: CheckDeps, person: string) => {
    const r = await checkAccess(check, checkClient, personUse(person, 'finance.intervat', client.number));
    return `${r.decision}:${r.context.reason ?? ''}`;
  };
  /** a fresh on-demand checker: reads the mandate tables at every question */
  const truth = (person: string) =>
    answer(createChecker(deps, new CheckIndex(createCheckStore(deps.db), { maxPreloadGrants: 0 })), person);

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    start = deps.clock.now().toISOString();
    mandateId = await mandateWorld(deps, grants);
    mem = createChecker(deps, new CheckIndex(createCheckStore(deps.db)));
    await mem.index.preload(1);
    expect(mem.index.mandateFacts?.complete).toBe(true);
  });
  afterAll(async () => deps?.cleanup());

  // Each row: whose right, how it ends (or changes), how it is put back; the last rows end for good.
  const rows: {
    why: string;
    person: string;
    end: () => Promise<unknown> | unknown;
    restore?: () => Promise<unknown> | unknown;
    no: string;
  }[] = [
    {
      why: 'mandate suspended (status written, no audit event)',
      person: lotte,
      end: () => set('mandate', { status: 'suspended' }, ['id', mandateId]),
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
      no: 'false:mandate_not_accepted',
    },
    {
      why: 'mandate rejected (status written)',
      person: lotte,
      end: () => set('mandate', { status: 'rejected' }, ['id', mandateId]),
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
      no: 'false:mandate_not_accepted',
    },
    {
      why: 'mandate expires by date while held (no write at the end)',
      person: lotte,
      end: async () => {
        await set('mandate', { valid_until: iso(HOUR / 2) }, ['id', mandateId]);
        expect(await answer(mem, lotte)).toBe('true:');
        deps.clock.advance(HOUR);
      },
      restore: async () => {
        deps.clock.set(start);
        await set('mandate', { valid_until: null }, ['id', mandateId]);
      },
      no: 'false:mandate_ended',
    },
    {
      why: 'mandate starts in the future',
      person: lotte,
      end: () => set('mandate', { valid_from: iso(HOUR) }, ['id', mandateId]),
      restore: () => set('mandate', { valid_from: start }, ['id', mandateId]),
      no: 'false:not_yet_valid',
    },
    {
      why: 'grant under the mandate expires by date while held',
      person: lotte,
      end: async () => {
        await set('access_grant', { valid_until: iso(HOUR / 2) }, ['id', grants[lotte]!]);
        expect(await answer(mem, lotte)).toBe('true:');
        deps.clock.advance(HOUR);
      },
      restore: async () => {
        deps.clock.set(start);
        await set('access_grant', { valid_until: null }, ['id', grants[lotte]!]);
      },
      no: 'false:expired',
    },
    {
      why: 'grant under the mandate starts in the future',
      person: lotte,
      end: () => set('access_grant', { valid_from: iso(HOUR) }, ['id', grants[lotte]!]),
      restore: () => set('access_grant', { valid_from: start }, ['id', grants[lotte]!]),
      no: 'false:not_yet_valid',
    },
    {
      why: 'grant revoked by a raw write (no audit event)',
      person: lotte,
      end: () => set('access_grant', { revoked_at: start, revoked_by: tom }, ['id', grants[lotte]!]),
      restore: () => set('access_grant', { revoked_at: null, revoked_by: null }, ['id', grants[lotte]!]),
      no: 'false:revoked',
    },
    {
      why: 'employment at the office ends in the register (no audit event)',
      person: lotte,
      end: () => set('employment', { end_date: '2026-01-01' }, ['person_number', lotte]),
      restore: () => set('employment', { end_date: null }, ['person_number', lotte]),
      no: 'false:employment_ended',
    },
    {
      why: 'employment at the office ends by date while held (the end date passes)',
      person: lotte,
      end: async () => {
        await set('employment', { end_date: day(0) }, ['person_number', lotte]);
        expect(await answer(mem, lotte)).toBe('true:');
        deps.clock.advance(2 * 86_400_000);
      },
      restore: async () => {
        deps.clock.set(start);
        await set('employment', { end_date: null }, ['person_number', lotte]);
      },
      no: 'false:employment_ended',
    },
    {
      why: 'employment at the office starts only tomorrow',
      person: lotte,
      end: () => set('employment', { start_date: day(2 * 86_400_000) }, ['person_number', lotte]),
      restore: () => set('employment', { start_date: '2019-02-01' }, ['person_number', lotte]),
      no: 'false:employment_ended',
    },
    {
      why: 'legal function at the office ends in the register',
      person: tom,
      end: () => set('legal_function', { end_date: '2026-01-01' }, ['person_number', tom]),
      restore: () => set('legal_function', { end_date: null }, ['person_number', tom]),
      no: 'false:lr_function_ended',
    },
    {
      why: 'the office stopped in the register',
      person: lotte,
      end: () => set('enterprise', { status: 'ST' }, ['number', office]),
      restore: () => set('enterprise', { status: 'AC' }, ['number', office]),
      no: 'false:enterprise_stopped',
    },
    {
      why: "the client's enterprise stopped in the register",
      person: lotte,
      end: () => set('enterprise', { status: 'ST' }, ['number', client.number]),
      restore: () => set('enterprise', { status: 'AC' }, ['number', client.number]),
      no: 'false:enterprise_stopped',
    },
    {
      why: 'grant moved to another person (a link, raw)',
      person: lotte,
      end: () => set('access_grant', { person_number: P.jonasWillems.number }, ['id', grants[lotte]!]),
      restore: () => set('access_grant', { person_number: lotte }, ['id', grants[lotte]!]),
      no: 'false:no_grant',
    },
    {
      why: 'grant under the mandate revoked by the office',
      person: lotte,
      end: () => revokeMandateGrant(deps, as(tom), { enterprise: office, id: mandateId, grant: grants[lotte]! }),
      no: 'false:revoked',
    },
    {
      why: 'mandate ended by the office',
      person: tom,
      end: () => endMandate(deps, as(tom, 'high'), { enterprise: office, id: mandateId }),
      no: 'false:mandate_ended',
    },
  ];

  it.each(rows.map((r) => [r.why, r] as const))('%s', async (_why, row) => {
    expect(await answer(mem, row.person)).toBe('true:');
    expect(await answer(mem, row.person)).toBe('true:'); // the second from memory (a kept yes)
    let after = '';
    let expected = '';
    try {
      await row.end();
      after = await answer(mem, row.person);
      expected = await truth(row.person);
    } finally {
      await row.restore?.(); // even when the row fails, so that one hole does not hide the next rows
    }
    expect(after).toBe(expected);
    expect(after).toBe(row.no);
    if (row.restore) {
      expect(await truth(row.person)).toBe('true:');
      expect(await answer(mem, row.person)).toBe('true:');
    }
  });
});

/**
 * Resource search keeps its answer under a stamp of the database's committed state (search-cache.ts)
 * taken after the barrier; with the rows taken from the index's memory, a commit that lands between
 * the barrier and the stamp is in the stamp but not in the answer, and the answer is kept as if it
 * were current: the next search, with nothing written since, is served the list from before the
 * commit. Each row commits its change at that instant (on PostgreSQL any concurrent request can, on
 * another node the commit whose notification has not arrived yet; on SQLite another process).
 */
describe.each(engines)(
  'review 9: resource search after a commit between its barrier and its stamp, on %s',
  (engine) => {
    let deps: TestDeps;
    let mandateId = '';
    let own = '';
    const grants: Record<string, string> = {};
    const search = (check: CheckDeps, person: string) =>
      searchResources(check, checkClient, {
        subject: { type: 'person', id: person },
        action: { name: 'use' },
        resource: { type: 'online-service' },
      }).then((r) => JSON.stringify(r));

    beforeAll(async () => {
      deps = await makeTestDeps(engine);
      await seedDemo(deps);
      mandateId = await mandateWorld(deps, grants);
      await appointDemoFinanceTeam(deps);
      own = await grantOf(deps, P.juliaSchmitz.number, {
        enterprise: brewery,
        person: jonas,
        service: 'finance.biztax',
      });
    });
    afterAll(async () => deps?.cleanup());

    const rows: { why: string; person: string; at?: string; write: () => Promise<unknown> }[] = [
      {
        // the index's own grants, held in memory since issue 20: the same window before the fix
        why: 'an own grant revoked',
        person: jonas,
        at: brewery,
        write: () => revokeGrant(deps, as(P.juliaSchmitz.number), { enterprise: brewery, id: own }),
      },
      {
        why: 'the grant under the mandate revoked by the office',
        person: lotte,
        write: () => revokeMandateGrant(deps, as(tom), { enterprise: office, id: mandateId, grant: grants[lotte]! }),
      },
      {
        why: 'the mandate ended by the office',
        person: tom,
        write: () => endMandate(deps, as(tom, 'high'), { enterprise: office, id: mandateId }),
      },
    ];

    it.each(rows.map((r) => [r.why, r] as const))('%s', async (_why, row) => {
      const at = row.at ?? client.number;
      const mem = createChecker(deps, new CheckIndex(createCheckStore(deps.db)));
      await mem.index.preload(1);
      expect(await search(mem, row.person)).toContain(at);
      const index = mem.index as CheckIndex;
      const barrier = index.beginExact.bind(index);
      index.beginExact = () => {
        index.beginExact = barrier;
        // the barrier has run; the change commits before the search reads its stamp
        return Promise.resolve(barrier()).then(async (st) => {
          await row.write();
          return st;
        });
      };
      await search(mem, row.person); // computed across the commit: either answer is right for it
      const fresh = createChecker(deps, new CheckIndex(createCheckStore(deps.db), { maxPreloadGrants: 0 }));
      const truth = await search(fresh, row.person);
      expect(truth).not.toContain(at);
      // nothing written since the commit: the next search must see it
      expect(await search(mem, row.person)).toBe(truth);
    });
  },
);

/**
 * Another node (PostgreSQL) asked with the writer's consistency token before the notification of
 * the write has reached it: the token must be enough. Node B's change feed is held still (its
 * version never moves), so only the token's catch-up (the refresh of the clients the audit events
 * name) can tell B; every audited change to a right under a mandate must name the client.
 */
const pg = process.env.TEST_DATABASE_URL ? ['postgres' as const] : [];

describe.each(pg)('review 9: another node with the consistency token, its notification not yet there, on %s', () => {
  let a: TestDeps;
  let bDb: DbHandle;
  let b: CheckDeps;
  let mandateId = '';
  const grants: Record<string, string> = {};
  const ask = async (check: CheckDeps, person: string) => {
    const r = await checkAccess(check, checkClient, personUse(person, 'finance.intervat', client.number));
    return `${r.decision}:${r.context.reason ?? ''}`;
  };

  beforeAll(async () => {
    const first = await firstNodeOnPostgres();
    a = first.a;
    const url = first.url;
    await seedDemo(a);
    mandateId = await mandateWorld(a, grants);
    bDb = openDatabase(url, { poolSize: 3 });
    const store = createCheckStore(bDb);
    store.version = () => [0, 0]; // B hears of no other node's commit but through the token
    b = createChecker({ ...a, db: bDb }, new CheckIndex(store));
    await b.index.preload(1);
  });
  afterAll(async () => {
    await bDb?.close();
    await a?.cleanup();
  });

  const rows: { why: string; person: string; write: () => Promise<unknown> }[] = [
    {
      why: 'the office revokes the grant under the mandate',
      person: lotte,
      write: () => revokeMandateGrant(a, as(tom), { enterprise: office, id: mandateId, grant: grants[lotte]! }),
    },
    {
      why: 'the client ends the mandate',
      person: tom,
      write: () => endMandate(a, as(client.lr.number, 'high'), { enterprise: client.number, id: mandateId }),
    },
  ];

  /** resource search on B with no kept answer: from its index's memory (session 10: the rows kept by person) */
  const search = async (check: CheckDeps, person: string) =>
    JSON.stringify(
      await searchResources({ ...check, searchCache: undefined }, checkClient, {
        subject: { type: 'person', id: person },
        action: { name: 'use' },
        resource: { type: 'online-service' },
      }),
    );

  it.each(rows.map((r) => [r.why, r] as const))('%s', async (_why, row) => {
    expect(await ask(b, row.person)).toBe('true:');
    expect(await ask(b, row.person)).toBe('true:');
    expect(await search(b, row.person)).toContain(client.number);
    expect(await search(b, row.person)).toContain(client.number); // the rows kept by person
    await row.write();
    await b.index.atLeast(Number(await currentConsistencyToken(a.db.db)));
    const onDemand = createChecker(a, new CheckIndex(createCheckStore(a.db), { maxPreloadGrants: 0 }));
    const truth = await ask(onDemand, row.person);
    expect(truth.startsWith('false:')).toBe(true);
    expect(await ask(b, row.person)).toBe(truth);
    // the catch-up reloaded the client (no change counter moved on B): the search must see it too
    const listed = await search(onDemand, row.person);
    expect(listed).not.toContain(client.number);
    expect(await search(b, row.person)).toBe(listed);
  });
});
