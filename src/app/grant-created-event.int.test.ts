/**
 * The webhook event of a new grant has one shape (grantCreatedEvent), given by the enterprise or
 * under a mandate; what each adds is its own: the establishment units and the access request it
 * answers, or the mandate and the office. Every field checked, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoFinanceTeam, grantOf, officeUnderFinanceMandate } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';

describe.each(engines)('the grant.created event, on %s', (engine) => {
  let deps: TestDeps;
  const events = async () =>
    (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'webhook').orderBy('seq').execute())
      .map((r) => JSON.parse(r.payload) as { type: string; enterprise: string; data: Record<string, unknown> })
      .filter((e) => e.type === 'grant.created');

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
  });
  afterAll(async () => deps?.cleanup());

  it('names the grant, the person, the service, its role and end, and what its kind adds', async () => {
    await appointDemoFinanceTeam(deps);
    const direct = await grantOf(deps, P.juliaSchmitz.number, {
      enterprise: E.brewery.number,
      person: P.tomMaes.number,
      service: 'finance.intervat',
      validUntil: '2027-06-30',
    });
    const { mandateId, grants } = await officeUnderFinanceMandate(deps);
    const [first, ...underMandate] = await events();
    expect(first).toEqual({
      kind: 'event',
      type: 'grant.created',
      enterprise: E.brewery.number,
      data: {
        grant: direct,
        person: P.tomMaes.number,
        service: 'finance.intervat',
        role: null,
        validUntil: expect.stringMatching(/^2027-06-30/),
        establishments: [],
        auditSeq: expect.any(Number),
      },
    });
    // under a mandate a grant without an end of its own ends with the mandate
    const ends = await deps.db.db
      .selectFrom('access_grant')
      .select(['id', 'valid_until'])
      .where('mandate_id', '=', mandateId)
      .execute();
    const endOf = (id: string | undefined) => ends.find((g) => g.id === id)?.valid_until;
    expect(endOf(grants[P.tomMaes.number])).toMatch(/^20\d\d-/);
    expect(underMandate.map((e) => e.data)).toEqual(
      [P.lotteMartens.number, P.tomMaes.number].map((person) => ({
        grant: grants[person],
        person,
        service: 'finance.intervat',
        role: null,
        validUntil: endOf(grants[person]),
        mandate: mandateId,
        mandatary: E.accountant.number,
        auditSeq: expect.any(Number),
      })),
    );
  });
});
