/**
 * Mail texts of a vendor's request for a system user (issue 18, section 2), per language; spread
 * into `templates` (templates.ts). `system_user_request_received` goes to each person at the
 * customer enterprise who could approve it, in their own language.
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
};
