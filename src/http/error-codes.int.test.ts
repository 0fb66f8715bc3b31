/**
 * Issue 14, item 1: every refusal code the domain can raise answers a 4xx problem+json that
 * matches its own schema, with a title in nl, fr, de and en — never a 500. The codes and the
 * detail members are read from the source, so a new code or a detail member that collides with
 * an RFC 9457 member fails here first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { DomainError } from '../domain/errors.ts';
import { type App, buildApp } from './app.ts';
import { problemTitle } from './problem-messages.ts';
import { Problem, withProblems } from './schemas.ts';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.includes('.test.') ? [p] : [];
  });
}

/** Every code raised in the source, with the detail members it is raised with. */
function raisedCodes(): Map<string, Record<string, unknown>> {
  const codes = new Map<string, Record<string, unknown>>();
  const add = (code: string, members = '') => {
    const details = codes.get(code) ?? {};
    for (const m of members.matchAll(/(?:^|,)\s*([A-Za-z_$][\w$]*)\s*(?::|,|$)/g)) details[m[1]!] = 'x';
    codes.set(code, details);
  };
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:DomainError|deny)\(\s*'([a-z_]+(?:\.[a-z_]+)*)'\s*(?:,\s*\{([^{}]*)\})?/g)) {
      add(m[1]!, m[2]);
    }
    for (const m of text.matchAll(/\b(?:code|denied):\s*'([a-z_]+\.[a-z_]+)'(?:,\s*details:\s*\{([^{}]*)\})?/g)) {
      add(m[1]!, m[2]);
    }
    // codes chosen in an expression (`isLr ? 'authorization.x' : 'authorization.y'`): these
    // namespaces hold nothing but error codes
    for (const m of text.matchAll(/'((?:authorization|authentication|identifier|validation)\.[a-z_]+)'/g)) add(m[1]!);
  }
  // the refusals the HTTP layer itself sends (malformed requests, an unavailable database…)
  for (const m of readFileSync(join(srcDir, 'http/error-handler.ts'), 'utf8').matchAll(
    /'((?:request|service)\.[a-z_]+)'/g,
  )) {
    add(m[1]!);
  }
  const errors = readFileSync(join(srcDir, 'domain/errors.ts'), 'utf8');
  for (const m of errors.matchAll(/\|\s*'([a-z_.]+)'/g)) add(m[1]!);
  return codes;
}

/** Codes that are not refusals of the caller: the service itself cannot answer. */
const notRefusals = new Set([
  'authentication.not_configured',
  'authentication.provider_unavailable',
  'service.unavailable',
  'service.busy',
]);

const weird: [string, Record<string, unknown>][] = [
  ['mandate.closed', { status: 'ended' }],
  ['mandate.closed', { big: 10n }],
  ['mandate.closed', { type: 42, title: null, instance: {}, detail: 7 }],
];

// `detail` is RFC 9457's own human explanation: a string detail is that member, used as meant.
const RESERVED = ['type', 'title', 'status', 'instance', 'code', 'requestId'];

describe('every domain error code answers a 4xx problem+json (issue 14, item 1)', () => {
  const codes = [...raisedCodes()];
  let deps: TestDeps;
  let app: App;

  beforeAll(async () => {
    deps = await makeTestDeps('sqlite');
    app = await buildApp(deps);
    app.get('/__raise/:i', { schema: { response: withProblems({ 200: Type.Object({}) }) } }, async (request) => {
      const [code, details] = codes[Number((request.params as { i: string }).i)]!;
      throw new DomainError(code, details);
    });
    app.get('/__weird/:i', { schema: { response: withProblems({ 200: Type.Object({}) }) } }, async (request) => {
      const [code, details] = weird[Number((request.params as { i: string }).i)]!;
      throw new DomainError(code, details);
    });
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('finds the codes of the source (the table is not empty)', () => {
    expect(codes.length).toBeGreaterThan(60);
    expect(codes.map(([c]) => c)).toContain('mandate.not_proposed');
  });

  it.each(codes.map(([code, details], i) => [code, details, i] as const))(
    '%s: no detail member reuses an RFC 9457 member',
    (_code, details) => {
      expect(Object.keys(details).filter((k) => RESERVED.includes(k))).toEqual([]);
    },
  );

  it.each(codes.map(([code, details], i) => [code, details, i] as const))(
    '%s through the error handler',
    async (code, details, i) => {
      for (const lang of ['nl', 'fr', 'de', 'en'] as const) {
        const r = await app.inject({ url: `/__raise/${i}`, headers: { 'accept-language': lang } });
        if (notRefusals.has(code)) expect(r.statusCode).toBe(503);
        else expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
        if (!notRefusals.has(code)) expect(r.statusCode, r.body).toBeLessThan(500);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        const body = r.json();
        expect(Value.Check(Problem, body), r.body).toBe(true);
        expect(body.code).toBe(code);
        expect(body.status).toBe(r.statusCode);
        expect(body.title).toBe(problemTitle(code, lang));
        // the detail members the code is raised with reach the caller
        for (const k of Object.keys(details)) expect(body[k], `${code}.${k}`).toBe('x');
      }
      // a message of its own (not the generic fallback), and a different one per language
      const titles = (['nl', 'fr', 'de', 'en'] as const).map((l) => problemTitle(code, l));
      expect(titles[3]).not.toBe(problemTitle('no_such.code', 'en'));
      expect(new Set(titles).size, titles.join(' | ')).toBe(4);
    },
  );

  it('a detail that cannot be serialised, or that reuses a reserved member, still answers the refusal', async () => {
    for (let i = 0; i < weird.length; i++) {
      const r = await app.inject({ url: `/__weird/${i}` });
      expect(r.statusCode, r.body).toBe(409);
      expect(Value.Check(Problem, r.json()), r.body).toBe(true);
      expect(r.json().code).toBe('mandate.closed');
    }
  });
});
