/**
 * Resource search keeps its answer while the database has not changed (issue 20,
 * src/app/search-cache.ts). Each row makes one change after a search has been answered (and kept),
 * and the very next search must show it: a write through the app, a write outside it (a register
 * import, another process), and time alone (a grant ending or starting with no write at all).
 * PostgreSQL (session 10): the stamp is the change feed's version, so a commit of another process,
 * which this process hears of only through the feed, is a row of its own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { revokeGrant } from '../../app/change-grant.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { addApiClient } from '../../app/manage-api-clients.ts';
import { demoEnterprises as E, demoPersons as P } from '../../infra/demo/demo-data.ts';
import { seedDemo } from '../../infra/demo/seed-demo.ts';
import { type App, buildApp } from '../app.ts';

const ctx = (person: string, loa: 'high' | 'substantial' = 'substantial') => ({
  actor: { personNumber: person, loa, means: 'eid' as const, via: 'bearer' as const },
});
const en = E.brewery.number;
const DAY = 86_400_000;

describe.each(engines)('resource search answers kept, on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let auth: string;
  const granter = () => ctx(P.sofieJanssens.number);
  const grant = async (service: string, extra: { validFrom?: string; validUntil?: string } = {}) => {
    const g = await grantAccess(deps, granter(), { enterprise: en, person: P.tomMaes.number, service, ...extra });
    if (g.kind !== 'grant') throw new Error('not granted');
    return g.grant.id;
  };
  /** what Tom may use, as "enterprise service" */
  const search = async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/search/resource',
      headers: { authorization: auth },
      payload: {
        subject: { type: 'person', id: P.tomMaes.number },
        action: { name: 'use' },
        resource: { type: 'online-service' },
        page: { limit: 1000 },
      },
    });
    expect(r.statusCode).toBe(200);
    return (r.json().results as { id: string; properties: { enterprise: string } }[]).map(
      (x) => `${x.properties.enterprise} ${x.id}`,
    );
  };
  const rawWrite = async (sql: string, values: unknown[]) => {
    const raw = deps.db.raw;
    if (raw.kind === 'sqlite') raw.sqlite.prepare(sql.replace(/\$\d/g, '?')).run(...values);
    else await raw.pool.query(sql, values); // a connection of the pool: another session than the reads
  };

  /** a write by another process (its own connection), once this process's change feed has heard of it */
  const elsewhere = async (sql: string, values: unknown[]) => {
    const feed = deps.db.changeFeed!();
    const before = feed.stats.notifications;
    const c = new pg.Client({ connectionString: deps.config.databaseUrl });
    await c.connect();
    try {
      await c.query(sql, values);
    } finally {
      await c.end();
    }
    for (let i = 0; i < 1000 && feed.stats.notifications === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(feed.stats.notifications).toBeGreaterThan(before);
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    const c = await addApiClient(deps, { name: 'every service', scope: '*' });
    auth = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    await appointMainAccessManager(deps, ctx(P.anPeeters.number, 'high'), {
      enterprise: en,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      phone: '+3221234567',
    });
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  const cases: { name: string; change: () => Promise<unknown>; expect: (before: string[], after: string[]) => void }[] =
    [
      {
        name: 'a grant made through the app',
        change: () => grant('finance.biztax'),
        expect: (b, a) => {
          expect(b).not.toContain(`${en} finance.biztax`);
          expect(a).toContain(`${en} finance.biztax`);
        },
      },
      {
        name: 'a grant revoked through the app',
        change: async () => {
          const id = await grant('finance.intervat');
          await search(); // kept with the grant in it
          await revokeGrant(deps, granter(), { enterprise: en, id });
        },
        expect: (_b, a) => expect(a).not.toContain(`${en} finance.intervat`),
      },
      {
        name: 'a grant that runs out, with no write at all',
        change: async () => {
          await grant('finance.myminfin-companies', {
            validUntil: new Date(deps.clock.now().getTime() + 2 * DAY).toISOString().slice(0, 10),
          });
          expect(await search()).toContain(`${en} finance.myminfin-companies`);
          deps.clock.advance(3 * DAY);
        },
        expect: (_b, a) => expect(a).not.toContain(`${en} finance.myminfin-companies`),
      },
      {
        name: 'a grant that starts later, once its start has come, with no write at all',
        change: async () => {
          await grant('mobility.drone-operators', {
            validFrom: new Date(deps.clock.now().getTime() + DAY).toISOString(),
          });
          expect(await search()).not.toContain(`${en} mobility.drone-operators`);
          deps.clock.advance(DAY + 1000);
        },
        expect: (_b, a) => expect(a).toContain(`${en} mobility.drone-operators`),
      },
      {
        name: 'the enterprise stopped by a register import (a write outside the app)',
        change: () => rawWrite('update enterprise set status = $1 where number = $2', ['ST', en]),
        expect: (b, a) => {
          expect(b.some((x) => x.startsWith(en))).toBe(true);
          expect(a.some((x) => x.startsWith(en))).toBe(false);
        },
      },
      {
        name: 'the enterprise active again',
        change: () => rawWrite('update enterprise set status = $1 where number = $2', ['AC', en]),
        expect: (_b, a) => expect(a.some((x) => x.startsWith(en))).toBe(true),
      },
      ...(engine === 'postgres'
        ? [
            {
              name: 'the enterprise stopped by another process (heard through the change feed)',
              change: () => elsewhere('update enterprise set status = $1 where number = $2', ['ST', en]),
              expect: (b: string[], a: string[]) => {
                expect(b.some((x) => x.startsWith(en))).toBe(true);
                expect(a.some((x) => x.startsWith(en))).toBe(false);
              },
            },
            {
              name: 'the enterprise active again, by another process',
              change: () => elsewhere('update enterprise set status = $1 where number = $2', ['AC', en]),
              expect: (_b: string[], a: string[]) => expect(a.some((x) => x.startsWith(en))).toBe(true),
            },
          ]
        : []),
    ];

  it.each(cases)('shows $name at the next search', async ({ change, expect: check }) => {
    const before = await search();
    expect(await search()).toEqual(before); // answered again, from what was kept
    await change();
    check(before, await search());
  });
});
