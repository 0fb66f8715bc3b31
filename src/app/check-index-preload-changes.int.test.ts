/**
 * Issue 20, session 10: the preload reads the grants and the appointments in the tables' own order
 * and orders them once at the end, so whether it has read a row a change touched is not known. A
 * change of every kind, landing at every stage of the preload, with or without a check on this
 * node meanwhile (which refreshes the index during the preload), must be seen by the first check
 * after it exactly as an on-demand index sees it (docs/consistency.md, "the preload").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appointDemoFinanceTeam, as, checkClient, contact, personUse } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { makePersonNumber } from '../domain/identifiers.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { appointAccessManager, removeAccessManager } from './appoint-access-manager.ts';
import { revokeGrant } from './change-grant.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { type CheckStore, createCheckStore } from './check-store.ts';
import { decidePersonLink, proposePersonLink } from './exception/link-person.ts';
import { addOperator } from './exception/manage-operators.ts';
import { grantAccess } from './grant-access.ts';

const en = E.brewery.number;
const erika = 'DE/BE/T22000129';
const bis = makePersonNumber({ birth: { year: 1964, month: 8, day: 12 }, seq: 2, bis: 'sex-known' });
const manage = (person: string) => ({
  subject: { type: 'person', id: person },
  resource: { type: 'domain', id: 'finance', properties: { enterprise: en } },
  action: { name: 'manage' },
});
/** every question whose answer a change below moves */
const questions = [
  personUse(P.tomMaes.number, 'finance.biztax', en),
  personUse(P.tomMaes.number, 'finance.intervat', en),
  personUse(P.lotteMartens.number, 'finance.intervat', en),
  personUse(erika, 'finance.biztax', en),
  personUse(bis, 'finance.biztax', en),
  manage(P.juliaSchmitz.number),
  manage(P.lotteMartens.number),
];

type Change = (deps: TestDeps, ids: { tom: string }) => Promise<unknown>;
const changes: [string, Change][] = [
  [
    'a grant to a person holding none',
    (deps) =>
      grantAccess(deps, as(P.juliaSchmitz.number), {
        enterprise: en,
        person: P.lotteMartens.number,
        service: 'finance.intervat',
      }),
  ],
  [
    'a grant to a person holding others',
    (deps) =>
      grantAccess(deps, as(P.juliaSchmitz.number), {
        enterprise: en,
        person: P.tomMaes.number,
        service: 'finance.intervat',
      }),
  ],
  ['a grant revoked', (deps, ids) => revokeGrant(deps, as(P.juliaSchmitz.number), { enterprise: en, id: ids.tom })],
  [
    "a grant moved (an eIDAS person's grants to the number linked)",
    async (deps) => {
      await addOperator(deps, { person: P.lotteMartens.number });
      await addOperator(deps, { person: P.erikVos.number });
      const link = await proposePersonLink(deps, as(P.lotteMartens.number, 'high'), {
        eidasId: erika,
        personNumber: bis,
        reason: 'got a BIS number',
      });
      if (link.status === 'proposed')
        await decidePersonLink(deps, as(P.erikVos.number, 'high'), { id: link.id, decision: 'confirm' });
    },
  ],
  [
    'an access manager removed',
    (deps) =>
      removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: en,
        kind: 'domain',
        domain: 'finance',
        person: P.juliaSchmitz.number,
      }),
  ],
  [
    'an access manager appointed',
    (deps) =>
      appointAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: en,
        kind: 'domain',
        domain: 'finance',
        person: P.lotteMartens.number,
        ...contact(P.lotteMartens),
      }),
  ],
];

/**
 * Where in the preload the change lands: a store around the real one runs `land` once, at that
 * point (before a read, or after it with its rows not yet given to the preload).
 */
