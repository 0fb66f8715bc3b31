/**
 * Mandates in the browser (issue 9): the accounting office's legal representative proposes a
 * mandate to a client (in Dutch), the client's legal representative sees who would act for it,
 * accepts, then ends it after reading what that does (in French). Real server, real login.
 */
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const OFFICE = '0765432146';
// the first demo client, Bakkerij Peeters (0810.000.082), whose legal representative is Ilse Jacobs
const CLIENT = '0810000082';

const session = browserSession();
const { open, at, errors } = session;

describe('mandates between enterprises', () => {
  it('the office proposes, the client accepts and then ends the mandate, each in their own language', async () => {
    // Tom Maes, legal representative of the accounting office, in Dutch
    const tom = await open('nl-BE');
    await tom.goto(at(`/enterprises/${OFFICE}`));
    await tom.locator('a[href^="/auth/login"]').first().click();
    await loginAs(tom, 'tomMaes', 'eid');
    await tom.getByRole('link', { name: 'Mandaten' }).click();
    await tom.getByRole('heading', { level: 1, name: 'Mandaten' }).waitFor();
    const clients = tom.locator('section', { has: tom.getByRole('heading', { name: 'Onze klanten' }) });
    await clients.getByText('Geen mandaten.').waitFor();

    // a number with a wrong checksum is refused before anything is sent
    await tom.getByLabel('Wij treden op voor de andere onderneming').check();
    const number = tom.getByLabel(/Ondernemingsnummer van de andere onderneming/);
    await number.fill('0810.000.083');
    const domains = tom.getByRole('group', { name: 'Domeinen' }).getByRole('checkbox');
    expect(await domains.count()).toBeGreaterThan(0);
    const domainName = (await domains.first().locator('xpath=..').textContent())?.trim() ?? '';
    await domains.first().check();
    await tom.getByRole('button', { name: 'Voorstel versturen' }).click();
    await expect(number.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(tom, 'propose form with an error (nl)');
    await shot(tom, 'mandate-propose-error-nl', { doc: true });

    await number.fill('0810.000.082');
    await tom.getByRole('button', { name: 'Voorstel versturen' }).click();
    await tom.getByText('Het voorstel is verstuurd naar 0810.000.082').waitFor();
    const proposed = clients.getByRole('row', { name: /0810\.000\.082/ });
    await proposed.getByText('voorgesteld: wacht op de andere partij').waitFor();
    await expect(proposed.textContent()).resolves.toContain(domainName);
    // the proposer cannot accept its own proposal: it can only withdraw it
    await expect(proposed.getByRole('button', { name: 'Aanvaarden' }).count()).resolves.toBe(0);
    await proposed.getByRole('button', { name: 'Voorstel intrekken' }).waitFor();
    await expectAccessible(tom, 'mandates of the office (nl)');
    await shot(tom, 'mandates-office-nl', { doc: true });

    // Ilse Jacobs, legal representative of the client, in French
    const ilse = await open('fr-BE');
    await ilse.goto(at(`/enterprises/${CLIENT}/mandates`));
    await ilse.locator('a[href^="/auth/login"]').first().click();
    await loginAs(ilse, 'ilseJacobs', 'eid');
    const forUs = ilse.locator('section', { has: ilse.getByRole('heading', { name: 'Qui agit pour nous' }) });
    const row = forUs.getByRole('row', { name: /0765\.432\.146/ });
    await row.getByText('proposé : attend votre réponse').waitFor();
    await row.getByRole('button', { name: 'Accepter' }).click();
    await ilse.getByText(/Le mandat avec .* est accepté\./).waitFor();
    const accepted = forUs.getByRole('row', { name: /0765\.432\.146/ });
    await accepted.getByText('actif', { exact: true }).waitFor();
    await expectAccessible(ilse, 'mandates of the client (fr)');
    await shot(ilse, 'mandates-client-fr', { doc: true });

    // ending states its impact before anything happens
    await accepted.getByRole('button', { name: 'Mettre fin au mandat' }).click();
    const dialog = ilse.getByRole('dialog');
    await dialog.getByText(/Tous les accès donnés dans le cadre de ce mandat prennent fin maintenant/).waitFor();
    // nobody acts under it yet: no count of zero people is shown
    await expect(dialog.getByText(/Agissent actuellement/).count()).resolves.toBe(0);
    await expectAccessible(ilse, 'end mandate dialog (fr)');
    await shot(ilse, 'mandate-end-dialog-fr', { doc: true });
    await dialog.getByRole('button', { name: 'Oui, y mettre fin maintenant' }).click();
    await ilse.getByText(/Le mandat avec .* a pris fin\./).waitFor();
    await forUs.getByText('Aucun mandat.').waitFor();

    // the office sees it gone too
    await tom.reload();
    await clients.getByText('Geen mandaten.').waitFor();
    expect(errors).toEqual([]);
  });
});
