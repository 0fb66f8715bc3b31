import { describe, expect, it } from 'vitest';
import { exceptionTemplates } from './exception-templates.ts';
import { renderMail } from './templates.ts';

const names = { service: (c: string) => c, domain: (c: string) => c };
const params = {
  reference: 'EXC-ABCD-EFGH',
  enterprise: '0566988259',
  enterpriseName: 'Brouwerij De Drie Sleutels',
  link: 'https://btb.example/exception/follow',
  code: 'K7M2P9QX4T',
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

  it.each(['nl', 'fr', 'de', 'en'])(
    'the info request in %s carries the follow-up reference and link in its text (issue 16, item 9)',
    (lang) => {
      const text = renderMail('exception_info', lang, params, names, exceptionTemplates).text;
      expect(text).toContain('EXC-ABCD-EFGH');
      expect(text).toContain('https://btb.example/exception/follow');
    },
  );

  it('carries what each mail is for: the code, the question, the reason', () => {
    expect(renderMail('exception_submitted', 'de', params, names, exceptionTemplates).text).toContain('K7M2P9QX4T');
    expect(renderMail('exception_info', 'fr', params, names, exceptionTemplates).text).toContain('Q?');
    expect(renderMail('exception_rejected', 'nl', params, names, exceptionTemplates).text).toContain('Because.');
  });
});
