/**
 * Load (issue 8): autocannon at 200 concurrent connections against `btb serve`, mixed traffic:
 * checks (AuthZEN evaluation), /me, register and management reads, and grants written by the main
 * access manager. Zero 5xx, every acknowledged grant in the database afterwards, and the server's
 * resident memory sampled every second (no growth after warm-up beyond a generous bound).
 * RELIABILITY_LOAD_SECONDS=60 gives the documented run; the suite's default is shorter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { freshDatabase, reliabilityEngines, seed, type TestDatabase } from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { bearer, btb, http, rssMiB, type Server, scratch, serverEnv, startServer } from './harness/server.ts';
import { brewery, services, startWithMain } from './harness/write-load.ts';

// autocannon ships no types: the few fields used here, as its README documents them.
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
  onResponse?: (status: number, body: string) => void;
}
interface CannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// @ts-expect-error no declaration file
const autocannon = ((await import('autocannon')) as unknown as { default: (o: object) => Promise<CannonResult> })
  .default;

const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.RELIABILITY_LOAD_CONNECTIONS ?? 200);

describe.each(reliabilityEngines)('load on %s (issue 8)', (engine) => {
  const dir = scratch(`load-${engine}`);
  let db: TestDatabase;
  let env: Record<string, string>;
  let server: Server;
  let persons: string[];
  let clientToken = '';

  beforeAll(async () => {
    db = await freshDatabase(engine, dir.dir);
    persons = await seed(db.url, 2000);
    // All load comes from one loopback address, which the per-address limit on public reads would
    // throttle; that limit is tested in src/http/app.int.test.ts.
    env = serverEnv(dir.dir, db.url, { BTB_RATE_LIMIT_PUBLIC: '1000000' });
    const added = await btb(['client', 'add', '--name', 'load', '--scope', '*'], env);
    expect(added.code, added.stderr).toBe(0);
    const id = /client_id: (\S+)/.exec(added.stdout)![1]!;
    const secret = /client_secret: (\S+)/.exec(added.stdout)![1]!;
    server = await startWithMain(env);
    const t = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
    });
    clientToken = ((await t.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await server?.kill();
    await db.drop();
    dir.cleanup();
  });

  it(`holds ${CONNECTIONS} connections for ${SECONDS} s of mixed traffic: no 5xx, no lost write, flat memory`, async () => {
    const htb = await bearer(env, P.sofieJanssens.number);
    const user = await bearer(env, P.tomMaes.number);
    const json = 'application/json';
    let n = 0;
    const acked: string[] = [];
    const statuses = new Map<number, number>();
    const pick = <T>(a: T[]): T => a[Math.floor(Math.random() * a.length)]!;
    const requests: CannonRequest[] = [
      {
        setupRequest: (req: CannonRequest): CannonRequest => {
          const i = n++ % 20;
          if (i < 8) {
            return {
              ...req,
              method: 'POST',
              path: '/access/v1/evaluation',
              headers: { authorization: `Bearer ${clientToken}`, 'content-type': json },
              body: JSON.stringify({
                subject: { type: 'person', id: pick(persons) },
                resource: { type: 'online-service', id: pick(services), properties: { enterprise: brewery } },
                action: { name: 'use' },
              }),
            };
          }
          if (i < 11) return { ...req, method: 'GET', path: '/api/v1/me', headers: { authorization: user } };
          if (i < 13)
            return { ...req, method: 'GET', path: `/api/v1/enterprises/${brewery}`, headers: { authorization: user } };
          if (i < 15)
            return {
              ...req,
              method: 'GET',
              path: `/api/v1/enterprises/${brewery}/access-managers`,
              headers: { authorization: htb },
            };
          if (i < 17)
            return {
              ...req,
              method: 'GET',
              path: `/api/v1/enterprises/${brewery}/grants?limit=50`,
              headers: { authorization: htb },
            };
          return {
            ...req,
            method: 'POST',
            path: `/api/v1/enterprises/${brewery}/grants`,
            headers: { authorization: htb, 'content-type': json },
            body: JSON.stringify({ person: pick(persons), service: pick(services) }),
          };
        },
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 201) {
            const id = (JSON.parse(body) as { grant?: { id: string } }).grant?.id;
            if (id) acked.push(id);
          }
        },
      },
    ];
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMiB(server.pid)), 1000);
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests,
      timeout: 30,
    });
    clearInterval(sampler);

    const h = db.open();
    let lost: string[] = [];
    try {
      const present = new Set<string>();
      for (let i = 0; i < acked.length; i += 500) {
        for (const g of await h.db
          .selectFrom('access_grant')
          .select('id')
          .where('id', 'in', acked.slice(i, i + 500))
          .execute())
          present.add(g.id);
      }
      lost = acked.filter((id) => !present.has(id));
    } finally {
      await h.close();
    }
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
    const third = Math.max(1, Math.floor(rss.length / 3));
    const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
    const rssWarm = avg(rss.slice(third, 2 * third));
    const rssEnd = avg(rss.slice(2 * third));
    const figures = {
      connections: CONNECTIONS,
      seconds: SECONDS,
      requests: result.requests.total,
      throughputPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: Object.fromEntries(statuses),
      fivexx,
      grantsAcknowledged: acked.length,
      grantsLost: lost.length,
      rssStartMiB: Math.round(rss[0] ?? 0),
      rssMiddleMiB: Math.round(rssWarm),
      rssEndMiB: Math.round(rssEnd),
      rssMaxMiB: Math.round(Math.max(...rss)),
    };
    recordFigures(`load.${engine}`, figures);
    expect(fivexx).toBe(0);
    expect(result.errors).toBe(0);
    expect(lost).toEqual([]);
    expect(acked.length).toBeGreaterThan(0);
    // Memory: the last third of the run may not sit far above the middle third (a leak grows
    // with every request; a healthy heap levels off once warm).
    expect(rssEnd).toBeLessThan(rssWarm * 1.5 + 50);
    expect((await http(server.url, 'GET', '/readyz')).status).toBe(200);
  });
});
