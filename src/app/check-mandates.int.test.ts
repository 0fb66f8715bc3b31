/**
 * Issue 20, session 9: checks under a mandate answered from the check index's memory
 * (check-mandates.ts) must be the answers of the tables, after every way a right under a mandate
 * ends, at the very next check on the node that made the change. One table walks each ending from
 * a working right and back: the preloaded checker (memory) is compared, answer for answer (decision,
 * reason, texts, chain), with a fresh on-demand checker that reads the tables (the query of
 * mandates/mandate-grants.ts), for every question below.
 *
 * Endings through use cases reach the memory through the audit log (the refresh reloads the client);
 * raw writes (register imports, and states no use case leaves, written here directly) through the
 * write counters (every client read again at its next question). Watched failing: with the
 * refresh's reload of the client removed (the use-case rows), and with `changed()` removed from the
 * index's barrier (the raw-write rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, checkClient, officeUnderFinanceMandate, personUse } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { createCheckStore } from './check-store.ts';
import { endMandate } from './mandates/end-mandate.ts';
import { grantUnderMandate, revokeMandateGrant } from './mandates/grant-under-mandate.ts';

const office = E.accountant.number;
const client = demoClients[5]!;
const lotte = P.lotteMartens.number; // employee of the office
const tom = P.tomMaes.number; // legal representative of the office, its main access manager
const INTERVAT = 'finance.intervat';

describe.each(engines)('checks under a mandate from memory agree with the tables, on %s (issue 20)', (engine) => {
  let deps: TestDeps;
  let memory: CheckDeps;
  let mandateId = '';
  let start = '';
  const lotteGrant = () =>
    grantUnderMandate(deps, as(tom), { enterprise: office, id: mandateId, person: lotte, service: INTERVAT });
  const set = (table: string, values: Record<string, unknown>, where: [string, string]) =>
    (deps.db.db.updateTable(table as never) as any).set(values).where(where[0], '=', where[1]).execute();
  const questions = [
    personUse(lotte, INTERVAT, client.number),
    personUse(tom, INTERVAT, client.number),
    personUse(lotte, INTERVAT, E.brewery.number), // no mandate there
    personUse(lotte, 'finance.biztax', client.number), // not granted under the mandate
  ];
  /** the answers, as comparable text */
  const answers = async (check: CheckDeps) => {
    const out: unknown[] = [];
    for (const q of questions) {
      const r = await checkAccess(check, checkClient, q);
      out.push({
        decision: r.decision,
        reason: r.context.reason,
        admin: r.context.reason_admin,
        chain: JSON.parse(JSON.stringify(r.context.chain)),
      });
    }
    return out;
  };
  /** a fresh checker that reads the tables for every mandate question */
  const truth = () => answers(createChecker(deps, new CheckIndex(createCheckStore(deps.db), { maxPreloadGrants: 0 })));
  const agree = async () => {
    const [mine, theirs] = [await answers(memory), await truth()];
    expect(mine).toEqual(theirs);
    return mine as { decision: boolean; reason?: string }[];
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    mandateId = (await officeUnderFinanceMandate(deps)).mandateId;
    start = deps.clock.now().toISOString();
    memory = createChecker(deps);
    await memory.index.preload(1);
  });
  afterAll(async () => deps?.cleanup());

  it('holds the mandates after the preload and answers a yes under one without a statement (SQLite)', async () => {
    const first = await agree();
    expect(first.map((a) => a.decision)).toEqual([true, true, false, false]);
    expect(memory.index.mandatesInMemory()).toBeDefined();
    expect(memory.index.mandateFacts!.size.grants).toBe(2);
    const again = checkAccess(memory, checkClient, questions[1]!);
    if (engine === 'sqlite') expect(again).not.toBeInstanceOf(Promise);
  });

  const grantIdOf = async (person: string) =>
    (
      await deps.db.db
        .selectFrom('access_grant')
        .select('id')
        .where('mandate_id', '=', mandateId)
        .where('person_number', '=', person)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;
  const yesterday = () => new Date(deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);

  // Each row: how the right ends (through a use case, a register import or a raw write), which
  // question it ends (index in `questions`), the reason, and how it is put back.
  const rows: {
    why: string;
    end: () => Promise<unknown>;
    ask: number;
    reason: string;
    restore?: () => Promise<unknown>;
  }[] = [
    {
      why: 'the grant revoked (use case)',
      end: async () =>
        revokeMandateGrant(deps, as(tom), { enterprise: office, id: mandateId, grant: await grantIdOf(lotte) }),
      ask: 0,
      reason: 'revoked',
      restore: lotteGrant,
    },
    {
      why: 'the grant ran out (time alone)',
      end: async () => {
        await set('access_grant', { valid_until: new Date(deps.clock.now().getTime() + 60_000).toISOString() }, [
          'id',
          await grantIdOf(lotte),
        ]);
        await agree(); // the shortened end is seen first, while it still holds
        deps.clock.advance(120_000);
      },
      ask: 0,
      reason: 'expired',
      restore: async () => {
        deps.clock.set(start);
        await set('access_grant', { valid_until: null }, ['id', await grantIdOf(lotte)]);
      },
    },
    {
      why: 'the mandate suspended back to proposed (raw write)',
      end: () => set('mandate', { status: 'proposed' }, ['id', mandateId]),
      ask: 0,
      reason: 'mandate_not_accepted',
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
    },
    {
      why: 'the mandate rejected (raw write)',
      end: () => set('mandate', { status: 'rejected' }, ['id', mandateId]),
      ask: 1,
      reason: 'mandate_not_accepted',
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
    },
    {
      why: 'the mandate lapsed (raw write)',
      end: () => set('mandate', { status: 'lapsed' }, ['id', mandateId]),
      ask: 0,
      reason: 'mandate_not_accepted',
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
    },
    {
      why: "the mandate's end passed (raw write of its end, then time)",
      end: async () => {
        await set('mandate', { valid_until: new Date(deps.clock.now().getTime() + 60_000).toISOString() }, [
          'id',
          mandateId,
        ]);
        await agree();
        deps.clock.advance(120_000);
      },
      ask: 1,
      reason: 'mandate_ended',
      restore: async () => {
        deps.clock.set(start);
        await set('mandate', { valid_until: null }, ['id', mandateId]);
      },
    },
    {
      why: 'the employee left the office (register import)',
      end: () => set('employment', { end_date: yesterday() }, ['person_number', lotte]),
      ask: 0,
      reason: 'employment_ended',
      restore: () => set('employment', { end_date: null }, ['person_number', lotte]),
    },
    {
      why: "the legal representative's function ended (register import)",
      end: () => set('legal_function', { end_date: yesterday() }, ['person_number', tom]),
      ask: 1,
      reason: 'lr_function_ended',
      restore: () => set('legal_function', { end_date: null }, ['person_number', tom]),
    },
    {
      why: 'the office stopped (register import)',
      end: () => set('enterprise', { status: 'ST' }, ['number', office]),
      ask: 0,
      reason: 'enterprise_stopped',
      restore: () => set('enterprise', { status: 'AC' }, ['number', office]),
    },
    {
      why: 'the client stopped (register import)',
      end: () => set('enterprise', { status: 'ST' }, ['number', client.number]),
      ask: 1,
      reason: 'enterprise_stopped',
      restore: () => set('enterprise', { status: 'AC' }, ['number', client.number]),
    },
    {
      why: 'the mandate ended (use case; for good)',
      end: () => endMandate(deps, as(client.lr.number, 'high'), { enterprise: client.number, id: mandateId }),
      ask: 0,
      reason: 'mandate_ended',
    },
  ];

  it.each(rows.map((r) => [r.why, r] as const))('%s: the next check says no, as the tables do', async (_w, row) => {
    expect((await agree())[row.ask]!.decision).toBe(true);
    await row.end();
    const after = await agree();
    expect(after[row.ask]).toMatchObject({ decision: false, reason: row.reason });
    if (!row.restore) return;
    await row.restore();
    expect((await agree())[row.ask]!.decision).toBe(true);
  });
});
