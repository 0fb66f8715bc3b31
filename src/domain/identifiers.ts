/**
 * Belgian identifiers: national register numbers, BIS numbers, enterprise (KBO/BCE) numbers and
 * establishment unit numbers. Pure functions, no I/O.
 *
 * Parsing returns a result instead of throwing because invalid identifiers are ordinary user
 * input. Formatting and the make* helpers throw on invalid arguments: reaching them with a bad
 * value is a programming error, not user input.
 *
 * Rules decided here (the sources leave them open):
 * - Separators accepted anywhere: spaces (incl. no-break spaces pasted from PDFs), tabs, line
 *   breaks, dots and dashes. Any other character is rejected ('characters').
 * - Person sequence SSS: 001–998 are valid (odd men, even women), 000 and 999 are rejected for
 *   national and BIS numbers alike ('sequence'). The register hands out 001–997 to men and
 *   002–998 to women, so 998 is a legitimate even number.
 * - A person number's century is the one whose checksum rule matches. Both cannot match, since
 *   2 000 000 000 mod 97 ≠ 0; the 1900 rule is tried first so the outcome is deterministic anyway.
 * - Month or day 00 means "unknown" and is accepted; a day 01–31 with an unknown month is accepted;
 *   when both are known the date must exist in the derived century (29 Feb 1900 is rejected,
 *   29 Feb 2000 is not). Future birth dates are not rejected: that would need a clock.
 * - Enterprise numbers accept a `BE` prefix (any case) and the old 9-digit form (a leading 0 is
 *   added). Establishment numbers accept neither.
 */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export type PersonSex = 'male' | 'female' | 'unknown';

export type PersonNumber = {
  /** 11 digits, no separators. */
  number: string;
  kind: 'national' | 'bis';
  birthCentury: 1900 | 2000;
  sex: PersonSex;
};

type FailureReason = 'characters' | 'length' | 'checksum' | 'first_digit' | 'date' | 'sequence';
type Failure = { ok: false; reason: FailureReason };

const fail = (reason: FailureReason): Failure => ({ ok: false, reason });

const CODE_0 = 48;
const CODE_9 = 57;

function isSeparator(code: number): boolean {
  return (
    code === 0x20 || // space
    code === 0x2e || // .
    code === 0x2d || // -
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0xa0 || // no-break space
    code === 0x202f // narrow no-break space (French number formatting)
  );
}

/**
 * Collects the digits of `input`, skipping separators. A character loop rather than a regex so the
 * check API's hot path stays cheap, and so absurdly long input stops at `maxDigits + 1`. Input
 * that is already bare digits (what the check API receives) comes back as the very same string:
 * nothing is built (issue 20: the check path allocates as little as it can).
 */
function collectDigits(input: string, maxDigits: number, allowVatPrefix: boolean): string | Failure {
  let i = 0;
  if (allowVatPrefix) {
    while (i < input.length && isSeparator(input.charCodeAt(i))) i++;
    const b = input.charCodeAt(i);
    const e = input.charCodeAt(i + 1);
    if ((b === 0x42 || b === 0x62) && (e === 0x45 || e === 0x65)) i += 2;
  }
  const start = i;
  let count = 0;
  let bare = true;
  for (; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code >= CODE_0 && code <= CODE_9) {
      if (count === maxDigits) return fail('length');
      count++;
    } else if (isSeparator(code)) {
      bare = false;
    } else {
      return fail('characters');
    }
  }
  if (bare) return start === 0 ? input : input.slice(start);
  let digits = '';
  for (let j = start; j < input.length; j++) {
    const code = input.charCodeAt(j);
    if (code >= CODE_0 && code <= CODE_9) digits += input[j];
  }
  return digits;
}

/** The number the digits `from` (inclusive) to `to` (exclusive) of a digit string spell, without slicing. */
function digitsValue(digits: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (digits.charCodeAt(i) - CODE_0);
  return v;
}

function checkDigits(base: number): number {
  return 97 - (base % 97);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Month 0 and day 0 mean unknown; a fully known date must exist. */
function isPlausibleDate(year: number, month: number, day: number): boolean {
  if (month < 0 || month > 12 || day < 0 || day > 31) return false;
  return month === 0 || day === 0 || day <= daysInMonth(year, month);
}

const CENTURY_2000_OFFSET = 2_000_000_000;

export function parsePersonNumber(input: string): ParseResult<PersonNumber> {
  const digits = collectDigits(input, 11, false);
  if (typeof digits !== 'string') return digits;
  if (digits.length !== 11) return fail('length');

  const first9 = digitsValue(digits, 0, 9);
  const check = digitsValue(digits, 9, 11);
  let birthCentury: 1900 | 2000;
  if (checkDigits(first9) === check) birthCentury = 1900;
  else if (checkDigits(CENTURY_2000_OFFSET + first9) === check) birthCentury = 2000;
  else return fail('checksum');

  const monthField = digitsValue(digits, 2, 4);
  let kind: 'national' | 'bis';
  let month: number;
  let sexKnown: boolean;
  if (monthField <= 12) {
    kind = 'national';
    month = monthField;
    sexKnown = true;
  } else if (monthField >= 20 && monthField <= 32) {
    kind = 'bis';
    month = monthField - 20;
    sexKnown = false;
  } else if (monthField >= 40 && monthField <= 52) {
    kind = 'bis';
    month = monthField - 40;
    sexKnown = true;
  } else {
    return fail('date');
  }
  const year = birthCentury + digitsValue(digits, 0, 2);
  if (!isPlausibleDate(year, month, digitsValue(digits, 4, 6))) return fail('date');

  const seq = digitsValue(digits, 6, 9);
  if (seq === 0 || seq === 999) return fail('sequence');

  const sex: PersonSex = !sexKnown ? 'unknown' : seq % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { number: digits, kind, birthCentury, sex } };
}

