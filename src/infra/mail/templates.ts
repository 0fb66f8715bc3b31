import { ownValue } from '../../domain/own.ts';
import { accessRequestTemplates } from './access-request-templates.ts';
import { exceptionTemplates } from './exception-templates.ts';
import { lifetimeTemplates } from './lifetime-templates.ts';
import { day, ent, type Params, roleName, s, type Template } from './mail-text.ts';
import type { MailLang, Names, Rendered } from './mail-types.ts';
import { mandateTemplates } from './mandate-templates.ts';
import { registerTemplates } from './register-templates.ts';
import { systemUserRequestTemplates } from './system-user-request-templates.ts';

/**
 * Mail texts, per template and language. Parameters come from the outbox payload; names of
 * services and domains are resolved through the catalogue at send time.
 */
/** German after "zum" (dative): "zum gemeinsamen Hauptzugangsverwalter ernannt" (docs/translation.md). */
const roleNamesDeDative: Record<string, string> = {
  main: 'Hauptzugangsverwalter',
  co_main: 'gemeinsamen Hauptzugangsverwalter',
  domain: 'Zugangsverwalter',
};

const dayWords: Record<MailLang, [string, string, (n: number) => string]> = {
  nl: ['vandaag', 'morgen', (n) => `over ${n} dagen`],
  fr: ["aujourd'hui", 'demain', (n) => `dans ${n} jours`],
  de: ['heute', 'morgen', (n) => `in ${n} Tagen`],
  en: ['today', 'tomorrow', (n) => `in ${n} days`],
};
/** The days left, said as people say it: today, tomorrow, in 4 days (Brussels calendar days). */
function inDays(v: unknown, lang: MailLang): string {
  const n = Number(v);
  const [today, tomorrow, many] = dayWords[lang];
  return n <= 0 ? today : n === 1 ? tomorrow : many(n);
}
function role(p: Params, lang: MailLang, names: Names): string {
  const r = roleName(p, lang);
  return p.domain ? `${r} (${names.domain(s(p.domain), lang)})` : r;
}
/** "zum <role>" in German: the appointment is "zum X", never "als X" (ernennen zu + dative). */
function zumRole(p: Params, names: Names): string {
  const r = ownValue(roleNamesDeDative, s(p.role)) ?? s(p.role);
  return `zum ${p.domain ? `${r} (${names.domain(s(p.domain), 'de')})` : r}`;
}

const footer: Record<MailLang, string> = {
  nl: '\n\n-- \nBeheer der Toegangsbeheerders. Dit bericht is automatisch verzonden.',
  fr: '\n\n-- \nGestion des Gestionnaires d’Accès. Ce message a été envoyé automatiquement.',
  de: '\n\n-- \nVerwaltung der Zugangsverwalter. Diese Nachricht wurde automatisch versendet.',
  en: '\n\n-- \nManagement of Access Managers. This message was sent automatically.',
};

