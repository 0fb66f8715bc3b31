import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatEnterpriseNumber,
  formatEstablishmentNumber,
  formatPersonNumber,
  isValidEnterpriseNumber,
  isValidEstablishmentNumber,
  isValidPersonNumber,
  makeEnterpriseNumber,
  makeEstablishmentNumber,
  makePersonNumber,
  maskPersonNumber,
  parseEnterpriseNumber,
  parseEstablishmentNumber,
  parsePersonNumber,
} from './identifiers.ts';

/** The checksum rules of DOMAIN.md, restated independently of the module under test. */
const personCheck = (first9: number, century: 1900 | 2000): number =>
  97 - ((century === 2000 ? 2_000_000_000 + first9 : first9) % 97);
const centuryByRule = (digits: string): 1900 | 2000 | undefined => {
  const first9 = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  if (personCheck(first9, 1900) === check) return 1900;
  if (personCheck(first9, 2000) === check) return 2000;
  return undefined;
};
/** An 11-digit person number with a correct checksum but otherwise unchecked fields. */
const withChecksum = (first9: string, century: 1900 | 2000): string =>
  first9 + String(personCheck(Number(first9), century)).padStart(2, '0');

const reasonOf = (result: { ok: boolean; reason?: string }) => (result.ok ? 'ok' : result.reason);

describe('person numbers (DOMAIN.md examples)', () => {
  it('accepts the valid national numbers with the right century and sex', () => {
    expect(parsePersonNumber('85.07.30-033.28')).toEqual({
      ok: true,
      value: {
        number: '85073003328',
        kind: 'national',
        birthCentury: 1900,
        sex: 'male',
      },
    });
    expect(parsePersonNumber('17.07.30-033.84')).toEqual({
      ok: true,
      value: {
        number: '17073003384',
        kind: 'national',
        birthCentury: 2000,
        sex: 'male',
      },
    });
  });

  it('rejects a wrong checksum', () => {
    expect(reasonOf(parsePersonNumber('85073003329'))).toBe('checksum');
  });

  it('accepts the valid BIS numbers', () => {
    expect(parsePersonNumber('98472899765')).toEqual({
      ok: true,
      value: {
        number: '98472899765',
        kind: 'bis',
        birthCentury: 1900,
        sex: 'male',
      },
    });
    expect(parsePersonNumber('01490700185')).toEqual({
      ok: true,
      value: {
        number: '01490700185',
        kind: 'bis',
        birthCentury: 2000,
        sex: 'male',
      },
    });
  });
});

describe('person numbers', () => {
  it('accepts separators of every kind', () => {
    for (const input of ['85073003328', '85 07 30 033 28', '850730-033-28', ' 85.07.30.033.28 ']) {
      expect(isValidPersonNumber(input)).toBe(true);
    }
    expect(isValidPersonNumber('85\u00a007\u00a030-033.28')).toBe(true);
  });

  it('rejects other characters and wrong lengths', () => {
    expect(reasonOf(parsePersonNumber('85/07/30-033.28'))).toBe('characters');
    expect(reasonOf(parsePersonNumber('8507300332'))).toBe('length');
    expect(reasonOf(parsePersonNumber('850730033280'))).toBe('length');
    expect(reasonOf(parsePersonNumber(''))).toBe('length');
  });

  it('derives sex from the sequence, and unknown for BIS +20', () => {
    const female = makePersonNumber({
      birth: { year: 1985, month: 7, day: 30 },
      seq: 34,
    });
    expect(parsePersonNumber(female)).toMatchObject({
      ok: true,
      value: { sex: 'female' },
    });
    const bis20 = makePersonNumber({
      birth: { year: 1985, month: 7, day: 30 },
      seq: 33,
      bis: 'sex-unknown',
    });
    expect(bis20.slice(2, 4)).toBe('27');
    expect(parsePersonNumber(bis20)).toMatchObject({
      ok: true,
      value: { kind: 'bis', sex: 'unknown' },
    });
  });

  it('accepts unknown month and day', () => {
    expect(isValidPersonNumber(withChecksum('850000033', 1900))).toBe(true);
    expect(isValidPersonNumber(withChecksum('850015033', 1900))).toBe(true);
    expect(isValidPersonNumber(withChecksum('852000033', 1900))).toBe(true);
    expect(isValidPersonNumber(withChecksum('054000033', 2000))).toBe(true);
  });

  it('rejects impossible dates, using the century derived from the checksum', () => {
    expect(reasonOf(parsePersonNumber(withChecksum('001301033', 1900)))).toBe('date');
    expect(reasonOf(parsePersonNumber(withChecksum('853301033', 1900)))).toBe('date');
    expect(reasonOf(parsePersonNumber(withChecksum('855301033', 1900)))).toBe('date');
    expect(reasonOf(parsePersonNumber(withChecksum('850732033', 1900)))).toBe('date');
    expect(reasonOf(parsePersonNumber(withChecksum('850431033', 1900)))).toBe('date');
    // 1900 was not a leap year, 2000 was.
    expect(reasonOf(parsePersonNumber(withChecksum('000229033', 1900)))).toBe('date');
    expect(reasonOf(parsePersonNumber(withChecksum('000229033', 2000)))).toBe('ok');
    expect(reasonOf(parsePersonNumber(withChecksum('004229033', 1900)))).toBe('date');
  });

  it('rejects sequences 000 and 999, accepts 001 and 998', () => {
    expect(reasonOf(parsePersonNumber(withChecksum('850730000', 1900)))).toBe('sequence');
    expect(reasonOf(parsePersonNumber(withChecksum('850730999', 2000)))).toBe('sequence');
    expect(reasonOf(parsePersonNumber(withChecksum('854730999', 1900)))).toBe('sequence');
    expect(reasonOf(parsePersonNumber(withChecksum('850730001', 1900)))).toBe('ok');
    expect(reasonOf(parsePersonNumber(withChecksum('850730998', 1900)))).toBe('ok');
  });

  it('formats and masks', () => {
    expect(formatPersonNumber('85073003328')).toBe('85.07.30-033.28');
    expect(maskPersonNumber('85073003328')).toBe('85.07.30-***.**');
    expect(maskPersonNumber('85.07.30-033.28')).toBe('85.07.30-***.**');
    expect(maskPersonNumber('garbage')).toBe('**.**.**-***.**');
    expect(() => formatPersonNumber('85073003329')).toThrow(RangeError);
  });

  it('makePersonNumber rejects arguments that would not parse', () => {
    const birth = { year: 1985, month: 7, day: 30 };
    expect(() => makePersonNumber({ birth, seq: 0 })).toThrow(RangeError);
    expect(() => makePersonNumber({ birth, seq: 999 })).toThrow(RangeError);
    expect(() => makePersonNumber({ birth: { ...birth, year: 2100 }, seq: 1 })).toThrow(RangeError);
    expect(() => makePersonNumber({ birth: { year: 1900, month: 2, day: 29 }, seq: 1 })).toThrow(RangeError);
    expect(makePersonNumber({ birth, seq: 33 })).toBe('85073003328');
    expect(makePersonNumber({ birth: { year: 2017, month: 7, day: 30 }, seq: 33 })).toBe('17073003384');
  });
});

