/**
 * Regression tests of issue 13 (security review), the findings of the HTTP edge: each test is
 * named after its finding and was seen failing before the fix. Beside the code: finding 1 in
 * src/http/return-to.test.ts, finding 13 in src/infra/auth/bearer.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../../test/builders.ts';
import { devKeyVerifier, errorOf } from '../../test/dev-key-verifier.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { formatDate } from '../../web/src/format.ts';
import { decideExceptionRequest } from '../app/exception/decide-exception-request.ts';
import { issueChallenge } from '../app/exception/issue-challenge.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { submitExceptionRequest } from '../app/exception/submit-exception-request.ts';
import { kboNameLanguage } from '../app/get-enterprise.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { loaAtLeast } from '../domain/actor.ts';
import { isDomainError } from '../domain/errors.ts';
import { ownValue } from '../domain/own.ts';
import { solveChallenge } from '../domain/proof-of-work.ts';
import { DEV_ISSUER, loadOrCreateDevKey } from '../infra/auth/dev-key.ts';
import { type Config, loadConfig } from '../infra/config.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { identityFromClaims } from '../infra/oidc/claims.ts';
import { type App, buildApp } from './app.ts';
import { statusFor } from './error-handler.ts';
import { problemTitle } from './problem-messages.ts';

/** The names an attacker feeds to a lookup that forgets the prototype. */
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

/** An anonymous request (nobody logged in) for the brewery; its id. */
async function submitAnonymously(
  deps: TestDeps,
  requesterNumber: string | undefined,
  proposed: string,
): Promise<string> {
  const ch = await issueChallenge(deps);
  const r = await submitExceptionRequest(deps, undefined, {
    enterprise: E.brewery.number,
    requester: {
      familyName: 'Claes',
      givenName: 'Nadia',
      ...(requesterNumber
        ? { personNumber: requesterNumber }
        : { idDocument: { type: 'passport', number: 'X1234567', issuingCountry: 'NL', expiry: '2031-01-01' } }),
      capacity: 'director',
      email: 'someone@example.be',
      language: 'nl',
    },
    proposed: {
      personNumber: proposed,
      familyName: 'X',
      givenName: 'Y',
      email: 'p@example.be',
      phone: '+32 2 123 45 67',
    },
    reason: 'no_eid',
    challenge: ch.challenge,
    nonce: solveChallenge(ch.challenge, ch.difficulty),
    attachments: [
      { kind: 'signed_form', filename: 'form.pdf', bytes: pdf },
      { kind: 'identity_document', filename: 'pass.png', bytes: png },
    ],
  });
  const row = await deps.db.db
    .selectFrom('exception_request')
    .select('id')
    .where('reference', '=', r.reference)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('issue 13 finding 14: input never reaches the prototype', () => {
  const v = devKeyVerifier();

  it.each(PROTO_KEYS)('finding 14: ownValue(%j) finds nothing on a plain object', (key) => {
    expect(ownValue({ a: 1 }, key)).toBeUndefined();
  });

  it.each(PROTO_KEYS)('finding 14: a bearer token with acr %j is refused', async (acr) => {
    const key = await loadOrCreateDevKey(v.config.devKeyPath);
    const t = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ national_number: P.lucDubois.number, acr })
      .setProtectedHeader({ alg: 'ES256', kid: 'btb-dev' })
      .setIssuer(DEV_ISSUER)
      .setAudience(v.config.oidc.audience)
      .setIssuedAt(t)
      .setExpirationTime(t + 300)
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const e = await errorOf(v.verify(token));
    expect(isDomainError(e) && e.code).toBe('authentication.invalid_token');
  });

  it.each(PROTO_KEYS)('finding 14: a login whose acr is %j is refused', (acr) => {
    let e: unknown;
    try {
      identityFromClaims({ sub: 's', acr, national_number: P.lucDubois.number }, v.config);
    } catch (x) {
      e = x;
    }
    expect(isDomainError(e) && e.code).toBe('authentication.login_failed');
  });

  it.each(PROTO_KEYS)('finding 14: a login whose amr is %j keeps the means of its level', (amr) => {
    const id = identityFromClaims({ sub: 's', acr: 'high', amr: [amr], national_number: P.lucDubois.number }, v.config);
    expect(id.means).toBe('eid');
  });

  it.each(PROTO_KEYS)('finding 14: the level %j is no level at all', (loa) => {
    expect(loaAtLeast(loa as 'low', 'low')).toBe(false);
    expect(loaAtLeast('high', loa as 'low')).toBe(false);
  });

  it.each(PROTO_KEYS)('finding 14: the error code %j maps to a plain status and title', (code) => {
    expect(typeof statusFor(code)).toBe('number');
    expect(typeof problemTitle(code, 'en')).toBe('string');
  });

  it.each(PROTO_KEYS)('finding 14: a register name in language %j is in an unknown language', (lang) => {
    expect(kboNameLanguage(lang)).toBe('unknown');
  });

  it.each(PROTO_KEYS)('finding 14: the web app formats dates in the language %j without failing', (lang) => {
    expect(formatDate('2026-11-28T09:00:00Z', lang)).toMatch(/2026/);
  });
});

