/**
 * Issue 17, section 1: register imports of changed extracts, walked through every effect, on
 * both engines, with the real importers (CSV files on disk) under the command line's guard:
 * an ended employment and an ended function put a main/co-main under review (mails to the
 * legal representatives and managers, in their language); a stopped enterprise loses every
 * right at once, mandates of which it is a party included; an import over the limits is rolled
 * back and held, then let through by its confirmation id; the grace period ends in a
 * suspension the check API names, which a legal representative restores; a restarted enterprise
 * gets nothing back. Every effect is audited with the import's id.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, contact } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { acceptMandate } from '../app/mandates/accept-mandate.ts';
import { proposeMandate } from '../app/mandates/propose-mandate.ts';
import { suspendOverdueAppointments } from '../app/suspend-overdue-appointments.ts';
import { type App, buildApp } from '../http/app.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { importRegisterFile } from '../infra/registers/csv-import.ts';
import { importKboExtract } from '../infra/registers/kbo-import.ts';
import { runGuarded } from './register-guard.ts';

const brewery = E.brewery.number;
const office = E.accountant.number;
const studio = E.newSeries.number;
const yesterday = '2026-11-27';
const DAY = 86_400_000;

describe.each(engines)('register changes walk every effect on rights, on %s (issue 17)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let dir: string;
  let clientToken = '';
  let extract = 200;
  let client: { clientId: string; clientSecret: string };
  /** a bearer token for the check API, valid at the test clock's now */
  const issueToken = async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    clientToken = r.json().access_token;
  };

  const call = apiCaller(() => ({ deps, app }), 'high');
  const manage = async (person: string, enterprise: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { authorization: `Bearer ${clientToken}` },
      payload: {
        subject: { type: 'person', id: person },
        resource: { type: 'domain', id: 'finance', properties: { enterprise } },
        action: { name: 'manage' },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { decision: boolean; context: { reason?: string } };
  };
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const importFile = (kind: 'functions' | 'employment', path: string, confirm?: string) =>
    runGuarded(deps, { kind, source: path, command: `btb import ${kind} ${path}`, confirm }, (guard) =>
      importRegisterFile(deps.db, kind, path, { guard }),
    );
  /** A KBO update extract that sets the status of one enterprise. */
  const kboUpdate = (enterprise: string, status: string, confirm?: string) => {
    const d = join(dir, `kbo-${++extract}`);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
    writeFileSync(join(d, 'meta.csv'), `"Variable","Value"\n"ExtractType","update"\n"ExtractNumber","${extract}"\n`);
    writeFileSync(
      join(d, 'enterprise_insert.csv'),
      `"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC","StartDate"\n"${enterprise}","${status}","000","2","610","","01-10-2003"\n`,
    );
    return runGuarded(deps, { kind: 'kbo', source: d, command: `btb import kbo ${d}`, confirm }, (guard) =>
      importKboExtract(deps.db, d, { guard }),
    );
  };
  const mails = async (template: string) =>
    (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map(
        (r) =>
          JSON.parse(r.payload) as { to: string; language: string; template: string; params: Record<string, unknown> },
      )
      .filter((m) => m.template === template);
  const audit = (action: string) =>
    deps.db.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('seq').execute();
  const reviews = async (enterprise: string, person: string = P.anPeeters.number) => {
    const r = await call('GET', `/api/v1/enterprises/${enterprise}/register-reviews`, person, undefined, 'substantial');
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as { id: string; person: string; status: string; source: string; graceUntil: string }[];
  };

  beforeAll(async () => {
    // small limits, so that stopping the accounting office (3 rights) is over them
    deps = await makeTestDeps(engine, {
      BTB_REGISTER_HOLD_MIN_RIGHTS: '3',
      BTB_REGISTER_HOLD_ENTERPRISE_PERCENT: '50',
    });
    dir = mkdtempSync(join(tmpdir(), 'btb-register-'));
    await seedDemo(deps);
    app = await buildApp(deps);
    const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
      const r = await p;
      expect(r.statusCode, r.body).toBeLessThan(300);
    };
    await ok(
      call('PUT', `/api/v1/enterprises/${brewery}/main-access-manager`, P.anPeeters.number, {
        person: P.sofieJanssens.number,
        ...contact(P.sofieJanssens),
      }),
    );
    await ok(
      call(
        'POST',
        `/api/v1/enterprises/${brewery}/co-main-access-managers`,
        P.sofieJanssens.number,
        { person: P.karimElAmrani.number, ...contact(P.karimElAmrani) },
        'substantial',
      ),
    );
    await ok(
      call(
        'POST',
        `/api/v1/enterprises/${brewery}/grants`,
        P.sofieJanssens.number,
        { person: P.tomMaes.number, service: 'finance.biztax' },
        'substantial',
      ),
    );
    await ok(
      call('PUT', `/api/v1/enterprises/${office}/main-access-manager`, P.tomMaes.number, {
        person: P.lotteMartens.number,
        ...contact(P.lotteMartens),
      }),
    );
    await ok(
      call(
        'POST',
        `/api/v1/enterprises/${office}/grants`,
        P.lotteMartens.number,
        { person: P.jonasWillems.number, service: 'finance.biztax' },
        'substantial',
      ),
    );
    await ok(
      call('PUT', `/api/v1/enterprises/${studio}/main-access-manager`, P.emmaWouters.number, {
        person: P.emmaWouters.number,
        ...contact(P.emmaWouters),
      }),
    );
    const as = (person: string) => ({
      actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
    });
    const { mandate } = await proposeMandate(deps, as(P.anPeeters.number), {
      enterprise: brewery,
      mandatary: office,
      domains: ['finance'],
    });
    await acceptMandate(deps, as(P.tomMaes.number), { enterprise: office, id: mandate.id });
    client = await addApiClient(deps, { name: 'register-changes', scope: '*' });
    await issueToken();
    expect((await manage(P.karimElAmrani.number, brewery)).decision).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an ended employment puts the co-main under review, tells the LRs and managers in their language, audited with the import', async () => {
    const path = file('employment.csv', [
      'EntityNumber,PersonNumber,StartDate,EndDate',
      `${brewery},${P.karimElAmrani.number},2020-04-01,${yesterday}`,
    ]);
    const { result, effects } = await importFile('employment', path);
    expect(effects).toMatchObject({ reviewsOpened: 1, enterprisesStopped: 0 });
    const [review] = await reviews(brewery);
    expect(review).toMatchObject({
      person: P.karimElAmrani.number,
      status: 'pending',
      source: `import:${result.importRunId}`,
    });
    expect(review!.graceUntil).toBe(new Date(deps.clock.now().getTime() + 30 * DAY).toISOString());
    const sent = await mails('register_appointment_ineligible');
    // both LRs (An nl, Luc fr) and both managers (Sofie nl, Karim fr), each once
    expect(sent.map((m) => `${m.to}:${m.language}`).sort()).toEqual(
      [
        `${P.anPeeters.email}:nl`,
        `${P.lucDubois.email}:fr`,
        `${P.sofieJanssens.email}:nl`,
        `${P.karimElAmrani.email}:fr`,
      ].sort(),
    );
    const [event] = await audit('register.appointment_ineligible');
    expect(event).toMatchObject({
      enterprise_number: brewery,
      target: P.karimElAmrani.number,
      request_id: `import:${result.importRunId}`,
    });
    // still working during the grace period
    expect((await manage(P.karimElAmrani.number, brewery)).decision).toBe(true);
    // the same file again changes nothing: no second review
    expect((await importFile('employment', path)).effects).toMatchObject({ reviewsOpened: 0 });
  });

  it('an ended function puts the main under review; a legal representative confirms the co-main with a reason', async () => {
    const path = file('functions.csv', [
      'EntityNumber,PersonNumber,FunctionCode,StartDate,EndDate',
      `${studio},${P.emmaWouters.number},10012,2024-02-01,${yesterday}`,
    ]);
    expect((await importFile('functions', path)).effects).toMatchObject({ reviewsOpened: 1 });
    const [studioReview] = await reviews(studio, P.emmaWouters.number);
    expect(studioReview).toMatchObject({ person: P.emmaWouters.number, status: 'pending' });

    const [review] = await reviews(brewery);
    // a main access manager is not a legal representative: refused, and nothing changes
    let r = await call(
      'POST',
      `/api/v1/enterprises/${brewery}/register-reviews/${review!.id}/confirm`,
      P.sofieJanssens.number,
      { reason: 'still works for us' },
    );
    expect(r.statusCode).toBe(403);
    r = await call(
      'POST',
      `/api/v1/enterprises/${brewery}/register-reviews/${review!.id}/confirm`,
      P.anPeeters.number,
      {},
    );
    expect(r.json().code).toBe('register_review.reason_required');
    r = await call(
      'POST',
      `/api/v1/enterprises/${brewery}/register-reviews/${review!.id}/confirm`,
      P.anPeeters.number,
      { reason: 'contract renewed, the register lags' },
    );
    expect(r.statusCode, r.body).toBe(200);
    const [confirmed] = await audit('register.appointment_confirmed');
    expect(JSON.parse(confirmed!.after_json!)).toMatchObject({
      reason: 'contract renewed, the register lags',
      status: 'confirmed',
    });
    expect(confirmed!.actor).toBe(P.anPeeters.number);
  });

  it('an import over the limits is held (nothing changes), then let through by its confirmation id: the stopped office loses every right, its mandate too', async () => {
    const held = await kboUpdate(office, 'ST').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(held?.message).toMatch(/Import held: nothing was changed/);
    expect(held?.message).toContain(`Over the limit for enterprise ${office}`);
    const id = /--confirm ([0-9a-f]{12})/.exec(held!.message)![1]!;
    expect(
      (
        await deps.db.db
          .selectFrom('enterprise')
          .select('status')
          .where('number', '=', office)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('AC');
    expect(await audit('register.import_held')).toHaveLength(1);
    expect((await manage(P.lotteMartens.number, office)).decision).toBe(true);
    // a wrong id does not let it through
    await expect(kboUpdate(office, 'ST', 'ffffffffffff')).rejects.toThrow(/does not match/);

    const { result, effects } = await kboUpdate(office, 'ST', id);
    expect(effects).toMatchObject({ enterprisesStopped: 1, appointmentsEnded: 1, grantsRevoked: 1, mandatesEnded: 1 });
    expect(await audit('register.import_confirmed')).toHaveLength(1);
    const [stopped] = await audit('register.enterprise_stopped');
    expect(stopped).toMatchObject({ enterprise_number: office, request_id: `import:${result.importRunId}` });
    const mandate = await deps.db.db.selectFrom('mandate').selectAll().executeTakeFirstOrThrow();
    expect(mandate).toMatchObject({ status: 'ended', end_reason: 'enterprise_stopped' });
    // the client (the brewery) is told too: its mandate ended
    expect((await mails('mandate_ended')).map((m) => m.to)).toContain(P.sofieJanssens.email);
    expect((await mails('register_enterprise_stopped')).map((m) => m.to)).toContain(P.tomMaes.email);
    // the lists agree with the check: nothing active at the office
    const appointments = await deps.db.db
      .selectFrom('appointment')
      .select(['end_reason'])
      .where('enterprise_number', '=', office)
      .execute();
    expect(appointments.map((a) => a.end_reason)).toEqual(['enterprise_stopped']);
    const grants = await deps.db.db
      .selectFrom('access_grant')
      .select('revoked_by')
      .where('enterprise_number', '=', office)
      .execute();
    expect(grants.map((g) => g.revoked_by)).toEqual(['system:enterprise_stopped']);
    expect((await manage(P.lotteMartens.number, office)).context.reason).toBe('enterprise_stopped');
  });

  it('the grace period ends in a suspension the check names; a new legal representative restores it; the confirmed co-main stays', async () => {
    deps.clock.advance(31 * DAY);
    await issueToken();
    expect(await suspendOverdueAppointments(deps)).toBe(1);
    expect(await suspendOverdueAppointments(deps)).toBe(0);
    expect((await manage(P.emmaWouters.number, studio)).context.reason).toBe('appointment_suspended');
    expect((await manage(P.karimElAmrani.number, brewery)).decision).toBe(true);
    expect((await mails('register_appointment_suspended')).map((m) => m.to)).toContain(P.emmaWouters.email);

    // Ilse becomes a legal representative of the studio, and restores Emma
    const path = file('functions-2.csv', [
      'EntityNumber,PersonNumber,FunctionCode,StartDate,EndDate',
      `${studio},${P.ilseJacobs.number},10012,2026-12-01,`,
    ]);
    await importFile('functions', path);
    const [review] = await reviews(studio, P.ilseJacobs.number);
    expect(review!.status).toBe('suspended');
    const r = await call(
      'POST',
      `/api/v1/enterprises/${studio}/register-reviews/${review!.id}/restore`,
      P.ilseJacobs.number,
      { reason: 'Emma runs the studio; her mandate is being renewed' },
    );
    expect(r.statusCode, r.body).toBe(200);
    expect((await manage(P.emmaWouters.number, studio)).decision).toBe(true);
    // ended for good by a legal representative of the brewery: the confirmed co-main
    const [karim] = await reviews(brewery);
    const end = await call(
      'POST',
      `/api/v1/enterprises/${brewery}/register-reviews/${karim!.id}/end`,
      P.lucDubois.number,
      {},
    );
    expect(end.statusCode, end.body).toBe(200);
    expect((await manage(P.karimElAmrani.number, brewery)).context.reason).toBe('appointment_ended');
  });

  it('a restarted enterprise gets nothing back, and the audit chain is whole', async () => {
    const { effects } = await kboUpdate(office, 'AC');
    expect(effects).toMatchObject({ enterprisesStopped: 0, appointmentsEnded: 0 });
    expect((await manage(P.lotteMartens.number, office)).decision).toBe(false);
    expect((await deps.db.db.selectFrom('mandate').select('status').executeTakeFirstOrThrow()).status).toBe('ended');
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });
});
