/**
 * The permission matrix: every management endpoint × every role × every assurance level, with
 * the expected outcome generated from one table. On SQLite every case runs on a fresh copy of
 * the same database (a deserialized snapshot), so allowed changes cannot leak into the next case.
 * On PostgreSQL the refused cases run (a refusal changes nothing, and we check that it didn't).
 */
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastAuditAction } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { tokenFor } from '../../test/tokens.ts';
import { appointAccessManager } from '../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { grantAccess } from '../app/grant-access.ts';
import type { Loa } from '../domain/actor.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { type DbHandle, sqliteHandle } from '../infra/db/database.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

type Role = 'lr' | 'main' | 'coMain' | 'tbFinance' | 'tbMobility' | 'user' | 'stranger' | 'otherEnterpriseManager';
const roles: Record<Role, string> = {
  lr: P.anPeeters.number,
  main: P.sofieJanssens.number,
  coMain: P.karimElAmrani.number,
  tbFinance: P.juliaSchmitz.number,
  tbMobility: P.lotteMartens.number,
  user: P.tomMaes.number,
  stranger: P.nadiaClaes.number,
  otherEnterpriseManager: P.marcLambert.number,
};
const levels: Loa[] = ['low', 'substantial', 'high'];
const en = E.brewery.number;
const managers: Role[] = ['main', 'coMain'];

interface Endpoint {
  name: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  url: (ids: { grant: string }) => string;
  body?: unknown;
  allowed: Role[];
  loa: Loa;
}

const c = { email: 'x@example.be', phone: '+3221234567' };
const endpoints: Endpoint[] = [
  {
    name: 'list access managers',
    method: 'GET',
    url: () => `/api/v1/enterprises/${en}/access-managers`,
    allowed: ['lr', ...managers, 'tbFinance', 'tbMobility'],
    loa: 'substantial',
  },
  {
    name: 'appoint main',
    method: 'PUT',
    url: () => `/api/v1/enterprises/${en}/main-access-manager`,
    body: { person: P.lucDubois.number, ...c },
    allowed: ['lr'],
    loa: 'high',
  },
  {
    name: 'remove main',
    method: 'DELETE',
    url: () => `/api/v1/enterprises/${en}/main-access-manager`,
    allowed: ['lr'],
    loa: 'high',
  },
  {
    name: 'appoint co-main',
    method: 'POST',
    url: () => `/api/v1/enterprises/${en}/co-main-access-managers`,
    body: { person: P.juliaSchmitz.number, ...c },
    allowed: ['main'],
    loa: 'substantial',
  },
  {
    name: 'remove co-main',
    method: 'DELETE',
    url: () => `/api/v1/enterprises/${en}/co-main-access-managers/${P.karimElAmrani.number}`,
    allowed: ['main'],
    loa: 'substantial',
  },
  {
    name: 'appoint finance manager',
    method: 'POST',
    url: () => `/api/v1/enterprises/${en}/domains/finance/access-managers`,
    body: { person: P.tomMaes.number, ...c },
    allowed: managers,
    loa: 'substantial',
  },
  {
    name: 'remove finance manager',
    method: 'DELETE',
    url: () => `/api/v1/enterprises/${en}/domains/finance/access-managers/${P.juliaSchmitz.number}`,
    allowed: managers,
    loa: 'substantial',
  },
  {
    name: 'grant finance service',
    method: 'POST',
    url: () => `/api/v1/enterprises/${en}/grants`,
    body: { person: P.sofieJanssens.number, service: 'finance.intervat' },
    allowed: [...managers, 'tbFinance'],
    loa: 'substantial',
  },
  {
    name: 'invite to finance service',
    method: 'POST',
    url: () => `/api/v1/enterprises/${en}/grants`,
    body: { email: 'new@example.be', service: 'finance.intervat' },
    allowed: [...managers, 'tbFinance'],
    loa: 'substantial',
  },
  {
    name: 'grant mobility service',
    method: 'POST',
    url: () => `/api/v1/enterprises/${en}/grants`,
    body: { person: P.sofieJanssens.number, service: 'mobility.vehicle-registration' },
    allowed: [...managers, 'tbMobility'],
    loa: 'substantial',
  },
  {
    name: 'list finance grants',
    method: 'GET',
    url: () => `/api/v1/enterprises/${en}/grants?domain=finance`,
    allowed: [...managers, 'tbFinance'],
    loa: 'substantial',
  },
  {
    name: 'extend finance grant',
    method: 'PATCH',
    url: (ids) => `/api/v1/enterprises/${en}/grants/${ids.grant}`,
    body: { validUntil: '2030-01-01' },
    allowed: [...managers, 'tbFinance'],
    loa: 'substantial',
  },
  {
    name: 'revoke finance grant',
    method: 'DELETE',
    url: (ids) => `/api/v1/enterprises/${en}/grants/${ids.grant}`,
    allowed: [...managers, 'tbFinance'],
    loa: 'substantial',
  },
  {
    name: 'read audit',
    method: 'GET',
    url: () => `/api/v1/enterprises/${en}/audit`,
    allowed: ['lr', ...managers],
    loa: 'substantial',
  },
];