type Stage = (store: CheckStore, land: () => Promise<void>) => Partial<CheckStore>;
const once = (land: () => Promise<void>) => {
  let done = false;
  return async () => {
    if (done) return false;
    done = true;
    await land();
    return true;
  };
};
const stages: [string, Stage][] = [
  [
    "before the grants' first read",
    (s, land) => {
      const go = once(land);
      return {
        grantsInTableOrder: async (c, n) => {
          await go();
          return s.grantsInTableOrder(c, n);
        },
      };
    },
  ],
  [
    "after the grants' first chunk is read",
    (s, land) => {
      const go = once(land);
      return {
        grantsInTableOrder: async (c, n) => {
          const read = await s.grantsInTableOrder(c, n);
          await go();
          return read;
        },
      };
    },
  ],
  [
    "after the grants' last chunk is read, before they are ordered",
    (s, land) => {
      const go = once(land);
      return {
        grantsInTableOrder: async (c, n) => {
          const read = await s.grantsInTableOrder(c, n);
          if (read.next === null) await go();
          return read;
        },
      };
    },
  ],
  [
    'after the grants are held, before the appointments are read',
    (s, land) => {
      const go = once(land);
      return {
        mandateGrantKeys: async (e) => {
          if (e === null) await go();
          return s.mandateGrantKeys(e);
        },
      };
    },
  ],
  [
    "after the appointments' first chunk is read",
    (s, land) => {
      const go = once(land);
      return {
        appointmentsInTableOrder: async (c, n) => {
          const read = await s.appointmentsInTableOrder(c, n);
          await go();
          return read;
        },
      };
    },
  ],
  [
    "after the appointments' last chunk is read, before they are ordered",
    (s, land) => {
      const go = once(land);
      return {
        appointmentsInTableOrder: async (c, n) => {
          const read = await s.appointmentsInTableOrder(c, n);
          if (read.next === null) await go();
          return read;
        },
      };
    },
  ],
];

const rows = changes.flatMap(([change, run]) =>
  stages.flatMap(([stage, at]) =>
    [true, false].map((checked) => [change, stage, checked ? 'a check meanwhile' : 'no check', run, at] as const),
  ),
);

describe.each(engines)('a change while the preload runs, on %s (session 10)', (engine) => {
  let deps: TestDeps | undefined;
  afterEach(async () => {
    await deps?.cleanup();
    deps = undefined;
  });

  /** the whole answer, chains included (getters read), as a plain value */
  const answers = async (c: CheckDeps) => {
    const out: unknown[] = [];
    for (const q of questions) out.push(JSON.parse(JSON.stringify(await checkAccess(c, checkClient, q))));
    return out;
  };

  it.each(rows)('%s, %s, %s: the next check sees it', async (_change, _stage, checked, run, at) => {
    const d = await makeTestDeps(engine);
    deps = d;
    await seedDemo(d);
    await d.db.db
      .insertInto('person')
      .values({ number: bis, family_name: 'Mustermann', given_name: 'Erika', language: 'de', email: null })
      .execute();
    await appointDemoFinanceTeam(d);
    const tom = await grantAccess(d, as(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    await grantAccess(d, as(P.juliaSchmitz.number), { enterprise: en, person: erika, service: 'finance.biztax' });
    // more grants than one chunk: the read crosses chunk boundaries (chunks of one row, or one page)
    await grantAccess(d, as(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.anPeeters.number,
      service: 'finance.biztax',
    });
    const real = createCheckStore(d.db);
    let landed = false;
    let index: CheckIndex | undefined;
    const land = async () => {
      landed = true;
      await run(d, { tom: tom.grant!.id });
      if (checked === 'a check meanwhile') await index!.begin(en); // this node refreshes now
    };
    index = new CheckIndex({ ...real, ...at(real, land) });
    const check = createChecker(d, index);
    await check.index.preload(1);
    expect(landed).toBe(true);
    const onDemand = createChecker(d, new CheckIndex(createCheckStore(d.db), { maxPreloadGrants: 0 }));
    expect(await answers(check)).toEqual(await answers(onDemand));
  });
});
