/**
 * Issue 14, item 8: every input is either accepted and stored in one normal form, or refused
 * with an error naming the field and the rule.
 */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../domain/errors.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId, requirePhone } from './input.ts';

function refusal(f: () => unknown): unknown {
  try {
    return { accepted: f() };
  } catch (e) {
    return isDomainError(e) ? { code: e.code, field: e.details.field, rule: e.details.rule } : String(e);
  }
}

describe('phone numbers are stored in E.164 (issue 14, item 8)', () => {
  it.each([
    ['0470 12 34 56', '+32470123456'],
    ['+32 470 12 34 56', '+32470123456'],
    ['0032 470 12 34 56', '+32470123456'],
    ['0470/12.34.56', '+32470123456'],
    ['+32 (0)470 12 34 56', '+32470123456'],
    ['+32 2 123 45 67', '+3221234567'],
    ['02 511 11 11', '+3225111111'],
    ['+49 30 12345678', '+493012345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('%s is %s', (input, e164) => {
    expect(requirePhone(input)).toBe(e164);
  });

  it.each(['12345', '+32 470', '+32470123456789', 'call me', '0470 12 34 56 7', '+', '٠٤٧٠١٢٣٤٥٦'])(
    '%s is refused, naming the field and the rule',
    (input) => {
      expect(refusal(() => requirePhone(input, 'proposed.phone'))).toEqual({
        code: 'validation.invalid_input',
        field: 'proposed.phone',
        rule: 'phone',
      });
    },
  );
});

describe('e-mail addresses, Unicode included, in one normal form (issue 14, item 8)', () => {
  it.each([
    [' An.Peeters@Example.BE ', 'an.peeters@example.be'],
    ['jürgen@müller.de', 'jürgen@xn--mller-kva.de'], // an internationalised domain, as its ASCII (A-label) form
    ['Jürgen@XN--MLLER-KVA.DE', 'jürgen@xn--mller-kva.de'], // the same address, spelled the other way
    ['ju\u0308rgen@example.de', 'jürgen@example.de'], // decomposed ü: stored composed (NFC)
    ['δοκιμή@παράδειγμα.ελ', 'δοκιμή@xn--hxajbheg2az3al.xn--qxam'],
    [`${'a'.repeat(64)}@example.be`, `${'a'.repeat(64)}@example.be`],
  ])('%s is stored as %s', (input, stored) => {
    expect(requireEmail(input)).toBe(stored);
  });

  it.each([
    'no-at-sign',
    'a@b',
    'a b@example.be',
    'a@-example.be',
    'a@exa_mple.be',
    `${'a'.repeat(65)}@example.be`, // more than 64 octets before the @
    `${'é'.repeat(33)}@example.be`, // 66 octets in UTF-8
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.be`, // over 254
    'a\u0000b@example.be',
    'a@@example.be',
  ])('%s is refused, naming the field and the rule', (input) => {
    expect(refusal(() => requireEmail(input, 'requester.email'))).toEqual({
      code: 'validation.invalid_input',
      field: 'requester.email',
      rule: 'email',
    });
  });
});

describe('identifiers with dots, dashes and spaces (issue 14, item 8)', () => {
  it.each(['85.07.30-033.28', '85 07 30 033 28', '85-07-30-033-28', '85073003328', ' 85.07.30-033.28 '])(
    'the national number %s is 85073003328',
    (input) => {
      expect(requirePersonId(input)).toBe('85073003328');
    },
  );

  it.each(['BE 0566.988.259', '0566 988 259', '0566-988-259', 'be0566988259', '566988259'])(
    'the enterprise number %s is 0566988259',
    (input) => {
      expect(requireEnterpriseNumber(input)).toBe('0566988259');
    },
  );

  it('a wrong check digit is refused, naming the field', () => {
    expect(refusal(() => requirePersonId('85.07.30-033.29', 'proposed.personNumber'))).toMatchObject({
      code: 'identifier.invalid_person_number',
      field: 'proposed.personNumber',
    });
  });
});
