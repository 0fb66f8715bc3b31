import { describe, expect, it } from 'vitest';
import type { Names } from './mail-types.ts';
import { mandateTemplates } from './mandate-templates.ts';
import { renderMail } from './templates.ts';

const names: Names = { service: (c, l) => `${c}[${l}]`, domain: (c, l) => `${c}[${l}]` };
const params = {
  mandator: '0810000082',
  mandatorName: 'Bakkerij Peeters',
  mandatary: '0765432146',
  mandataryName: 'Boekhoudkantoor Cijfers & Co',
  enterprise: '0810000082',
  enterpriseName: 'Bakkerij Peeters',
  domains: ['finance'],
  services: ['mobility.vehicle-registration'],
  service: 'finance.biztax',
  validFrom: '2026-11-28T09:00:00.000Z',
  validUntil: '2027-12-31T21:59:59.999Z',
  side: 'mandator',
  actingSide: 'mandatary',
  reason: 'no longer a client',
  count: 58,
  clients: 29,
};

describe('mandate mails', () => {
  it.each([
    ['nl', '(als werkgever)'],
    ['fr', '(en qualité d’employeur)'],
    ['de', '(als Arbeitgeber)'],
    ['en', '(as employer)'],
  ])('name the capacity the mandate is given for, in %s (issue 19)', (lang, words) => {
    for (const template of ['mandate_proposed', 'mandate_accepted', 'mandate_ended']) {
      expect(renderMail(template, lang, { ...params, capacity: 'employer' }, names).text).toContain(words);
      expect(renderMail(template, lang, params, names).text).not.toContain(words);
    }
  });
  it('render in the four languages, registered with the other templates, with both parties and the scope', () => {
    for (const template of Object.keys(mandateTemplates)) {
      for (const lang of ['nl', 'fr', 'de', 'en']) {
        const m = renderMail(template, lang, params, names);
        expect(m.subject.length, `${template} ${lang}`).toBeGreaterThan(5);
        expect(`${m.subject} ${m.text}`, `${template} ${lang}`).not.toMatch(/undefined|NaN|\[object/);
        if (template.startsWith('mandate_')) {
          expect(m.text).toContain('Boekhoudkantoor Cijfers & Co (0765.432.146)');
          expect(m.text).toContain(`finance[${lang}]`);
          expect(m.text).toContain('2027-12-31');
        }
      }
    }
  });

  it('tell each side what it has to do: the proposing side waits, the other side is asked to accept', () => {
    const own = renderMail('mandate_proposed', 'en', { ...params, side: 'mandatary' }, names).text;
    const other = renderMail('mandate_proposed', 'en', { ...params, side: 'mandator' }, names).text;
    expect(own).toContain('waits for the other party');
    expect(other).toContain('takes effect only when you accept it');
  });
});

describe('dates in mails are Brussels calendar days (issue 14, item 2)', () => {
  it.each([
    // a mandate from 1 January (00:00 Brussels is 23:00 UTC the day before), ending 31 March in summer time
    [
      'mandate_accepted',
      { validFrom: '2026-12-31T23:00:00.000Z', validUntil: '2027-03-31T21:59:59.999Z' },
      ['2027-01-01', '2027-03-31'],
    ],
    ['appointed', { role: 'main', validUntil: '2027-10-31T22:59:59.999Z' }, ['2027-10-31']],
    ['granted', { validUntil: '2026-12-31T23:30:00.000Z' }, ['2027-01-01']],
  ])('%s shows the Brussels day', (template, extra, days) => {
    for (const lang of ['nl', 'fr', 'de', 'en']) {
      const m = renderMail(template, lang, { ...params, ...extra }, names);
      for (const d of days) expect(m.text, `${template} ${lang}`).toContain(d);
      expect(m.text).not.toContain('2026-12-31');
    }
  });
});
