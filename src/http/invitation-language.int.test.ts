/**
 * Issue 16, item 3: the invitation mail goes out in the language the sender chose for the
 * invitee (default: the sender's own), on the first mail and on a resend; and the public lookup
 * by token tells the accept page who invites, for which enterprise and which access (names only).
 */
import { describe, expect, it } from 'vitest';
import { apiCaller, demoApp, lastInvitation } from '../../test/builders.ts';
import { engines } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const en = E.brewery.number;

describe.each(engines)('issue 16 item 3: invitation language and lookup on %s', (engine) => {
  const s = demoApp(engine, {}, async () => {
    await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.sofieJanssens.number, email: 'm@example.be', phone: '+3221234567' },
      'high',
    );
  });
  const call = apiCaller(() => s);
  const lastInvitationMail = (email: string) => lastInvitation(s.deps, email);

  it.each([
    ['fr', 'fr@example.be', 'fr'],
    ['de', 'de@example.be', 'de'],
    ['en', 'en@example.be', 'en'],
    [undefined, 'none@example.be', 'nl'],
  ])('the sender chooses %s: the mail to %s is in %s, and a resend keeps it', async (language, email, expected) => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email,
      service: 'economy.my-enterprise',
      ...(language ? { language } : {}),
    });
    expect(r.statusCode, r.body).toBe(202);
    expect((await lastInvitationMail(email)).language).toBe(expected);
    const resent = await call(
      'POST',
      `/api/v1/enterprises/${en}/invitations/${r.json().invitation.id}/resend`,
      P.sofieJanssens.number,
    );
    expect(resent.statusCode, resent.body).toBe(200);
    expect((await lastInvitationMail(email)).language).toBe(expected);
  });

  it('a resend may choose another language', async () => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: 'switch@example.be',
      service: 'economy.my-enterprise',
      language: 'fr',
    });
    const resent = await call(
      'POST',
      `/api/v1/enterprises/${en}/invitations/${r.json().invitation.id}/resend`,
      P.sofieJanssens.number,
      { language: 'de' },
    );
    expect(resent.statusCode, resent.body).toBe(200);
    expect((await lastInvitationMail('switch@example.be')).language).toBe('de');
  });

  it('refuses a language btb does not write', async () => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: 'it@example.be',
      service: 'economy.my-enterprise',
      language: 'it',
    });
    expect(r.statusCode).toBe(400);
  });

  it('the public lookup names the inviter, the enterprise and the service, never a national number', async () => {
    await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: 'look@example.be',
      person: P.tomMaes.number,
      service: 'economy.my-enterprise',
    });
    const { token } = await lastInvitationMail('look@example.be');
    const r = await s.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      inviterName: 'Sofie Janssens',
      enterprise: en,
      enterpriseName: expect.any(String),
      service: 'economy.my-enterprise',
    });
    expect(r.json().enterpriseName).not.toBe(en);
    expect(r.body).not.toContain(P.sofieJanssens.number);
    expect(r.body).not.toContain(P.tomMaes.number);
    const unknown = await s.app.inject({ method: 'GET', url: '/api/v1/invitations/not-a-token' });
    expect(unknown.statusCode).toBe(404);
  });
});
