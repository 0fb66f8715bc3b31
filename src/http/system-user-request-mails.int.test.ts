/**
 * A vendor is told when a customer refuses its system-user request, or lets it expire, as an
 * access request's requester is: a mail through the outbox to the person at the vendor who sent
 * it, in their language, naming the customer and the system, with the link to the vendor's sent
 * requests. Told once, whichever path writes the expiry down. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, demoDeps, putMain } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { sweepLifetime } from '../app/sweep-lifetime.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { deliverPendingMails } from '../infra/outbox/worker.ts';
import type { MailMessage } from '../ports.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number; // the customer
const V = E.accountant.number; // the vendor

describe.each(engines)('mails to a vendor about its system-user request on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  const systems: Record<string, string> = {};
  const call = apiCaller(() => ({ deps, app }));
  const ok = <T extends { statusCode: number; body: string }>(r: T): T => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    ok(await putMain(call, B, P.anPeeters.number, P.sofieJanssens));
    ok(await putMain(call, V, P.tomMaes.number, P.lotteMartens));
    // one system per row: a customer holds one open request per system
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta'])
      systems[name] = ok(
        await call('POST', `/api/v1/enterprises/${V}/systems`, P.lotteMartens.number, {
          name,
          clientIds: [`${name.toLowerCase()}-prod`],
          services: ['finance.biztax'],
        }),
      ).json().system.id;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  const refuse = (id: string) =>
    call('POST', `/api/v1/enterprises/${B}/system-user-requests/${id}/refuse`, P.sofieJanssens.number, {
      reason: 'We file ourselves.',
    }).then(ok);
  const approve = (id: string) =>
    call('POST', `/api/v1/enterprises/${B}/system-user-requests/${id}/approve`, P.sofieJanssens.number, {});
  /** the lifetime sweep writes the expiry down; a decision meeting it later tells nobody again */
  const swept = async (id: string) => {
    deps.clock.advance(31 * 86_400_000);
    expect((await sweepLifetime(deps)).systemUserRequestsExpired).toBe(1);
    const late = await approve(id);
    expect([late.json().code, late.json().state], late.body).toEqual(['system_user_request.closed', 'expired']);
  };
  /** a decision meets the expiry first and writes it down; the sweep later finds nothing */
  const met = async (id: string) => {
    deps.clock.advance(31 * 86_400_000);
    const late = await approve(id);
    expect(late.json().code, late.body).toBe('system_user_request.expired');
    expect((await sweepLifetime(deps)).systemUserRequestsExpired).toBe(0);
  };

  it.each([
    // [system, how it ends, the sender's language, the subject, words of the body]
    ['Alpha', 'refused', 'fr', 'Votre demande pour Alpha a été refusée', ['Motif :', 'We file ourselves.']],
    ['Beta', 'refused', 'de', 'Ihr Antrag für Beta wurde abgelehnt', ['Begründung:', 'We file ourselves.']],
    ['Gamma', 'expired (the sweep)', 'nl', 'Uw aanvraag voor Gamma is verlopen', ['niet beantwoord vóór']],
    ['Delta', 'expired (met by a decision)', 'en', 'Your request for Delta expired', ['did not answer your request']],
  ] as const)('%s %s: the sender is mailed in %s', async (system, how, language, subject, words) => {
    await deps.db.db.updateTable('person').set({ language }).where('number', '=', P.lotteMartens.number).execute();
    const sent = ok(
      await call('POST', `/api/v1/enterprises/${V}/systems/${systems[system]}/requests`, P.lotteMartens.number, {
        enterprise: B,
        services: ['finance.biztax'],
      }),
    ).json().request.id as string;
    const mails: MailMessage[] = [];
    await deliverPendingMails(deps, { send: async (m) => void mails.push(m) }, { batch: 1000 });
    if (how === 'refused') await refuse(sent);
    else if (how === 'expired (the sweep)') await swept(sent);
    else await met(sent);
    mails.length = 0;
    await deliverPendingMails(deps, { send: async (m) => void mails.push(m) }, { batch: 1000 });
    const told = mails.filter((m) => m.id.endsWith(`:system_user_request_${how.split(' ')[0]}`));
    expect(told.map((m) => m.to)).toEqual([P.lotteMartens.email]);
    const m = told[0]!;
    expect(m.subject).toBe(subject);
    // the customer by name and number, and the link to the vendor's sent requests
    expect(m.text).toMatch(/\(0566\.988\.259\)/);
    expect(m.text).toContain(`/enterprises/${V}/systems`);
    for (const w of words) expect(m.text).toContain(w);
    // and nobody else at the vendor or the customer hears of it
    expect(mails.filter((x) => x.id.includes('system_user_request_'))).toHaveLength(1);
    if (how === 'refused') return;
    // the expiry is in both histories, once, the system named; at the customer under the role of
    // whoever wrote it down (the sweep: `system`; the customer's main deciding: `main`, and
    // `customer:main` at the vendor, whose own main that person is not)
    for (const [en, who, role] of [
      [V, P.lotteMartens.number, how === 'expired (the sweep)' ? 'system' : 'customer:main'],
      [B, P.sofieJanssens.number, how === 'expired (the sweep)' ? 'system' : 'main'],
    ] as const) {
      const h = await call('GET', `/api/v1/enterprises/${en}/audit?action=system_user_request.expired`, who);
      expect(h.statusCode, h.body).toBe(200);
      const mine = h.json().items.filter((i: { target: string }) => i.target === sent);
      expect(mine, `${en} ${how}`).toMatchObject([{ actorRole: role, targetName: system }]);
    }
  });
});
