/**
 * Issue 16, item 8: the four languages read as a native speaker writes them. What a reader found
 * and fixed is held here, so it cannot come back: the reader is addressed in a sentence of its
 * own ("you is", "u is", "vous est", "Sie ist" were built from fragments); the service desk reads
 * about the requester, never the requester's own "you"; German role labels take the case the
 * sentence needs; one word for one thing, per language (the glossary in docs/translation.md),
 * in the web texts, the mails and the API's problem titles alike.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { problemTitle } from '../src/http/problem-messages.ts';
import { moreTitles } from '../src/http/problem-titles.ts';
import type { MailLang, Names } from '../src/infra/mail/mail-types.ts';
import { renderMail, templates } from '../src/infra/mail/templates.ts';
import { chainLinkMessage } from '../web/src/chain-text.ts';
import { inSentence } from '../web/src/format.ts';
import { de } from '../web/src/i18n/de.ts';
import { en, type Messages } from '../web/src/i18n/en.ts';
import { fr } from '../web/src/i18n/fr.ts';
import { nl } from '../web/src/i18n/nl.ts';
import type { ChainLink } from '../web/src/types.ts';

const dictionaries: Record<MailLang, Messages> = { en, nl, fr, de };
const langs = Object.keys(dictionaries) as MailLang[];

/** Every text of a dictionary with its path (a.b.c). */
function texts(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Every mail in a language, rendered with every parameter a template may read. */
function mails(lang: MailLang): string[] {
  const names: Names = { service: (c) => c, domain: (c) => c };
  const base = {
    enterprise: '0566988259',
    enterpriseName: 'Brouwerij De Drie Sleutels',
    mandator: '0566988259',
    mandatorName: 'Brouwerij De Drie Sleutels',
    mandatary: '0765432146',
    mandataryName: 'Boekhoudkantoor Cijfers & Co',
    domain: 'finance',
    service: 'finance.biztax',
    domains: ['finance'],
    services: ['finance.biztax'],
    validFrom: '2026-11-28T09:00:00.000Z',
    validUntil: '2027-12-31T21:59:59.999Z',
    expiresAt: '2026-12-12T09:00:00.000Z',
    link: 'https://btb.example/link',
    reference: 'EXC-ABCD-EFGH',
    code: 'K7M2P9QX4T',
    targetDate: '2026-12-11',
    question: 'Q?',
    person: 'Sofie Janssens',
    holderName: 'Julia Schmitz',
    days: 14,
    count: 58,
    clients: 29,
    reason: 'replaced',
  };
  const variants = [
    { role: 'co_main', domain: undefined, side: 'mandator', actingSide: 'mandatary' },
    { role: 'domain', side: 'mandatary', actingSide: 'mandatary', reason: 'enterprise_stopped' },
    { role: 'main', domain: undefined, service: undefined, side: 'mandator', actingSide: 'mandator' },
  ];
  return Object.keys(templates).flatMap((t) =>
    variants.map((v) => {
      const m = renderMail(t, lang, { ...base, ...v }, names);
      return `${m.subject}\n${m.text}`;
    }),
  );
}

/** Every problem title the API sends in a language. */
function problemTitles(lang: MailLang): string[] {
  const codes = [...Object.keys(en.errors.codes).map((k) => k.replace('/', '.')), ...Object.keys(moreTitles)];
  return codes.map((c) => problemTitle(c, lang));
}

describe('the dictionaries say the same thing with the same parameters', () => {
  it.each(['nl', 'fr', 'de'] as const)('%s has every interpolation of the English, and no other', (lang) => {
    const other = new Map(texts(dictionaries[lang]));
    for (const [path, text] of texts(en)) {
      expect(other.has(path), path).toBe(true);
      expect(placeholders(other.get(path) ?? ''), `${lang}: ${path}`).toEqual(placeholders(text));
    }
  });
});

describe('"Why": the reader is addressed in a sentence of its own (you are, u bent, vous êtes, Sie sind)', () => {
  const me = '85073003328';
  const say = async (lang: MailLang, link: ChainLink) => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { [lang]: { translation: dictionaries[lang] } },
      lng: lang,
      nsSeparator: false,
      interpolation: { escapeValue: false },
    });
    const role = link.role ? inSentence(i18n.t(`roles.${link.role}`), lang) : '';
    const domain = link.domain
      ? ({ en: 'Finance', nl: 'Financiën', fr: 'Finances', de: 'Finanzen' } as const)[lang]
      : '';
    const m = chainLinkMessage(link, me, role, domain);
    return i18n.t(m.key, m.values);
  };

  it.each([
    ['en', 'You are access manager for Finance', 'You are co-main access manager', 'You are a legal representative'],
    ['nl', 'U bent toegangsbeheerder voor Financiën', 'U bent co-hoofdtoegangsbeheerder', 'U bent wettelijke'],
    ['fr', 'Vous êtes gestionnaire d’accès pour Finances', 'Vous êtes co-gestionnaire d’accès principal', 'Vous êtes'],
    ['de', 'Sie sind Zugangsverwalter für Finanzen', 'Sie sind gemeinsamer Hauptzugangsverwalter', 'Sie sind laut'],
  ] as const)('%s', async (lang, domainLine, coMainLine, lrLine) => {
    const mine: ChainLink = { kind: 'appointment', role: 'domain', person: me, domain: 'finance' };
    expect(await say(lang, mine)).toBe(domainLine);
    expect(await say(lang, { kind: 'appointment', role: 'co_main', person: me })).toBe(coMainLine);
    expect(await say(lang, { kind: 'legal_representative', role: 'legal_representative', person: me })).toMatch(
      new RegExp(`^${lrLine}`),
    );
    // anyone else is named, number masked, in the third person
    const other = await say(lang, { kind: 'appointment', role: 'main', person: '78031408415', name: 'An Peeters' });
    expect(other).toMatch(/^An Peeters \(78\.03\.14-\*\*\*\.\*\*\) (is|est|ist) /);
    for (const line of [domainLine, coMainLine, other]) expect(line).not.toMatch(/\b(you is|u is|vous est)\b|Sie ist/i);
  });

  it('German role labels: the adjective is small inside a sentence, the noun keeps its capital', () => {
    expect(inSentence('Gemeinsamer Hauptzugangsverwalter', 'de')).toBe('gemeinsamer Hauptzugangsverwalter');
    expect(inSentence('Gesetzlicher Vertreter', 'de')).toBe('gesetzlicher Vertreter');
    expect(inSentence('Hauptzugangsverwalter', 'de')).toBe('Hauptzugangsverwalter');
    expect(inSentence('Main access manager', 'en')).toBe('main access manager');
  });
});

