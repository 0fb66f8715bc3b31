import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoMain, as, contact, demoDeps } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { appointAccessManager } from './appoint-access-manager.ts';
import { appointMainAccessManager } from './appoint-main-access-manager.ts';
import { appointmentActiveAt } from './shared/roles.ts';

const en = E.brewery.number;

describe.each(engines)('main and co-main are one role at a time on %s (issue 14, item 6)', (engine) => {
  let deps: TestDeps;
  const activeRoles = async (person: string) =>
    (
      await deps.db.db
        .selectFrom('appointment')
        .select('kind')
        .where('enterprise_number', '=', en)
        .where('person_number', '=', person)
        .where(appointmentActiveAt(deps.clock.now().toISOString()))
        .execute()
    )
      .map((a) => a.kind)
      .sort();

  beforeAll(async () => {
    deps = await demoDeps(engine);
    await appointDemoMain(deps);
    await appointAccessManager(deps, as(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'co_main',
      person: P.karimElAmrani.number,
      ...contact(P.karimElAmrani),
    });
  });
  afterAll(() => deps.cleanup());

  it('a co-main appointed main loses the co-main appointment in the same change, audited', async () => {
    expect(await activeRoles(P.karimElAmrani.number)).toEqual(['co_main']);
    deps.clock.advance(1000);
    await appointMainAccessManager(deps, as(P.anPeeters.number, 'high'), {
      enterprise: en,
      person: P.karimElAmrani.number,
      ...contact(P.karimElAmrani),
    });
    expect(await activeRoles(P.karimElAmrani.number)).toEqual(['main']);
    const coMain = await deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('enterprise_number', '=', en)
      .where('person_number', '=', P.karimElAmrani.number)
      .where('kind', '=', 'co_main')
      .executeTakeFirstOrThrow();
    expect(coMain).toEqual({ ended_at: deps.clock.now().toISOString(), end_reason: 'became_main' });
    const events = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'target', 'at'])
      .where('enterprise_number', '=', en)
      .where('at', '=', deps.clock.now().toISOString())
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.target])).toEqual([
      ['co_main_access_manager.removed', P.karimElAmrani.number],
      ['main_access_manager.replaced', P.karimElAmrani.number],
    ]);
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });

  it('the main access manager cannot also be appointed co-main', async () => {
    const e = await appointAccessManager(deps, as(P.karimElAmrani.number), {
      enterprise: en,
      kind: 'co_main',
      person: P.karimElAmrani.number,
      ...contact(P.karimElAmrani),
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'appointment.already_main', details: { person: P.karimElAmrani.number } });
    expect(await activeRoles(P.karimElAmrani.number)).toEqual(['main']);
  });
});
