/**
 * Consistency tokens across nodes (issue 20): two real server processes on one database. A grant
 * is revoked on node A; node B, asked with the token A's answer carried, always says no. Then
 * granted again on A: B, with the new token, always says yes. Each node waits on readiness
 * (it has printed that it listens), never a fixed sleep.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiClient } from '../../src/app/manage-api-clients.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { createDeps } from '../../src/main.ts';
import { basicAuth } from '../builders.ts';
import { freshDatabase, pgBaseUrl, reliabilityEngines, seed, type TestDatabase } from './harness/db.ts';
import { bearer, type Server, scratch, serverEnv, startServer } from './harness/server.ts';

const en = E.brewery.number;
const ROUNDS = 20;

/**
 * Two server processes on a fresh `engine` database with the demo data and an API client for the
 * check API, set up and torn down by the calling describe's hooks: node A takes the writes, node B
 * the checks (a consistency token, when given, rides with the check).
 */
function twoNodes(engine: (typeof reliabilityEngines)[number], name: string) {
  const dir = scratch(`${name}-${engine}`);
  let db: TestDatabase;
  const s = { env: {} as Record<string, string>, basic: '', servers: [] as Server[] };
  beforeAll(async () => {
    db = await freshDatabase(engine, dir.dir);
    await seed(db.url);
    s.env = serverEnv(dir.dir, db.url);
    const deps = createDeps(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }));
    try {
      s.basic = basicAuth(await addApiClient(deps, { name, scope: '*' }));
    } finally {
      await deps.db.close();
    }
    s.servers.push(await startServer({ ...s.env }), await startServer({ ...s.env }));
  });
  afterAll(async () => {
    for (const server of s.servers) await server.kill();
    await db.drop();
    dir.cleanup();
  });
  const url = (i: 0 | 1) => s.servers[i]!.url;
  /** a write on node A (must succeed): its body and consistency token */
  const write = async (method: string, path: string, auth: string, body?: unknown) => {
    const r = await fetch(url(0) + path, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    expect(r.status, text).toBeLessThan(300);
    return { body: text ? JSON.parse(text) : null, token: r.headers.get('consistency-token') };
  };
  /** may Tom use finance.biztax at the brewery, asked on node B */
  const checkOnB = async (token?: string) => {
    const r = await fetch(`${url(1)}/access/v1/evaluation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: s.basic },
      body: JSON.stringify({
        subject: { type: 'person', id: P.tomMaes.number },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: en } },
        action: { name: 'use' },
        ...(token !== undefined ? { context: { consistency_token: token } } : {}),
      }),
    });
    expect(r.status).toBe(200);
    return (await r.json()) as { decision: boolean; context: { reason?: string } };
  };
  return {
    get env() {
      return s.env;
    },
    url,
    write,
    checkOnB,
    /** An appoints Sofie the brewery's main access manager on node A; her bearer token */
    appointMain: async () => {
      await write(
        'PUT',
        `/api/v1/enterprises/${en}/main-access-manager`,
        await bearer(s.env, P.anPeeters.number, 'high'),
        {
          person: P.sofieJanssens.number,
          email: P.sofieJanssens.email,
          phone: '+32 2 123 45 67',
        },
      );
      return bearer(s.env, P.sofieJanssens.number);
    },
  };
}

describe.each(reliabilityEngines)('consistency tokens across two nodes on %s (issue 20)', (engine) => {
  const { write, checkOnB, appointMain } = twoNodes(engine, 'consistency');

  it(`revoked on node A, node B asked with A's token says no, ${ROUNDS} times over`, async () => {
    const htb = await appointMain();
    for (let round = 0; round < ROUNDS; round++) {
      const g = await write('POST', `/api/v1/enterprises/${en}/grants`, htb, {
        person: P.tomMaes.number,
        service: 'finance.biztax',
      });
      expect(g.token).toMatch(/^\d+$/);
      expect((await checkOnB(g.token!)).decision).toBe(true);
      const d = await write('DELETE', `/api/v1/enterprises/${en}/grants/${g.body.grant.id}`, htb);
      expect(await checkOnB(d.token!)).toMatchObject({ decision: false, context: { reason: 'revoked' } });
    }
  });
});

/**
 * PostgreSQL (issue 20): node B learns of A's commits by NOTIFY and then reads nothing per check.
 * Without a token, B says no once its change feed reports A's revocation; with its listening
 * connection killed (pg_terminate_backend) around each revocation, B reads until it listens again
 * and is still right. B's feed is watched through its /metrics, never a fixed sleep.
 */
describe.each(reliabilityEngines.filter((e) => e === 'postgres'))(
  'node B told by NOTIFY on %s (issue 20)',
  (engine) => {
    const { url, write, checkOnB, appointMain } = twoNodes(engine, 'notify');
    const admin = new pg.Client({ connectionString: pgBaseUrl });
    beforeAll(() => admin.connect());
    afterAll(() => admin.end());

    it('says no without a token once notified, and stays right with its listener killed', async () => {
      const feedOfB = async () => {
        const text = await (await fetch(`${url(1)}/metrics`)).text();
        const m = (k: string) => Number(new RegExp(`^btb_change_feed\\{measure="${k}"\\} (\\d+)`, 'm').exec(text)?.[1]);
        return { seq: m('seq'), listening: m('listening'), connects: m('connects'), pid: m('backend_pid') };
      };
      const until = async (what: (f: Awaited<ReturnType<typeof feedOfB>>) => boolean) => {
        for (;;) {
          const f = await feedOfB();
          if (what(f)) return f;
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      const htb = await appointMain();
      await until((f) => f.listening === 1);
      for (let round = 0; round < 10; round++) {
        const killed = round % 2 === 1;
        const g = await write('POST', `/api/v1/enterprises/${en}/grants`, htb, {
          person: P.tomMaes.number,
          service: 'finance.biztax',
        });
        await until((f) => f.seq >= Number(g.token));
        expect((await checkOnB()).decision).toBe(true);
        const before = await feedOfB();
        if (killed) await admin.query('select pg_terminate_backend($1)', [before.pid]);
        const d = await write('DELETE', `/api/v1/enterprises/${en}/grants/${g.body.grant.id}`, htb);
        // told of it, or listening again since the kill (the first check then reads the database)
        await until((f) => f.seq >= Number(d.token) || (killed && f.listening === 1 && f.connects > before.connects));
        expect(await checkOnB()).toMatchObject({ decision: false, context: { reason: 'revoked' } });
      }
    });
  },
);
