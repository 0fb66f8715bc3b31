import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import type { Actor, Loa } from '../../domain/actor.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../../infra/demo/demo-data.ts';
import { seedDemo } from '../../infra/demo/seed-demo.ts';
import { appointMainAccessManager } from '../appoint-main-access-manager.ts';
import type { Ctx } from '../shared/record.ts';
import { acceptMandate } from './accept-mandate.ts';
import { appointClientManager, removeClientManager } from './appoint-client-manager.ts';
import { parseMandateLines } from './bulk.ts';
import { endMandate } from './end-mandate.ts';
import { grantToManyClients } from './grant-to-many-clients.ts';
import { grantUnderMandate } from './grant-under-mandate.ts';
import { listMandates } from './list-mandates.ts';
import { clientsOf } from './mandate-clients.ts';
import { mandateGrantsFor } from './mandate-grants.ts';
import { proposeMandate } from './propose-mandate.ts';
import { proposeMandatesFromCsv } from './propose-mandates-from-csv.ts';
import { rejectMandate } from './reject-mandate.ts';

const office = E.accountant.number;
// high by default: signing a mandate needs it (issue 13, finding 2)
const as = (person: string, loa: Loa = 'high'): Ctx => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' } satisfies Actor,
});
const tom = as(P.tomMaes.number);
const client = (i: number) => demoClients[i]!;
const clientLr = (i: number) => as(client(i).lr.number);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe.each(engines)('mandates on %s', (engine) => {
  let deps: TestDeps;

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    // Tom, the office's legal representative, makes himself its main access manager.
    await appointMainAccessManager(deps, as(P.tomMaes.number, 'high'), {
      enterprise: office,
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      phone: '+32 3 555 12 12',
    });
  });
  afterAll(async () => deps?.cleanup());

  it('is two-sided: the proposing side cannot accept, a domain manager cannot sign, the other side accepts', async () => {
    const { mandate } = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: client(1).number,
      domains: ['finance'],
    });
    expect(mandate).toMatchObject({
      status: 'proposed',
      proposed_by_side: 'mandatary',
      mandator_number: client(1).number,
      mandatary_number: office,
    });
    expect(await codeOf(acceptMandate(deps, tom, { enterprise: office, id: mandate.id }))).toBe('mandate.own_proposal');
    expect(
      await codeOf(acceptMandate(deps, as(P.lotteMartens.number), { enterprise: client(1).number, id: mandate.id })),
    ).toBe('authorization.not_signatory');
    // a party that is not in the mandate does not even learn that it exists
    expect(
      await codeOf(acceptMandate(deps, as(P.anPeeters.number), { enterprise: E.brewery.number, id: mandate.id })),
    ).toBe('mandate.not_found');
    // one open mandate per pair, from either side
    expect(
      await codeOf(
        proposeMandate(deps, clientLr(1), { enterprise: client(1).number, mandatary: office, domains: ['economy'] }),
      ),
    ).toBe('mandate.already_exists');
    const accepted = await acceptMandate(deps, clientLr(1), { enterprise: client(1).number, id: mandate.id });
    expect(accepted.mandate).toMatchObject({
      status: 'active',
      accepted_by: client(1).lr.number,
      accepted_by_role: 'legal_representative',
    });
    expect(await codeOf(acceptMandate(deps, clientLr(1), { enterprise: client(1).number, id: mandate.id }))).toBe(
      'mandate.not_proposed',
    );

    // Both sides hear about it, each in its own language, and both audit logs hold one event.
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['enterprise_number', 'action'])
      .where('action', 'like', 'mandate.%')
      .execute();
    expect(
      audit
        .filter((a) => a.action === 'mandate.accepted')
        .map((a) => a.enterprise_number)
        .sort(),
    ).toEqual([office, client(1).number].sort());
    const mails = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute()).map(
      (r) => JSON.parse(r.payload),
    );
    const acceptedMails = mails.filter((m) => m.template === 'mandate_accepted');
    expect(acceptedMails.map((m) => [m.to, m.language, m.params.side]).sort()).toEqual(
      [
        [P.tomMaes.email, 'nl', 'mandatary'],
        [client(1).lr.email, client(1).lr.language, 'mandator'],
      ].sort(),
    );
  });

  it('refuses a term beyond the domain maximum and fills in the maximum when no end is given', async () => {
    expect(
      await codeOf(
        proposeMandate(deps, tom, {
          enterprise: office,
          mandator: client(2).number,
          domains: ['health'],
          validUntil: '2031-01-01',
        }),
      ),
    ).toBe('mandate.term_too_long');
    const { mandate } = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: client(2).number,
      domains: ['health'],
    });
    expect(mandate.valid_until).toBe('2029-11-28T22:59:59.999Z'); // 36 months from today, through that Brussels day
    const r = await rejectMandate(deps, clientLr(2), {
      enterprise: client(2).number,
      id: mandate.id,
      reason: 'we do our own health paperwork',
    });
    expect(r.mandate.status).toBe('rejected');
    // The last day the limit allows, picked as a date, is accepted (months added to the UTC
    // instant of the proposal refused it as 14 hours too long).
    const lastDay = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: client(2).number,
      domains: ['health'],
      validUntil: '2029-11-28',
    });
    expect(lastDay.mandate.valid_until).toBe('2029-11-28T22:59:59.999Z');
    expect(
      await codeOf(
        proposeMandate(deps, tom, {
          enterprise: office,
          mandator: client(2).number,
          domains: ['health'],
          validUntil: '2029-11-29',
        }),
      ),
    ).toBe('mandate.term_too_long');
    await rejectMandate(deps, clientLr(2), {
      enterprise: client(2).number,
      id: lastDay.mandate.id,
      reason: 'test over',
    });
  });

  it('delegates onward inside the office only, within the scope, never beyond the mandate', async () => {
    const { mandate } = await proposeMandate(deps, clientLr(3), {
      enterprise: client(3).number,
      mandatary: office,
      domains: ['finance'],
      services: ['mobility.vehicle-registration'],
      validUntil: '2027-12-31',
    });
    await acceptMandate(deps, tom, { enterprise: office, id: mandate.id });
    const id = mandate.id;
    // the client's side cannot appoint the office's client managers
    expect(
      await codeOf(
        appointClientManager(deps, clientLr(3), {
          enterprise: client(3).number,
          id,
          person: P.jonasWillems.number,
          email: P.jonasWillems.email,
        }),
      ),
    ).toBe('mandate.wrong_side');
    // a client manager must work for the office
    expect(
      await codeOf(
        appointClientManager(deps, tom, {
          enterprise: office,
          id,
          person: P.anPeeters.number,
          email: P.anPeeters.email,
        }),
      ),
    ).toBe('appointment.not_eligible');
    expect(
      await codeOf(
        appointClientManager(deps, tom, {
          enterprise: office,
          id,
          person: P.jonasWillems.number,
          email: P.jonasWillems.email,
          domains: ['health'],
        }),
      ),
    ).toBe('mandate.outside_scope');
    expect(
      await codeOf(
        appointClientManager(deps, tom, {
          enterprise: office,
          id,
          person: P.jonasWillems.number,
          email: P.jonasWillems.email,
          validUntil: '2028-06-30',
        }),
      ),
    ).toBe('mandate.beyond_mandate');
    const cm = await appointClientManager(deps, tom, {
      enterprise: office,
      id,
      person: P.jonasWillems.number,
      email: P.jonasWillems.email,
    });
    expect(cm.appointments.map((a) => [a.kind, a.domain, a.enterprise_number, a.valid_until])).toEqual([
      ['client', 'finance', client(3).number, mandate.valid_until],
      ['client', 'mobility', client(3).number, mandate.valid_until],
    ]);
    // the client manager's appointment gives no power over the office nor the client's own chain
    const jonas = as(P.jonasWillems.number);
    expect(
      await codeOf(
        appointClientManager(deps, jonas, {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          email: P.lotteMartens.email,
        }),
      ),
    ).toBe('authorization.not_main_access_manager');

    // grants: only the office's own people, only what the mandate covers
    expect(
      await codeOf(
        grantUnderMandate(deps, jonas, {
          enterprise: office,
          id,
          person: P.anPeeters.number,
          service: 'finance.biztax',
        }),
      ),
    ).toBe('mandate.not_mandatary_staff');
    expect(
      await codeOf(
        grantUnderMandate(deps, jonas, {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          service: 'mobility.tachograph-cards',
        }),
      ),
    ).toBe('mandate.outside_scope');
    expect(
      await codeOf(
        grantUnderMandate(deps, jonas, {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          service: 'finance.biztax',
          validUntil: '2028-01-31',
        }),
      ),
    ).toBe('mandate.beyond_mandate');
    expect(
      await codeOf(
        grantUnderMandate(deps, as(P.lotteMartens.number), {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          service: 'finance.biztax',
        }),
      ),
    ).toBe('authorization.not_client_manager');
    const { grant } = await grantUnderMandate(deps, jonas, {
      enterprise: office,
      id,
      person: P.lotteMartens.number,
      service: 'finance.biztax',
    });
    expect(grant).toMatchObject({
      enterprise_number: client(3).number,
      mandate_id: id,
      granted_by_role: 'client',
      valid_until: mandate.valid_until,
    });
    await grantUnderMandate(deps, jonas, {
      enterprise: office,
      id,
      person: P.lotteMartens.number,
      service: 'mobility.vehicle-registration',
    });

    // The check side: the grant with its chain through the mandate to the client's signatory.
    const found = await mandateGrantsFor(
      deps.db.db,
      P.lotteMartens.number,
      client(3).number,
      'finance.biztax',
      deps.clock.now(),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.chain.map((l) => [l.kind, l.role, l.person, l.enterprise])).toEqual([
      ['grant', 'user', P.lotteMartens.number, client(3).number],
      ['appointment', 'client', P.jonasWillems.number, office],
      ['appointment', 'main', P.tomMaes.number, office],
      ['legal_representative', 'legal_representative', P.tomMaes.number, office],
      ['mandate', 'mandate', null, client(3).number],
      ['legal_representative', 'legal_representative', client(3).lr.number, client(3).number],
    ]);
    // the mandate never leaks into the client's own chain: Lotte has no direct grant there
    const direct = await deps.db.db
      .selectFrom('access_grant')
      .select('id')
      .where('enterprise_number', '=', client(3).number)
      .where('mandate_id', 'is', null)
      .execute();
    expect(direct).toHaveLength(0);

    // A sees who at B acts for it.
    const seenByClient = await listMandates(deps, clientLr(3), { enterprise: client(3).number, side: 'mandator' });
    expect(seenByClient.items[0]!.agents.map((a) => [a.kind, a.person, a.service ?? a.domain]).sort()).toEqual(
      [
        ['client_manager', P.jonasWillems.number, 'finance'],
        ['client_manager', P.jonasWillems.number, 'mobility'],
        ['user', P.lotteMartens.number, 'finance.biztax'],
        ['user', P.lotteMartens.number, 'mobility.vehicle-registration'],
      ].sort(),
    );

    // Removing the client manager keeps the grants he made (they belong to the mandate).
    await removeClientManager(deps, tom, { enterprise: office, id, person: P.jonasWillems.number, domain: 'mobility' });
    expect(
      await mandateGrantsFor(
        deps.db.db,
        P.lotteMartens.number,
        client(3).number,
        'mobility.vehicle-registration',
        deps.clock.now(),
      ),
    ).toHaveLength(1);

    // Ending, from the client's side: everything derived stops in the same instant.
    const ended = await endMandate(deps, clientLr(3), { enterprise: client(3).number, id });
    expect(ended).toMatchObject({ endedAppointments: 1, revokedGrants: 2 });
    expect(await mandateGrantsFor(deps.db.db, P.lotteMartens.number, client(3).number, null, deps.clock.now())).toEqual(
      [],
    );
    expect(
      await codeOf(
        grantUnderMandate(deps, jonas, {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          service: 'finance.intervat',
        }),
      ),
    ).toBe('authorization.not_client_manager');
    expect(
      await codeOf(
        grantUnderMandate(deps, tom, {
          enterprise: office,
          id,
          person: P.lotteMartens.number,
          service: 'finance.intervat',
        }),
      ),
    ).toBe('mandate.not_in_force');
    expect(await codeOf(endMandate(deps, tom, { enterprise: office, id }))).toBe('mandate.closed');
    // and a new mandate between the same two may be proposed again
    expect(
      await codeOf(proposeMandate(deps, tom, { enterprise: office, mandator: client(3).number, domains: ['finance'] })),
    ).toBe('ok');
  });

  it('reads the mandate, not only the derived rows: a mandate ended behind the use cases denies at once', async () => {
    const { mandate } = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: client(4).number,
      domains: ['finance'],
    });
    await acceptMandate(deps, clientLr(4), { enterprise: client(4).number, id: mandate.id });
    await grantUnderMandate(deps, tom, {
      enterprise: office,
      id: mandate.id,
      person: P.lotteMartens.number,
      service: 'finance.intervat',
    });
    expect(
      await mandateGrantsFor(deps.db.db, P.lotteMartens.number, client(4).number, 'finance.intervat', deps.clock.now()),
    ).toHaveLength(1);
    await deps.db.db.updateTable('mandate').set({ status: 'ended' }).where('id', '=', mandate.id).execute();
    expect(
      await mandateGrantsFor(deps.db.db, P.lotteMartens.number, client(4).number, 'finance.intervat', deps.clock.now()),
    ).toEqual([]);
    await deps.db.db.updateTable('mandate').set({ status: 'active' }).where('id', '=', mandate.id).execute();
    // leaving the office (employment register) ends her rights for its clients too
    await deps.db.db
      .updateTable('employment')
      .set({ end_date: '2026-11-27' })
      .where('person_number', '=', P.lotteMartens.number)
      .execute();
    expect(
      await mandateGrantsFor(deps.db.db, P.lotteMartens.number, client(4).number, 'finance.intervat', deps.clock.now()),
    ).toEqual([]);
    await deps.db.db
      .updateTable('employment')
      .set({ end_date: null })
      .where('person_number', '=', P.lotteMartens.number)
      .execute();
    expect(
      await mandateGrantsFor(deps.db.db, P.lotteMartens.number, client(4).number, 'finance.intervat', deps.clock.now()),
    ).toHaveLength(1);
  });

  it('bulk: proposes from a CSV where bad lines refuse only themselves, grants one person at many clients, lists them paginated', async () => {
    const lines = [
      'enterprise;domains;services;validFrom;validUntil',
      `${client(10).number};finance;;;`,
      `0810.000.999;finance;;;`, // bad checksum
      `${client(11).number};finance economy;;;`,
      `${client(12).number};nope;;;`, // unknown domain
      `${office};finance;;;`, // itself
      ...demoClients.slice(13, 40).map((c) => `${c.number};finance;;;`),
    ].join('\r\n');
    // a file with nothing to read is refused, not answered "0 proposed" (a header alone, blanks, comments)
    for (const [text, format] of [
      ['', 'csv'],
      ['\uFEFFenterprise;domains;services;validFrom;validUntil\r\n\r\n', 'csv'],
      ['# clients\n\n   \n', 'csv'],
      ['\n\n', 'jsonl'],
    ] as const) {
      expect(await codeOf(proposeMandatesFromCsv(deps, tom, { enterprise: office, text, format }))).toBe(
        'import.no_lines',
      );
    }
    // a file without a header: its first line is a client, not skipped as one
    expect(
      parseMandateLines(`${client(10).number};finance\nBE${client(11).number.replace(/\D/g, '')};finance`, 'csv'),
    ).toMatchObject([{ line: 1, enterprise: client(10).number }, { line: 2 }]);
    expect(parseMandateLines('Enterprise,Domains\n0403.199.702,finance', 'csv')).toMatchObject([{ line: 2 }]);
    const r = await proposeMandatesFromCsv(deps, tom, { enterprise: office, text: lines, format: 'csv' });
    expect(r.proposed).toBe(29);
    expect(r.items.filter((i) => i.outcome === 'refused').map((i) => [i.line, i.code])).toEqual([
      [3, 'identifier.invalid_enterprise_number'],
      [5, 'catalogue.unknown_domain'],
      [6, 'mandate.self'],
    ]);
    // a stranger is refused once, not per line
    expect(
      await codeOf(
        proposeMandatesFromCsv(deps, as(P.lotteMartens.number), { enterprise: office, text: lines, format: 'csv' }),
      ),
    ).toBe('authorization.not_signatory');

    const ids = new Map(r.items.filter((i) => i.outcome === 'done').map((i) => [i.enterprise!, i.id!]));
    for (const c of [10, 11, ...Array.from({ length: 27 }, (_, k) => 13 + k)]) {
      await acceptMandate(deps, clientLr(c), { enterprise: client(c).number, id: ids.get(client(c).number)! });
    }
    const bulk = await grantToManyClients(deps, tom, {
      enterprise: office,
      person: P.jonasWillems.number,
      services: ['finance.biztax', 'mobility.vehicle-registration'],
      allClients: true,
    });
    // every client in force gets biztax; none of them covers mobility
    expect(bulk.granted).toBeGreaterThanOrEqual(29);
    expect(
      bulk.items
        .filter((i) => i.service === 'mobility.vehicle-registration')
        .every((i) => i.outcome === 'refused' && i.code === 'mandate.outside_scope'),
    ).toBe(true);
    const named = await grantToManyClients(deps, tom, {
      enterprise: office,
      person: P.jonasWillems.number,
      services: ['finance.intervat'],
      clients: [client(10).number, client(45).number],
    });
    expect(named.items.map((i) => [i.enterprise, i.outcome, i.code])).toEqual([
      [client(10).number, 'done', undefined],
      [client(45).number, 'refused', 'mandate.not_found'],
    ]);
    const summary = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map((x) => JSON.parse(x.payload))
      .filter((m) => m.template === 'granted_many' && m.to === P.jonasWillems.email);
    expect(summary).toHaveLength(2);

    // resource search: every client, in pages, in enterprise number order, none twice
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof clientsOf>> = await clientsOf(
        deps.db.db,
        P.jonasWillems.number,
        deps.clock.now(),
        { limit: 7, cursor },
      );
      seen.push(...page.items.map((i) => i.enterprise));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen.length).toBe(bulk.granted);
    expect(seen).toContain(client(10).number);

    // B sees its clients, paged the same way
    const firstPage = await listMandates(deps, tom, {
      enterprise: office,
      side: 'mandatary',
      status: 'active',
      limit: 10,
    });
    expect(firstPage.items).toHaveLength(10);
    const second = await listMandates(deps, tom, {
      enterprise: office,
      side: 'mandatary',
      status: 'active',
      limit: 10,
      cursor: firstPage.nextCursor!,
    });
    expect(second.items[0]!.mandator > firstPage.items[9]!.mandator).toBe(true);
  });
});
