/**
 * Resource search through mandates, computed afresh (issue 20, src/app/search-mandates.ts): the
 * register conditions of a mandate (both enterprises active, the person staff of the office) are
 * no longer subqueries of the mandate statement but the check index's statuses and one statement
 * of the person's offices. Each row changes one fact a client's entry depends on, with a commit
 * (so no kept answer serves the next search), and the next search must drop exactly what the
 * evaluation now refuses, and keep agreeing with the evaluation on everything else.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, personUse } from '../../../test/builders.ts';
import { capacityCatalogue } from '../../../test/capacity-catalogue.ts';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { addApiClient } from '../../app/manage-api-clients.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../../infra/demo/demo-data.ts';
import { seedDemo } from '../../infra/demo/seed-demo.ts';
import { importRegisterFile } from '../../infra/registers/csv-import.ts';
import { type App, buildApp } from '../app.ts';

const office = E.accountant.number;
const lotte = P.lotteMartens.number; // employee of the office
const BIZTAX = 'finance.biztax';
const DMFA = 'social-security.dmfa'; // needs the capacity employer
/** a client of its own for every row, so that the rows do not depend on one another */
const C = {
  revoked: demoClients[0]!,
  ended: demoClients[1]!,
  stopped: demoClients[2]!,
  capacity: demoClients[3]!,
  statusEnded: demoClients[4]!,
  ranOut: demoClients[5]!,
  untouched: demoClients[6]!,
  spare: demoClients[7]!,
};
const dir = mkdtempSync(join(tmpdir(), 'btb-search-mandates-'));

