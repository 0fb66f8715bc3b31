/**
 * Issue 19: wherever the web app shows a person id, an eIDAS identifier shows with its country's
 * name in the page's language; Belgian numbers are shown as before.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { displayPerson, maskPerson, personLabel } from '../web/src/format.ts';

describe('person labels in the web app (issue 19)', () => {
  it.each([
    ['en', 'NL/BE/123456789', 'NL/BE/123456789 (Netherlands)', 'NL/BE/***, Netherlands'],
    ['en', 'EL/BE/A1', 'EL/BE/A1 (Greece)', 'EL/BE/***, Greece'],
    ['de', 'DE/BE/T22000129', 'DE/BE/T22000129 (Deutschland)', 'DE/BE/***, Deutschland'],
    ['fr', 'NO/BE/77', 'NO/BE/77 (Norvège)', 'NO/BE/***, Norvège'],
    ['nl', '85073003328', '85.07.30-033.28', '85.07.30-***.**'],
  ])('%s: %s', async (lng, id, shown, masked) => {
    await i18next.init({ lng, resources: {} });
    expect(displayPerson(id)).toBe(shown);
    expect(maskPerson(id)).toBe(masked);
    expect(personLabel('Erika', id)).toBe(`Erika (${masked})`);
  });
});