const rank: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };
type Expected = 'allow' | 'step_up' | 'deny';
function expected(e: Endpoint, role: Role, loa: Loa): Expected {
  if (!e.allowed.includes(role)) return 'deny';
  return rank[loa] >= rank[e.loa] ? 'allow' : 'step_up';
}

const cases = endpoints.flatMap((e) =>
  (Object.keys(roles) as Role[]).flatMap((role) =>
    levels.map((loa) => ({ e, role, loa, want: expected(e, role, loa) })),
  ),
);

describe.each(engines)('permission matrix on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let snapshot: Buffer | undefined;
  let ids: { grant: string };
  let baseDb: DbHandle;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    const as = (person: string, loa: Loa = 'high') => ({
      actor: { personNumber: person, loa, means: 'eid' as const, via: 'bearer' as const },
    });
    const m = (person: string) => ({ person, email: 'm@example.be', phone: '+3221234567' });
    await appointMainAccessManager(deps, as(roles.lr), { enterprise: en, ...m(roles.main) });
    await appointAccessManager(deps, as(roles.main), { enterprise: en, kind: 'co_main', ...m(roles.coMain) });
    await appointAccessManager(deps, as(roles.main), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      ...m(roles.tbFinance),
    });
    await appointAccessManager(deps, as(roles.main), {
      enterprise: en,
      kind: 'domain',
      domain: 'mobility',
      ...m(roles.tbMobility),
    });
    const g = await grantAccess(deps, as(roles.tbFinance), {
      enterprise: en,
      person: roles.user,
      service: 'finance.biztax',
    });
    ids = { grant: g.kind === 'grant' ? g.grant.id : '' };
    await appointMainAccessManager(deps, as(roles.otherEnterpriseManager), {
      enterprise: E.selfEmployed.number,
      ...m(roles.otherEnterpriseManager),
    });
    if (deps.db.raw.kind === 'sqlite') snapshot = deps.db.raw.sqlite.serialize();
    baseDb = deps.db;
    app = await buildApp(deps);
    for (const person of Object.values(roles)) {
      for (const loa of levels) tokens.set(`${person}:${loa}`, await tokenFor(deps, person, loa));
    }
  });
  afterAll(async () => {
    await app.close();
    deps.db = baseDb;
    await deps.cleanup();
  });

  const run = engine === 'sqlite' ? cases : cases.filter((x) => x.want !== 'allow');

  it(`has ${run.length} cases, every role and level for every endpoint`, () => {
    expect(new Set(run.map((x) => x.e.name)).size).toBe(endpoints.length);
    expect(cases).toHaveLength(endpoints.length * 8 * 3);
  });

  it.each(run.map((x) => [`${x.e.name} as ${x.role} at ${x.loa} → ${x.want}`, x] as const))('%s', async (_name, x) => {
    let caseDb: DbHandle | undefined;
    if (snapshot) {
      caseDb = sqliteHandle(new SqliteDatabase(snapshot));
      deps.db = caseDb;
    }
    try {
      const before = await verifyAudit(deps.db.db);
      const res = await app.inject({
        method: x.e.method,
        url: x.e.url(ids),
        headers: { authorization: `Bearer ${tokens.get(`${roles[x.role]}:${x.loa}`)}` },
        ...(x.e.body ? { payload: x.e.body as object } : {}),
      });
      if (x.want === 'allow') {
        expect(res.statusCode, res.body).toBeLessThan(300);
      } else {
        expect(res.statusCode, res.body).toBe(403);
        const code = res.json().code as string;
        if (x.want === 'step_up') expect(code).toBe('authentication.insufficient_assurance');
        else expect(code).toMatch(/^authorization\./);
        // a refusal changes nothing; a refused change is itself audited, once (issue 13)
        const after = await verifyAudit(deps.db.db);
        const isChange = x.e.method !== 'GET';
        expect(after).toEqual({ ...before, events: before.events + (isChange ? 1 : 0) });
        if (isChange) {
          expect(await lastAuditAction(deps)).toBe('security.refused');
        }
      }
    } finally {
      if (caseDb) {
        await caseDb.close();
        deps.db = baseDb;
      }
    }
  });
});