describe.each(engines)('resource search through mandates, computed afresh, on %s (issue 20)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let basic: Record<string, string>;
  const mandates = new Map<string, string>();
  const call = apiCaller(() => ({ deps, app }), 'high');
  const page = async (limit: number, token?: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/search/resource',
      headers: basic,
      payload: {
        subject: { type: 'person', id: lotte },
        action: { name: 'use' },
        resource: { type: 'online-service' },
        page: { limit, ...(token ? { token } : {}) },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as {
      results: { id: string; properties: { enterprise: string } }[];
      page: { next_token: string; count: number; total: number };
    };
    return { items: body.results.map((x) => `${x.properties.enterprise} ${x.id}`), page: body.page };
  };
  const search = async () => (await page(1000)).items;
  const evaluate = async (entry: string) => {
    const [enterprise, service] = entry.split(' ');
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: basic,
      payload: personUse(lotte, service!, enterprise!),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().decision as boolean;
  };
  const rawWrite = async (sql: string, values: unknown[]) => {
    const raw = deps.db.raw;
    if (raw.kind === 'sqlite') raw.sqlite.prepare(sql.replace(/\$\d/g, '?')).run(...values);
    else await raw.pool.query(sql, values);
  };
  /** the client of the capacity row holds the capacity employer in social security, or held it in 2020 only */
  let files = 0;
  const holdEmployer = async (holds: boolean) => {
    const path = join(dir, `capacities-${engine}-${++files}.csv`);
    const line = `${C.capacity.number},social-security,employer,2020-01-01,${holds ? '' : '2020-12-31'}`;
    writeFileSync(path, `EntityNumber,Domain,Capacity,StartDate,EndDate\n${line}\n`);
    await importRegisterFile(deps.db, 'capacities', path);
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    deps.catalogue = await capacityCatalogue();
    await seedDemo(deps);
    app = await buildApp(deps);
    const client = await addApiClient(deps, { name: 'every service', scope: '*' });
    basic = { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` };
    const main = await call('PUT', `/api/v1/enterprises/${office}/main-access-manager`, P.tomMaes.number, {
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      phone: '+32 3 555 12 12',
    });
    expect(main.statusCode, main.body).toBe(200);
    await holdEmployer(true);
    // Each client gives the office a mandate (finance; the capacity row's for social security as
    // employer), accepts it, and the office's main access manager gives Lotte a service under it.
    for (const c of Object.values(C)) {
      const isCapacity = c === C.capacity;
      let r = await call('POST', `/api/v1/enterprises/${office}/mandates`, P.tomMaes.number, {
        mandator: c.number,
        domains: [isCapacity ? 'social-security' : 'finance'],
        ...(isCapacity ? { capacity: 'employer' } : {}),
      });
      expect(r.statusCode, r.body).toBe(201);
      const id = r.json().mandate.id as string;
      mandates.set(c.number, id);
      r = await call('POST', `/api/v1/enterprises/${c.number}/mandates/${id}/accept`, c.lr.number);
      expect(r.statusCode, r.body).toBe(200);
      r = await call('POST', `/api/v1/enterprises/${office}/mandates/${id}/grants`, P.tomMaes.number, {
        person: lotte,
        service: isCapacity ? DMFA : BIZTAX,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  const everyClient = () => Object.values(C).map((c) => `${c.number} ${c === C.capacity ? DMFA : BIZTAX}`);
  const yesterday = () => new Date(deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);

  it('lists every client before any change, each one the evaluation allows', async () => {
    const all = await search();
    expect(all).toEqual([...everyClient()].sort());
    for (const entry of all) expect(await evaluate(entry), entry).toBe(true);
  });

  const rows: {
    name: string;
    change: () => Promise<unknown>;
    gone: (before: string[]) => string[];
    undo?: () => Promise<unknown>;
  }[] = [
    {
      name: 'a revoked grant',
      change: () =>
        deps.db.db
          .updateTable('access_grant')
          .set({ revoked_at: deps.clock.now().toISOString(), revoked_by: P.tomMaes.number })
          .where('mandate_id', '=', mandates.get(C.revoked.number)!)
          .execute(),
      gone: () => [`${C.revoked.number} ${BIZTAX}`],
    },
    {
      name: 'an ended mandate',
      change: async () => {
        const r = await call(
          'POST',
          `/api/v1/enterprises/${C.ended.number}/mandates/${mandates.get(C.ended.number)}/end`,
          C.ended.lr.number,
          { reason: 'changed accountant' },
        );
        expect(r.statusCode, r.body).toBe(200);
      },
      gone: () => [`${C.ended.number} ${BIZTAX}`],
    },
    {
      name: 'a mandate ended with its grants left unrevoked (as in data written before ending revoked them)',
      change: () =>
        deps.db.db
          .updateTable('mandate')
          .set({ status: 'ended', ended_at: deps.clock.now().toISOString() })
          .where('id', '=', mandates.get(C.statusEnded.number)!)
          .execute(),
      gone: () => [`${C.statusEnded.number} ${BIZTAX}`],
    },
    {
      name: 'a mandate whose end has passed, with no write to its grants',
      change: () =>
        deps.db.db
          .updateTable('mandate')
          .set({ valid_until: new Date(deps.clock.now().getTime() - 1000).toISOString() })
          .where('id', '=', mandates.get(C.ranOut.number)!)
          .execute(),
      gone: () => [`${C.ranOut.number} ${BIZTAX}`],
    },
    {
      name: 'a client stopped by a register import',
      change: () => rawWrite('update enterprise set status = $1 where number = $2', ['ST', C.stopped.number]),
      gone: () => [`${C.stopped.number} ${BIZTAX}`],
    },
    {
      name: 'a capacity the client lost',
      change: () => holdEmployer(false),
      gone: () => [`${C.capacity.number} ${DMFA}`],
    },
    {
      name: 'the office stopped (every client through it)',
      change: () => rawWrite('update enterprise set status = $1 where number = $2', ['ST', office]),
      gone: (before) => before, // every client is through this office
      undo: () => rawWrite('update enterprise set status = $1 where number = $2', ['AC', office]),
    },
    {
      name: 'the person left the office (employment ended yesterday)',
      change: () =>
        deps.db.db
          .updateTable('employment')
          .set({ end_date: yesterday() })
          .where('enterprise_number', '=', office)
          .where('person_number', '=', lotte)
          .execute(),
      gone: (before) => before, // every client is through this office
      undo: () =>
        deps.db.db
          .updateTable('employment')
          .set({ end_date: null })
          .where('enterprise_number', '=', office)
          .where('person_number', '=', lotte)
          .execute(),
    },
    {
      name: 'the person starts at the office only tomorrow',
      change: () =>
        deps.db.db
          .updateTable('employment')
          .set({ start_date: new Date(deps.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10) })
          .where('enterprise_number', '=', office)
          .where('person_number', '=', lotte)
          .execute(),
      gone: (before) => before, // every client is through this office
      undo: () =>
        deps.db.db
          .updateTable('employment')
          .set({ start_date: '2019-02-01' }) // the demo's
          .where('enterprise_number', '=', office)
          .where('person_number', '=', lotte)
          .execute(),
    },
  ];

  it.each(rows)('drops $name at the next search, as the evaluation does', async ({ change, gone, undo }) => {
    const before = await search();
    // what the search lists, the evaluation allows: before the change, and after it (below)
    for (const entry of before) expect(await evaluate(entry), entry).toBe(true);
    const dropped = gone(before);
    expect(dropped.length).toBeGreaterThan(0);
    for (const entry of dropped) expect(before).toContain(entry);
    await change();
    const after = await search();
    expect(after).toEqual(before.filter((e) => !dropped.includes(e)));
    for (const entry of before) expect(await evaluate(entry), entry).toBe(after.includes(entry));
    // asked again after those checks, with nothing written: the same answer
    expect(await search()).toEqual(after);
    if (undo) {
      await undo();
      expect(await search()).toEqual(before);
    }
  });

  it('pages end exactly at the last result, whatever the page size', async () => {
    const all = await search();
    expect(all.length).toBe(2); // the untouched and the spare client
    await rawWrite('update enterprise set status = $1 where number = $2', ['AC', C.stopped.number]);
    const three = await search();
    expect(three).toEqual([...all, `${C.stopped.number} ${BIZTAX}`].sort());
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const p = await page(limit, token);
        expect(p.page.total).toBe(3);
        expect(p.page.count).toBe(p.items.length);
        seen.push(...p.items);
        token = p.page.next_token || undefined;
        pages++;
      } while (token && pages < 10);
      expect(seen, `limit ${limit}`).toEqual(three);
      expect(pages, `limit ${limit}`).toBe(Math.ceil(3 / limit));
    }
  });
});
