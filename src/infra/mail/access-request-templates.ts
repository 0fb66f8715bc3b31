/**
 * Mail texts of access requests (issue 18), per template and language; spread into `templates`
 * (templates.ts). `access_request_received` goes to each person who could grant the request, in
 * their own language; `access_request_refused` and `access_request_expired` (the lifetime sweep,
 * issue 17) to the requester, in theirs.
 */
import { day, ent, type Params, s, type Template } from './mail-text.ts';
import type { MailLang, Names } from './mail-types.ts';

const managerOf: Record<MailLang, string> = {
  nl: 'toegangsbeheerder voor',
  fr: "gestionnaire d'accès pour",
  de: 'Zugangsverwalter für',
  en: 'access manager for',
};

/** What was asked: a service (and its role), or to be access manager of a domain. */
function what(p: Params, lang: MailLang, n: Names): string {
  if (p.kind === 'access_manager') return `${managerOf[lang]} ${n.domain(s(p.domain), lang)}`;
  return `${n.service(s(p.service), lang)}${p.role ? ` (${s(p.role)})` : ''}`;
}

export const accessRequestTemplates: Record<string, Template> = {
  access_request_received: {
    nl: (p, n) => ({
      subject: `Toegangsaanvraag van ${s(p.requesterName)}: ${what(p, 'nl', n)}`,
      text: `${s(p.requesterName)} vraagt ${ent(p)} om toegang: ${what(p, 'nl', n)}.${p.wishedUntil ? ` Gewenste einddatum: ${day(p.wishedUntil)}.` : ''}\n\nBericht:\n${s(p.message)}\n\nU kunt de aanvraag goedkeuren of weigeren tot ${day(p.expiresAt)}: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Demande d'accès de ${s(p.requesterName)} : ${what(p, 'fr', n)}`,
      text: `${s(p.requesterName)} demande à ${ent(p)} un accès : ${what(p, 'fr', n)}.${p.wishedUntil ? ` Date de fin souhaitée : ${day(p.wishedUntil)}.` : ''}\n\nMessage :\n${s(p.message)}\n\nVous pouvez accepter ou refuser la demande jusqu'au ${day(p.expiresAt)} : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Zugangsantrag von ${s(p.requesterName)}: ${what(p, 'de', n)}`,
      text: `${s(p.requesterName)} bittet ${ent(p)} um Zugang: ${what(p, 'de', n)}.${p.wishedUntil ? ` Gewünschtes Enddatum: ${day(p.wishedUntil)}.` : ''}\n\nNachricht:\n${s(p.message)}\n\nSie können den Antrag bis zum ${day(p.expiresAt)} genehmigen oder ablehnen: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Access request from ${s(p.requesterName)}: ${what(p, 'en', n)}`,
      text: `${s(p.requesterName)} asks ${ent(p)} for access: ${what(p, 'en', n)}.${p.wishedUntil ? ` Wished end date: ${day(p.wishedUntil)}.` : ''}\n\nMessage:\n${s(p.message)}\n\nYou can approve or refuse the request until ${day(p.expiresAt)}: ${s(p.link)}`,
    }),
  },
  access_request_refused: {
    nl: (p, n) => ({
      subject: `Uw toegangsaanvraag werd geweigerd: ${what(p, 'nl', n)}`,
      text: `${ent(p)} heeft uw aanvraag voor ${what(p, 'nl', n)} geweigerd.\n\nReden:\n${s(p.reason)}\n\nUw aanvragen: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Votre demande d'accès a été refusée : ${what(p, 'fr', n)}`,
      text: `${ent(p)} a refusé votre demande pour ${what(p, 'fr', n)}.\n\nMotif :\n${s(p.reason)}\n\nVos demandes : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Ihr Zugangsantrag wurde abgelehnt: ${what(p, 'de', n)}`,
      text: `${ent(p)} hat Ihren Antrag auf ${what(p, 'de', n)} abgelehnt.\n\nBegründung:\n${s(p.reason)}\n\nIhre Anträge: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Your access request was refused: ${what(p, 'en', n)}`,
      text: `${ent(p)} refused your request for ${what(p, 'en', n)}.\n\nReason:\n${s(p.reason)}\n\nYour requests: ${s(p.link)}`,
    }),
  },
  access_request_expired: {
    nl: (p, n) => ({
      subject: `Uw toegangsaanvraag is verlopen: ${what(p, 'nl', n)}`,
      text: `${ent(p)} heeft uw aanvraag voor ${what(p, 'nl', n)} niet beantwoord vóór ${day(p.expiresAt)}. De aanvraag is verlopen; u kunt een nieuwe aanvraag indienen.\n\nUw aanvragen: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Votre demande d'accès a expiré : ${what(p, 'fr', n)}`,
      text: `${ent(p)} n'a pas répondu à votre demande pour ${what(p, 'fr', n)} avant le ${day(p.expiresAt)}. La demande a expiré ; vous pouvez en introduire une nouvelle.\n\nVos demandes : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Ihr Zugangsantrag ist abgelaufen: ${what(p, 'de', n)}`,
      text: `${ent(p)} hat Ihren Antrag auf ${what(p, 'de', n)} nicht bis zum ${day(p.expiresAt)} beantwortet. Der Antrag ist abgelaufen; Sie können einen neuen Antrag stellen.\n\nIhre Anträge: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Your access request expired: ${what(p, 'en', n)}`,
      text: `${ent(p)} did not answer your request for ${what(p, 'en', n)} by ${day(p.expiresAt)}. The request has expired; you can make a new one.\n\nYour requests: ${s(p.link)}`,
    }),
  },
};