describe('the service desk reads about the requester, never "you"', () => {
  const secondPerson: Record<MailLang, RegExp> = {
    en: /\b(you|your|I)\b/i,
    nl: /\b(u|uw|ik)\b/i,
    fr: /\b(vous|votre|vos|je)\b/i,
    de: /\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihres|ich)\b/,
  };
  it.each(langs)('%s', (lang) => {
    const d = dictionaries[lang];
    // the desk has its own words for everything the requester's pages say about "your" request
    expect(Object.keys(d.desk.statuses)).toEqual(Object.keys(d.exceptionStatus));
    expect(Object.keys(d.desk.reasons)).toEqual(Object.keys(d.exception.reasons));
    expect(Object.keys(d.desk.documentKinds)).toEqual(Object.keys(d.exception.documents.kinds));
    expect(Object.keys(d.desk.actions)).toEqual(Object.keys(d.follow.actions));
    for (const part of [d.desk.statuses, d.desk.reasons, d.desk.documentKinds, d.desk.actions]) {
      for (const [key, text] of Object.entries(part))
        expect(text, `${lang} desk ${key}`).not.toMatch(secondPerson[lang]);
    }
    // the requester's own pages do say "you": the two are different texts
    expect(d.exceptionStatus.info_requested).not.toBe(d.desk.statuses.info_requested);
  });
});

describe('one word for one thing (glossary in docs/translation.md)', () => {
  const avoid: Record<MailLang, [RegExp, string][]> = {
    en: [[/\bofficer\b/i, 'operator']],
    nl: [
      [/\bwettelijk vertegenwoordiger/i, 'wettelijke vertegenwoordiger (as the seed page writes it)'],
      [/voorstel van mandaat/i, 'mandaatvoorstel'],
      [/\bgekend\b/, 'bekend'],
    ],
    fr: [
      [/\p{L}·\p{L}/u, 'no point médian (connecté·e): an epicene wording'],
      [/opérateur/i, 'agent du service desk'],
      [/sous ce mandat|sous le mandat/i, 'dans le cadre du mandat'],
      [/gestionnaires? de clients?\b/i, 'gestionnaire client'],
    ],
    de: [
      // (a person's capacity "Bevollmächtigter" is another thing, and stays)
      [/Vollmacht|bevollmächtigt\b/i, 'Mandat (the web pages and mails say the same)'],
      [/Zugriffsverwalter/, 'Zugangsverwalter (Verwaltung der Zugangsverwalter)'],
      [/gemailt/, 'per E-Mail gesendet'],
      [/ist eingestellt|wurde eingestellt/, 'hat seine Tätigkeit eingestellt'],
      [/\bals (gemeinsamer |)(Haupt)?[Zz]ugangsverwalter\b[^?]*\bernannt\b/, 'zum … ernannt (dative)'],
      [/\bKein eID\b/, 'keine eID (die eID)'],
    ],
  };
  it.each(langs)('%s: web texts, mails and problem titles', (lang) => {
    const all = [
      ...texts(dictionaries[lang]).map(([path, text]) => [`web ${path}`, text]),
      ...mails(lang).map((text, i) => [`mail #${i}`, text]),
      ...problemTitles(lang).map((text, i) => [`problem #${i}`, text]),
    ];
    for (const [where, text] of all) {
      for (const [bad, instead] of avoid[lang]) expect(text, `${where}: use ${instead}`).not.toMatch(bad);
    }
  });

  it('German: a third person is never written as the capitalised "Sie"/"Ihr" that addresses the reader', () => {
    const all = [...texts(de).map(([, t]) => t), ...mails('de'), ...problemTitles('de')];
    // "…: Sie muss", ". Sie ist", "; Ihr Link": a capital after a colon or full stop reads as "you"
    const thirdPerson = /(^|[.:;]\s+)(Sie|Ihr)\s+(ist|wurde|muss|braucht|meldet|gilt|wartet|wirkt|hat|Link)\b/;
    for (const text of all) expect(text).not.toMatch(thirdPerson);
  });
});
