/**
 * Issue 14, item 8: over every write endpoint of the API (read from its OpenAPI document), random
 * input — half plausible, half garbage, from people with and without powers — never gives a 5xx,
 * and a refused request changes nothing: the audit head and a digest of every table are the same
 * before and after it.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { appointAccessManager } from '../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { grantAccess } from '../app/grant-access.ts';
import { acceptMandate } from '../app/mandates/accept-mandate.ts';
import { proposeMandate } from '../app/mandates/propose-mandate.ts';
import type { Actor } from '../domain/actor.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
type Op = { requestBody?: { content: Record<string, { schema: Schema }> } };
const WRITE = new Set(['post', 'put', 'patch', 'delete']);

/** Tables whose rows a refused request may legitimately leave behind. */
const VOLATILE = new Set(['kysely_migration', 'kysely_migration_lock']);

const as = (person: string, loa: Actor['loa'] = 'substantial') => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' } satisfies Actor,
});

// Values that reach deep into the use cases, and values at and beyond their edges.
const plausible = fc.constantFrom<unknown>(
  P.tomMaes.number,
  '85.07.30-033.28',
  '85073003329',
  P.lucDubois.number,
  E.brewery.number,
  '0566.988.258',
  demoClients[0]!.number,
  'tom.maes@example.be',
  'jürgen@müller.de',
  'a@b',
  '0470 12 34 56',
  '+32 470',
  'finance',
  'finance.biztax',
  'economy.my-enterprise',
  'nope.nothing',
  '2027-02-30',
  '2027-04-31T08:00:00+02:00',
  '2026-11-27',
  '2027-03-28',
  '2099-12-31T23:59:59Z',
  '__proto__',
  'constructor',
  '',
  'x'.repeat(300),
  ['finance'],
  ['finance.biztax'],
  [],
  null,
  -1,
  0,
  1e308,
  true,
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: plausible },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

function bodyFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const props = Object.keys(schema?.properties ?? {});
  const shaped = fc.record(Object.fromEntries(props.map((p) => [p, value])), { requiredKeys: [] });
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}

const garbage = fc.oneof(
  fc.constantFrom('00000000-0000-4000-8000-000000000000', '%00', '..', '%2e%2e', '__proto__', 'x'.repeat(200)),
  fc.string({ minLength: 1, maxLength: 30 }),
);

/** A path parameter: mostly one that names something that exists, by the parameter's name. */
function pathParam(name: string, ids: { grant: string; mandate: string }): fc.Arbitrary<string> {
  const known: Record<string, string[]> = {
    en: [E.brewery.number, E.accountant.number, demoClients[0]!.number],
    person: [P.juliaSchmitz.number, P.sofieJanssens.number, P.tomMaes.number, P.jonasWillems.number],
    domain: ['finance', 'health'],
    id: [ids.grant, ids.mandate],
    grant: [ids.grant],
    token: ['x'.repeat(43)],
  };
  const names = known[name];
  return names
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: garbage })
    : garbage;
}

describe.each(engines)('random input to every write endpoint on %s (issue 14, item 8)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let endpoints: { method: string; path: string; schema: Schema | undefined }[] = [];
  const ids = { grant: '', mandate: '' };

  /** A digest of every table's rows (the audit head among them), by table. */
  async function snapshot(): Promise<Record<string, string>> {
    // this test's own tables only: other test files' PostgreSQL schemas live in the same database
    const listed =
      deps.db.engine === 'postgres'
        ? sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`
        : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`;
    const tables = (await listed.execute(deps.db.db)).rows.map((t) => t.name).filter((n) => !VOLATILE.has(n));
    const out: Record<string, string> = {};
    for (const t of tables.sort()) {
      // a refused change is itself audited (security.refused, issue 13): every other event and
      // every other table must stay as it was; the head moves with that one event, so it is left out
      if (t === 'audit_head') continue;
      const rows =
        t === 'audit_event'
          ? await sql<Record<string, unknown>>`select * from audit_event where action not like 'security.%'`.execute(
              deps.db.db,
            )
          : await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(deps.db.db);
      const lines = rows.rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
      out[t] = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
    }
    return out;
  }

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    const c = { phone: '+32 2 123 45 67' };
    await appointMainAccessManager(deps, as(P.anPeeters.number, 'high'), {
      enterprise: E.brewery.number,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      ...c,
    });
    await appointAccessManager(deps, as(P.sofieJanssens.number), {
      enterprise: E.brewery.number,
      kind: 'domain',
      domain: 'finance',
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      ...c,
    });
    const g = await grantAccess(deps, as(P.juliaSchmitz.number), {
      enterprise: E.brewery.number,
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    await appointMainAccessManager(deps, as(P.tomMaes.number, 'high'), {
      enterprise: E.accountant.number,
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      ...c,
    });
    const { mandate } = await proposeMandate(deps, as(P.tomMaes.number, 'high'), {
      enterprise: E.accountant.number,
      mandator: demoClients[0]!.number,
      domains: ['finance'],
    });
    await acceptMandate(deps, as(demoClients[0]!.lr.number, 'high'), {
      enterprise: demoClients[0]!.number,
      id: mandate.id,
    });
    ids.grant = g.kind === 'grant' ? g.grant.id : '';
    ids.mandate = mandate.id;
    app = await buildApp(deps);
    const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
    endpoints = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => WRITE.has(m))
        .map(([method, op]) => ({ method, path, schema: op.requestBody?.content['application/json']?.schema })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('finds the write endpoints, and the tables it watches', async () => {
    expect(endpoints.length).toBeGreaterThan(20);
    const tables = await snapshot();
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(['appointment', 'access_grant', 'audit_event', 'mandate']),
    );
  });

  it('never answers 5xx, and a refusal changes nothing', async () => {
    const who = fc.constantFrom(
      null,
      [P.anPeeters.number, 'high'] as const,
      [P.sofieJanssens.number, 'substantial'] as const,
      [P.juliaSchmitz.number, 'substantial'] as const,
      [P.tomMaes.number, 'high'] as const,
      [P.lotteMartens.number, 'low'] as const,
      [demoClients[0]!.lr.number, 'high'] as const,
    );
    const runs = engine === 'postgres' ? 10 : 30;
    const statuses = new Map<number, number>();
    for (const ep of endpoints) {
      const params = fc.record(
        Object.fromEntries([...ep.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, pathParam(m[1]!, ids)])),
      );
      await fc.assert(
        fc.asyncProperty(params, bodyFor(ep.schema), who, async (p, body, actor) => {
          const url = ep.path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(String(p[k])));
          const before = await snapshot();
          const r = await app.inject({
            method: ep.method.toUpperCase() as 'POST',
            url,
            headers: actor ? await authHeader(deps, actor[0], actor[1]) : {},
            payload: body as object,
          });
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
          expect(r.statusCode, `${ep.method} ${url} ${JSON.stringify(body)} -> ${r.body}`).toBeLessThan(500);
          if (r.statusCode >= 400) {
            expect(await snapshot(), `${ep.method} ${url} refused ${r.statusCode} but changed data`).toEqual(before);
          }
        }),
        { numRuns: runs, seed: 14_8 },
      );
    }
    // the random input reaches the use cases: some of it is accepted, and changes things
    const accepted = [...statuses].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0);
    expect(accepted, JSON.stringify([...statuses])).toBeGreaterThan(0);
    console.info(
      `statuses on ${engine}: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
  });
});
