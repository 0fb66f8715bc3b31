import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

describe.each(engines)('HTTP foundation on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('answers health and readiness', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: engine });
  });

  it('serves an enterprise in any spelling of its number', async () => {
    for (const spelling of ['0566.988.259', 'BE0566988259', '566988259', 'be 0566 988 259']) {
      const res = await app.inject({ url: `/api/v1/enterprises/${encodeURIComponent(spelling)}` });
      expect(res.statusCode, spelling).toBe(200);
      const body = res.json();
      expect(body.number).toBe('0566988259');
      expect(body.display).toBe('0566.988.259');
      expect(body.status).toMatchObject({ code: 'AC', isActive: true, label: { nl: 'Actief', fr: 'Actif' } });
      expect(body.legalForm.label.en).toBe('Private limited company');
      expect(body.names).toContainEqual({ language: 'nl', type: '001', name: 'Brouwerij De Drie Sleutels' });
      expect(body.establishmentUnits.map((u: { display: string }) => u.display)).toEqual([
        '2.123.456.791',
        '2.234.567.818',
      ]);
    }
  });

  it('refuses an invalid number with a problem+json naming the code', async () => {
    const res = await app.inject({ url: '/api/v1/enterprises/0566.988.258', headers: { 'accept-language': 'nl-BE' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 400,
      code: 'identifier.invalid_enterprise_number',
      title: 'Dit is geen geldig ondernemingsnummer',
    });
  });

  it('answers 404 for a valid but unknown number', async () => {
    const res = await app.inject({ url: '/api/v1/enterprises/0812.345.603' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('enterprise.not_found');
  });

  it('lists the catalogue', async () => {
    const res = await app.inject({ url: '/api/v1/domains' });
    const codes = res.json().domains.map((d: { code: string }) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'finance',
        'economy',
        'mobility',
        'social-security',
        'justice',
        'health',
        'policy-support',
      ]),
    );
    const ss = res.json().domains.find((d: { code: string }) => d.code === 'social-security');
    expect(ss.system).toBe('social-security');
    expect(ss.services.length).toBeGreaterThan(2);
  });

  it('publishes OpenAPI 3.1, docs and metrics', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/api/v1/enterprises/{enterpriseNumber}');
    expect((await app.inject({ url: '/docs/' })).statusCode).toBe(200);
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('btb_http_requests_total');
  });

  it('answers unknown routes with problem+json', async () => {
    const res = await app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('public reads are rate limited per address (issue 4)', () => {
  it('answers 429 problem+json past the limit', async () => {
    const deps = await makeTestDeps('sqlite', { BTB_RATE_LIMIT_PUBLIC: '3' });
    const app = await buildApp(deps);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/api/v1/domains' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await app.inject({ url: '/api/v1/domains' });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('rate_limit.exceeded');
    } finally {
      await app.close();
      await deps.cleanup();
    }
  });

  it('limits the public invitation look-up too: a token cannot be guessed at full speed', async () => {
    const deps = await makeTestDeps('sqlite', { BTB_RATE_LIMIT_PUBLIC: '3' });
    const app = await buildApp(deps);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await app.inject({ url: `/api/v1/invitations/${'x'.repeat(43)}${i}` })).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await app.close();
      await deps.cleanup();
    }
  });
});