describe('enterprise numbers', () => {
  it('accepts the DOMAIN.md valid examples and rejects the invalid ones', () => {
    for (const n of ['0566.988.259', '0428.759.497', '0353.456.320', '1000.000.021']) {
      expect(parseEnterpriseNumber(n)).toEqual({
        ok: true,
        value: n.replaceAll('.', ''),
      });
    }
    expect(reasonOf(parseEnterpriseNumber('0566.988.258'))).toBe('checksum');
    expect(reasonOf(parseEnterpriseNumber('1000.000.000'))).toBe('checksum');
  });

  it('accepts separators, the BE prefix in any case, and the old 9-digit form', () => {
    for (const input of [
      '0566988259',
      '566988259',
      '566.988.259',
      'BE0566988259',
      'BE 0566.988.259',
      'be0566988259',
      'Be 0566-988-259',
      'BE566988259',
      ' 0566 988 259 ',
    ]) {
      expect(parseEnterpriseNumber(input)).toEqual({
        ok: true,
        value: '0566988259',
      });
    }
  });

  it('rejects bad first digits, characters and lengths', () => {
    expect(reasonOf(parseEnterpriseNumber(makeEstablishmentNumber(20_000_000)))).toBe('first_digit');
    expect(reasonOf(parseEnterpriseNumber('NL0566988259'))).toBe('characters');
    expect(reasonOf(parseEnterpriseNumber('0566988259BE'))).toBe('characters');
    expect(reasonOf(parseEnterpriseNumber('BEBE0566988259'))).toBe('characters');
    expect(reasonOf(parseEnterpriseNumber('05669882'))).toBe('length');
    expect(reasonOf(parseEnterpriseNumber('05669882590'))).toBe('length');
  });

  it('formats, and makes numbers from their first 8 digits', () => {
    expect(formatEnterpriseNumber('BE566988259')).toBe('0566.988.259');
    expect(makeEnterpriseNumber(5_669_882)).toBe('0566988259');
    expect(makeEnterpriseNumber('10000000')).toBe('1000000021');
    expect(makeEnterpriseNumber(0)).toBe('0000000097');
    expect(() => makeEnterpriseNumber(20_000_000)).toThrow(RangeError);
    expect(() => makeEnterpriseNumber('1234567')).toThrow(RangeError);
    expect(() => makeEnterpriseNumber('1234567x')).toThrow(RangeError);
    expect(() => makeEnterpriseNumber(1.5)).toThrow(RangeError);
  });
});

