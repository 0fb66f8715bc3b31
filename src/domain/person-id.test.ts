import { describe, expect, it } from 'vitest';
import { makePersonNumber } from './identifiers.ts';
import {
  EIDAS_COUNTRIES,
  formatPersonId,
  isEidasId,
  maskPersonId,
  PERSON_ID_MAX_LENGTH,
  parseEidasId,
  parsePersonId,
} from './person-id.ts';

const outcome = (input: string) => {
  const r = parsePersonId(input);
  return r.ok ? r.value.id : `!${r.reason}`;
};

const national = makePersonNumber({ birth: { year: 1986, month: 9, day: 8 }, seq: 17 });
const bis = makePersonNumber({ birth: { year: 1990, month: 3, day: 4 }, seq: 21, bis: 'sex-known' });

describe('person identifiers (issue 19)', () => {
  it.each(EIDAS_COUNTRIES)('accepts an eIDAS identifier from %s', (cc) => {
    expect(outcome(`${cc}/BE/ABC123`)).toBe(`${cc}/BE/ABC123`);
  });

  it.each([
    // [input, normal form or !reason]
    [national, national],
    ['86.09.08-017.60', '86090801760'],
    [bis, bis],
    ['DE/BE/T22000129', 'DE/BE/T22000129'],
    ['de/be/T22000129', 'DE/BE/T22000129'],
    ['  NL / be / 123456789  ', 'NL/BE/123456789'],
    ['\u00a0FR/BE/aBc+/=\t', 'FR/BE/aBc+/='],
    ['GR/BE/999', 'EL/BE/999'],
    ['EL/BE/999', 'EL/BE/999'],
    ['NO/BE/x', 'NO/BE/x'],
    ['IS/BE/x', 'IS/BE/x'],
    ['LI/BE/x', 'LI/BE/x'],
    [`IT/BE/${'A'.repeat(100)}`, `IT/BE/${'A'.repeat(100)}`],
    ['IT/BE/TINIT-RSSMRA80A01H501U', 'IT/BE/TINIT-RSSMRA80A01H501U'],
    ['IT/BE/a/b', 'IT/BE/a/b'],
    [`IT/BE/${'A'.repeat(101)}`, '!length'],
    ['IT/BE/', '!length'],
    ['IT/BE/   ', '!length'],
    ['BE/BE/123', '!country'],
    ['US/BE/123', '!country'],
    ['CH/BE/123', '!country'],
    ['GB/BE/123', '!country'],
    ['UK/BE/123', '!country'],
    ['DE/NL/123', '!destination'],
    ['DE/DE/123', '!destination'],
    ['D/BE/123', '!format'],
    ['DEU/BE/123', '!format'],
    ['DE-BE-123', '!characters'],
    ['/BE/123', '!format'],
    ['DE/BE', '!format'],
    ['DE/BE/12 34', '!characters'],
    ['DE/BE/12\u000034', '!characters'],
    ['DE/BE/12\u001b34', '!characters'],
    ['DE/BE/12\u007f', '!characters'],
    ['DE/BE/Müller', '!characters'],
    ['DE/BE/\u202eabc', '!characters'],
    ['DE/BE/abc\u200b', '!characters'],
    [`DE/BE/${' '.repeat(200)}x`, '!length'],
    ['86090801761', '!checksum'],
    ['', '!length'],
  ])('%j → %s', (input, expected) => {
    expect(outcome(input)).toBe(expected);
  });

  it('keeps the identifier case: two spellings that differ in case are two people', () => {
    expect(outcome('DE/BE/abc')).not.toBe(outcome('DE/BE/ABC'));
  });

  it('never yields a normal form longer than the columns hold', () => {
    const longest = parseEidasId(`IT/BE/${'~'.repeat(100)}`);
    expect(longest.ok && longest.value.id.length).toBe(PERSON_ID_MAX_LENGTH);
  });

  it('tells the kind and the identifying country', () => {
    expect(parsePersonId('EL/BE/1')).toEqual({ ok: true, value: { id: 'EL/BE/1', kind: 'eidas', country: 'EL' } });
    expect(parsePersonId(bis)).toEqual({ ok: true, value: { id: bis, kind: 'bis', country: 'BE' } });
    expect(parsePersonId(national)).toEqual({ ok: true, value: { id: national, kind: 'national', country: 'BE' } });
  });

  it('recognises the normal form cheaply', () => {
    expect(isEidasId('DE/BE/1')).toBe(true);
    expect(isEidasId(national)).toBe(false);
    expect(isEidasId('DE/BE/')).toBe(false);
  });

  it('masks for logs: birth date of a Belgian number, only the country of an eIDAS identifier', () => {
    expect(maskPersonId('86.09.08-017.60')).toBe('86.09.08-***.**');
    expect(maskPersonId('de/be/T22000129')).toBe('DE/BE/***');
    expect(maskPersonId('XX/BE/secret')).toBe('**/**/***');
    expect(maskPersonId('garbage')).toBe('**.**.**-***.**');
  });

  it('formats for people', () => {
    expect(formatPersonId('86090801760')).toBe('86.09.08-017.60');
    expect(formatPersonId('DE/BE/T22000129')).toBe('DE/BE/T22000129');
  });
});
