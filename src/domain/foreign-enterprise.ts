/**
 * Enterprises without a KBO number (issue 19, section 2): the service desk registers a foreign
 * enterprise and btb gives it an identifier of its own, accepted wherever an enterprise number is.
 * Pure functions, no I/O.
 *
 * The F-number:
 * - normal form (what the API answers and the database keeps): `F` + 7 digits (a sequence,
 *   1–9 999 999) + 2 check digits = 97 − (sequence mod 97), like KBO's rule. 10 characters, the
 *   width of a KBO number, so every enterprise column holds it. Example: `F000000196`.
 * - display form: `F000.000.196`, KBO's grouping with the F in place of the leading 0 or 1.
 * - accepted spellings: `f` or `F`, then digits with the separators KBO numbers accept (spaces,
 *   dots, dashes, tabs, no-break spaces) anywhere; ASCII digits only: lookalikes (fullwidth or
 *   Arabic-Indic digits, a Cyrillic or fullwidth F) are refused ('characters').
 * A KBO number never starts with F, so one field takes both (parseEnterpriseId).
 *
 * The EUID, the enterprise's European Unique Identifier (BRIS): the home country's code, the
 * register's code and the registration number: `NLNHR.12345678`. Bounded here, as BRIS defines no
 * stricter grammar per register: country an EU/EEA code (not BE: a Belgian enterprise has a KBO
 * number), register code 1–12 letters or digits,
 * number 1–40 letters, digits, `-` or `/`. Upper case is the normal form.
 */

import { formatEnterpriseNumber, type ParseResult, parseEnterpriseNumber } from './identifiers.ts';
import { EIDAS_COUNTRIES } from './person-id.ts';

const SEPARATORS = new Set([0x20, 0x2e, 0x2d, 0x09, 0x0a, 0x0d, 0xa0, 0x202f]);
const MAX_INPUT = 64;

function checkDigits(sequence: number): number {
  return 97 - (sequence % 97);
}

/** True when the input, white space aside, starts with an ASCII F: a foreign enterprise's number. */
export function looksForeign(input: string): boolean {
  const s = input.trimStart();
  return s[0] === 'F' || s[0] === 'f';
}

export function parseForeignEnterpriseNumber(input: string): ParseResult<string> {
  if (input.length > MAX_INPUT) return { ok: false, reason: 'length' };
  const s = input.trim();
  if (s[0] !== 'F' && s[0] !== 'f') return { ok: false, reason: 'characters' };
  let digits = '';
  for (let i = 1; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (digits.length === 9) return { ok: false, reason: 'length' };
      digits += s[i];
    } else if (!SEPARATORS.has(code)) return { ok: false, reason: 'characters' };
  }
  if (digits.length !== 9) return { ok: false, reason: 'length' };
  const sequence = Number(digits.slice(0, 7));
  if (sequence === 0) return { ok: false, reason: 'sequence' };
  if (checkDigits(sequence) !== Number(digits.slice(7))) return { ok: false, reason: 'checksum' };
  return { ok: true, value: `F${digits}` };
}

/** A KBO enterprise number or an F-number, in its normal form: what routes and the check API take. */
export function parseEnterpriseId(input: string): ParseResult<string> {
  return looksForeign(input) ? parseForeignEnterpriseNumber(input) : parseEnterpriseNumber(input);
}

/** The F-number of a sequence (1–9 999 999). */
export function makeForeignEnterpriseNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) {
    throw new RangeError('foreign enterprise sequence must be 1–9 999 999');
  }
  return `F${String(sequence).padStart(7, '0')}${String(checkDigits(sequence)).padStart(2, '0')}`;
}

/** `F000.000.196` for an F-number, `0403.199.702` for a KBO number; throws on anything else. */
export function formatEnterpriseId(input: string): string {
  if (!looksForeign(input)) return formatEnterpriseNumber(input);
  const r = parseForeignEnterpriseNumber(input);
  if (!r.ok) throw new RangeError(`invalid foreign enterprise number: ${r.reason}`);
  return `${r.value.slice(0, 4)}.${r.value.slice(4, 7)}.${r.value.slice(7)}`;
}

export const EUID_MAX_LENGTH = 2 + 12 + 1 + 40;
const EUID = /^([A-Z]{2})([A-Z0-9]{1,12})\.([A-Z0-9/-]{1,40})$/;

export function parseEuid(input: string): ParseResult<{ euid: string; country: string }> {
  if (input.length > EUID_MAX_LENGTH + 16) return { ok: false, reason: 'length' };
  const s = input.trim().toUpperCase();
  const m = EUID.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  let country = m[1] ?? '';
  if (country === 'GR') country = 'EL';
  if (!EIDAS_COUNTRIES.includes(country)) return { ok: false, reason: 'country' };
  return { ok: true, value: { euid: `${country}${m[2]}.${m[3]}`, country } };
}

/**
 * What a national register number is compared by (review 8, finding 3b): `HRB 123`, `hrb123`
 * and `HRB-123` name one enterprise. Upper case, without spaces, dots or dashes; the migration
 * 20261208100000 fills it in with the same rule in SQL.
 */
export function foreignRegisterKey(input: string): string {
  return input.toUpperCase().replace(/[ .-]/g, '');
}
