/**
 * Issue 14, item 5: a mail names the enterprise by the register's denomination in the
 * recipient's language when the register has one (KBO denominations carry a language code),
 * else by its official name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoMain, as, contact, demoDeps } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { appointAccessManager } from './appoint-access-manager.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { getMe } from './get-me.ts';
import { acceptMandate } from './mandates/accept-mandate.ts';
import { appointClientManager } from './mandates/appoint-client-manager.ts';
import { proposeMandate } from './mandates/propose-mandate.ts';
import { pickDenomination } from './shared/record.ts';

const en = E.brewery.number; // 001 nl "Brouwerij De Drie Sleutels", 003 fr "Brasserie Les Trois Clés"

describe('which denomination a reader sees (issue 14, item 5)', () => {
  const rows = [
    { language: '2', type: '001', denomination: 'Brouwerij NV' },
    { language: '1', type: '003', denomination: 'Brasserie' },
    { language: '1', type: '002', denomination: 'BR' },
    { language: '3', type: '001', denomination: 'Brauerei AG' },
  ];
  it.each([
    ['nl', 'Brouwerij NV'], // their own language, the name
    ['de', 'Brauerei AG'],
    ['fr', 'Brasserie'], // no name in French: the commercial name in French, not an abbreviation
    ['en', 'Brouwerij NV'], // none in English: the official name (001), first by KBO language code (nl 2, de 3)
    [null, 'Brouwerij NV'],
  ])('%s reads %s', (lang, name) => {
    expect(pickDenomination(rows, lang)?.denomination).toBe(name);
  });
});

describe.each(engines)('mails name the enterprise in the recipient language on %s (issue 14, item 5)', (engine) => {
  let deps: TestDeps;
  const appointedMailTo = async (email: string) => {
    const rows = await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute();
    return rows.map((r) => JSON.parse(r.payload)).find((p) => p.to === email && p.template === 'appointed');
  };

  beforeAll(async () => {
    deps = await demoDeps(engine);
    // An (nl) appoints Sofie (nl) main; Sofie appoints Karim (fr) co-main and Julia (de) for finance.
    await appointDemoMain(deps);
    for (const [person, kind] of [
      [P.karimElAmrani, 'co_main'],
      [P.juliaSchmitz, 'domain'],
    ] as const) {
      await appointAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: en,
        kind,
        domain: 'finance',
        person: person.number,
        ...contact(person),
      });
    }
  });
  afterAll(() => deps.cleanup());

  it.each([
    [P.sofieJanssens.email, 'nl', 'Brouwerij De Drie Sleutels'],
    [P.karimElAmrani.email, 'fr', 'Brasserie Les Trois Clés'],
    [P.juliaSchmitz.email, 'de', 'Brouwerij De Drie Sleutels'], // no German name: the official one
  ])('%s (%s) reads %s', async (email, language, name) => {
    expect(await appointedMailTo(email)).toMatchObject({ language, params: { enterpriseName: name } });
  });
});

describe.each(engines)('the web app names the enterprise in the reader language on %s (issue 14, item 5)', (engine) => {
  it.each([
    ['Karim (fr)', P.karimElAmrani, 'Brasserie Les Trois Clés'],
    ['Sofie (nl)', P.sofieJanssens, 'Brouwerij De Drie Sleutels'],
  ])('/me lists the brewery for %s as %s', async (_who, person, name) => {
    const deps = await makeTestDeps(engine);
    try {
      await seedDemo(deps);
      await appointMainAccessManager(deps, as(P.anPeeters.number, 'high'), {
        enterprise: en,
        person: person.number,
        email: person.email,
        phone: '+32 2 123 45 67',
      });
      const me = await getMe(deps, as(person.number));
      expect(me.enterprises.find((e) => e.enterprise === en)?.name).toBe(name);
    } finally {
      await deps.cleanup();
    }
  });
});

describe.each(engines)(
  'mandate mails name both enterprises in the recipient language on %s (issue 14, item 5)',
  (engine) => {
    it("Jonas (fr) reads the office's French name when appointed client manager", async () => {
      const deps = await makeTestDeps(engine);
      try {
        await seedDemo(deps);
        const office = E.accountant.number;
        await deps.db.db
          .insertInto('denomination')
          .values({
            entity_number: office,
            language: '1',
            type: '003', // a commercial name in French: the default (official) name stays Dutch
            denomination: 'Bureau comptable Chiffres & Cie',
          })
          .execute();
        await appointMainAccessManager(deps, as(P.tomMaes.number, 'high'), {
          enterprise: office,
          person: P.tomMaes.number,
          email: P.tomMaes.email,
          phone: '+32 2 123 45 67',
        });
        const client = demoClients[0]!;
        const { mandate } = await proposeMandate(deps, as(P.tomMaes.number, 'high'), {
          enterprise: office,
          mandator: client.number,
          domains: ['finance'],
        });
        await acceptMandate(deps, as(client.lr.number, 'high'), { enterprise: client.number, id: mandate.id });
        await appointClientManager(deps, as(P.tomMaes.number), {
          enterprise: office,
          id: mandate.id,
          person: P.jonasWillems.number,
          email: P.jonasWillems.email,
        });
        const rows = await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute();
        const toJonas = rows.map((r) => JSON.parse(r.payload)).find((p) => p.to === P.jonasWillems.email);
        expect(toJonas).toMatchObject({ language: 'fr', params: { mandataryName: 'Bureau comptable Chiffres & Cie' } });
        // Tom (nl) reads the Dutch name in the mandate mails
        const toTom = rows
          .map((r) => JSON.parse(r.payload))
          .find((p) => p.to === P.tomMaes.email && p.params.mandataryName);
        expect(toTom?.params.mandataryName).toBe('Boekhoudkantoor Cijfers & Co');
      } finally {
        await deps.cleanup();
      }
    });
  },
);
