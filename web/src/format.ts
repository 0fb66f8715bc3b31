import i18next from 'i18next';
import type { Managers } from './types.ts';

/** Display forms of identifiers and dates, and the same checksum the server applies. */
export function displayEnterprise(n: string): string {
  // a foreign enterprise's F-number, in KBO's grouping: F000.000.196 (issue 19)
  if (/^F\d{9}$/.test(n)) return `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
  const d = n.replace(/\D/g, '');
  return d.length === 10 ? `${d.slice(0, 4)}.${d.slice(4, 7)}.${d.slice(7)}` : n;
}

/** `2.123.456.791`: an establishment unit number as the KBO prints it (issue 19). */
export function displayEstablishment(n: string): string {
  return `${n.slice(0, 1)}.${n.slice(1, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}

export function displayPerson(n: string | null | undefined): string {
  if (!n) return '';
  if (n.includes('/')) return `${n} (${eidasCountry(n)})`; // an eIDAS identifier, with its country (issue 19)
  const d = n.replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9)}` : n;
}

/** A person number as shown beside a name: birth date only, the rest masked, as the API masks it. */
export function maskPerson(n: string | null | undefined): string {
  if (n?.includes('/')) return `${n.slice(0, 2)}/BE/***, ${eidasCountry(n)}`; // an eIDAS identifier: its country only
  const d = (n ?? '').replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-***.**` : '';
}

/**
 * The country of an eIDAS identifier `CC/BE/…`, named in the page's language ("Deutschland",
 * "Netherlands"); eIDAS writes Greece EL where ISO 3166 has GR. The code itself when the browser
 * cannot name it.
 */
export function eidasCountry(id: string): string {
  const cc = id.slice(0, 2).toUpperCase();
  try {
    return new Intl.DisplayNames([i18next.language || 'en'], { type: 'region' }).of(cc === 'EL' ? 'GR' : cc) ?? cc;
  } catch {
    return cc;
  }
}

/** National register and BIS numbers: 97 − (first nine digits mod 97), with 2 prefixed for births from 2000. */
export function isPersonNumber(input: string): boolean {
  if (input.includes('/')) return isEidasId(input);
  const d = input.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(d)) return false;
  const base = Number(d.slice(0, 9));
  const check = Number(d.slice(9));
  return 97 - (base % 97) === check || 97 - ((2_000_000_000 + base) % 97) === check;
}

// EU members (EL: Greece, GR accepted) and the EEA members IS, LI, NO; src/domain/person-id.ts decides.
const EIDAS_COUNTRIES = new Set(
  'AT BG CY CZ DE DK EE EL GR ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO'.split(' '),
);

/** An eIDAS identifier `CC/BE/identifier`: 1–100 printable ASCII characters after `CC/BE/`. */
export function isEidasId(input: string): boolean {
  const m = /^\s*([A-Za-z]{2})\s*\/\s*[Bb][Ee]\s*\/\s*([\x21-\x7e]{1,100})\s*$/.exec(input);
  return m !== null && EIDAS_COUNTRIES.has((m[1] ?? '').toUpperCase());
}

/** What to send for an enterprise typed by a person: the digits of a KBO number, an F-number as typed (the server parses it). */
export function enterpriseParam(input: string): string {
  return /^\s*[Ff]/.test(input) ? input.trim() : input.replace(/^\s*BE/i, '').replace(/\D/g, '');
}

/** A KBO number, or a foreign enterprise's F-number (F + 7 digits + 97 − (7 digits mod 97)). */
export function isEnterpriseNumber(input: string): boolean {
  const f = /^\s*[Ff]([\d\s.-]*)$/.exec(input);
  if (f) {
    const digits = (f[1] ?? '').replace(/\D/g, '');
    const seq = Number(digits.slice(0, 7));
    return digits.length === 9 && seq > 0 && 97 - (seq % 97) === Number(digits.slice(7));
  }
  let d = input.replace(/^BE/i, '').replace(/[\s.-]/g, '');
  if (/^\d{9}$/.test(d)) d = `0${d}`;
  if (!/^[01]\d{9}$/.test(d)) return false;
  return 97 - (Number(d.slice(0, 8)) % 97) === Number(d.slice(8));
}

const locales: Record<string, string> = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-BE', en: 'en-GB' };

/** Own properties only: a language such as '__proto__' falls back to English (issue 13, finding 14). */
function localeOf(lang: string): string {
  return Object.hasOwn(locales, lang) ? (locales[lang] as string) : 'en-GB';
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Brussels',
  }).format(d);
}

export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(d);
}

/** the date part of an ISO timestamp, for <input type="date"> */
export function dateInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  // en-CA writes dates as YYYY-MM-DD; the day is the Brussels day the end date was given for.
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(d);
}

/**
 * A role name inside a sentence: lower case, except in German where nouns keep their capital.
 * A German label of several words starts with its adjective ("Gesetzlicher Vertreter",
 * "Gemeinsamer Hauptzugangsverwalter"), which is written small inside a sentence; a one-word
 * label is a noun and stays as it is (docs/translation.md).
 */
export function inSentence(text: string, lang: string): string {
  if (lang !== 'de') return text.charAt(0).toLowerCase() + text.slice(1);
  return /\s/.test(text.trim()) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * An enterprise's name for a reader: its name (type 001), else its commercial name (003), in the
 * reader's language where the register has one, else the official name (issue 14, item 5; the
 * server's mails follow the same rule, src/app/shared/record.ts).
 */
export function localName(
  names: { language: string; type: string; name: string }[] | undefined,
  lang: string,
): string | undefined {
  const rank = (n: { language: string; type: string }) =>
    n.language === lang && n.type === '001'
      ? 0
      : n.language === lang && n.type === '003'
        ? 1
        : n.type === '001'
          ? 2
          : 3;
  return [...(names ?? [])].sort((a, b) => rank(a) - rank(b))[0]?.name;
}

/**
 * A person in a chain or the history: "An Peeters (78.03.14-***.**)", the number masked as
 * everywhere a name stands beside it (issue 16, item 7); a value that is no person number (a
 * client, a reference) as it is.
 */
export function personLabel(name: string | null | undefined, person: string | null | undefined): string {
  const masked = maskPerson(person);
  if (!masked) return name ?? person ?? '';
  return name ? `${name} (${masked})` : masked;
}

/** "appointed by X (role)": the name the API gives, else the one of the same list when the appointer is a manager too. */
export function whoName(
  person: string | null,
  name: string | null | undefined,
  managers: Managers | undefined,
): string {
  if (!person) return '';
  const all = managers ? [managers.main, ...managers.coMain, ...Object.values(managers.domains).flat()] : [];
  return personLabel(name ?? all.find((m) => m?.person === person)?.name, person);
}
