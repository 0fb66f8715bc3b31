/**
 * Access across enterprises (issue 8), generated from /openapi.json: for every endpoint with an
 * enterprise in its path, the legal representative and the main access manager of enterprise A
 * call it for enterprise B, with real identifiers of B (its managers, its grants). Nothing may
 * succeed, nothing of B may show in any answer, and the database must not change. Endpoints
 * without an enterprise in the path must be listed below with the reason; an endpoint nobody
 * classified fails the test by name, so a new endpoint is never silently left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/http/app.ts';
import { demoEnterprises as E, demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { apiCaller, appointTeam, contact, demoDeps } from '../builders.ts';
import { engines, type TestDeps } from '../test-deps.ts';
import { snapshot } from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { fillPath, type JsonSchema, key, type Operation } from './harness/openapi.ts';

const A = E.accountant.number; // LR Tom Maes, employee Lotte Martens
const B = E.brewery.number;

/** Endpoints with an enterprise in the path whose success for a stranger is the design. */
const OPEN_BY_DESIGN: Record<string, string> = {
  'GET /api/v1/enterprises/{enterpriseNumber}': 'public register data (KBO open data), nothing of the delegation chain',
  'POST /api/v1/enterprises/{en}/exception-requests':
    'the exception procedure is for people the register does not know; an operator reviews every request',
  'POST /api/v1/enterprises/{en}/access-requests':
    "any logged-in person may ask any enterprise for access (issue 18): the request is the caller's own, the enterprise's managers decide it",
};

/**
 * What an open-by-design change may write: for each table, the actions or rows it may add. Every
 * other table must stay as it was; these are checked row by row below.
 */
const ASKED_BY_DESIGN = 'POST /api/v1/enterprises/{en}/access-requests';

/** Endpoints without an enterprise in the path, and why that is right. */
const NOT_ENTERPRISE_SCOPED: Record<string, string> = {
  'GET /healthz': 'system',
  'GET /readyz': 'system',
  'GET /api/v1/domains': 'the public catalogue',
  'GET /api/v1/me': "the caller's own roles",
  'GET /api/v1/me/clients': "the caller's own client enterprises (mandates)",
  'GET /api/v1/me/access-requests': "the caller's own access requests (issue 18)",
  'GET /api/v1/systems':
    'the registry of software (issue 18, section 2): names, client ids, services; nothing about who uses it',
  'POST /api/v1/me/access-requests/{id}/withdraw': "the caller's own access request: anyone else's is not found",
  'POST /api/v1/invitations/{token}/accept': 'the invitation token names the enterprise; only its invitee can accept',
  'GET /api/v1/invitations/{token}':
    'the invitation token (256 random bits) is the only key; it shows names only, never a national number or address',
  'GET /auth/login': 'browser login',
  'POST /auth/logout': 'browser login',
  'GET /auth/csrf': 'browser login',
  'GET /api/v1/session': "the caller's own session",
  'GET /api/v1/sessions': "the caller's own sessions",
  'DELETE /api/v1/sessions': "the caller's own sessions",
  'GET /api/v1/exception-requests/challenge': 'exception procedure, anonymous by design',
  'GET /api/v1/exception-requests/form.pdf': 'exception procedure, a blank form',
  'POST /api/v1/exception-requests/form.pdf': 'exception procedure, fills the form with what the caller sends',
  'POST /api/v1/exception-requests/follow': "exception procedure, the requester's follow-up by reference and code",
  'GET /api/v1/exception-requests/follow': "exception procedure, the requester's follow-up token",
  'POST /api/v1/exception-requests/follow/code': "exception procedure, the requester's follow-up",
  'POST /api/v1/exception-requests/follow/answer': "exception procedure, the requester's follow-up token",
  'GET /api/v1/service-desk/exception-requests': 'service desk operators only',
  'POST /api/v1/service-desk/exception-requests/{id}/views': 'service desk operators only (audited look-up)',
  'POST /api/v1/service-desk/exception-requests/{id}/attachments/{attachmentId}/views':
    'service desk operators only (audited)',
  'GET /api/v1/service-desk/exception-requests/{id}/attachments/{attachmentId}':
    'service desk operators only, with the link of an audited opening',
  'POST /api/v1/service-desk/exception-requests/{id}/decisions': 'service desk operators only',
  'POST /api/v1/service-desk/person-links':
    'service desk operators only (issue 19: link an eIDAS person to a BIS number)',
  'POST /api/v1/service-desk/person-links/{id}/decisions': 'service desk operators only (four eyes)',
  'POST /api/v1/service-desk/enterprises/{en}/managers/look-ups': 'service desk operators only (audited look-up)',
  'POST /api/v1/service-desk/enterprises/{en}/ending-soon/look-ups': 'service desk operators only (audited look-up)',
  'POST /api/v1/service-desk/systems/{id}/end': 'service desk operators only (ending a vendor system, issue 18)',
  'GET /api/v1/service-desk/person-links': 'service desk operators only (links awaiting a second operator)',
  'GET /api/v1/service-desk/foreign-enterprises': 'service desk operators only (foreign enterprises, issue 19)',
  'POST /api/v1/service-desk/foreign-enterprises': 'service desk operators only (registration, four eyes)',
  'GET /api/v1/service-desk/foreign-enterprises/{number}': 'service desk operators only',
  'POST /api/v1/service-desk/foreign-enterprises/{number}/decisions': 'service desk operators only (four eyes)',
  'POST /api/v1/service-desk/foreign-enterprises/{number}/links': 'service desk operators only (link to KBO)',
  'POST /api/v1/service-desk/foreign-enterprises/{number}/links/{id}/decisions':
    'service desk operators only (four eyes)',
  'GET /api/v1/service-desk/foreign-representatives/ending-soon': 'service desk operators only',
  'POST /api/v1/service-desk/foreign-enterprises/{number}/representatives/{id}/renewals': 'service desk operators only',
  'POST /api/v1/service-desk/foreign-enterprises/{number}/representatives/{id}/renewals/decisions':
    'service desk operators only (four eyes)',
  'GET /api/v1/enterprises/{en}/capacities':
    "public register facts (the capacities the Social Security lists publish): an office proposing a mandate reads its client's (issue 19)",
  'GET /api/v1/service-desk/appointment-reports': 'service desk operators only ("this was not us" reports, issue 17)',
  'POST /api/v1/service-desk/appointment-reports/{id}/decision': 'service desk operators only',
  'GET /.well-known/authzen-configuration': 'check API metadata',
  'POST /oauth/token': 'API clients (client credentials), not persons',
  'POST /access/v1/evaluation': 'check API: API clients with their own scope, not enterprise managers',
  'POST /access/v1/evaluations': 'check API: API clients',
  'POST /access/v1/search/subject': 'check API: API clients',
  'POST /access/v1/search/resource': 'check API: API clients',
  'POST /access/v1/search/action': 'check API: API clients',
};

