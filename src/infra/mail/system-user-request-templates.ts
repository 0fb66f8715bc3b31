/**
 * Mail texts of a vendor's request for a system user (issue 18, section 2), per language; spread
 * into `templates` (templates.ts). `system_user_request_received` goes to each person at the
 * customer enterprise who could approve it, in their own language; `system_user_request_refused`
 * and `system_user_request_expired` to the person at the vendor who sent it, in theirs (as an access
 * request's requester is told).
 */
import { day, ent, num, type Params, s, type Template } from './mail-text.ts';
import type { MailLang, Names } from './mail-types.ts';

const services = (p: Params, lang: MailLang, n: Names) =>
  (Array.isArray(p.services) ? p.services : []).map((c) => n.service(s(c), lang)).join(', ');
const vendor = (p: Params) => `${s(p.vendorName)} (${num(p.vendor)})`;

export const systemUserRequestTemplates: Record<string, Template> = {
  system_user_request_received: {
    nl: (p, n) => ({
      subject: `Aanvraag van ${s(p.vendorName)}: ${s(p.systemName)} laten optreden`,
      text: `${vendor(p)} vraagt ${ent(p)} om zijn software ${s(p.systemName)} voor haar te laten optreden, met: ${services(p, 'nl', n)}.${p.wishedUntil ? ` Gewenste einddatum: ${day(p.wishedUntil)}.` : ''}${p.message ? `\n\nBericht:\n${s(p.message)}` : ''}\n\nU kunt de aanvraag goedkeuren of weigeren tot ${day(p.expiresAt)}: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Demande de ${s(p.vendorName)} : laisser agir ${s(p.systemName)}`,
      text: `${vendor(p)} demande à ${ent(p)} de laisser son logiciel ${s(p.systemName)} agir pour elle, avec : ${services(p, 'fr', n)}.${p.wishedUntil ? ` Date de fin souhaitée : ${day(p.wishedUntil)}.` : ''}${p.message ? `\n\nMessage :\n${s(p.message)}` : ''}\n\nVous pouvez accepter ou refuser la demande jusqu'au ${day(p.expiresAt)} : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Antrag von ${s(p.vendorName)}: ${s(p.systemName)} handeln lassen`,
      text: `${vendor(p)} bittet ${ent(p)}, seine Software ${s(p.systemName)} für das Unternehmen handeln zu lassen, mit: ${services(p, 'de', n)}.${p.wishedUntil ? ` Gewünschtes Enddatum: ${day(p.wishedUntil)}.` : ''}${p.message ? `\n\nNachricht:\n${s(p.message)}` : ''}\n\nSie können den Antrag bis zum ${day(p.expiresAt)} genehmigen oder ablehnen: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Request from ${s(p.vendorName)}: let ${s(p.systemName)} act for you`,
      text: `${vendor(p)} asks ${ent(p)} to let its software ${s(p.systemName)} act for it, with: ${services(p, 'en', n)}.${p.wishedUntil ? ` Wished end date: ${day(p.wishedUntil)}.` : ''}${p.message ? `\n\nMessage:\n${s(p.message)}` : ''}\n\nYou can approve or refuse the request until ${day(p.expiresAt)}: ${s(p.link)}`,
    }),
  },
  system_user_request_refused: {
    nl: (p, n) => ({
      subject: `Uw aanvraag voor ${s(p.systemName)} werd geweigerd`,
      text: `${ent(p)} heeft uw aanvraag geweigerd om ${s(p.systemName)} voor haar te laten optreden, met: ${services(p, 'nl', n)}.\n\nReden:\n${s(p.reason)}\n\nUw verzonden aanvragen: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Votre demande pour ${s(p.systemName)} a été refusée`,
      text: `${ent(p)} a refusé votre demande de laisser ${s(p.systemName)} agir pour elle, avec : ${services(p, 'fr', n)}.\n\nMotif :\n${s(p.reason)}\n\nVos demandes envoyées : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Ihr Antrag für ${s(p.systemName)} wurde abgelehnt`,
      text: `${ent(p)} hat Ihren Antrag abgelehnt, ${s(p.systemName)} für das Unternehmen handeln zu lassen, mit: ${services(p, 'de', n)}.\n\nBegründung:\n${s(p.reason)}\n\nIhre gesendeten Anträge: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Your request for ${s(p.systemName)} was refused`,
      text: `${ent(p)} refused your request to let ${s(p.systemName)} act for it, with: ${services(p, 'en', n)}.\n\nReason:\n${s(p.reason)}\n\nYour sent requests: ${s(p.link)}`,
    }),
  },
  system_user_request_expired: {
    nl: (p, n) => ({
      subject: `Uw aanvraag voor ${s(p.systemName)} is verlopen`,
      text: `${ent(p)} heeft uw aanvraag om ${s(p.systemName)} voor haar te laten optreden (${services(p, 'nl', n)}) niet beantwoord vóór ${day(p.expiresAt)}. De aanvraag is verlopen; u kunt een nieuwe aanvraag sturen.\n\nUw verzonden aanvragen: ${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Votre demande pour ${s(p.systemName)} a expiré`,
      text: `${ent(p)} n'a pas répondu à votre demande de laisser ${s(p.systemName)} agir pour elle (${services(p, 'fr', n)}) avant le ${day(p.expiresAt)}. La demande a expiré ; vous pouvez en envoyer une nouvelle.\n\nVos demandes envoyées : ${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Ihr Antrag für ${s(p.systemName)} ist abgelaufen`,
      text: `${ent(p)} hat Ihren Antrag, ${s(p.systemName)} für das Unternehmen handeln zu lassen (${services(p, 'de', n)}), nicht bis zum ${day(p.expiresAt)} beantwortet. Der Antrag ist abgelaufen; Sie können einen neuen senden.\n\nIhre gesendeten Anträge: ${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Your request for ${s(p.systemName)} expired`,
      text: `${ent(p)} did not answer your request to let ${s(p.systemName)} act for it (${services(p, 'en', n)}) by ${day(p.expiresAt)}. The request has expired; you can send a new one.\n\nYour sent requests: ${s(p.link)}`,
    }),
  },
};
