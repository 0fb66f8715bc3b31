/**
 * Personal data in logs (issue 8): a server at LOG_LEVEL=debug goes through a full scenario
 * (appointments, grants, invitations, removals by national number in the URL, searches by person,
 * refusals) and its whole output is scanned: no valid national number, no e-mail address, no
 * bearer token and no key material may appear unmasked.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPersonNumber, parsePersonNumber } from '../../src/domain/identifiers.ts';
import { maskUrl } from '../../src/http/app.ts';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { freshDatabase, seed, type TestDatabase } from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { bearer, http, type Server, scratch, serverEnv, startServer } from './harness/server.ts';
import { brewery } from './harness/write-load.ts';

/** Every valid person number in a text, in any spelling the API accepts. */
function personNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d(?:[ .\-\u00a0]?\d){10}/g)) {
    const p = parsePersonNumber(m[0]);
    if (p.ok) found.push(m[0]);
  }
  return found;
}

describe('personal data never reaches the logs unmasked (issue 8)', () => {
  const dir = scratch('logs');
  let db: TestDatabase;
  let server: Server;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await freshDatabase('sqlite', dir.dir);
    await seed(db.url);
    env = serverEnv(dir.dir, db.url, { LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await server?.kill();
    await db.drop();
    dir.cleanup();
  });

  it('masks person numbers in URLs, and drops tokens and e-mail addresses (unit)', () => {
    expect(maskUrl('/api/v1/enterprises/0566988259/co-main-access-managers/86090801760')).toBe(
      '/api/v1/enterprises/0566988259/co-main-access-managers/86.09.08-***.**',
    );
    expect(maskUrl('/x?person=86.09.08-017.60&email=a%40b.be&token=abc')).toBe(
      '/x?person=86.09.08-***.**&email=[email]&token=[redacted]',
    );
    expect(maskUrl('/api/v1/invitations/tok123/accept')).toBe('/api/v1/invitations/[redacted]/accept');
    expect(maskUrl('/api/v1/enterprises/0566988259/grants')).toBe('/api/v1/enterprises/0566988259/grants');
    // issue 19: an eIDAS identifier keeps its country only, encoded or not, in a path or a query
    expect(maskUrl('/x/co-main-access-managers/DE%2FBE%2FT22000129?person=nl%2Fbe%2FABC%2B1')).toBe(
      '/x/co-main-access-managers/DE%2FBE%2F***?person=NL%2FBE%2F***',
    );
    expect(maskUrl('/x/DE/BE/T22000129/y?person=DE / BE / T22000129')).toBe(
      '/x/DE/BE/[redacted]/y?person=DE%2FBE%2F***',
    );
  });

  it('logs a full scenario at debug level without a national number, e-mail address, token or secret', async () => {
    server = await startServer(env);
    const base = server.url;
    const en = `/api/v1/enterprises/${brewery}`;
    const lr = await bearer(env, P.anPeeters.number, 'high');
    const htb = await bearer(env, P.sofieJanssens.number);
    const steps: [string, string, string | undefined, unknown?][] = [
      [
        'PUT',
        `${en}/main-access-manager`,
        lr,
        { person: P.sofieJanssens.number, email: P.sofieJanssens.email, phone: '+32 2 123 45 67' },
      ],
      [
        'POST',
        `${en}/co-main-access-managers`,
        htb,
        { person: formatPersonNumber(P.karimElAmrani.number), email: P.karimElAmrani.email, phone: '+32 2 123 45 68' },
      ],
      [
        'POST',
        `${en}/domains/finance/access-managers`,
        htb,
        { person: P.juliaSchmitz.number, email: P.juliaSchmitz.email, phone: '+32 2 123 45 69' },
      ],
      ['POST', `${en}/grants`, htb, { person: P.tomMaes.number, service: 'finance.biztax' }],
      ['POST', `${en}/grants`, htb, { email: P.lotteMartens.email, service: 'finance.biztax' }],
      ['GET', `${en}/grants?person=${encodeURIComponent(formatPersonNumber(P.tomMaes.number))}`, htb],
      ['GET', `${en}/grants?person=${P.tomMaes.number}`, htb],
      ['GET', `${en}/access-managers`, htb],
      ['GET', `${en}/audit`, htb],
      ['GET', '/api/v1/me', htb],
      ['DELETE', `${en}/domains/finance/access-managers/${P.juliaSchmitz.number}`, htb],
      ['DELETE', `${en}/co-main-access-managers/${formatPersonNumber(P.karimElAmrani.number)}`, htb],
      ['POST', '/api/v1/invitations/not-a-real-invitation-token-0123456789/accept', htb],
      // refusals carry the offending values in their details: they must stay out of the logs too
      ['POST', `${en}/grants`, htb, { person: '85073003329', service: 'finance.biztax' }],
      ['PUT', `${en}/main-access-manager`, htb, { person: P.tomMaes.number, email: 'not an email', phone: '1' }],
      ['GET', `/api/v1/enterprises/0566988258/access-managers`, htb],
      ['GET', '/api/v1/me', 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJuYXRpb25hbF9udW1iZXIiOiI3ODAzMTQwMDI3MyJ9.c2ln'],
      // issue 19: an eIDAS person granted, searched for, refused in a bad spelling
      ['POST', `${en}/grants`, htb, { person: 'NL/BE/EIDASLEAK0001', service: 'finance.biztax' }],
      ['GET', `${en}/grants?person=${encodeURIComponent('nl / be / EIDASLEAK0001')}`, htb],
      ['POST', `${en}/grants`, htb, { person: 'US/BE/EIDASLEAK0002', service: 'finance.biztax' }],
    ];
    const statuses: number[] = [];
    for (const [method, path, auth, body] of steps) {
      const r = await http(base, method, path, { auth, body });
      statuses.push(r.status);
    }
    expect(
      statuses.slice(0, 12).every((s) => s >= 200 && s < 300),
      JSON.stringify(statuses),
    ).toBe(true);
    await server.kill('SIGTERM');

    const output = server.stdout() + server.stderr();
    const lines = output.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.includes('"incoming request"')).length).toBeGreaterThanOrEqual(steps.length);
    const key = JSON.parse(readFileSync(env.BTB_DEV_KEY_PATH!, 'utf8')) as { privateJwk: { d: string } };
    const emails: string[] = Object.values(P).map((p) => p.email);
    const leaks = {
      personNumbers: personNumbersIn(output),
      emails: [...output.matchAll(/[\w.+-]+@[\w-]+\.[\w.-]+/g)]
        .map((m) => m[0])
        .filter((e) => emails.includes(e) || e.endsWith('.be')),
      tokens: [...output.matchAll(/eyJ[\w-]{8,}\.[\w-]{8,}/g)].map((m) => m[0].slice(0, 20)),
      keyMaterial: output.includes(key.privateJwk.d) ? ['dev key d'] : [],
      invitationToken: output.includes('not-a-real-invitation-token') ? ['invitation token'] : [],
      eidasIds: [...output.matchAll(/EIDASLEAK\d+/g)].map((m) => m[0]),
    };
    recordFigures('logs', {
      lines: lines.length,
      requests: steps.length,
      ...Object.fromEntries(Object.entries(leaks).map(([k, v]) => [k, v.length])),
    });
    expect(statuses.slice(-3)).toEqual([201, 200, 400]);
    expect(leaks).toEqual({
      personNumbers: [],
      emails: [],
      tokens: [],
      keyMaterial: [],
      invitationToken: [],
      eidasIds: [],
    });
  });
});
