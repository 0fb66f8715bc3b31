/**
 * Issue 19, section 4: a mandate from a client to an office is given for a capacity of the
 * client. Through the mandate, a service that needs a capacity (DmfA: employer) works only when
 * the client holds it (capacity_not_held) AND the mandate is given for it
 * (mandate_capacity_missing); a service that needs none works whatever the mandate's capacity.
 * Resource search lists exactly what the evaluation allows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityApp } from '../../test/capacity-catalogue.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { importRegisterFile } from '../infra/registers/csv-import.ts';
import type { App } from './app.ts';

const office = E.accountant.number;
const DMFA = 'social-security.dmfa'; // needs the capacity employer
const DIMONA = 'social-security.dimona'; // needs none
/** one client per capacity the mandate is given for: none, the one DmfA needs, another */
const byCapacity = [
  { capacity: null, client: demoClients[0]! },
  { capacity: 'employer', client: demoClients[1]! },
  { capacity: 'service_provider', client: demoClients[2]! },
] as const;
const dir = mkdtempSync(join(tmpdir(), 'btb-mandate-capacities-'));
let files = 0;

describe.each(engines)('mandates given for a capacity on %s (issue 19)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let basic: Record<string, string>;
  const call = async (method: string, url: string, person: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: await authHeader(deps, person, 'high'),
      ...(body !== undefined ? { payload: body as string } : {}),
    });
  const propose = (client: string, body: Record<string, unknown>) =>
    call('POST', `/api/v1/enterprises/${office}/mandates`, P.tomMaes.number, { mandator: client, ...body });
  /** the clients hold the capacity employer in social security from 2020, or held it in 2020 only */
  const holdEmployer = async (holds: boolean) => {
    const path = join(dir, `capacities-${++files}.csv`);
    const lines = byCapacity.map(
      ({ client }) => `${client.number},social-security,employer,2020-01-01,${holds ? '' : '2020-12-31'}`,
    );
    writeFileSync(path, `EntityNumber,Domain,Capacity,StartDate,EndDate\n${lines.join('\n')}\n`);
    await importRegisterFile(deps.db, 'capacities', path);
  };
  const evaluate = async (enterprise: string, service: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: basic,
      payload: {
        subject: { type: 'person', id: P.lotteMartens.number },
        resource: { type: 'online-service', id: service, properties: { enterprise } },
        action: { name: 'use' },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      decision: boolean;
      context: { reason?: string; reason_admin: string; reason_user: string; capacities?: string[]; chain: unknown[] };
    };
  };
  const searched = async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/search/resource',
      headers: basic,
      payload: {
        subject: { type: 'person', id: P.lotteMartens.number },
        action: { name: 'use' },
        resource: { type: 'online-service' },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().results as { id: string; properties: { enterprise: string } }[]).map(
      (x) => `${x.properties.enterprise} ${x.id}`,
    );
  };

  beforeAll(async () => {
    ({ deps, app, basic } = await capacityApp(engine));
    const main = await call('PUT', `/api/v1/enterprises/${office}/main-access-manager`, P.tomMaes.number, {
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      phone: '+32 3 555 12 12',
    });
    expect(main.statusCode, main.body).toBe(200);
    // The office proposes to each client for the whole social-security domain, the client's LR
    // accepts, and the office's main access manager gives Lotte DmfA and Dimona under it.
    for (const { capacity, client } of byCapacity) {
      let r = await propose(client.number, { domains: ['social-security'], ...(capacity ? { capacity } : {}) });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().mandate.capacity).toBe(capacity);
      const id = r.json().mandate.id as string;
      r = await call('POST', `/api/v1/enterprises/${client.number}/mandates/${id}/accept`, client.lr.number);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().mandate).toMatchObject({ status: 'active', capacity });
      for (const service of [DIMONA, DMFA]) {
        r = await call('POST', `/api/v1/enterprises/${office}/mandates/${id}/grants`, P.tomMaes.number, {
          person: P.lotteMartens.number,
          service,
        });
        if (service === DIMONA || capacity === 'employer') {
          expect(r.statusCode, r.body).toBe(201);
          continue;
        }
        // a grant the check would never honour is refused, on its field, and nothing is given
        expect(r.statusCode, r.body).toBe(422);
        expect(r.json()).toMatchObject({
          code: 'mandate.capacity_missing',
          field: 'service',
          mandateCapacity: capacity,
        });
        // as if given before the catalogue asked DmfA for a capacity: the check must still say no
        const dimona = await deps.db.db
          .selectFrom('access_grant')
          .selectAll()
          .where('mandate_id', '=', id)
          .where('service', '=', DIMONA)
          .executeTakeFirstOrThrow();
        await deps.db.db
          .insertInto('access_grant')
          .values({ ...dimona, id: randomUUID(), service: DMFA })
          .execute();
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  const refusals: { why: string; body: Record<string, unknown>; status: number; code: string }[] = [
    {
      why: 'a capacity not on the list',
      body: { domains: ['social-security'], capacity: 'accountant' },
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'a named service that needs a capacity, and none given',
      body: { services: [DMFA] },
      status: 400,
      code: 'mandate.capacity_required',
    },
    {
      why: 'a named service that needs a capacity, and another given',
      body: { services: [DMFA, DIMONA], capacity: 'social_secretariat' },
      status: 400,
      code: 'mandate.capacity_required',
    },
  ];
  it.each(refusals)('a proposal with $why is refused, naming the field, and changes nothing', async (row) => {
    const client = demoClients[3]!.number;
    const r = await propose(client, row.body);
    expect(r.statusCode, r.body).toBe(row.status);
    expect(r.json()).toMatchObject({ code: row.code, field: 'capacity' });
    const made = await deps.db.db.selectFrom('mandate').select('id').where('mandator_number', '=', client).execute();
    expect(made).toEqual([]);
  });

  it('a named service with the capacity it needs is proposed; the list and the proposal mail name it', async () => {
    const client = demoClients[3]!;
    const r = await propose(client.number, { services: [DMFA, DIMONA], capacity: ' employer ' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().mandate.capacity).toBe('employer');
    const list = await call(
      'GET',
      `/api/v1/enterprises/${client.number}/mandates?side=mandator&status=proposed`,
      client.lr.number,
    );
    expect(list.json().items[0]).toMatchObject({ id: r.json().mandate.id, capacity: 'employer' });
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select('after_json')
      .where('action', '=', 'mandate.proposed')
      .where('enterprise_number', '=', client.number)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({ capacity: 'employer' });
  });

  it("the clients a person acts for name each mandate's capacity", async () => {
    const r = await call('GET', '/api/v1/me/clients', P.lotteMartens.number);
    expect(r.statusCode, r.body).toBe(200);
    const got = (r.json().items as { enterprise: string; mandates: { capacity: string | null }[] }[]).map((c) => [
      c.enterprise,
      c.mandates.map((m) => m.capacity),
    ]);
    expect(got).toEqual(byCapacity.map(({ client, capacity }) => [client.number, [capacity]]));
  });

  it('a CSV line names the capacity in its sixth column', async () => {
    const [a, b] = [demoClients[4]!.number, demoClients[5]!.number];
    const csv = `enterprise;domains;services;validFrom;validUntil;capacity\n${a};;${DMFA};;;employer\n${b};;${DMFA};;;\n`;
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${office}/mandates/bulk`,
      headers: { ...(await authHeader(deps, P.tomMaes.number, 'high')), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { outcome: string; code?: string }) => [i.outcome, i.code])).toEqual([
      ['done', undefined],
      ['refused', 'mandate.capacity_required'],
    ]);
  });

  // every combination: mandate for none / employer / service_provider × the client holds employer
  // or not × the service needs employer (DmfA) or nothing (Dimona)
  const table = [true, false].flatMap((holds) =>
    byCapacity.flatMap(({ capacity, client }) =>
      [DMFA, DIMONA].map((service) => {
        const needs = service === DMFA;
        const reason = !needs
          ? undefined
          : !holds
            ? 'capacity_not_held'
            : capacity !== 'employer'
              ? 'mandate_capacity_missing'
              : undefined;
        return { holds, capacity: capacity ?? 'none', client: client.number, service, reason };
      }),
    ),
  );
  it.each(table)(
    'mandate for $capacity, client holds employer $holds, $service: $reason',
    async ({ holds, client, service, reason, capacity }) => {
      await holdEmployer(holds);
      const a = await evaluate(client, service);
      expect(a.decision, a.context.reason_admin).toBe(reason === undefined);
      expect(a.context.reason).toBe(reason);
      if (a.decision) {
        expect(a.context.capacities).toEqual(service === DMFA ? ['employer'] : undefined);
        expect(a.context.chain.length).toBeGreaterThan(2);
        // the chain's mandate link names the capacity the mandate is given for
        const link = (a.context.chain as { kind: string; capacity?: string }[]).find((l) => l.kind === 'mandate');
        expect(link?.capacity).toBe(capacity === 'none' ? undefined : capacity);
      }
      if (reason === 'mandate_capacity_missing') expect(a.context.reason_admin).toMatch(/needs the capacity employer/);
      // resource search agrees with the evaluation
      expect((await searched()).includes(`${client} ${service}`)).toBe(a.decision);
    },
  );

  it('a system (software acting for the client) meets the capacity check too, in its evaluation and its search', async () => {
    const client = byCapacity[0].client;
    const ok = (r: { statusCode: number; body: string }) => expect(r.statusCode, r.body).toBeLessThan(300);
    let r = await call('POST', `/api/v1/enterprises/${office}/systems`, P.tomMaes.number, {
      name: 'Payroll',
      clientIds: ['payroll-capacity'],
      services: [DMFA],
    });
    ok(r);
    const system = r.json().system.id as string;
    ok(
      await call('PUT', `/api/v1/enterprises/${client.number}/main-access-manager`, client.lr.number, {
        person: client.lr.number,
        email: client.lr.email,
        phone: '+32 2 123 45 67',
      }),
    );
    r = await call('POST', `/api/v1/enterprises/${client.number}/system-users`, client.lr.number, { system });
    ok(r);
    const user = r.json().systemUser.id as string;
    ok(
      await call('POST', `/api/v1/enterprises/${client.number}/system-users/${user}/grants`, client.lr.number, {
        service: DMFA,
      }),
    );
    for (const holds of [true, false]) {
      await holdEmployer(holds);
      const e = await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: basic,
        payload: {
          subject: { type: 'system', id: 'payroll-capacity' },
          resource: { type: 'online-service', id: DMFA, properties: { enterprise: client.number } },
          action: { name: 'use' },
        },
      });
      expect(e.json().decision, e.body).toBe(holds);
      expect(e.json().context.reason).toBe(holds ? undefined : 'capacity_not_held');
      if (holds) expect(e.json().context.capacities).toEqual(['employer']);
      const found = await app.inject({
        method: 'POST',
        url: '/access/v1/search/resource',
        headers: basic,
        payload: {
          subject: { type: 'system', id: 'payroll-capacity' },
          action: { name: 'use' },
          resource: { type: 'online-service' },
        },
      });
      expect(found.json().results.length, found.body).toBe(holds ? 1 : 0);
      const who = await app.inject({
        method: 'POST',
        url: '/access/v1/search/subject',
        headers: basic,
        payload: {
          subject: { type: 'system' },
          action: { name: 'use' },
          resource: { type: 'online-service', id: DMFA, properties: { enterprise: client.number } },
        },
      });
      expect(who.json().results, who.body).toEqual(holds ? [{ type: 'system', id: 'payroll-capacity' }] : []);
    }
  });

  it("an enterprise's capacities: for any logged-in person (the office choosing its client's), not anonymously", async () => {
    await holdEmployer(true);
    const client = byCapacity[1].client.number;
    const url = `/api/v1/enterprises/${client}/capacities`;
    const r = await call('GET', url, P.tomMaes.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      enterprise: client,
      capacities: [
        { domain: 'social-security', capacity: 'employer', startDate: '2020-01-01', endDate: null, heldToday: true },
      ],
    });
    await holdEmployer(false); // an ended capacity is no longer listed
    expect((await call('GET', url, P.tomMaes.number)).json().capacities).toEqual([]);
    const cases: [string, Record<string, string>, number, string][] = [
      [url, {}, 401, 'authentication.required'],
      [
        `/api/v1/enterprises/0123456789/capacities`,
        await authHeader(deps, P.tomMaes.number),
        400,
        'identifier.invalid_enterprise_number',
      ],
    ];
    for (const [u, headers, status, code] of cases) {
      const x = await app.inject({ method: 'GET', url: u, headers });
      expect(x.statusCode, x.body).toBe(status);
      expect(x.json().code).toBe(code);
    }
  });

  it('says why a mandate for another capacity does not carry DmfA, in the asker language', async () => {
    await holdEmployer(true);
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { ...basic, 'accept-language': 'fr' },
      payload: {
        subject: { type: 'person', id: P.lotteMartens.number },
        resource: { type: 'online-service', id: DMFA, properties: { enterprise: byCapacity[2].client.number } },
        action: { name: 'use' },
      },
    });
    expect(r.json().context).toMatchObject({ reason: 'mandate_capacity_missing' });
    expect(r.json().context.reason_user).toMatch(/qualité/);
  });
});
