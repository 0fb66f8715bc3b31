/**
 * Issue 19, section 1, in the browser: the service desk links a person known by an eIDAS
 * identifier to the BIS number they got later, with four eyes. Luc proposes (in Dutch; wrong
 * input is marked on its field, a second proposal for the same person is refused), he cannot
 * decide his own proposal; Lotte confirms it (in French) and rejects another. axe on each state.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const ERIKA = 'DE/BE/T22000129';
const ERIKAS_BIS = '64.48.12-002.57';
const PAGE = '/service-desk/person-links';

// the desk's four eyes, as in production (the development default is off)
const fourEyesBefore = process.env.EXCEPTION_FOUR_EYES;
process.env.EXCEPTION_FOUR_EYES = 'true';
afterAll(() => {
  if (fourEyesBefore === undefined) delete process.env.EXCEPTION_FOUR_EYES;
  else process.env.EXCEPTION_FOUR_EYES = fourEyesBefore;
});

const session = browserSession({
  afterStart: async (server) => {
    for (const person of [P.lucDubois.number, P.lotteMartens.number])
      await promisify(execFile)(process.execPath, ['bin/btb.mjs', 'operator', 'add', '--person', person], {
        env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' },
      });
  },
});
const { open, at, errors } = session;

describe('the service desk links eIDAS persons to a Belgian number', () => {
  it('one operator proposes, the other confirms or rejects', async () => {
    const luc = await open('nl-BE');
    await luc.goto(at(PAGE));
    await luc.locator('a[href^="/auth/login"]').first().click();
    await loginAs(luc, 'lucDubois', 'eid');
    await luc.goto(at(PAGE));
    await luc.getByRole('heading', { level: 1, name: 'eIDAS-personen en hun Belgisch nummer' }).waitFor();
    await luc.getByText('Er wacht geen voorstel op een beslissing.').waitFor();

    // wrong input is marked on its own field before anything is sent
    const invalid = luc.locator('[aria-invalid="true"]');
    const eidas = luc.getByLabel(/^eIDAS-identificatienummer/);
    const number = luc.getByLabel(/^BIS- of rijksregisternummer/);
    const reason = luc.getByLabel(/^Hoe werd nagegaan/);
    await eidas.fill('US/BE/T22000129');
    await number.fill('64.48.12-002.58');
    await luc.getByRole('button', { name: 'De koppeling voorstellen' }).click();
    await eidas.and(invalid).waitFor();
    await number.and(invalid).waitFor();
    await reason.and(invalid).waitFor();
    await luc.getByText('Geef een eIDAS-identificatienummer LL/BE/nummer').waitFor();
    await expectAccessible(luc, 'person link form with errors (nl)');
    await shot(luc, 'person-link-errors-nl', { doc: true });

    await eidas.fill('de/be/T22000129');
    await number.fill(ERIKAS_BIS);
    await reason.fill('Paspoort en BIS-brief vergeleken');
    await luc.getByRole('button', { name: 'De koppeling voorstellen' }).click();
    await luc
      .getByText(/De koppeling van DE\/BE\/T22000129 \(Duitsland\) aan 64\.48\.12-002\.57 is voorgesteld/)
      .waitFor();
    await expect(invalid.count()).resolves.toBe(0);
    const mine = luc.getByRole('article', { name: /DE\/BE\/T22000129/ });
    await mine.getByText('Uw eigen voorstel: een andere helpdeskmedewerker beslist.').waitFor();
    await expect(mine.getByRole('button').count()).resolves.toBe(0);
    // a second proposal for the same person is refused, and says why
    await eidas.fill(ERIKA);
    await number.fill(ERIKAS_BIS);
    await reason.fill('Nog eens');
    await luc.getByRole('button', { name: 'De koppeling voorstellen' }).click();
    await luc
      .getByText('Dit eIDAS-identificatienummer is al gekoppeld, of een koppeling wacht op bevestiging.')
      .waitFor();
    await expectAccessible(luc, 'person links with a proposal of my own (nl)');
    await shot(luc, 'person-links-own-nl', { doc: true });

    const lotte = await open('fr-BE');
    await lotte.goto(at(PAGE));
    await lotte.locator('a[href^="/auth/login"]').first().click();
    await loginAs(lotte, 'lotteMartens', 'eid');
    await lotte.goto(at(PAGE));
    const proposal = lotte.getByRole('article', { name: /DE\/BE\/T22000129 \(Allemagne\)/ });
    await proposal.getByText('Vérifié : Paspoort en BIS-brief vergeleken').waitFor();
    await expectAccessible(lotte, 'a proposal awaiting the second operator (fr)');
    await shot(lotte, 'person-links-confirm-fr', { doc: true });
    await proposal.getByRole('button', { name: 'Confirmer le lien' }).click();
    await lotte.getByText(/Le lien est fait : les droits de DE\/BE\/T22000129 \(Allemagne\)/).waitFor();
    await lotte.getByText('Aucune proposition n’attend de décision.').waitFor();

    // Lotte proposes another; Luc rejects it
    await lotte.getByLabel(/^Identifiant eIDAS/).fill('NL/BE/998877');
    await lotte.getByLabel(/^Numéro BIS ou de registre national/).fill(P.nadiaClaes.number);
    await lotte.getByLabel(/^Comment a-t-on vérifié/).fill('Carte de séjour vue');
    await lotte.getByRole('button', { name: 'Proposer le lien' }).click();
    await lotte.getByText(/Le lien de NL\/BE\/998877 \(Pays-Bas\) .* est proposé/).waitFor();
    await luc.reload();
    const other = luc.getByRole('article', { name: /NL\/BE\/998877 \(Nederland\)/ });
    await other.getByRole('button', { name: 'Weigeren' }).click();
    await luc.getByText(/Het voorstel voor NL\/BE\/998877 \(Nederland\) is geweigerd\./).waitFor();
    await luc.getByText('Er wacht geen voorstel op een beslissing.').waitFor();
    await expectAccessible(luc, 'person links after a rejection (nl)');
    expect(errors).toEqual([]);
  });
});
