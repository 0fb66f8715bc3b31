/**
 * Issue 16, item 7: the lists a page reads "granted by … appointed by …" and "who" from name the
 * people, from the register's persons, so that no page needs to show a national number.
 */
import { describe, expect, it } from 'vitest';
import { apiCaller, contact, demoApp } from '../../test/builders.ts';
import { engines } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const en = E.brewery.number;

describe.each(engines)('names in chains and the history on %s (issue 16, item 7)', (engine) => {
  const s = demoApp(engine, {}, async () => {
    const steps: [string, string, string, object][] = [
      [
        'PUT',
        `/api/v1/enterprises/${en}/main-access-manager`,
        P.anPeeters.number,
        {
          person: P.sofieJanssens.number,
          ...contact(P.sofieJanssens),
        },
      ],
      [
        'POST',
        `/api/v1/enterprises/${en}/co-main-access-managers`,
        P.sofieJanssens.number,
        {
          person: P.karimElAmrani.number,
          ...contact(P.karimElAmrani),
        },
      ],
      [
        'POST',
        `/api/v1/enterprises/${en}/grants`,
        P.karimElAmrani.number,
        {
          person: P.nadiaClaes.number,
          service: 'finance.biztax',
        },
      ],
    ];
    for (const [method, url, person, body] of steps) {
      const r = await call(method, url, person, body);
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
  });
  const call = apiCaller(() => s, 'high');

  it('the access managers name who appointed them, the legal representative included', async () => {
    const r = await call('GET', `/api/v1/enterprises/${en}/access-managers`, P.sofieJanssens.number);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().main).toMatchObject({ appointedBy: P.anPeeters.number, appointedByName: 'An Peeters' });
    expect(r.json().coMain[0]).toMatchObject({ appointedByName: 'Sofie Janssens' });
  });

  it('the users name who granted them', async () => {
    const r = await call('GET', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number);
    expect(r.statusCode, r.body).toBe(200);
    // the list's item is the grant's view (app/shared/grant-view.ts) without the enterprise, with names
    expect(r.json().items[0]).toMatchObject({
      person: P.nadiaClaes.number,
      name: 'Nadia Claes',
      service: 'finance.biztax',
      domain: 'finance',
      grantedBy: P.karimElAmrani.number,
      grantedByName: 'Karim El Amrani',
      isActive: true,
    });
  });

  it('the history names who acted and the person the event concerns', async () => {
    const r = await call('GET', `/api/v1/enterprises/${en}/audit`, P.anPeeters.number);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { action: string; actorName: string | null; targetName: string | null }[];
    expect(items.find((i) => i.action === 'main_access_manager.appointed')).toMatchObject({
      actorName: 'An Peeters',
      targetName: 'Sofie Janssens',
    });
    expect(items.find((i) => i.action === 'grant.created')).toMatchObject({
      actorName: 'Karim El Amrani',
      targetName: 'Nadia Claes',
    });
  });
});
