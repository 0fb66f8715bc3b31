/**
 * A person as btb knows them: by a Belgian national register number, a BIS number, or an eIDAS
 * identifier (issue 19). Pure functions, no I/O.
 *
 * Normal forms (what the API answers and what the database keeps):
 * - national or BIS number: 11 digits, no separators (see identifiers.ts for what is accepted);
 * - eIDAS identifier: `CC/BE/identifier`, the eIDAS PersonIdentifier as the node sends it:
 *   - CC, the country whose eID scheme identified the person: an EU or EEA member, upper case,
 *     Greece as `EL` (eIDAS writes EL; `GR` is accepted and written EL). `BE` is refused: a
 *     person identified by Belgium has a national or BIS number.
 *   - BE, the receiving country: btb is a Belgian service, so always BE.
 *   - identifier: 1–100 printable ASCII characters (0x21–0x7E), kept as given, case included:
 *     it is opaque and some countries use case-sensitive (base64) values. It may hold `/`.
 * Accepted spellings: surrounding white space is removed, white space around the two separating
 * slashes too, and the country codes may be lower case. White space, control characters or
 * non-ASCII characters inside the identifier are refused ('characters').
 */
import { formatPersonNumber, maskPersonNumber, type ParseResult, parsePersonNumber } from './identifiers.ts';

export type PersonIdKind = 'national' | 'bis' | 'eidas';

export interface PersonId {
  /** the normal form */
  id: string;
  kind: PersonIdKind;
  /** the country that identified the person: BE for national and BIS numbers */
  country: string;
}

/** EU member states (eIDAS spelling: EL for Greece) and the EEA members Iceland, Liechtenstein, Norway. */
// biome-ignore format: one table
export const EIDAS_COUNTRIES: readonly string[] = [
  'AT', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT',
  'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO',
];

export const EIDAS_IDENTIFIER_MAX = 100;
/** The longest normal form: `CC/BE/` and the identifier. Columns holding a person are this wide. */
export const PERSON_ID_MAX_LENGTH = 6 + EIDAS_IDENTIFIER_MAX;

const EIDAS_SHAPE = /^\s*([A-Za-z]{2})\s*\/\s*([A-Za-z]{2})\s*\/\s*(.*?)\s*$/s;
const PRINTABLE = /^[\x21-\x7e]+$/;

export function parseEidasId(input: string): ParseResult<PersonId> {
  // Bounded before any regex runs: the identifier is at most 100, spellings add little.
  if (input.length > PERSON_ID_MAX_LENGTH + 64) return { ok: false, reason: 'length' };
  const m = EIDAS_SHAPE.exec(input);
  if (!m) return { ok: false, reason: 'format' };
  const [, from = '', to = '', identifier = ''] = m;
  let country = from.toUpperCase();
  if (country === 'GR') country = 'EL';
  if (!EIDAS_COUNTRIES.includes(country)) return { ok: false, reason: 'country' };
  if (to.toUpperCase() !== 'BE') return { ok: false, reason: 'destination' };
  if (identifier.length === 0 || identifier.length > EIDAS_IDENTIFIER_MAX) return { ok: false, reason: 'length' };
  if (!PRINTABLE.test(identifier)) return { ok: false, reason: 'characters' };
  return { ok: true, value: { id: `${country}/BE/${identifier}`, kind: 'eidas', country } };
}

/** Any of the three: a `/` makes it an eIDAS identifier, otherwise a national or BIS number. */
export function parsePersonId(input: string): ParseResult<PersonId> {
  if (input.includes('/')) return parseEidasId(input);
  if (input.length > 64) return { ok: false, reason: 'length' };
  const p = parsePersonNumber(input);
  if (!p.ok) return p;
  return { ok: true, value: { id: p.value.number, kind: p.value.kind, country: 'BE' } };
}

/** True for an eIDAS identifier in normal form (a cheap test for ids already validated). */
export function isEidasId(id: string): boolean {
  return id.length > 6 && id.charCodeAt(2) === 0x2f && id.slice(2, 6) === '/BE/';
}

/**
 * For logs: a national or BIS number keeps its birth date only (maskPersonNumber); an eIDAS
 * identifier keeps its country only (the identifier names the person). Never throws.
 */
export function maskPersonId(input: string): string {
  if (!input.includes('/')) return maskPersonNumber(input);
  const p = parseEidasId(input);
  return p.ok ? `${p.value.country}/BE/***` : '**/**/***';
}

/** For people to read: `YY.MM.DD-SSS.CC` for Belgian numbers, the eIDAS identifier as it is. */
export function formatPersonId(id: string): string {
  return isEidasId(id) ? id : formatPersonNumber(id);
}
