/**
 * PostgreSQL restarting under load (issue 8): while readers and writers run, the database server
 * is restarted. btb must report not-ready meanwhile (/readyz 503), refuse rather than answer wrong
 * (a 5xx during the outage, never a 2xx that contradicts the data nor a 4xx that denies a right the
 * data grants), and serve normally again without being restarted itself. The restart window is
 * kept short: other engineers' tests share this PostgreSQL. Runs only where RELIABILITY_ENGINES
 * includes postgres.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { freshDatabase, reliabilityEngines, seed, type TestDatabase } from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { bearer, type HttpResult, http, type Server, scratch, serverEnv, startServer } from './harness/server.ts';
import { brewery, type Op, startWithMain, writeLoad } from './harness/write-load.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const engines = reliabilityEngines.includes('postgres') ? ['postgres' as const] : [];

describe.each(engines)('PostgreSQL restart under load (issue 8)', (engine) => {
  const dir = scratch('pg-restart');
  let db: TestDatabase;
  let env: Record<string, string>;
  let server: Server;
  let persons: string[];

  beforeAll(async () => {
    db = await freshDatabase(engine, dir.dir);
    persons = await seed(db.url, 100);
    env = serverEnv(dir.dir, db.url);
    server = await startWithMain(env);
  });
  afterAll(async () => {
    await server?.kill();
    await db.drop();
    dir.cleanup();
  });

  it('reports not-ready during the restart, never a wrong answer, and recovers by itself', async () => {
    const htb = await bearer(env, P.sofieJanssens.number);
    const ops: Op[] = [];
    const load = writeLoad(() => server.url, htb, persons, ops, 4);
    const ready: number[] = [];
    const reads: number[] = [];
    const wrong: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        ready.push((await http(server.url, 'GET', '/readyz', { timeoutMs: 5000 })).status);
        // the truth does not change during the restart: Sofie is the main access manager
        const r = await http(server.url, 'GET', `/api/v1/enterprises/${brewery}/access-managers`, {
          auth: htb,
          timeoutMs: 10_000,
        });
        reads.push(r.status);
        const main = (r.body as { main?: { person?: string } | null })?.main;
        if (r.status < 300 && main?.person !== P.sofieJanssens.number)
          wrong.push(`200 with main ${JSON.stringify(main)}`);
        if (r.status >= 400 && r.status < 500) wrong.push(`${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
        await sleep(50);
      }
    })();
    await sleep(1500);
    const version = readdirSync('/etc/postgresql')[0]!;
    const pgctl = (verb: 'stop' | 'start') =>
      promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', verb, '-m', 'fast'], {
        timeout: 60_000,
      });
    const started = Date.now();
    // Stop, then hold the outage until btb has been seen to report it, then start (issue 21,
    // item 8): a restart in one step could fall between two samples, and the test would pass
    // without ever seeing the 503 it is about. Bounded by a number of tries, not by a time.
    // Asynchronously: the readers above keep sampling while PostgreSQL is down.
    let outageReady: HttpResult = { status: -1, body: null, contentType: '' };
    let outageRead: HttpResult = { status: -1, body: null, contentType: '' };
    await pgctl('stop');
    try {
      for (let i = 0; i < 300 && outageReady.status !== 503; i++) {
        outageReady = await http(server.url, 'GET', '/readyz', { timeoutMs: 10_000 });
        if (outageReady.status !== 503) await sleep(100);
      }
      outageRead = await http(server.url, 'GET', `/api/v1/enterprises/${brewery}/access-managers`, {
        auth: htb,
        timeoutMs: 30_000,
      });
    } finally {
      await pgctl('start');
    }
    const restartMs = Date.now() - started;
    // serve again without a restart of btb
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      back = (await http(server.url, 'GET', '/readyz')).status === 200;
      if (!back) await sleep(200);
    }
    await sleep(1500);
    load.halt();
    await load.done;
    polling = false;
    await poller;
    const after = await http(server.url, 'GET', `/api/v1/enterprises/${brewery}/access-managers`, { auth: htb });
    recordFigures('pg-restart', {
      restartMs,
      readyzSamples: ready.length,
      readyz503: ready.filter((s) => s === 503).length,
      reads: reads.length,
      readsRefused5xx: reads.filter((s) => s >= 500).length,
      writes: ops.length,
      writes5xx: ops.filter((o) => o.status >= 500).length,
      wrongAnswers: wrong.length,
    });
    expect(server.proc.exitCode, `btb exited:\n${server.stderr().slice(-1500)}`).toBe(null);
    // the outage was seen: not-ready on /readyz (by the test and by the poller) and a read
    // refused with 503 problem+json, not a 500 nor a hang
    expect(outageReady.status, JSON.stringify(outageReady.body)).toBe(503);
    expect(outageReady.body).toMatchObject({ status: 'not-ready', reason: 'database unreachable' });
    expect(ready).toContain(503);
    expect(outageRead.status, JSON.stringify(outageRead.body).slice(0, 300)).toBe(503);
    expect(outageRead.contentType).toContain('application/problem+json');
    expect(back, `readyz: ${[...new Set(ready)]}, reads: ${[...new Set(reads)]}, wrong: ${wrong.slice(0, 3)}`).toBe(
      true,
    );
    expect(after.status).toBe(200);
    expect(wrong).toEqual([]);
    expect(ready.every((s) => s === 200 || s === 503)).toBe(true);
    // refusals during the outage say "unavailable, retry", not "internal error"
    expect(reads.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(ops.filter((o) => o.status >= 500 && o.status !== 503).map((o) => o.status)).toEqual([]);
    // writes that failed during the outage failed whole: no write was acknowledged and then lost
    const h = db.open();
    try {
      const acked = ops.filter((o) => o.kind === 'grant' && o.status === 201).map((o) => o.id!);
      const found = acked.length
        ? await h.db.selectFrom('access_grant').select('id').where('id', 'in', acked).execute()
        : [];
      expect(found.length).toBe(acked.length);
    } finally {
      await h.close();
    }
  });
});
