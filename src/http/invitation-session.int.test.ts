/**
 * Issue 13, finding 8, through a real login: the identity provider's email_verified claim is
 * kept with the browser session, so the invitee who logs in with the verified invited address
 * accepts the invitation, and someone logged in with another address cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApp, walkDevLogin } from '../../test/listening-app.ts';
import { TestBrowser } from '../../test/test-browser.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { appointAccessManager } from '../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { grantAccess } from '../app/grant-access.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import type { App } from './app.ts';

const en = E.brewery.number;
const high = (person: string) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
});

/** Logs in through the embedded development provider and returns a browser holding the session. */
async function loginAs(base: string, person: string): Promise<TestBrowser> {
  const b = new TestBrowser();
  const callback = await walkDevLogin(b, base, '/auth/login?returnTo=/enterprises', { person, means: 'security-code' });
  expect((await b.request(callback)).status).toBe(303);
  return b;
}

describe.each(engines)('issue 13 finding 8: the verified address rides with the session, on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let base: string;

  beforeAll(async () => {
    ({ deps, app, base } = await startListeningApp(engine));
    await appointMainAccessManager(deps, high(P.anPeeters.number), {
      enterprise: en,
      person: P.sofieJanssens.number,
      email: 'm@example.be',
      phone: '+3221234567',
    });
    await appointAccessManager(deps, high(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      person: P.juliaSchmitz.number,
      email: 'm@example.be',
      phone: '+3221234567',
    });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('accepts for the person whose login verified the invited address, not for another', async () => {
    await grantAccess(deps, high(P.juliaSchmitz.number), {
      enterprise: en,
      email: P.tomMaes.email,
      service: 'finance.biztax',
    });
    const mail = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map((r) => JSON.parse(r.payload))
      .find((m) => m.template === 'invitation');
    const token = String(mail.params.link).split('/invitations/')[1];
    const accept = async (b: TestBrowser) => {
      const csrf = (await (await b.request(`${base}/auth/csrf`)).json()) as { token: string; header: string };
      return b.request(`${base}/api/v1/invitations/${token}/accept`, {
        method: 'POST',
        headers: { [csrf.header]: csrf.token },
      });
    };
    const luc = await loginAs(base, 'lucDubois');
    const wrong = await accept(luc);
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { code: string }).code).toBe('invitation.email_mismatch');
    const tom = await loginAs(base, 'tomMaes');
    const sessions = await deps.db.db
      .selectFrom('session')
      .select(['person_number', 'email', 'email_verified'])
      .where('person_number', '=', P.tomMaes.number)
      .execute();
    expect(sessions).toEqual([{ person_number: P.tomMaes.number, email: P.tomMaes.email, email_verified: 1 }]);
    const right = await accept(tom);
    expect(right.status, await right.clone().text()).toBe(201);
  });
});