describe.each(engines)('issue 13 finding 14 over HTTP on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    await addOperator(deps, { person: P.nadiaClaes.number });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it.each(PROTO_KEYS)('finding 14: the AuthZEN action search on a resource of type %j finds nothing', async (type) => {
    const res = await app.inject({
      method: 'POST',
      url: '/access/v1/search/action',
      headers: {
        authorization: basicAuth(client),
      },
      payload: { subject: { type: 'user', id: P.tomMaes.number }, resource: { type, id: 'finance' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([]);
  });

  it.each(PROTO_KEYS)('finding 14: a service desk decision named %j is refused as invalid input', async (decision) => {
    const ctx = {
      actor: {
        personNumber: P.nadiaClaes.number,
        loa: 'substantial' as const,
        means: 'token' as const,
        via: 'bearer' as const,
      },
    };
    const e = await errorOf(decideExceptionRequest(deps, ctx, { id: randomUUID(), decision: decision as 'approve' }));
    expect(isDomainError(e) && e.code).toBe('validation.invalid_input');
  });
});

describe('issue 13 finding 6: four eyes by default in production', () => {
  it.each([
    ['production', {}, true],
    ['production', { EXCEPTION_FOUR_EYES: 'false' }, false],
    ['development', {}, false],
    ['development', { EXCEPTION_FOUR_EYES: 'true' }, true],
    ['test', {}, false],
  ] as const)('finding 6: NODE_ENV=%s with %j has four eyes %s', (nodeEnv, env, expected) => {
    expect(loadConfig({ NODE_ENV: nodeEnv, ...env }).exception.fourEyes).toBe(expected);
  });
});

describe.each(engines)('issue 13 finding 6: service desk conflict of interest on %s', (engine) => {
  let deps: TestDeps;
  let attachmentsDir: string;
  const operator = P.nadiaClaes.number;
  const asOperator = {
    actor: { personNumber: operator, loa: 'substantial' as const, means: 'token' as const, via: 'bearer' as const },
  };

  beforeAll(async () => {
    attachmentsDir = join(tmpdir(), `btb-att-${randomUUID()}`);
    deps = await makeTestDeps(engine, {
      EXCEPTION_POW_DIFFICULTY: '1',
      ATTACHMENTS_DIR: attachmentsDir,
      EXCEPTION_FOUR_EYES: 'false',
    });
    await seedDemo(deps);
    await addOperator(deps, { person: operator });
  });
  afterAll(async () => {
    await deps?.cleanup();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it.each([
    ['the anonymous requester, by national number', '83082510670', P.sofieJanssens.number],
    ['the anonymous requester, number spelt with dots', '83.08.25-106.70', P.sofieJanssens.number],
    ['the appointee', undefined, '83.08.25-106.70'],
  ])('finding 6: an operator who is %s decides nothing', async (_name, requester, proposed) => {
    const id = await submitAnonymously(deps, requester, proposed);
    for (const decision of ['ask_info', 'reject', 'approve'] as const) {
      const e = await errorOf(decideExceptionRequest(deps, asOperator, { id, decision, message: 'x' }));
      expect(isDomainError(e) && e.code, decision).toBe('exception.conflict_of_interest');
    }
  });

  it('finding 6: another request is decided by the same operator (control)', async () => {
    const id = await submitAnonymously(deps, P.lucDubois.number, P.sofieJanssens.number);
    const r = await decideExceptionRequest(deps, asOperator, { id, decision: 'ask_info', message: 'which capacity?' });
    expect(r.status).toBe('info_requested');
  });
});

describe.each(engines)(
  'issue 13 finding 9: no GET changes state, no cross-site request reaches management on %s',
  (engine) => {
    let deps: TestDeps;
    let app: App;
    let attachmentsDir: string;
    let requestId: string;
    let attachmentIds: string[];
    const operator = P.nadiaClaes.number;
    const brewery = E.brewery.number;
    const auditCount = async () =>
      Number(
        (
          await deps.db.db
            .selectFrom('audit_event')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      attachmentsDir = join(tmpdir(), `btb-att-${randomUUID()}`);
      deps = await makeTestDeps(engine, { EXCEPTION_POW_DIFFICULTY: '1', ATTACHMENTS_DIR: attachmentsDir });
      await seedDemo(deps);
      await addOperator(deps, { person: operator });
      app = await buildApp(deps);
      await app.ready();
      requestId = await submitAnonymously(deps, P.lucDubois.number, P.sofieJanssens.number);
      attachmentIds = (
        await deps.db.db
          .selectFrom('exception_attachment')
          .select('id')
          .where('request_id', '=', requestId)
          .orderBy('filename')
          .execute()
      ).map((a) => a.id);
    });
    afterAll(async () => {
      await app?.close();
      await deps?.cleanup();
      rmSync(attachmentsDir, { recursive: true, force: true });
    });

    it('finding 9: no documented GET route writes to the audit log or the outbox, whoever asks', async () => {
      const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
      const values: Record<string, string> = {
        en: brewery,
        enterpriseNumber: brewery,
        id: requestId,
        attachmentId: attachmentIds[0]!,
        person: P.sofieJanssens.number,
        domain: 'finance',
        token: 'x'.repeat(43),
        grant: randomUUID(),
      };
      const gets = Object.entries(doc.paths)
        // the login round trip needs the identity provider, and records logins, not look-ups
        .filter(([path, ops]) => 'get' in ops && !path.startsWith('/auth/'))
        .map(([path]) => path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? 'x'));
      expect(gets).toContain(`/api/v1/service-desk/exception-requests/${requestId}/attachments/${attachmentIds[0]}`);
      const outbox = async () =>
        Number(
          (
            await deps.db.db
              .selectFrom('outbox')
              .select((e) => e.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = [await auditCount(), await outbox()];
      for (const person of [operator, P.anPeeters.number]) {
        const headers = await authHeader(deps, person, 'high');
        for (const url of gets) {
          const r = await app.inject({ method: 'GET', url, headers });
          expect(r.statusCode, `GET ${url}: ${r.body}`).toBeLessThan(500);
        }
      }
      // The one write a GET may cause: a refused read of a route marked `auditRefusedRead` (who
      // tried to see who manages an enterprise, issue 17) is recorded as security.refused, as a
      // refused change is. It changes no right and sends nothing; every other GET writes nothing.
      const refusedReads = await deps.db.db
        .selectFrom('audit_event')
        .select(['action', 'target'])
        .orderBy('seq', 'desc')
        .limit(Math.max(0, (await auditCount()) - before[0]!))
        .execute();
      for (const e of refusedReads) {
        expect(e.action).toBe('security.refused');
        expect(e.target).toMatch(/^GET \/api\/v1\/enterprises\/:en\/management-tree(\/export)?$/);
      }
      expect(await outbox()).toEqual(before[1]);
    });

    it('finding 9: opening a request page, a document or an enterprise look-up is a POST, and audited', async () => {
      const headers = await authHeader(deps, operator);
      let n = await auditCount();
      const page = await app.inject({
        method: 'POST',
        url: `/api/v1/service-desk/exception-requests/${requestId}/views`,
        headers,
      });
      expect(page.statusCode, page.body).toBe(200);
      expect(await auditCount()).toBe(++n);
      const att = page.json().attachments.find((a: { filename: string }) => a.filename === 'pass.png');
      const opened = await app.inject({ method: 'POST', url: att.url, headers });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(await auditCount()).toBe(++n);
      const bytes = await app.inject({ method: 'GET', url: opened.json().url, headers });
      expect(bytes.statusCode, bytes.body).toBe(200);
      expect(bytes.headers['content-type']).toBe('image/png');
      expect(bytes.rawPayload.equals(png)).toBe(true);
      expect(await auditCount()).toBe(n);
      const look = await app.inject({
        method: 'POST',
        url: `/api/v1/service-desk/enterprises/${brewery}/managers/look-ups`,
        headers,
        payload: { purpose: 'phone call' },
      });
      expect(look.statusCode, look.body).toBe(200);
      expect(await auditCount()).toBe(++n);
    });

    it('finding 9: a document link works only for the operator who opened it, unaltered, for a minute', async () => {
      const headers = await authHeader(deps, operator);
      const opened = await app.inject({
        method: 'POST',
        url: `/api/v1/service-desk/exception-requests/${requestId}/attachments/${attachmentIds[0]}/views`,
        headers,
      });
      expect(opened.statusCode, opened.body).toBe(200);
      const url: string = opened.json().url;
      await addOperator(deps, { person: P.juliaSchmitz.number });
      const other = await app.inject({ method: 'GET', url, headers: await authHeader(deps, P.juliaSchmitz.number) });
      expect([other.statusCode, other.json().code]).toEqual([403, 'attachment.link_invalid']);
      const tampered = await app.inject({
        method: 'GET',
        url: url.replace(attachmentIds[0]!, attachmentIds[1]!),
        headers,
      });
      expect([tampered.statusCode, tampered.json().code]).toEqual([403, 'attachment.link_invalid']);
      const without = await app.inject({ method: 'GET', url: url.split('?')[0]!, headers });
      expect(without.statusCode).toBe(400);
      deps.clock.advance(2 * 60_000);
      const late = await app.inject({ method: 'GET', url, headers });
      expect([late.statusCode, late.json().code]).toEqual([403, 'attachment.link_invalid']);
    });

    const routes: [string, string, (d: { id: string }) => string, object?][] = [
      ['operator queue', 'GET', () => '/api/v1/service-desk/exception-requests'],
      [
        'operator decision',
        'POST',
        ({ id }) => `/api/v1/service-desk/exception-requests/${id}/decisions`,
        { decision: 'ask_info' },
      ],
      ['management read', 'GET', () => `/api/v1/enterprises/${brewery}/audit`],
      ['management change', 'PUT', () => `/api/v1/enterprises/${brewery}/main-access-manager`, { person: 'nobody' }],
      ['own data', 'GET', () => '/api/v1/me'],
      ['log out everywhere', 'DELETE', () => '/api/v1/sessions'],
    ];
    const sites: [string | undefined, boolean][] = [
      ['cross-site', true],
      ['CROSS-SITE', true],
      ['same-origin', false],
      ['same-site', false],
      ['none', false],
      [undefined, false],
    ];
    const table = routes.flatMap(([name, method, url, body]) =>
      sites.map(([site, refused]) => [name, site ?? '(absent)', refused, method, url, body] as const),
    );
    it.each(table)(
      'finding 9: %s with Sec-Fetch-Site %s is refused: %s',
      async (_n, site, refused, method, url, body) => {
        const person = url({ id: '' }).includes('service-desk') ? operator : P.anPeeters.number;
        const headers: Record<string, string> = { ...(await authHeader(deps, person, 'high')) };
        if (site !== '(absent)') headers['sec-fetch-site'] = site;
        const r = await app.inject({ method: method as 'GET', url: url({ id: requestId }), headers, payload: body });
        if (refused) {
          expect(r.statusCode, r.body).toBe(403);
          expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(r.json().code).toBe('request.cross_site');
        } else {
          expect(r.statusCode, r.body).toBeLessThan(500);
          expect(r.body).not.toContain('request.cross_site');
        }
      },
    );

    it('finding 9: the public register stays readable from other sites', async () => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/enterprises/${brewery}`,
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(r.statusCode, r.body).toBe(200);
    });
  },
);

describe('issue 13 finding 12: /metrics needs a token or its own address; the API docs are public by a setting', () => {
  let base: TestDeps;
  beforeAll(async () => {
    base = await makeTestDeps('sqlite');
  });
  afterAll(async () => {
    await base?.cleanup();
  });

  async function appWith(config: Partial<Config>): Promise<App> {
    return buildApp({ ...base, config: { ...base.config, ...config } });
  }
  async function freePort(): Promise<number> {
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    return port;
  }
  const token = 'm'.repeat(40);

  it.each([
    // env, token, asked with, status
    ['production', undefined, undefined, 404],
    ['production', token, undefined, 401],
    ['production', token, 'wrong-token-wrong-token-wrong-token-xx', 401],
    ['production', token, token, 200],
    ['development', undefined, undefined, 200],
    ['development', token, undefined, 401],
    ['development', token, token, 200],
  ] as const)(
    'finding 12: in %s with token %j, /metrics asked with %j answers %i',
    async (env, configured, given, status) => {
      const app = await appWith({ env, devLogin: env !== 'production', metrics: { token: configured } });
      try {
        const r = await app.inject({
          url: '/metrics',
          headers: given ? { authorization: `Bearer ${given}` } : {},
        });
        expect(r.statusCode, r.body).toBe(status);
        if (status === 200) expect(r.body).toContain('btb_http_requests_total');
        if (status !== 200) expect(r.body).not.toContain('btb_http_requests_total');
      } finally {
        await app.close();
      }
    },
  );

  it('finding 12: with its own listen address, /metrics is served there and not on the public one', async () => {
    const port = await freePort();
    const app = await appWith({ env: 'production', devLogin: false, metrics: { listen: { host: '127.0.0.1', port } } });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
      const r = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('btb_http_requests_total');
      expect(r.headers.get('x-content-type-options'), 'the security headers (session 10)').toBe('nosniff');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/me`)).status).toBe(404);
    } finally {
      await app.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it.each([
    [true, 200],
    [false, 404],
  ] as const)(
    'finding 12: with the API docs public %s, /openapi.json and /docs answer %i',
    async (apiDocsPublic, status) => {
      const app = await appWith({ apiDocsPublic });
      try {
        expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(status);
        expect((await app.inject({ url: '/docs/' })).statusCode).toBe(status);
      } finally {
        await app.close();
      }
    },
  );

  it.each([
    [{}, { token: undefined, listen: undefined }, true],
    [
      { BTB_METRICS_TOKEN: token, BTB_METRICS_LISTEN: '127.0.0.1:9464', BTB_API_DOCS_PUBLIC: 'false' },
      { token, listen: { host: '127.0.0.1', port: 9464 } },
      false,
    ],
    [{ BTB_METRICS_LISTEN: '9464' }, { token: undefined, listen: { host: '127.0.0.1', port: 9464 } }, true],
  ])('finding 12: the settings %j are read as %j (docs public: %s)', (env, metrics, docs) => {
    const c = loadConfig({ NODE_ENV: 'test', ...env });
    expect(c.metrics).toEqual(metrics);
    expect(c.apiDocsPublic).toBe(docs);
  });

  it.each([{ BTB_METRICS_TOKEN: 'short' }, { BTB_METRICS_LISTEN: 'nowhere:port' }, { BTB_API_DOCS_PUBLIC: 'perhaps' }])(
    'finding 12: a wrong setting %j stops start-up',
    (env) => {
      expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(/Configuration error/);
    },
  );
});

describe.each(engines)(
  'issue 13 finding 15: the follow-up token is checked before the body is read on %s',
  (engine) => {
    let deps: TestDeps;
    let app: App;
    let port: number;
    let attachmentsDir: string;
    beforeAll(async () => {
      attachmentsDir = join(tmpdir(), `btb-att-${randomUUID()}`);
      deps = await makeTestDeps(engine, { EXCEPTION_POW_DIFFICULTY: '1', ATTACHMENTS_DIR: attachmentsDir });
      await seedDemo(deps);
      await addOperator(deps, { person: P.nadiaClaes.number });
      app = await buildApp(deps);
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as { port: number }).port;
    });
    afterAll(async () => {
      app?.server.closeAllConnections();
      await app?.close();
      await deps?.cleanup();
      rmSync(attachmentsDir, { recursive: true, force: true });
    });

    /**
     * Announces a 10 MB multipart answer, sends its headers and a first slice only, and waits for
     * the server's answer: it can only come before the rest is sent if the server judged the
     * request without reading the body (before the fix, it waited for the body: a time-out).
     */
    function answerWithoutSendingTheBody(
      token: string | undefined,
    ): Promise<{ status: number; type: string; body: string; sent: number }> {
      const boundary = 'btbboundary';
      const head = Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="other"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n`,
      );
      const declared = 10 * 1024 * 1024;
      return new Promise((resolve, reject) => {
        let sent = 0;
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/exception-requests/follow/answer',
            headers: {
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': String(declared),
              ...(token ? { 'x-follow-token': token } : {}),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body, sent });
              req.destroy();
            });
          },
        );
        req.on('error', (e) => {
          if (!req.destroyed) reject(e);
        });
        const first = Buffer.concat([head, Buffer.alloc(64 * 1024, 0x41)]);
        sent = first.length;
        req.write(first);
        // and nothing more: the rest of the announced 10 MB never comes
      });
    }

    it.each([
      ['a made-up token', 'x'.repeat(43)],
      ['no token at all', undefined],
      ['a token too short to be one', 'short'],
    ])(
      'finding 15: an answer with %s is refused with 401 before its body is read',
      async (_name, token) => {
        const r = await answerWithoutSendingTheBody(token);
        expect(r.status, r.body).toBe(401);
        expect(r.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(r.body).code).toBe('exception.follow_token_invalid');
        expect(r.sent).toBeLessThan(10 * 1024 * 1024);
      },
      30_000,
    );

    it.each([
      ['POST', '/api/v1/exception-requests/follow', { reference: 'EXC-AAAA-BBBB', code: 'x'.repeat(200_000) }],
      ['POST', '/api/v1/exception-requests/follow/code', { reference: 'x'.repeat(200_000) }],
      ['POST', '/api/v1/exception-requests/form.pdf', { language: 'nl', reasonText: 'x'.repeat(200_000) }],
      [
        'POST',
        `/api/v1/service-desk/exception-requests/${randomUUID()}/decisions`,
        { decision: 'ask_info', message: 'x'.repeat(200_000) },
      ],
      [
        'POST',
        `/api/v1/service-desk/enterprises/${E.brewery.number}/managers/look-ups`,
        { purpose: 'x'.repeat(200_000) },
      ],
    ] as const)('finding 15: %s %s refuses a 200 kB JSON body with 413 problem+json', async (method, url, payload) => {
      const r = await app.inject({ method, url, payload, headers: await authHeader(deps, P.nadiaClaes.number) });
      expect(r.statusCode, r.body).toBe(413);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe('request.too_large');
    });
  },
);
