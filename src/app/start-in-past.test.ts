/**
 * Issue 13, finding 11: a right is never given backdated. A start date in the past is refused
 * (a date-time within a small clock tolerance, or today's date, starts now), for direct grants,
 * invitations and grants under a mandate alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { grantAccess } from './grant-access.ts';
import { acceptMandate } from './mandates/accept-mandate.ts';
import { appointClientManager } from './mandates/appoint-client-manager.ts';
import { grantUnderMandate } from './mandates/grant-under-mandate.ts';
import { proposeMandate } from './mandates/propose-mandate.ts';

const now = '2026-11-28T09:00:00.000Z'; // 10:00 on 28 November in Brussels

// validFrom, and the stored start (or the refusal)
const cases: [string, string][] = [
  ['2026-11-27', 'grant.start_in_past'], // yesterday
  ['2026-11-28T08:00:00Z', 'grant.start_in_past'], // an hour ago
  ['2026-11-28T08:54:59Z', 'grant.start_in_past'], // one second beyond the 5-minute tolerance
  ['2026-11-28T09:55:00+01:00', now], // exactly 5 minutes ago, written in Brussels winter time
  ['2026-11-28T08:57:00Z', now], // 3 minutes ago: clocks differ, starts now
  ['2026-11-28', now], // today: starts now, not at midnight
  ['2026-11-29', '2026-11-28T23:00:00.000Z'], // tomorrow: 00:00 in Brussels
  ['2027-07-01T08:00:00+02:00', '2027-07-01T06:00:00.000Z'],
];

describe.each(engines)('no backdated grants on %s (issue 13, finding 11)', (engine) => {
  let deps: TestDeps;
  let mandateId: string;
  const office = E.accountant.number;
  const client = demoClients[5]!;
  const sofie = as(P.sofieJanssens.number);
  const jonas = as(P.jonasWillems.number);
  const outcome = async (p: Promise<{ valid_from?: string | null }>) => {
    try {
      return (await p).valid_from;
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    }
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    deps.clock.set(now);
    await seedDemo(deps);
    const c = { phone: '+32 2 123 45 67' };
    await appointMainAccessManager(deps, as(P.anPeeters.number, 'high'), {
      enterprise: E.brewery.number,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      ...c,
    });
    await appointMainAccessManager(deps, as(P.tomMaes.number, 'high'), {
      enterprise: office,
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      ...c,
    });
    const { mandate } = await proposeMandate(deps, as(P.tomMaes.number, 'high'), {
      enterprise: office,
      mandator: client.number,
      domains: ['finance', 'economy', 'justice'],
    });
    await acceptMandate(deps, as(client.lr.number, 'high'), { enterprise: client.number, id: mandate.id });
    await appointClientManager(deps, as(P.tomMaes.number), {
      enterprise: office,
      id: mandate.id,
      person: P.jonasWillems.number,
      email: P.jonasWillems.email,
    });
    mandateId = mandate.id;
  });
  afterAll(() => deps.cleanup());

  const service = (i: number) =>
    [
      'finance.myminfin-companies',
      'finance.tax-on-web-companies',
      'finance.biztax',
      'finance.intervat',
      'finance.belcotax-on-web',
      'finance.fisconetplus',
      'economy.my-enterprise',
      'economy.annual-accounts-filing',
    ][i]!;

  it.each(cases.map((c, i) => [...c, i] as const))('a direct grant from %s: %s', async (validFrom, expected, i) => {
    const r = await outcome(
      grantAccess(deps, sofie, {
        enterprise: E.brewery.number,
        person: P.tomMaes.number,
        service: service(i),
        validFrom,
      }).then((g) => (g.kind === 'grant' ? g.grant : { valid_from: 'not a grant' })),
    );
    expect(r).toBe(expected);
  });

  it.each(cases.map((c, i) => [...c, i] as const))('an invitation from %s: %s', async (validFrom, expected, i) => {
    const r = await outcome(
      grantAccess(deps, sofie, {
        enterprise: E.brewery.number,
        email: `inv${i}@example.be`,
        service: service(i),
        validFrom,
      }).then((g) => (g.kind === 'invitation' ? g.invitation : { valid_from: 'not an invitation' })),
    );
    expect(r).toBe(expected);
  });

  it.each(cases.map((c, i) => [...c, i] as const))(
    'a grant under a mandate from %s: %s',
    async (validFrom, expected, i) => {
      const r = await outcome(
        grantUnderMandate(deps, jonas, {
          enterprise: office,
          id: mandateId,
          person: P.lotteMartens.number,
          service: service(i),
          validFrom,
        }).then((g) => g.grant),
      );
      expect(r).toBe(expected);
    },
  );

  it('a refused start stores nothing', async () => {
    const accepted = cases.filter(([, r]) => !r.startsWith('grant.')).length;
    const db = deps.db.db;
    const grants = await db
      .selectFrom('access_grant')
      .select('id')
      .where('person_number', '=', P.tomMaes.number)
      .where('enterprise_number', '=', E.brewery.number)
      .execute();
    const invitations = await db
      .selectFrom('invitation')
      .select('id')
      .where('email', 'like', 'inv%@example.be')
      .execute();
    const underMandate = await db
      .selectFrom('access_grant')
      .select('id')
      .where('person_number', '=', P.lotteMartens.number)
      .where('enterprise_number', '=', client.number)
      .execute();
    expect([grants.length, invitations.length, underMandate.length]).toEqual([accepted, accepted, accepted]);
  });
});
