/**
 * Mail texts of register changes (issue 17, section 1), per template and language; spread into
 * `templates` (templates.ts). They go to the enterprise's legal representatives and its main and
 * co-main access managers: what changed in the registers, what btb did, and what to do.
 */
import { day, ent, type Params, roleName as role, s, type Template } from './mail-text.ts';

const n = (v: unknown) => Number(v) || 0;
const link = (p: Params) => (p.link ? `\n\n${s(p.link)}` : '');

export const registerTemplates: Record<string, Template> = {
  register_enterprise_stopped: {
    nl: (p) => ({
      subject: `Onderneming stopgezet in de KBO: alle toegangen voor ${ent(p)} zijn beëindigd`,
      text: `Volgens de Kruispuntbank van Ondernemingen is ${ent(p)} niet meer actief${p.status ? ` (status ${s(p.status)})` : ''}. Daarom zijn alle rechten voor deze onderneming nu beëindigd: ${n(p.appointments)} aanstelling(en) van beheerders, ${n(p.grants)} toegang(en) tot onlinediensten en ${n(p.mandates)} mandaat/mandaten.\n\nWat u moet doen: is dit een vergissing, laat dan de gegevens in de KBO verbeteren. Wordt de onderneming opnieuw actief, dan komt niets vanzelf terug: een wettelijke vertegenwoordiger stelt opnieuw een hoofdtoegangsbeheerder aan, die de toegangen opnieuw toekent.`,
    }),
    fr: (p) => ({
      subject: `Entreprise arrêtée à la BCE : tous les accès pour ${ent(p)} ont pris fin`,
      text: `Selon la Banque-Carrefour des Entreprises, ${ent(p)} n'est plus active${p.status ? ` (statut ${s(p.status)})` : ''}. Tous les droits pour cette entreprise ont donc pris fin : ${n(p.appointments)} désignation(s) de gestionnaires, ${n(p.grants)} accès à des services en ligne et ${n(p.mandates)} mandat(s).\n\nCe que vous devez faire : s'il s'agit d'une erreur, faites corriger les données de la BCE. Si l'entreprise redevient active, rien n'est rétabli automatiquement : un représentant légal désigne à nouveau un gestionnaire d'accès principal, qui attribue à nouveau les accès.`,
    }),
    de: (p) => ({
      subject: `Unternehmen in der ZDU eingestellt: alle Zugänge für ${ent(p)} wurden beendet`,
      text: `Laut der Zentralen Datenbank der Unternehmen ist ${ent(p)} nicht mehr aktiv${p.status ? ` (Status ${s(p.status)})` : ''}. Deshalb wurden alle Rechte für dieses Unternehmen beendet: ${n(p.appointments)} Ernennung(en) von Verwaltern, ${n(p.grants)} Zugang/Zugänge zu Online-Diensten und ${n(p.mandates)} Mandat(e).\n\nWas Sie tun müssen: Handelt es sich um einen Fehler, lassen Sie die Daten in der ZDU berichtigen. Wird das Unternehmen wieder aktiv, wird nichts automatisch wiederhergestellt: Ein gesetzlicher Vertreter ernennt erneut einen Hauptzugangsverwalter, der die Zugänge erneut erteilt.`,
    }),
    en: (p) => ({
      subject: `Enterprise stopped in the CBE: every access for ${ent(p)} has ended`,
      text: `According to the Crossroads Bank for Enterprises, ${ent(p)} is no longer active${p.status ? ` (status ${s(p.status)})` : ''}. Every right for this enterprise has therefore ended: ${n(p.appointments)} manager appointment(s), ${n(p.grants)} access(es) to online services and ${n(p.mandates)} mandate(s).\n\nWhat to do: if this is a mistake, have the data in the CBE corrected. If the enterprise becomes active again, nothing comes back by itself: a legal representative appoints a main access manager again, who grants the accesses again.`,
    }),
  },
  register_appointment_ineligible: {
    nl: (p) => ({
      subject: `Actie nodig: ${s(p.name)} is geen werknemer of wettelijke vertegenwoordiger meer van ${ent(p)}`,
      text: `Volgens de registers is ${s(p.name)}, ${role(p, 'nl')} van ${ent(p)}, geen werknemer of wettelijke vertegenwoordiger van de onderneming meer. Een ${role(p, 'nl')} moet dat wel zijn.\n\nWat u moet doen: een wettelijke vertegenwoordiger bevestigt de aanstelling (met een reden) of beëindigt ze vóór ${day(p.graceUntil)}. Zonder bevestiging wordt de aanstelling op ${day(p.graceUntil)} opgeschort; een wettelijke vertegenwoordiger kan ze daarna nog herstellen.${link(p)}`,
    }),
    fr: (p) => ({
      subject: `Action requise : ${s(p.name)} n'est plus travailleur ni représentant légal de ${ent(p)}`,
      text: `Selon les registres, ${s(p.name)}, ${role(p, 'fr')} de ${ent(p)}, n'est plus travailleur ni représentant légal de l'entreprise, ce que ce rôle exige.\n\nCe que vous devez faire : un représentant légal confirme la désignation (avec un motif) ou y met fin avant le ${day(p.graceUntil)}. Sans confirmation, la désignation est suspendue le ${day(p.graceUntil)} ; un représentant légal peut encore la rétablir ensuite.${link(p)}`,
    }),
    de: (p) => ({
      subject: `Handlungsbedarf: ${s(p.name)} ist weder Arbeitnehmer noch gesetzlicher Vertreter von ${ent(p)}`,
      text: `Laut den Registern ist ${s(p.name)}, ${role(p, 'de')} von ${ent(p)}, weder Arbeitnehmer noch gesetzlicher Vertreter des Unternehmens, was diese Rolle jedoch voraussetzt.\n\nWas Sie tun müssen: Ein gesetzlicher Vertreter bestätigt die Ernennung (mit einer Begründung) oder beendet sie vor dem ${day(p.graceUntil)}. Ohne Bestätigung wird die Ernennung am ${day(p.graceUntil)} ausgesetzt; ein gesetzlicher Vertreter kann sie danach noch wiederherstellen.${link(p)}`,
    }),
    en: (p) => ({
      subject: `Action needed: ${s(p.name)} is no longer an employee or legal representative of ${ent(p)}`,
      text: `According to the registers, ${s(p.name)}, ${role(p, 'en')} of ${ent(p)}, is no longer an employee or legal representative of the enterprise, which the role requires.\n\nWhat to do: a legal representative confirms the appointment (with a reason) or ends it before ${day(p.graceUntil)}. Unconfirmed, the appointment is suspended on ${day(p.graceUntil)}; a legal representative can still restore it afterwards.${link(p)}`,
    }),
  },
  register_appointment_suspended: {
    nl: (p) => ({
      subject: `Aanstelling opgeschort: ${s(p.name)}, ${role(p, 'nl')} van ${ent(p)}`,
      text: `De aanstelling van ${s(p.name)} als ${role(p, 'nl')} van ${ent(p)} is opgeschort: de registers vermelden deze persoon niet meer als werknemer of wettelijke vertegenwoordiger, en geen wettelijke vertegenwoordiger heeft de aanstelling binnen de termijn bevestigd.\n\nWat u kunt doen: een wettelijke vertegenwoordiger kan de aanstelling herstellen (met een reden) of definitief beëindigen.${link(p)}`,
    }),
    fr: (p) => ({
      subject: `Désignation suspendue : ${s(p.name)}, ${role(p, 'fr')} de ${ent(p)}`,
      text: `La désignation de ${s(p.name)} comme ${role(p, 'fr')} de ${ent(p)} est suspendue : les registres ne mentionnent plus cette personne comme travailleur ou représentant légal, et aucun représentant légal n'a confirmé la désignation dans le délai.\n\nCe que vous pouvez faire : un représentant légal peut rétablir la désignation (avec un motif) ou y mettre fin définitivement.${link(p)}`,
    }),
    de: (p) => ({
      subject: `Ernennung ausgesetzt: ${s(p.name)}, ${role(p, 'de')} von ${ent(p)}`,
      text: `Die Ernennung von ${s(p.name)} als ${role(p, 'de')} von ${ent(p)} ist ausgesetzt: Die Register führen diese Person nicht mehr als Arbeitnehmer oder gesetzlichen Vertreter, und kein gesetzlicher Vertreter hat die Ernennung fristgerecht bestätigt.\n\nWas Sie tun können: Ein gesetzlicher Vertreter kann die Ernennung wiederherstellen (mit einer Begründung) oder endgültig beenden.${link(p)}`,
    }),
    en: (p) => ({
      subject: `Appointment suspended: ${s(p.name)}, ${role(p, 'en')} of ${ent(p)}`,
      text: `The appointment of ${s(p.name)} as ${role(p, 'en')} of ${ent(p)} is suspended: the registers no longer list this person as an employee or legal representative, and no legal representative confirmed the appointment in time.\n\nWhat you can do: a legal representative can restore the appointment (with a reason) or end it for good.${link(p)}`,
    }),
  },
};
