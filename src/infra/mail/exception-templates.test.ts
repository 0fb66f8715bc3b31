import { describe, expect, it } from 'vitest';
import { exception as de } from '../../../web/src/i18n/de/exception.ts';
import { exception as en } from '../../../web/src/i18n/en/exception.ts';
import { exception as fr } from '../../../web/src/i18n/fr/exception.ts';
import { exception as nl } from '../../../web/src/i18n/nl/exception.ts';
import { exceptionTemplates } from './exception-templates.ts';
import { renderMail } from './templates.ts';

const names = { service: (c: string) => c, domain: (c: string) => c };
const params = {
  reference: 'EXC-ABCD-EFGH',
  enterprise: '0566988259',
  enterpriseName: 'Brouwerij De Drie Sleutels',
  link: 'https://btb.example/exception/follow',
  code: 'K7M2P9QX4T',
  codeExpires: '2026-12-16 10:32',
  targetDate: '2026-12-11',
  question: 'Q?',
  reason: 'Because.',
  person: 'Sofie Janssens',
};

describe('exception mail templates', () => {
  for (const template of Object.keys(exceptionTemplates)) {
    it.each(['nl', 'fr', 'de', 'en'])(`${template} renders in %s through renderMail`, (lang) => {
      const r = renderMail(template, lang, params, names, exceptionTemplates);
      expect(r.subject).toContain('EXC-ABCD-EFGH');
      if (template !== 'exception_code') expect(r.text).toContain('0566.988.259');
      expect(r.text).not.toMatch(/undefined|\[object/);
    });
  }

  // The buttons of the follow-up page the mail names, in the page's own words: a page that renames
  // them fails here until the mail follows.
  const pageWords = Object.fromEntries(
    Object.entries({ nl, fr, de, en }).map(([lang, x]) => [lang, [x.follow.newCode, x.follow.open]]),
  ) as Record<'nl' | 'fr' | 'de' | 'en', [string, string]>;
  it.each(['nl', 'fr', 'de', 'en'] as const)(
    'the info request in %s says how to answer: the page, the reference, a one-time code and until when (issue 16, item 9)',
    (lang) => {
      const text = renderMail('exception_info', lang, params, names, exceptionTemplates).text;
      const [newCode, open] = pageWords[lang];
      const at = (needle: string) => {
        const i = text.indexOf(needle);
        expect(i, `${lang}: ${needle}`).toBeGreaterThanOrEqual(0);
        return i;
      };
      // the question first, then the steps in the order the requester takes them
      expect(at('Q?')).toBeLessThan(at('https://btb.example/exception/follow'));
      expect(at('https://btb.example/exception/follow')).toBeLessThan(at('K7M2P9QX4T'));
      expect(text.match(/EXC-ABCD-EFGH/g)?.length).toBeGreaterThanOrEqual(2);
      at('2026-12-16 10:32');
      at(newCode);
      at(open);
    },
  );

  it('carries what each mail is for: the code, the question, the reason', () => {
    expect(renderMail('exception_submitted', 'de', params, names, exceptionTemplates).text).toContain('K7M2P9QX4T');
    expect(renderMail('exception_info', 'fr', params, names, exceptionTemplates).text).toContain('Q?');
    expect(renderMail('exception_rejected', 'nl', params, names, exceptionTemplates).text).toContain('Because.');
  });
});
