/**
 * Issue 13, finding 8: invitations were bearer links, accepted by whoever held them. Now the
 * accepting person must be the one the inviter named by number, or else a person whose identity
 * provider verified the invited address; and those who may grant list, cancel and resend open
 * invitations, audited, each enterprise its own.
 */
import { describe, expect, it } from 'vitest';
import { apiCaller, demoApp, lastInvitation } from '../../test/builders.ts';
import { engines } from '../../test/test-deps.ts';
import { appointAccessManager } from '../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const en = E.brewery.number;
const high = (person: string) => ({
  actor: { personNumber: person, loa: 'high' as const, means: 'eid' as const, via: 'bearer' as const },
});
const contact = (person: string) => ({ person, email: 'm@example.be', phone: '+3221234567' });
const verified = (email: string) => ({ email, email_verified: true });

describe.each(engines)('issue 13 finding 8: invitations bound to their invitee, on %s', (engine) => {
  const s = demoApp(engine, {}, async () => {
    await appointMainAccessManager(s.deps, high(P.anPeeters.number), {
      enterprise: en,
      ...contact(P.sofieJanssens.number),
    });
    await appointAccessManager(s.deps, high(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      ...contact(P.juliaSchmitz.number),
    });
    await appointMainAccessManager(s.deps, high(P.marcLambert.number), {
      enterprise: E.selfEmployed.number,
      ...contact(P.marcLambert.number),
    });
  });
  let n = 0;
  const call = apiCaller(() => s);
  const tokenFromOutbox = async (email: string) => (await lastInvitation(s.deps, email)).token;
  /** Julia (Finance access manager) invites; returns the invitation id and the link's token. */
  const invite = async (
    body: { email: string; person?: string },
    service = 'finance.biztax',
    by = P.juliaSchmitz.number,
  ) => {
    const r = await call('POST', `/api/v1/enterprises/${en}/grants`, by, { ...body, service });
    expect(r.statusCode, r.body).toBe(202);
    return { id: r.json().invitation.id as string, token: await tokenFromOutbox(body.email) };
  };
  const accept = (token: string, person: string, claims: Record<string, unknown> = {}) =>
    call('POST', `/api/v1/invitations/${token}/accept`, person, undefined, 'substantial', claims);
  const fresh = () => `invitee${++n}@example.be`;

  const cases: {
    name: string;
    invitation: 'number' | 'email';
    accepter: string;
    claims: (email: string) => Record<string, unknown>;
    want: number | string;
  }[] = [
    {
      name: 'the person named by number',
      invitation: 'number',
      accepter: P.tomMaes.number,
      claims: () => ({}),
      want: 201,
    },
    {
      name: 'another person than the one named (even with the verified address)',
      invitation: 'number',
      accepter: P.lucDubois.number,
      claims: verified,
      want: 'invitation.person_mismatch',
    },
    {
      name: 'a person whose provider verified the invited address (any case)',
      invitation: 'email',
      accepter: P.tomMaes.number,
      claims: (e) => verified(e.toUpperCase()),
      want: 201,
    },
    {
      name: 'the invited address, not verified by the provider',
      invitation: 'email',
      accepter: P.tomMaes.number,
      claims: (e) => ({ email: e, email_verified: false }),
      want: 'invitation.email_unverified',
    },
    {
      name: 'no address from the provider at all',
      invitation: 'email',
      accepter: P.tomMaes.number,
      claims: () => ({}),
      want: 'invitation.email_unverified',
    },
    {
      name: 'another verified address',
      invitation: 'email',
      accepter: P.lucDubois.number,
      claims: () => verified('luc.dubois@example.be'),
      want: 'invitation.email_mismatch',
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('accepting as %s', async (_n, c) => {
    // each case grants Tom the same service: start from none
    await s.deps.db.db
      .updateTable('access_grant')
      .set({ revoked_at: s.deps.clock.now().toISOString() })
      .where('person_number', '=', P.tomMaes.number)
      .execute();
    const email = fresh();
    const { token } = await invite(c.invitation === 'number' ? { email, person: P.tomMaes.number } : { email });
    const r = await accept(token, c.accepter, c.claims(email));
    if (typeof c.want === 'number') {
      expect(r.statusCode, r.body).toBe(c.want);
      expect(r.json().grant.person).toBe(c.accepter);
      return;
    }
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe(c.want);
    // the refusal used nothing up: the right person can still accept
    const right = await accept(token, P.tomMaes.number, verified(email));
    expect(right.statusCode, right.body).toBe(201);
  });

  it('lists open invitations to those who may grant, cancels one (audited), and its link then fails', async () => {
    const email = fresh();
    const { id, token } = await invite({ email, person: P.tomMaes.number });
    const mobility = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      email: fresh(),
      service: 'mobility.vehicle-registration',
    });
    expect(mobility.statusCode).toBe(202);

    // the Finance access manager sees Finance's invitations only; the main sees all
    let r = await call('GET', `/api/v1/enterprises/${en}/invitations`, P.juliaSchmitz.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((i: { domain: string }) => i.domain)).not.toContain('mobility');
    expect(r.json().items).toContainEqual(
      expect.objectContaining({ id, email, person: P.tomMaes.number, service: 'finance.biztax' }),
    );
    r = await call('GET', `/api/v1/enterprises/${en}/invitations`, P.sofieJanssens.number);
    expect(r.json().items.map((i: { domain: string }) => i.domain)).toEqual(
      expect.arrayContaining(['finance', 'mobility']),
    );

    // another enterprise's main access manager, an LR, a user: refused
    for (const stranger of [P.marcLambert.number, P.anPeeters.number, P.tomMaes.number]) {
      r = await call('GET', `/api/v1/enterprises/${en}/invitations`, stranger);
      expect(r.statusCode, `${stranger} ${r.body}`).toBe(403);
      r = await call('DELETE', `/api/v1/enterprises/${en}/invitations/${id}`, stranger);
      expect(r.statusCode, `${stranger} ${r.body}`).toBe(403);
    }
    // nor through his own enterprise's path
    r = await call('DELETE', `/api/v1/enterprises/${E.selfEmployed.number}/invitations/${id}`, P.marcLambert.number);
    expect(r.statusCode).toBe(404);

    r = await call('DELETE', `/api/v1/enterprises/${en}/invitations/${id}`, P.juliaSchmitz.number);
    expect(r.statusCode, r.body).toBe(200);
    const audit = await s.deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'actor'])
      .where('action', '=', 'invitation.revoked')
      .execute();
    expect(audit).toEqual([{ action: 'invitation.revoked', actor: P.juliaSchmitz.number }]);
    r = await accept(token, P.tomMaes.number, verified(email));
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('invitation.not_found');
    r = await call('GET', `/api/v1/enterprises/${en}/invitations`, P.juliaSchmitz.number);
    expect(r.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    r = await call('DELETE', `/api/v1/enterprises/${en}/invitations/${id}`, P.juliaSchmitz.number);
    expect(r.statusCode).toBe(404);
  });

  it('resends an invitation with a new link: the old one stops working (audited)', async () => {
    await s.deps.db.db
      .updateTable('access_grant')
      .set({ revoked_at: s.deps.clock.now().toISOString() })
      .where('person_number', '=', P.tomMaes.number)
      .execute();
    const email = fresh();
    const { id, token } = await invite({ email, person: P.tomMaes.number });
    const r = await call('POST', `/api/v1/enterprises/${en}/invitations/${id}/resend`, P.juliaSchmitz.number);
    expect(r.statusCode, r.body).toBe(200);
    const newToken = await tokenFromOutbox(email);
    expect(newToken).not.toBe(token);
    expect((await accept(token, P.tomMaes.number)).statusCode).toBe(404);
    expect((await accept(newToken, P.tomMaes.number)).statusCode).toBe(201);
    const audit = await s.deps.db.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'invitation.resent')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('documents the three routes in the OpenAPI description', async () => {
    const doc = (await s.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/enterprises/{en}/invitations'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/enterprises/{en}/invitations/{id}'])).toEqual(['delete']);
    expect(Object.keys(doc.paths['/api/v1/enterprises/{en}/invitations/{id}/resend'])).toEqual(['post']);
  });
});