export const templates: Record<string, Template> = {
  ...mandateTemplates,
  ...exceptionTemplates,
  ...registerTemplates,
  ...accessRequestTemplates,
  ...systemUserRequestTemplates,
  ...lifetimeTemplates,
  appointed: {
    nl: (p, n) => ({
      subject: `U bent aangesteld als ${role(p, 'nl', n)}`,
      text: `U bent aangesteld als ${role(p, 'nl', n)} voor ${ent(p)}.${p.validUntil ? ` Deze aanstelling loopt tot ${day(p.validUntil)}.` : ''}`,
    }),
    fr: (p, n) => ({
      subject: `Vous êtes désormais ${role(p, 'fr', n)}`,
      text: `Vous êtes désormais ${role(p, 'fr', n)} pour ${ent(p)}.${p.validUntil ? ` Cette désignation court jusqu'au ${day(p.validUntil)}.` : ''}`,
    }),
    de: (p, n) => ({
      subject: `Sie wurden ${zumRole(p, n)} ernannt`,
      text: `Sie wurden für ${ent(p)} ${zumRole(p, n)} ernannt.${p.validUntil ? ` Diese Ernennung gilt bis zum ${day(p.validUntil)}.` : ''}`,
    }),
    en: (p, n) => ({
      subject: `You have been appointed ${role(p, 'en', n)}`,
      text: `You have been appointed ${role(p, 'en', n)} for ${ent(p)}.${p.validUntil ? ` This appointment runs until ${day(p.validUntil)}.` : ''}`,
    }),
  },
  appointment_ended: {
    nl: (p, n) => ({
      subject: `Uw aanstelling als ${role(p, 'nl', n)} is beëindigd`,
      text: `Uw aanstelling als ${role(p, 'nl', n)} voor ${ent(p)} is beëindigd${p.reason === 'replaced' ? ': er werd een nieuwe hoofdtoegangsbeheerder aangesteld' : ''}.`,
    }),
    fr: (p, n) => ({
      subject: `Votre désignation comme ${role(p, 'fr', n)} a pris fin`,
      text: `Votre désignation comme ${role(p, 'fr', n)} pour ${ent(p)} a pris fin${p.reason === 'replaced' ? " : un nouveau gestionnaire d'accès principal a été désigné" : ''}.`,
    }),
    de: (p, n) => ({
      subject: `Ihre Ernennung ${zumRole(p, n)} wurde beendet`,
      text: `Ihre Ernennung ${zumRole(p, n)} für ${ent(p)} wurde beendet${p.reason === 'replaced' ? ': Ein neuer Hauptzugangsverwalter wurde ernannt' : ''}.`,
    }),
    en: (p, n) => ({
      subject: `Your appointment as ${role(p, 'en', n)} has ended`,
      text: `Your appointment as ${role(p, 'en', n)} for ${ent(p)} has ended${p.reason === 'replaced' ? ': a new main access manager was appointed' : ''}.`,
    }),
  },
  granted: {
    nl: (p, n) => ({
      subject: `U hebt toegang tot ${n.service(s(p.service), 'nl')}`,
      text: `U hebt toegang gekregen tot ${n.service(s(p.service), 'nl')} voor ${ent(p)}.${p.validUntil ? ` Tot ${day(p.validUntil)}.` : ''}`,
    }),
    fr: (p, n) => ({
      subject: `Vous avez accès à ${n.service(s(p.service), 'fr')}`,
      text: `Vous avez reçu l'accès à ${n.service(s(p.service), 'fr')} pour ${ent(p)}.${p.validUntil ? ` Jusqu'au ${day(p.validUntil)}.` : ''}`,
    }),
    de: (p, n) => ({
      subject: `Sie haben Zugang zu ${n.service(s(p.service), 'de')}`,
      text: `Sie haben Zugang zu ${n.service(s(p.service), 'de')} für ${ent(p)} erhalten.${p.validUntil ? ` Bis zum ${day(p.validUntil)}.` : ''}`,
    }),
    en: (p, n) => ({
      subject: `You have access to ${n.service(s(p.service), 'en')}`,
      text: `You have been given access to ${n.service(s(p.service), 'en')} for ${ent(p)}.${p.validUntil ? ` Until ${day(p.validUntil)}.` : ''}`,
    }),
  },
  revoked: {
    nl: (p, n) => ({
      subject: `Uw toegang tot ${n.service(s(p.service), 'nl')} is ingetrokken`,
      text: `Uw toegang tot ${n.service(s(p.service), 'nl')} voor ${ent(p)} is ingetrokken.`,
    }),
    fr: (p, n) => ({
      subject: `Votre accès à ${n.service(s(p.service), 'fr')} a été révoqué`,
      text: `Votre accès à ${n.service(s(p.service), 'fr')} pour ${ent(p)} a été révoqué.`,
    }),
    de: (p, n) => ({
      subject: `Ihr Zugang zu ${n.service(s(p.service), 'de')} wurde entzogen`,
      text: `Ihr Zugang zu ${n.service(s(p.service), 'de')} für ${ent(p)} wurde entzogen.`,
    }),
    en: (p, n) => ({
      subject: `Your access to ${n.service(s(p.service), 'en')} was revoked`,
      text: `Your access to ${n.service(s(p.service), 'en')} for ${ent(p)} was revoked.`,
    }),
  },
  invitation: {
    nl: (p, n) => ({
      subject: `Uitnodiging: toegang tot ${n.service(s(p.service), 'nl')}`,
      text: `U bent uitgenodigd om ${n.service(s(p.service), 'nl')} te gebruiken voor ${ent(p)}.\n\nMeld u aan en aanvaard de uitnodiging via:\n${s(p.link)}\n\nDeze link vervalt op ${day(p.expiresAt)} en werkt één keer.`,
    }),
    fr: (p, n) => ({
      subject: `Invitation : accès à ${n.service(s(p.service), 'fr')}`,
      text: `Vous avez reçu une invitation à utiliser ${n.service(s(p.service), 'fr')} pour ${ent(p)}.\n\nConnectez-vous et acceptez l'invitation via :\n${s(p.link)}\n\nCe lien expire le ${day(p.expiresAt)} et ne fonctionne qu'une fois.`,
    }),
    de: (p, n) => ({
      subject: `Einladung: Zugang zu ${n.service(s(p.service), 'de')}`,
      text: `Sie wurden eingeladen, ${n.service(s(p.service), 'de')} für ${ent(p)} zu nutzen.\n\nMelden Sie sich an und nehmen Sie die Einladung an:\n${s(p.link)}\n\nDieser Link läuft am ${day(p.expiresAt)} ab und funktioniert nur einmal.`,
    }),
    en: (p, n) => ({
      subject: `Invitation: access to ${n.service(s(p.service), 'en')}`,
      text: `You are invited to use ${n.service(s(p.service), 'en')} for ${ent(p)}.\n\nLog in and accept the invitation at:\n${s(p.link)}\n\nThis link expires on ${day(p.expiresAt)} and works once.`,
    }),
  },
  // to the manager who can extend a grant that ends soon (issue 14, item 3)
  reminder_manager: {
    nl: (p, n) => ({
      subject: `Herinnering: toegang van ${s(p.holderName)} tot ${n.service(s(p.service), 'nl')} eindigt op ${day(p.validUntil)}`,
      text: `De toegang van ${s(p.holderName)} tot ${n.service(s(p.service), 'nl')} voor ${ent(p)} eindigt op ${day(p.validUntil)} (${inDays(p.days, 'nl')}).\n\nOm ze te verlengen:\n${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Rappel : l'accès de ${s(p.holderName)} à ${n.service(s(p.service), 'fr')} prend fin le ${day(p.validUntil)}`,
      text: `L'accès de ${s(p.holderName)} à ${n.service(s(p.service), 'fr')} pour ${ent(p)} prend fin le ${day(p.validUntil)} (${inDays(p.days, 'fr')}).\n\nPour le prolonger :\n${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Erinnerung: Der Zugang von ${s(p.holderName)} zu ${n.service(s(p.service), 'de')} endet am ${day(p.validUntil)}`,
      text: `Der Zugang von ${s(p.holderName)} zu ${n.service(s(p.service), 'de')} für ${ent(p)} endet am ${day(p.validUntil)} (${inDays(p.days, 'de')}).\n\nZum Verlängern:\n${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Reminder: ${s(p.holderName)}'s access to ${n.service(s(p.service), 'en')} ends on ${day(p.validUntil)}`,
      text: `${s(p.holderName)}'s access to ${n.service(s(p.service), 'en')} for ${ent(p)} ends on ${day(p.validUntil)} (${inDays(p.days, 'en')}).\n\nTo extend it:\n${s(p.link)}`,
    }),
  },
  reminder: {
    nl: (p, n) => ({
      subject: `Herinnering: ${p.service ? `uw toegang tot ${n.service(s(p.service), 'nl')}` : `uw aanstelling als ${role(p, 'nl', n)}`} eindigt op ${day(p.validUntil)}`,
      text: `${p.service ? `Uw toegang tot ${n.service(s(p.service), 'nl')}` : `Uw aanstelling als ${role(p, 'nl', n)}`} voor ${ent(p)} eindigt op ${day(p.validUntil)} (${inDays(p.days, 'nl')}). Vraag tijdig een verlenging aan bij uw toegangsbeheerder.`,
    }),
    fr: (p, n) => ({
      subject: `Rappel : ${p.service ? `votre accès à ${n.service(s(p.service), 'fr')}` : `votre désignation comme ${role(p, 'fr', n)}`} prend fin le ${day(p.validUntil)}`,
      text: `${p.service ? `Votre accès à ${n.service(s(p.service), 'fr')}` : `Votre désignation comme ${role(p, 'fr', n)}`} pour ${ent(p)} prend fin le ${day(p.validUntil)} (${inDays(p.days, 'fr')}). Demandez à temps une prolongation à votre gestionnaire d'accès.`,
    }),
    de: (p, n) => ({
      subject: `Erinnerung: ${p.service ? `Ihr Zugang zu ${n.service(s(p.service), 'de')}` : `Ihre Ernennung ${zumRole(p, n)}`} endet am ${day(p.validUntil)}`,
      text: `${p.service ? `Ihr Zugang zu ${n.service(s(p.service), 'de')}` : `Ihre Ernennung ${zumRole(p, n)}`} für ${ent(p)} endet am ${day(p.validUntil)} (${inDays(p.days, 'de')}). Beantragen Sie rechtzeitig eine Verlängerung bei Ihrem Zugangsverwalter.`,
    }),
    en: (p, n) => ({
      subject: `Reminder: ${p.service ? `your access to ${n.service(s(p.service), 'en')}` : `your appointment as ${role(p, 'en', n)}`} ends on ${day(p.validUntil)}`,
      text: `${p.service ? `Your access to ${n.service(s(p.service), 'en')}` : `Your appointment as ${role(p, 'en', n)}`} for ${ent(p)} ends on ${day(p.validUntil)} (${inDays(p.days, 'en')}). Ask your access manager for an extension in time.`,
    }),
  },
};

export function renderMail(
  template: string,
  language: string,
  params: Params,
  names: Names,
  extra: Record<string, Template> = {},
): Rendered {
  const lang: MailLang = language === 'fr' || language === 'de' || language === 'en' ? language : 'nl';
  const t = ownValue(templates, template) ?? ownValue(extra, template);
  if (!t) throw new Error(`unknown mail template ${template}`);
  const r = t[lang](params, names);
  return { subject: r.subject, text: r.text + footer[lang] };
}