/** Both enterprise and establishment numbers: last two digits = 97 − (first 8 mod 97). */
function hasValidMod97(digits: string): boolean {
  return checkDigits(digitsValue(digits, 0, 8)) === digitsValue(digits, 8, digits.length);
}

export function parseEnterpriseNumber(input: string): ParseResult<string> {
  const collected = collectDigits(input, 10, true);
  if (typeof collected !== 'string') return collected;
  // Numbers issued before 2005 (and old VAT numbers) have 9 digits; KBO prefixed them with 0.
  const digits = collected.length === 9 ? `0${collected}` : collected;
  if (digits.length !== 10) return fail('length');
  if (digits[0] !== '0' && digits[0] !== '1') return fail('first_digit');
  if (!hasValidMod97(digits)) return fail('checksum');
  return { ok: true, value: digits };
}

export function parseEstablishmentNumber(input: string): ParseResult<string> {
  const digits = collectDigits(input, 10, false);
  if (typeof digits !== 'string') return digits;
  if (digits.length !== 10) return fail('length');
  const first = digits.charCodeAt(0) - CODE_0;
  if (first < 2 || first > 8) return fail('first_digit');
  if (!hasValidMod97(digits)) return fail('checksum');
  return { ok: true, value: digits };
}

export const isValidPersonNumber = (input: string): boolean => parsePersonNumber(input).ok;
export const isValidEnterpriseNumber = (input: string): boolean => parseEnterpriseNumber(input).ok;
export const isValidEstablishmentNumber = (input: string): boolean => parseEstablishmentNumber(input).ok;

function mustParse<T>(result: ParseResult<T>, what: string): T {
  // The reason only, never the input: a person number is personal data and must not reach logs.
  if (!result.ok) throw new RangeError(`invalid ${what}: ${result.reason}`);
  return result.value;
}

/** `YY.MM.DD-SSS.CC`; accepts any form parsePersonNumber accepts. */
export function formatPersonNumber(input: string): string {
  const n = mustParse(parsePersonNumber(input), 'person number').number;
  return `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`;
}

/** `0123.456.789`; accepts any form parseEnterpriseNumber accepts. */
export function formatEnterpriseNumber(input: string): string {
  const n = mustParse(parseEnterpriseNumber(input), 'enterprise number');
  return `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}

/** `2.123.456.789`, the way KBO writes establishment units. */
export function formatEstablishmentNumber(input: string): string {
  const n = mustParse(parseEstablishmentNumber(input), 'establishment number');
  return `${n[0]}.${n.slice(1, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}

/**
 * For logs: keeps the (BIS-shifted) birth date, hides sequence and checksum, which together with
 * the date identify the person. Never throws, since logs also see invalid input.
 */
export function maskPersonNumber(input: string): string {
  const n = collectDigits(input, 11, false);
  if (typeof n !== 'string' || n.length !== 11) return '**.**.**-***.**';
  return `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-***.**`;
}

function isInteger(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function first8ToNumber(first8: number | string): number {
  if (typeof first8 === 'number') return first8;
  if (first8.length !== 8) return Number.NaN;
  for (let i = 0; i < 8; i++) {
    const code = first8.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) return Number.NaN;
  }
  return Number(first8);
}

/**
 * A valid enterprise number from its first 8 digits (0–19 999 999, or an 8-digit string).
 * For test and demo data: integer arithmetic only, no regex, so millions are cheap.
 */
export function makeEnterpriseNumber(first8: number | string): string {
  const base = first8ToNumber(first8);
  if (!isInteger(base, 0, 19_999_999)) {
    throw new RangeError('enterprise prefix must be 8 digits starting with 0 or 1');
  }
  return String(base * 100 + checkDigits(base)).padStart(10, '0');
}

/** A valid establishment number from its first 8 digits (20 000 000–89 999 999). */
export function makeEstablishmentNumber(first8: number | string): string {
  const base = first8ToNumber(first8);
  if (!isInteger(base, 20_000_000, 89_999_999)) {
    throw new RangeError('establishment prefix must be 8 digits starting with 2 to 8');
  }
  return String(base * 100 + checkDigits(base));
}

export type MakePersonNumberOptions = {
  /** month and day may be 0 (unknown); year 1900–2099. */
  birth: { year: number; month: number; day: number };
  /** 1–998; odd for men, even for women (ignored for sex when `bis` is 'sex-unknown'). */
  seq: number;
  bis?: 'sex-unknown' | 'sex-known';
};

/** A valid national register or BIS number (11 digits) with the checksum of its century. */
export function makePersonNumber(opts: MakePersonNumberOptions): string {
  const { year, month, day } = opts.birth;
  if (!isInteger(year, 1900, 2099)) throw new RangeError('birth year must be 1900–2099');
  if (!Number.isInteger(month) || !Number.isInteger(day) || !isPlausibleDate(year, month, day)) {
    throw new RangeError('birth date does not exist');
  }
  if (!isInteger(opts.seq, 1, 998)) throw new RangeError('sequence must be 1–998');
  const monthShift = opts.bis === 'sex-unknown' ? 20 : opts.bis === 'sex-known' ? 40 : 0;
  const first9 = (year % 100) * 10_000_000 + (month + monthShift) * 100_000 + day * 1000 + opts.seq;
  const check = checkDigits(year >= 2000 ? CENTURY_2000_OFFSET + first9 : first9);
  return String(first9 * 100 + check).padStart(11, '0');
}