/** Endpoints of the service desk and the check API, called with a manager's token anyway: must refuse. */
const MUST_REFUSE_MANAGERS = /^(GET|POST) \/(api\/v1\/service-desk|access\/v1)\//;

function bodyFor(schema: JsonSchema | undefined, values: Record<string, unknown>): unknown {
  if (!schema?.properties) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(schema.properties)) {
    if (name in values) out[name] = values[name];
    else if (schema.required?.includes(name))
      out[name] = s.type === 'array' ? [] : s.type === 'object' ? {} : s.type === 'integer' ? 1 : 'x';
  }
  return out;
}

describe.each(engines)('a manager of enterprise A cannot read or change enterprise B, on %s (issue 8)', (engine) => {
  let deps: TestDeps;
  let app: App;
  // at LoA high: the main's appointment below goes through this default
  const call = apiCaller(() => ({ deps, app }), 'high');
  const secretsOfB: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    const ok = (r: { statusCode: number; body: string }) => {
      expect(r.statusCode, r.body).toBeLessThan(300);
      return JSON.parse(r.body);
    };
    // B: the whole chain, with a grant
    ok(
      await call('PUT', `/api/v1/enterprises/${B}/main-access-manager`, P.anPeeters.number, {
        person: P.sofieJanssens.number,
        ...contact(P.sofieJanssens),
      }),
    );
    await appointTeam(call, B, P.sofieJanssens.number, {
      coMains: [P.karimElAmrani],
      managers: [['finance', P.juliaSchmitz]],
    });
    ids.grant = ok(
      await call('POST', `/api/v1/enterprises/${B}/grants`, P.juliaSchmitz.number, {
        person: P.erikVos.number,
        service: 'finance.biztax',
      }),
    ).grant.id;
    // A: its legal representative appoints its main access manager
    ok(
      await call('PUT', `/api/v1/enterprises/${A}/main-access-manager`, P.tomMaes.number, {
        person: P.lotteMartens.number,
        ...contact(P.lotteMartens),
      }),
    );
    secretsOfB.push(
      P.sofieJanssens.number,
      P.karimElAmrani.number,
      P.juliaSchmitz.number,
      P.erikVos.number,
      P.sofieJanssens.email,
      P.karimElAmrani.email,
      ids.grant!,
    );
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('refuses every enterprise-scoped endpoint for another enterprise, and classifies every other endpoint', async () => {
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    };
    const ops: Pick<Operation, 'method' | 'path' | 'body'>[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          body: op.requestBody?.content?.['application/json']?.schema,
        })),
    );
    const unclassified = ops
      .filter((op) => !/\{(en|enterpriseNumber)\}/.test(op.path) && !(key(op) in NOT_ENTERPRISE_SCOPED))
      .map(key);
    expect(
      unclassified,
      'endpoints without an enterprise in the path must be listed in NOT_ENTERPRISE_SCOPED (test/reliability/cross-enterprise.spec.ts) with the reason, or take the enterprise in the path',
    ).toEqual([]);

    const before = await snapshot(deps.db);
    const values = {
      en: B,
      enterpriseNumber: B,
      person: P.karimElAmrani.number,
      domain: 'finance',
      id: ids.grant!,
      grant: ids.grant!,
      grantId: ids.grant!,
      token: 'x',
      attachmentId: 'x',
      appointment: 'x',
    };
    const bodyValues = {
      person: P.lotteMartens.number,
      email: P.lotteMartens.email,
      phone: '+32 2 123 45 67',
      service: 'finance.biztax',
      domain: 'finance',
      domains: ['finance'],
      enterprise: B,
      validUntil: '2030-01-01',
      reason: 'x',
    };
    const breaches: string[] = [];
    let scoped = 0;
    let calls = 0;
    for (const op of ops) {
      const k = key(op);
      const isScoped = /\{(en|enterpriseNumber)\}/.test(op.path) && !(k in NOT_ENTERPRISE_SCOPED);
      if (!isScoped && !MUST_REFUSE_MANAGERS.test(k)) {
        // not scoped: still, nothing of B may show to A's managers
        for (const who of [P.tomMaes.number, P.lotteMartens.number]) {
          const url = fillPath(op.path, values);
          const body = bodyFor(op.body, bodyValues);
          const r = await call(op.method, url, who, body);
          calls++;
          const sent = url + JSON.stringify(body ?? '');
          const leaked = secretsOfB.filter((s) => r.body.includes(s) && !sent.includes(s));
          if (leaked.length && !(k in OPEN_BY_DESIGN)) breaches.push(`${k} as ${who}: shows ${leaked.join(', ')}`);
        }
        continue;
      }
      if (isScoped) scoped++;
      for (const who of [P.tomMaes.number, P.lotteMartens.number]) {
        const url = fillPath(op.path, values);
        const body = bodyFor(op.body, bodyValues);
        const r = await call(op.method, url, who, body);
        calls++;
        // what the caller sent may come back (a refusal names its instance): only the rest is a leak
        const sent = url + JSON.stringify(body ?? '');
        const leaked = secretsOfB.filter((s) => r.body.includes(s) && !sent.includes(s));
        if (k in OPEN_BY_DESIGN) {
          if (leaked.length) breaches.push(`${k} as ${who}: open by design, but shows ${leaked.join(', ')}`);
          continue;
        }
        if (r.statusCode < 400) breaches.push(`${k} as ${who}: answered ${r.statusCode}`);
        if (r.statusCode >= 500) breaches.push(`${k} as ${who}: answered ${r.statusCode} ${r.body.slice(0, 200)}`);
        if (leaked.length) breaches.push(`${k} as ${who}: the refusal shows ${leaked.join(', ')}`);
      }
    }
    // Asking is open by design: it may add the callers' own requests at B, their audit events and
    // the mails to B's managers, and nothing else (issue 18).
    const asked = await deps.db.db.selectFrom('access_request').selectAll().execute();
    expect(asked.map((r) => [r.enterprise_number, r.requester]).sort()).toEqual(
      ops.some((op) => key(op) === ASKED_BY_DESIGN)
        ? [
            [B, P.lotteMartens.number],
            [B, P.tomMaes.number],
          ]
        : [],
    );
    const newEvents = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'actor'])
      .where('seq', '>', before.auditHead?.seq ?? 0)
      .where('action', 'not like', 'security.%')
      .execute();
    expect(newEvents.every((e) => e.action === 'access_request.created')).toBe(true);
    const outbox = await deps.db.db.selectFrom('outbox').selectAll().execute();
    const newMails = outbox.length - before.counts.outbox!;
    await deps.db.db.deleteFrom('access_request').execute();
    const after = await snapshot(deps.db);
    after.counts.audit_event! -= newEvents.length;
    after.counts.outbox! -= newMails;
    after.auditHead = before.auditHead;
    recordFigures(`cross-enterprise.${engine}`, {
      endpoints: ops.length,
      enterpriseScoped: scoped,
      calls,
      breaches: breaches.length,
    });
    expect(breaches).toEqual([]);
    // challenges and login starts are handed to anyone by design (listed above); nothing else may change
    for (const t of ['exception_challenge', 'login_request']) {
      delete after.counts[t];
      delete before.counts[t];
    }
    expect(after).toEqual(before);
    expect(scoped).toBeGreaterThan(10);
  });
});
