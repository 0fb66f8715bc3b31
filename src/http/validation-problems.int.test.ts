/**
 * Issue 16, item 10: a refused request names every violation at once, one per field, each with its
 * rule and limit, so a form can show them all next to their fields; the list is bounded.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { type App, buildApp } from './app.ts';
import { SubmitBody } from './routes/exception-schemas.ts';
import { MAX_VIOLATIONS, typeboxViolations } from './validation-problems.ts';

const BREWERY = '0566988259';
const AN = '78031403366';

describe('validation problems list every violation (issue 16, item 10)', () => {
  let deps: TestDeps;
  let app: App;
  let auth: Record<string, string>;
  beforeAll(async () => {
    deps = await makeTestDeps('sqlite');
    app = await buildApp(deps);
    auth = await authHeader(deps, AN, 'high');
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('names each bad field of a body with its rule and limit, in one answer', async () => {
    const r = await app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${BREWERY}/main-access-manager`,
      headers: auth,
      payload: { email: `${'a'.repeat(250)}@example.be`, phone: '12', nickname: 'x' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = r.json();
    expect(body.code).toBe('validation.invalid_input');
    expect(body.truncated).toBe(false);
    expect(body.errors).toEqual([
      { in: 'body', field: '/person', rule: 'required' },
      { in: 'body', field: '/nickname', rule: 'additionalProperties' },
      { in: 'body', field: '/email', rule: 'maxLength', limit: 254 },
      { in: 'body', field: '/phone', rule: 'minLength', limit: 6 },
    ]);
  });

  it('says which values a choice allows, and what a union accepts, once per field', async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${BREWERY}/grants`,
      headers: auth,
      payload: { service: '', language: 'xx', validUntil: 7 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      { in: 'body', field: '/service', rule: 'minLength', limit: 1 },
      { in: 'body', field: '/validUntil', rule: 'type', limit: 'string' },
      { in: 'body', field: '/language', rule: 'enum', allowed: ['nl', 'fr', 'de', 'en'] },
    ]);
  });

  it('names query parameters as such', async () => {
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/enterprises/${BREWERY}/audit?limit=5000&from=${'2'.repeat(41)}`,
      headers: auth,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      { in: 'query', field: '/from', rule: 'maxLength', limit: 40 },
      { in: 'query', field: '/limit', rule: 'maximum', limit: 1000 },
    ]);
  });

  it(`lists at most ${MAX_VIOLATIONS} and says that there were more`, async () => {
    const payload: Record<string, string> = { person: AN, email: 'a@example.be', phone: '+32470123456' };
    for (let i = 0; i < 50; i++) payload[`extra${i}`] = 'x';
    const r = await app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${BREWERY}/main-access-manager`,
      headers: auth,
      payload,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toHaveLength(MAX_VIOLATIONS);
    expect(r.json().truncated).toBe(true);
  });

  it("the exception request's JSON part answers in the same shape (a 101-character name says maxLength 100)", () => {
    const check = TypeCompiler.Compile(SubmitBody);
    const value = {
      requester: { familyName: 'M', givenName: 'E'.repeat(101), capacity: 'CEO', email: 'e@x.de', language: 'xx' },
      proposed: { personNumber: '92070408431', familyName: 'Martens', givenName: '', email: 'l@x.be', phone: '+32' },
      reason: 'no_eid',
      challenge: 'c'.repeat(40),
      nonce: '1',
    };
    expect(typeboxViolations(check.Errors(value), '/request')).toEqual({
      errors: [
        { in: 'body', field: '/request/requester/givenName', rule: 'maxLength', limit: 100 },
        { in: 'body', field: '/request/requester/language', rule: 'enum', allowed: ['nl', 'fr', 'de', 'en'] },
        { in: 'body', field: '/request/proposed/givenName', rule: 'minLength', limit: 1 },
      ],
      truncated: false,
    });
  });
});
