/**
 * The registers changing (issue 8): a register update in which a legal representative's function
 * ends, an employee leaves and then the enterprise stops takes effect at the next question, with
 * no job in between; the appointments it leaves without a basis are listed for the enterprise,
 * and announceRegisterChanges() sends the change as an event. The register rows are written with
 * Kysely, as an import would write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceRegisterChanges } from '../../src/app/list-ineligible-appointments.ts';
import { addApiClient } from '../../src/app/manage-api-clients.ts';
import { type App, buildApp } from '../../src/http/app.ts';
import { demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { apiCaller, appointTeam, contact, demoDeps, putMain } from '../builders.ts';
import { engines, type TestDeps } from '../test-deps.ts';

const en = E.brewery.number;
const yesterday = '2026-11-27';

describe.each(engines)('register changes take effect at once, on %s (issue 8)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let clientToken = '';
  /** The check API, as an online service asks it: may this person use this service for the enterprise? */
  const check = async (person: string, service = 'finance.biztax') => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { authorization: `Bearer ${clientToken}` },
      payload: {
        subject: { type: 'person', id: person },
        resource: { type: 'online-service', id: service, properties: { enterprise: en } },
        action: { name: 'use' },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { decision: boolean; context?: { reason?: string } };
  };
  const call = apiCaller(() => ({ deps, app }));

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    let r = await putMain(call, en, P.anPeeters.number, P.sofieJanssens);
    expect(r.statusCode, r.body).toBe(200);
    await appointTeam(call, en, P.sofieJanssens.number, { coMains: [P.karimElAmrani, P.lucDubois] });
    r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    expect(r.statusCode, r.body).toBe(201);
    const client = await addApiClient(deps, { name: 'reliability', scope: '*' });
    r = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    clientToken = r.json().access_token;
    // warm whatever the check API caches, so that the changes below must get past it
    expect((await check(P.tomMaes.number)).decision).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it("ends a legal representative's powers the moment the register ends the function", async () => {
    let r = await call('GET', `/api/v1/enterprises/${en}/audit`, P.lucDubois.number);
    expect(r.statusCode).toBe(200);
    await deps.db.db
      .updateTable('legal_function')
      .set({ end_date: yesterday })
      .where('enterprise_number', '=', en)
      .where('person_number', '=', P.lucDubois.number)
      .execute();
    // as legal representative, Luc may no longer read the audit (co-main managers may) nor appoint
    r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.lucDubois.number,
      { person: P.juliaSchmitz.number, ...contact(P.juliaSchmitz) },
      'high',
    );
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('authorization.not_legal_representative');
    // his co-main appointment stays (it belongs to the enterprise) but is listed: he is no employee
    r = await call('GET', `/api/v1/enterprises/${en}/ineligible-appointments`, P.anPeeters.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { person: string; reason: string }) => [i.person, i.reason])).toEqual([
      [P.lucDubois.number, 'not_employee_nor_legal_representative'],
    ]);
  });

  it('lists the co-main access manager who left, and announces the change as an event', async () => {
    await deps.db.db
      .updateTable('employment')
      .set({ end_date: yesterday })
      .where('enterprise_number', '=', en)
      .where('person_number', '=', P.karimElAmrani.number)
      .execute();
    const r = await call('GET', `/api/v1/enterprises/${en}/ineligible-appointments`, P.sofieJanssens.number);
    expect(
      r
        .json()
        .items.map((i: { person: string }) => i.person)
        .sort(),
    ).toEqual([P.karimElAmrani.number, P.lucDubois.number].sort());
    // a person from outside sees nothing
    const outsider = await call('GET', `/api/v1/enterprises/${en}/ineligible-appointments`, P.tomMaes.number);
    expect(outsider.statusCode).toBe(403);

    expect(await announceRegisterChanges(deps, [en, en])).toBe(1);
    const events = await deps.db.db
      .selectFrom('outbox')
      .select(['payload', 'enterprise_number'])
      .where('id', 'like', 'register.changed:%')
      .execute();
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0]!.payload);
    expect(payload).toMatchObject({
      kind: 'event',
      type: 'register.changed',
      enterprise: en,
      data: { status: 'AC', isActive: true },
    });
    expect(payload.data.ineligibleAppointments.map((a: { person: string }) => a.person).sort()).toEqual(
      [P.karimElAmrani.number, P.lucDubois.number].sort(),
    );
  });

  it('refuses every change on an enterprise the register stopped, and says so everywhere', async () => {
    expect((await check(P.tomMaes.number)).decision).toBe(true);
    await deps.db.db.updateTable('enterprise').set({ status: 'ST' }).where('number', '=', en).execute();
    // every check denies at once, with the reason
    const c = await check(P.tomMaes.number);
    expect(c.decision).toBe(false);
    expect(c.context?.reason).toBe('enterprise_stopped');
    const writes: [string, string, string, unknown, 'substantial' | 'high'][] = [
      [
        'PUT',
        `/api/v1/enterprises/${en}/main-access-manager`,
        P.anPeeters.number,
        { person: P.juliaSchmitz.number, ...contact(P.juliaSchmitz) },
        'high',
      ],
      [
        'POST',
        `/api/v1/enterprises/${en}/domains/finance/access-managers`,
        P.sofieJanssens.number,
        { person: P.juliaSchmitz.number, ...contact(P.juliaSchmitz) },
        'substantial',
      ],
      [
        'POST',
        `/api/v1/enterprises/${en}/grants`,
        P.sofieJanssens.number,
        { person: P.tomMaes.number, service: 'finance.biztax' },
        'substantial',
      ],
    ];
    for (const [method, url, who, body, loa] of writes) {
      const r = await call(method, url, who, body, loa);
      expect(r.json().code, `${method} ${url}`).toBe('enterprise.stopped');
    }
    const me = (await call('GET', '/api/v1/me', P.sofieJanssens.number)).json();
    expect(me.enterprises.find((x: { enterprise: string }) => x.enterprise === en)?.isActive).toBe(false);
    const r = await call('GET', `/api/v1/enterprises/${en}/ineligible-appointments`, P.sofieJanssens.number);
    expect(new Set(r.json().items.map((i: { reason: string }) => i.reason))).toEqual(new Set(['enterprise_stopped']));
    expect(r.json().items).toHaveLength(3);
    expect(await announceRegisterChanges(deps, [en])).toBe(1);
    const last = await deps.db.db
      .selectFrom('outbox')
      .select('payload')
      .where('id', 'like', 'register.changed:%')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.payload).data).toMatchObject({ status: 'ST', isActive: false });
  });
});
