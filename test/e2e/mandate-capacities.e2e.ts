/**
 * A mandate given for a capacity of the client (issue 19, section 4), in the browser: the office
 * proposes to the brewery (an employer in the registers) and the form offers the brewery's own
 * capacities (in English); the brewery's legal representative sees the capacity on the list and on
 * the mandate's page (in German). Real server, real login.
 */
import { describe, expect, it } from 'vitest';
import { browserSession, expectAccessible, loginAs, shot } from './harness.ts';

const OFFICE = '0765432146';
const BREWERY = '0566988259';

const session = browserSession();
const { open, at, errors } = session;

describe('mandates given for a capacity', () => {
  it('the form offers the client capacities from the registers; both sides see the one chosen', async () => {
    const tom = await open('en-GB');
    await tom.goto(at(`/enterprises/${OFFICE}/mandates`));
    await tom.locator('a[href^="/auth/login"]').first().click();
    await loginAs(tom, 'tomMaes', 'eid');
    await tom.getByRole('heading', { level: 1, name: 'Mandates' }).waitFor();
    const capacity = tom.getByLabel('Capacity of the client');
    // "the other enterprise acts for us": the office itself is the client, an employer and a service provider
    await capacity.locator('option', { hasText: 'service provider' }).waitFor({ state: 'attached' });
    await tom.getByLabel('We act for the other enterprise').check();
    await tom.getByLabel(/Enterprise number of the other enterprise/).fill('0566.988.259');
    // now the brewery's capacities: employer only
    await capacity.locator('option', { hasText: 'service provider' }).waitFor({ state: 'detached' });
    await expect(capacity.locator('option').allTextContents()).resolves.toEqual(['No capacity', 'employer']);
    await capacity.selectOption('employer');
    const social = tom.getByRole('group', { name: 'Domains' }).getByRole('checkbox', { name: /Social security/i });
    await social.check();
    await expectAccessible(tom, 'propose form with a capacity (en)');
    await shot(tom, 'mandate-propose-capacity-en', { doc: true });
    await tom.getByRole('button', { name: 'Send proposal' }).click();
    await tom.getByText('The proposal has been sent to 0566.988.259').waitFor();
    const row = tom
      .locator('section', { has: tom.getByRole('heading', { name: 'Our clients' }) })
      .getByRole('row', { name: /0566\.988\.259/ });
    await row.getByText('as employer').waitFor();
    await expect(capacity.inputValue()).resolves.toBe('');

    const an = await open('de-DE');
    await an.goto(at(`/enterprises/${BREWERY}/mandates`));
    await an.locator('a[href^="/auth/login"]').first().click();
    await loginAs(an, 'anPeeters', 'eid');
    const forUs = an
      .locator('section', { has: an.getByRole('heading', { name: 'Wer für uns handelt' }) })
      .getByRole('row', { name: /0765\.432\.146/ });
    await forUs.getByText('als Arbeitgeber').waitFor();
    await forUs.getByRole('link', { name: /Details/ }).click();
    const facts = an.locator('dl.facts');
    await facts.getByText('Eigenschaft des Kunden').waitFor();
    await facts.getByText('Arbeitgeber', { exact: true }).waitFor();
    await expectAccessible(an, 'mandate page with its capacity (de)');
    await shot(an, 'mandate-capacity-de');
    expect(errors).toEqual([]);
  });
});