describe('establishment numbers', () => {
  it('accepts the KBO dotted form and validates first digit and checksum', () => {
    const n = makeEstablishmentNumber(21_234_567);
    expect(formatEstablishmentNumber(n)).toBe(`2.123.456.7${n.slice(8)}`);
    expect(parseEstablishmentNumber(formatEstablishmentNumber(n))).toEqual({
      ok: true,
      value: n,
    });
    expect(reasonOf(parseEstablishmentNumber('0566988259'))).toBe('first_digit');
    expect(reasonOf(parseEstablishmentNumber('9000000000'))).toBe('first_digit');
    expect(reasonOf(parseEstablishmentNumber(`BE${n}`))).toBe('characters');
    expect(reasonOf(parseEstablishmentNumber(n.slice(1)))).toBe('length');
    expect(isValidEstablishmentNumber(`${n.slice(0, 9)}${(Number(n[9]) + 1) % 10}`)).toBe(false);
  });
});

const birthArb = fc
  .record({
    year: fc.integer({ min: 1900, max: 2099 }),
    month: fc.integer({ min: 0, max: 12 }),
  })
  .chain(({ year, month }) => {
    const maxDay = month === 0 ? 31 : new Date(Date.UTC(year, month, 0)).getUTCDate();
    return fc.integer({ min: 0, max: maxDay }).map((day) => ({ year, month, day }));
  });
const personArb = fc.record({
  birth: birthArb,
  seq: fc.integer({ min: 1, max: 998 }),
  bis: fc.constantFrom(undefined, 'sex-unknown' as const, 'sex-known' as const),
});
const enterpriseArb = fc.integer({ min: 0, max: 19_999_999 }).map(makeEnterpriseNumber);
const establishmentArb = fc.integer({ min: 20_000_000, max: 89_999_999 }).map(makeEstablishmentNumber);

/** Every number obtained by replacing exactly one digit of `digits`. */
function oneDigitVariants(digits: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== digits[i]) out.push(digits.slice(0, i) + d + digits.slice(i + 1));
    }
  }
  return out;
}

describe('properties', () => {
  it('a made person number formats and parses back to itself', () => {
    fc.assert(
      fc.property(personArb, (opts) => {
        const n = makePersonNumber(opts);
        const parsed = parsePersonNumber(formatPersonNumber(n));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.number).toBe(n);
        expect(parsed.value.birthCentury).toBe(opts.birth.year >= 2000 ? 2000 : 1900);
        expect(parsed.value.kind).toBe(opts.bis ? 'bis' : 'national');
        const expectedSex = opts.bis === 'sex-unknown' ? 'unknown' : opts.seq % 2 === 1 ? 'male' : 'female';
        expect(parsed.value.sex).toBe(expectedSex);
      }),
    );
  });

  it('made enterprise and establishment numbers format and parse back to themselves', () => {
    fc.assert(
      fc.property(enterpriseArb, (n) => {
        expect(parseEnterpriseNumber(formatEnterpriseNumber(n))).toEqual({
          ok: true,
          value: n,
        });
        expect(parseEnterpriseNumber(`BE ${formatEnterpriseNumber(n)}`)).toEqual({
          ok: true,
          value: n,
        });
      }),
    );
    fc.assert(
      fc.property(establishmentArb, (n) => {
        expect(parseEstablishmentNumber(formatEstablishmentNumber(n))).toEqual({
          ok: true,
          value: n,
        });
      }),
    );
  });

  it('changing one digit of an enterprise or establishment number invalidates it', () => {
    fc.assert(
      fc.property(enterpriseArb, (n) => {
        for (const variant of oneDigitVariants(n)) expect(isValidEnterpriseNumber(variant)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(establishmentArb, (n) => {
        for (const variant of oneDigitVariants(n)) {
          expect(isValidEstablishmentNumber(variant)).toBe(false);
        }
      }),
    );
  });

  it('changing one digit of a person number invalidates it or switches the century rule', () => {
    fc.assert(
      fc.property(personArb, (opts) => {
        const n = makePersonNumber(opts);
        const original = parsePersonNumber(n);
        if (!original.ok) throw new Error('made number must parse');
        for (const variant of oneDigitVariants(n)) {
          const parsed = parsePersonNumber(variant);
          if (!parsed.ok) continue;
          expect(parsed.value.birthCentury).toBe(centuryByRule(variant));
          expect(parsed.value.birthCentury).not.toBe(original.value.birthCentury);
        }
      }),
    );
  });

  it('never throws on garbage', () => {
    const noisy = fc.string({
      unit: fc.constantFrom(...'0123456789 .-BEbe/x\u00a0'.split('')),
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), noisy), (s) => {
        for (const parse of [parsePersonNumber, parseEnterpriseNumber, parseEstablishmentNumber]) {
          const result = parse(s);
          expect(typeof result.ok).toBe('boolean');
        }
        expect(typeof maskPersonNumber(s)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
