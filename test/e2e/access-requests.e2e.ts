/**
 * Access requests in the browser (issue 18): Erik Vos asks the accounting office for access (in
 * Dutch), its main access manager Lotte Martens approves one request and refuses another with a
 * reason (in French), Erik sees both decisions and withdraws a third request. axe on every page.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, insertMainAppointment, loginAs, shot } from './harness.ts';

const OFFICE = '0765432146';

const session = browserSession({
  // the office's main access manager, as its legal representative would have appointed her
  afterStart: async (server) => {
    await insertMainAppointment(server.databaseUrl, {
      id: randomUUID(),
      enterprise: OFFICE,
      person: P.lotteMartens,
      appointedBy: P.tomMaes.number,
    });
  },
});
const { open, at, errors } = session;

describe('access requests', () => {
  it('a person asks, the main access manager approves and refuses, the requester follows and withdraws', async () => {
    const erik = await open('nl-BE');
    await erik.goto(at('/access-requests'));
    await erik.locator('a[href^="/auth/login"]').first().click();
    await loginAs(erik, 'erikVos', 'security-code');
    await erik.getByRole('heading', { level: 1, name: 'Toegang aanvragen' }).waitFor();
    await erik.getByText('Geen aanvragen.').waitFor();
    await expectAccessible(erik, 'ask for access (nl)');

    const askFor = async (service: string, message: string) => {
      await erik.getByLabel(/^Ondernemingsnummer/).fill('0765.432.146');
      await erik.getByLabel(/^Onlinedienst \(verplicht\)$/).selectOption(service);
      await erik.getByLabel(/^Bericht aan wie beslist/).fill(message);
      await erik.getByRole('button', { name: 'Aanvraag versturen' }).click();
      await erik.getByText('Uw aanvraag is verstuurd naar 1 persoon die de toegang kan geven.').waitFor();
    };
    await erik.getByLabel(/^Ondernemingsnummer/).fill('0765.432.146');
    await erik.getByLabel(/^Ondernemingsnummer/).blur();
    await erik.getByText(/^Onderneming: .*0765\.432\.146/).waitFor();
    await askFor('finance.biztax', 'Ik dien de vennootschapsbelasting in.');
    await askFor('mobility.vehicle-registration', 'Voor de bestelwagens.');
    await askFor('economy.my-enterprise', 'Adreswijziging.');
    // the list reloads after each request: wait for the third
    await erik.getByText('Open', { exact: true }).nth(2).waitFor();
    await expect(erik.getByText('Open', { exact: true }).count()).resolves.toBe(3);
    await expectAccessible(erik, 'my requests (nl)');
    await shot(erik, 'access-requests-mine-nl', { doc: true });

    // Lotte Martens, main access manager of the office, in French
    const lotte = await open('fr-BE');
    await lotte.goto(at(`/enterprises/${OFFICE}/access-requests`));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'security-code');
    await lotte.getByRole('heading', { level: 1, name: "Demandes d'accès" }).waitFor();
    const item = (text: string) => lotte.getByRole('listitem').filter({ hasText: text });
    await item('Ik dien de vennootschapsbelasting in.').waitFor();
    await expectAccessible(lotte, 'inbox (fr)');
    await shot(lotte, 'access-requests-inbox-fr', { doc: true });

    await item('Ik dien de vennootschapsbelasting in.')
      .getByLabel(/^Date de fin de l'accès/)
      .fill('2027-06-30');
    await item('Ik dien de vennootschapsbelasting in.').getByRole('button', { name: 'Approuver' }).click();
    await lotte.getByText('La demande a été approuvée.').waitFor();

    await item('Voor de bestelwagens.').getByRole('button', { name: 'Refuser' }).click();
    const dialog = lotte.getByRole('dialog');
    await dialog.getByLabel(/^Motif du refus/).fill('Nous passons par notre société de leasing.');
    await expectAccessible(lotte, 'refusal dialog (fr)');
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await lotte.getByText('La demande a été refusée.').waitFor();
    // the refused request leaves the open list once the page has reloaded it
    await lotte.getByText('Voor de bestelwagens.').waitFor({ state: 'detached' });
    await expectAccessible(lotte, 'inbox after decisions (fr)');

    // Erik sees both decisions, and withdraws the third request
    await erik.reload();
    await erik.getByText('Goedgekeurd', { exact: true }).waitFor();
    await erik.getByText('Geweigerd', { exact: true }).waitFor();
    await erik.getByText('Reden: Nous passons par notre société de leasing.').waitFor();
    await erik.getByRole('button', { name: 'Intrekken' }).click();
    await erik.getByRole('dialog').getByRole('button', { name: 'Intrekken' }).click();
    await erik.getByText('De aanvraag is ingetrokken.').waitFor();
    await erik.getByText('Ingetrokken', { exact: true }).waitFor();
    await expectAccessible(erik, 'my requests after decisions (nl)');
    expect(errors).toEqual([]);
  });
});
