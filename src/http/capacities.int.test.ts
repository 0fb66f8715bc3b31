/**
 * Issue 19, section 4: Social Security capacities. They come in by register import
 * (`btb import capacities`: a closed list, a bad line rolls the file back and is named), the
 * catalogue says which services need which capacity (DmfA: employer), and the check API denies
 * `capacity_not_held` when the enterprise does not hold it today, or reports it on a yes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityApp } from '../../test/capacity-catalogue.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { DomainError } from '../domain/errors.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { importRegisterFile } from '../infra/registers/csv-import.ts';
import type { App } from './app.ts';

const HEADER = 'EntityNumber,Domain,Capacity,StartDate,EndDate';
const brewery = E.brewery.number;
const carpenter = E.selfEmployed.number;
const studio = E.newSeries.number;
const dir = mkdtempSync(join(tmpdir(), 'btb-capacities-'));
let n = 0;
const csv = (lines: string[]) => {
  const path = join(dir, `capacities-${++n}.csv`);
  writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
  return path;
};

describe.each(engines)('Social Security capacities on %s (issue 19)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let basic: Record<string, string>;
  const rows = async () =>
    deps.db.db
      .selectFrom('enterprise_capacity')
      .selectAll()
      .orderBy('enterprise_number')
      .orderBy('capacity')
      .orderBy('start_date')
      .execute();
  const check = async (enterprise: string, service: string, establishment?: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: basic,
      payload: {
        subject: { type: 'person', id: P.tomMaes.number },
        resource: {
          type: 'online-service',
          id: service,
          properties: { enterprise, ...(establishment ? { establishment } : {}) },
        },
        action: { name: 'use' },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      decision: boolean;
      context: { reason?: string; reason_admin: string; capacities?: string[]; chain: unknown[] };
    };
  };

  beforeAll(async () => {
    ({ deps, app, basic } = await capacityApp(engine));
    // Tom gets DmfA and Dimona at the brewery (an employer) and at the carpenter's (not one)
    const managers = [
      { en: brewery, lr: P.anPeeters },
      { en: carpenter, lr: P.marcLambert },
    ];
    for (const { en, lr: who } of managers) {
      const lr = who.number;
      const main = await app.inject({
        method: 'PUT',
        url: `/api/v1/enterprises/${en}/main-access-manager`,
        headers: await authHeader(deps, lr, 'high'),
        payload: { person: lr, email: who.email, phone: '+32 2 123 45 67' },
      });
      expect(main.statusCode, main.body).toBe(200);
      for (const service of ['social-security.dmfa', 'social-security.dimona']) {
        const r = await app.inject({
          method: 'POST',
          url: `/api/v1/enterprises/${en}/grants`,
          headers: await authHeader(deps, lr, 'high'),
          payload: { person: P.tomMaes.number, service },
        });
        expect(r.statusCode, r.body).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  const badLines: { why: string; line: string; reason: RegExp }[] = [
    {
      why: 'a capacity not on the list',
      line: `${studio},social-security,accountant,2020-01-01,`,
      reason: /Capacity: must be one of employer, social_secretariat, service_provider/,
    },
    { why: 'no capacity', line: `${studio},social-security,,2020-01-01,`, reason: /Capacity: must be one of/ },
    { why: 'a domain that is no code', line: `${studio},Social Security,employer,2020-01-01,`, reason: /Domain:/ },
    {
      why: 'a wrong enterprise number',
      line: `${studio.slice(0, 9)}0,social-security,employer,2020-01-01,`,
      reason: /EntityNumber: invalid enterprise number/,
    },
    {
      why: 'an end before the start',
      line: `${studio},social-security,employer,2020-01-01,2019-12-31`,
      reason: /EndDate: before StartDate/,
    },
    { why: 'no start', line: `${studio},social-security,employer,,`, reason: /StartDate: required/ },
  ];
  it.each(badLines)('an import with $why rolls back and names line and reason', async (row) => {
    const before = await rows();
    const err = await importRegisterFile(
      deps.db,
      'capacities',
      csv([`${studio},social-security,service_provider,2020-01-01,`, row.line]),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.code).toBe('import.invalid_line');
    expect(e.details.line).toBe(3);
    expect(String(e.details.reason)).toMatch(row.reason);
    expect(await rows()).toEqual(before);
  });

  it('imports good lines normalised (case, dotted numbers), idempotently, a later EndDate ending a capacity', async () => {
    const f = csv([
      `${studio.slice(0, 4)}.${studio.slice(4, 7)}.${studio.slice(7)},Social-Security,Service_Provider,2020-01-01,`,
    ]);
    const first = await importRegisterFile(deps.db, 'capacities', f);
    expect(first).toMatchObject({ kind: 'capacities', rowsRead: 1, rowsWritten: 1 });
    const once = await rows();
    expect(once.filter((r) => r.enterprise_number === studio)).toEqual([
      {
        enterprise_number: studio,
        domain: 'social-security',
        capacity: 'service_provider',
        start_date: '2020-01-01',
        end_date: null,
      },
    ]);
    await importRegisterFile(deps.db, 'capacities', f);
    expect(await rows()).toEqual(once);
    await importRegisterFile(
      deps.db,
      'capacities',
      csv([`${studio},social-security,service_provider,2020-01-01,2025-12-31`]),
    );
    expect((await rows()).find((r) => r.enterprise_number === studio)?.end_date).toBe('2025-12-31');
  });

  // The clock stands at 2026-11-28 (Brussels). The brewery is an employer since 2009.
  const answers: {
    who: string;
    setup?: string[];
    enterprise: string;
    service: string;
    establishment?: string;
    decision: boolean;
    reason?: string;
    capacities?: string[];
  }[] = [
    {
      who: 'held (DmfA at an employer)',
      enterprise: brewery,
      service: 'social-security.dmfa',
      decision: true,
      capacities: ['employer'],
    },
    {
      who: 'not needed (Dimona declares no capacity)',
      enterprise: carpenter,
      service: 'social-security.dimona',
      decision: true,
    },
    {
      who: 'never held, asked for one of its establishment units',
      enterprise: carpenter,
      service: 'social-security.dmfa',
      establishment: E.selfEmployed.establishments[0].number,
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'never held (the carpenter is no employer)',
      enterprise: carpenter,
      service: 'social-security.dmfa',
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'held in another domain only',
      setup: [`${carpenter},finance,employer,2020-01-01,`],
      enterprise: carpenter,
      service: 'social-security.dmfa',
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'another capacity only',
      setup: [`${carpenter},social-security,service_provider,2020-01-01,`],
      enterprise: carpenter,
      service: 'social-security.dmfa',
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'starting tomorrow',
      setup: [`${carpenter},social-security,employer,2026-11-29,`],
      enterprise: carpenter,
      service: 'social-security.dmfa',
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'ended yesterday',
      setup: [`${brewery},social-security,employer,2009-03-02,2026-11-27`],
      enterprise: brewery,
      service: 'social-security.dmfa',
      decision: false,
      reason: 'capacity_not_held',
    },
    {
      who: 'ending today (the end day still counts)',
      setup: [`${brewery},social-security,employer,2009-03-02,2026-11-28`],
      enterprise: brewery,
      service: 'social-security.dmfa',
      decision: true,
      capacities: ['employer'],
    },
    {
      who: 'held again from today (a new period)',
      setup: [`${brewery},social-security,employer,2026-11-28,`],
      enterprise: brewery,
      service: 'social-security.dmfa',
      decision: true,
      capacities: ['employer'],
    },
    {
      who: 'held, asked for one of its establishment units',
      enterprise: brewery,
      service: 'social-security.dmfa',
      establishment: E.brewery.establishments[1].number,
      decision: true,
      capacities: ['employer'],
    },
    {
      who: 'not needed, at an employer (no capacities reported)',
      enterprise: brewery,
      service: 'social-security.dimona',
      decision: true,
    },
  ];
  it.each(answers)('the check: $who', async (row) => {
    if (row.setup) await importRegisterFile(deps.db, 'capacities', csv(row.setup));
    const a = await check(row.enterprise, row.service, row.establishment);
    expect(a.decision, a.context.reason_admin).toBe(row.decision);
    expect(a.context.reason).toBe(row.reason);
    expect(a.context.capacities).toEqual(row.capacities);
    if (row.decision) expect(a.context.chain.length).toBeGreaterThan(0);
    if (row.reason === 'capacity_not_held') expect(a.context.reason_admin).toContain('employer');
  });

  it('subject search agrees: nobody may use DmfA at the carpenter, Tom may at the brewery', async () => {
    await importRegisterFile(deps.db, 'capacities', csv([`${brewery},social-security,employer,2009-03-02,`]));
    const who = async (enterprise: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/access/v1/search/subject',
        headers: basic,
        payload: {
          subject: { type: 'person' },
          action: { name: 'use' },
          resource: { type: 'online-service', id: 'social-security.dmfa', properties: { enterprise } },
        },
      });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().results as { id: string }[]).map((x) => x.id);
    };
    expect(await who(carpenter)).toEqual([]);
    expect(await who(brewery)).toContain(P.tomMaes.number);
  });

  it('says why in the asker language', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { ...basic, 'accept-language': 'nl' },
      payload: {
        subject: { type: 'person', id: P.tomMaes.number },
        resource: { type: 'online-service', id: 'social-security.dmfa', properties: { enterprise: carpenter } },
        action: { name: 'use' },
      },
    });
    expect(r.json().context.reason_user).toMatch(/hoedanigheid/);
  });
});
