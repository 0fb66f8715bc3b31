/**
 * What every mail template needs to turn an outbox payload into text: the parameter types, plain
 * values, a stored instant as its Brussels day, an enterprise as "name (0123.456.789)", and the
 * names of the manager roles in four languages. One place, so that a role or a number is written
 * the same way in every mail.
 */
import { brusselsDate } from '../../domain/brussels-time.ts';
import { ownValue } from '../../domain/own.ts';
import type { MailLang, Names, Rendered } from './mail-types.ts';

export type Params = Record<string, unknown>;
export type Template = Record<MailLang, (p: Params, names: Names) => Rendered>;

/** A parameter as text; absent is empty. */
export const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
/** A stored instant shown as its Brussels calendar day (issue 14, item 2). */
export const day = (v: unknown): string => (v && !Number.isNaN(Date.parse(s(v))) ? brusselsDate(new Date(s(v))) : s(v));
/** An enterprise number as people write it: 0123.456.789. */
export const num = (v: unknown): string => s(v).replace(/^(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3');
/** The payload's enterprise: "name (0123.456.789)". */
export const ent = (p: Params): string => `${s(p.enterpriseName)} (${num(p.enterprise)})`;

export const roleNames: Record<string, Record<MailLang, string>> = {
  main: {
    nl: 'hoofdtoegangsbeheerder',
    fr: "gestionnaire d'accès principal",
    de: 'Hauptzugangsverwalter',
    en: 'main access manager',
  },
  co_main: {
    nl: 'co-hoofdtoegangsbeheerder',
    fr: "co-gestionnaire d'accès principal",
    de: 'gemeinsamer Hauptzugangsverwalter',
    en: 'co-main access manager',
  },
  domain: { nl: 'toegangsbeheerder', fr: "gestionnaire d'accès", de: 'Zugangsverwalter', en: 'access manager' },
};

/** The payload's role in the reader's language (an unknown role as it is). */
export const roleName = (p: Params, lang: MailLang): string => ownValue(roleNames, s(p.role))?.[lang] ?? s(p.role);
