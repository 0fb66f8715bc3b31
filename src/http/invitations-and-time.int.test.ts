import { describe, expect, it } from 'vitest';
import { apiCaller, demoApp, lastInvitation } from '../../test/builders.ts';
import { engines } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const en = E.brewery.number;
const c = { email: 'm@example.be', phone: '+3221234567' };

describe.each(engines)('invitations and end dates on %s', (engine) => {
  const s = demoApp(engine, { env: { INVITATION_TTL_DAYS: '3' } }, async () => {
    await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.sofieJanssens.number, ...c },
      'high',
    );
  });
  // the invitee's provider verified their address: invitations are bound to it (issue 13)
  const call = apiCaller(() => s);
  const verified = (email: string) => ({ email, email_verified: true });
  const tokenFromOutbox = async (email: string) => (await lastInvitation(s.deps, email)).token;

  it('turns an accepted invitation into a grant for the invitee, once', async () => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: 'Tom.Maes@Example.be',
      service: 'economy.my-enterprise',
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().invitation.email).toBe('tom.maes@example.be');
    const token = await tokenFromOutbox('tom.maes@example.be');
    const accepted = await call(
      'POST',
      `/api/v1/invitations/${token}/accept`,
      P.tomMaes.number,
      undefined,
      'substantial',
      verified('tom.maes@example.be'),
    );
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().grant).toMatchObject({
      person: P.tomMaes.number,
      service: 'economy.my-enterprise',
      grantedBy: P.sofieJanssens.number,
    });
    const again = await call(
      'POST',
      `/api/v1/invitations/${token}/accept`,
      P.lucDubois.number,
      undefined,
      'substantial',
      verified('tom.maes@example.be'),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invitation.already_used');
    const unknown = await call('POST', `/api/v1/invitations/${'x'.repeat(43)}/accept`, P.tomMaes.number);
    expect(unknown.json().code).toBe('invitation.not_found');
  });

  it('lets an invitation expire after the configured period', async () => {
    await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: 'late@example.be',
      service: 'economy.my-enterprise',
    });
    const token = await tokenFromOutbox('late@example.be');
    s.deps.clock.advance(3 * 86_400_000 + 1000);
    const r = await call('POST', `/api/v1/invitations/${token}/accept`, P.lucDubois.number);
    expect(r.statusCode).toBe(410);
    expect(r.json().code).toBe('invitation.expired');
  });

  it('lapses an invitation whose inviter lost the power to grant (issue 13: 409, its own code)', async () => {
    await call('POST', `/api/v1/enterprises/${en}/domains/economy/access-managers`, P.sofieJanssens.number, {
      person: P.juliaSchmitz.number,
      ...c,
    });
    await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      email: 'void@example.be',
      service: 'economy.my-enterprise',
    });
    const token = await tokenFromOutbox('void@example.be');
    await call(
      'DELETE',
      `/api/v1/enterprises/${en}/domains/economy/access-managers/${P.juliaSchmitz.number}`,
      P.sofieJanssens.number,
    );
    const r = await call(
      'POST',
      `/api/v1/invitations/${token}/accept`,
      P.lucDubois.number,
      undefined,
      'substantial',
      verified('void@example.be'),
    );
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'invitation.lapsed', reason: 'inviter_lost_power' });
  });

  it('stops an appointment at its end date, without any job running', async () => {
    const until = new Date(s.deps.clock.now().getTime() + 2 * 86_400_000).toISOString();
    const r = await call('POST', `/api/v1/enterprises/${en}/domains/health/access-managers`, P.sofieJanssens.number, {
      person: P.karimElAmrani.number,
      ...c,
      validUntil: until,
    });
    expect(r.statusCode, r.body).toBe(201);
    let g = await call('POST', `/api/v1/enterprises/${en}/grants`, P.karimElAmrani.number, {
      person: P.tomMaes.number,
      service: 'health.ehealthbox',
    });
    expect(g.statusCode, g.body).toBe(201);
    s.deps.clock.set(new Date(new Date(until).getTime() + 1).toISOString());
    g = await call('POST', `/api/v1/enterprises/${en}/grants`, P.karimElAmrani.number, {
      person: P.lucDubois.number,
      service: 'health.ehealthbox',
    });
    expect(g.statusCode).toBe(403);
    // ... and may be appointed anew
    const again = await call(
      'POST',
      `/api/v1/enterprises/${en}/domains/health/access-managers`,
      P.sofieJanssens.number,
      { person: P.karimElAmrani.number, ...c },
    );
    expect(again.statusCode, again.body).toBe(201);
  });

  it('extends a grant, refuses an end before its start, and refuses grants in domains managed elsewhere', async () => {
    const list = (await call('GET', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number)).json();
    const id = list.items[0].id;
    const r = await call('PATCH', `/api/v1/enterprises/${en}/grants/${id}`, P.sofieJanssens.number, {
      validUntil: '2030-12-31',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().grant.validUntil.slice(0, 10)).toBe('2030-12-31');
    // beyond the catalogue's five years (issue 17): refused, naming the limit, and nothing changes
    const tooLong = await call('PATCH', `/api/v1/enterprises/${en}/grants/${id}`, P.sofieJanssens.number, {
      validUntil: '2099-12-31',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'term.too_long', maxMonths: 60 });
    expect(tooLong.json().latestDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const after = (await call('GET', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number)).json();
    expect(after.items.find((g: { id: string }) => g.id === id).validUntil.slice(0, 10)).toBe('2030-12-31');
    const bad = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: P.lucDubois.number,
      service: 'finance.biztax',
      validFrom: '2031-01-01',
      validUntil: '2030-01-01',
    });
    expect(bad.json().code).toBe('grant.invalid_period');
    const ss = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: P.lucDubois.number,
      service: 'social-security.dimona',
    });
    expect(ss.json()).toMatchObject({ code: 'grant.managed_elsewhere', system: 'social-security' });
    const extra = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: P.lucDubois.number,
      service: 'finance.biztax',
      admin: true,
    });
    expect(extra.statusCode).toBe(400);
  });
});
