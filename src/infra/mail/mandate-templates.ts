/**
 * Mail texts of mandates, per template and language; spread into `templates` (templates.ts).
 * Both sides get each message: `side` is the recipient's side, so each reads it from their end.
 */
import { type Capacity, isCapacity } from '../../domain/capacities.ts';
import { day, ent, num, type Params, s, type Template } from './mail-text.ts';
import type { MailLang, Names } from './mail-types.ts';

const mandator = (p: Params) => `${s(p.mandatorName)} (${num(p.mandator)})`;
const mandatary = (p: Params) => `${s(p.mandataryName)} (${num(p.mandatary)})`;
const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

function scope(p: Params, lang: MailLang, n: Names): string {
  const parts = [...arr(p.domains).map((d) => n.domain(d, lang)), ...arr(p.services).map((x) => n.service(x, lang))];
  return parts.join(', ');
}

const until: Record<MailLang, (p: Params) => string> = {
  nl: (p) => (p.validUntil ? ` tot ${day(p.validUntil)}` : ' zonder einddatum'),
  fr: (p) => (p.validUntil ? ` jusqu'au ${day(p.validUntil)}` : ' sans date de fin'),
  de: (p) => (p.validUntil ? ` bis zum ${day(p.validUntil)}` : ' ohne Enddatum'),
  en: (p) => (p.validUntil ? ` until ${day(p.validUntil)}` : ' with no end date'),
};

/** Issue 19: the mandator's capacity the mandate is given for (src/domain/capacities.ts), by language. */
const CAPACITY: Record<MailLang, Record<Capacity, string>> = {
  nl: { employer: 'werkgever', social_secretariat: 'sociaal secretariaat', service_provider: 'dienstverlener' },
  fr: { employer: 'employeur', social_secretariat: 'secrétariat social', service_provider: 'prestataire de services' },
  de: { employer: 'Arbeitgeber', social_secretariat: 'Sozialsekretariat', service_provider: 'Dienstleister' },
  en: { employer: 'employer', social_secretariat: 'social secretariat', service_provider: 'service provider' },
};
const asCapacity: Record<Exclude<MailLang, 'fr'>, string> = { nl: 'als', de: 'als', en: 'as' };
const capacity = (p: Params, lang: MailLang) => {
  const c = typeof p.capacity === 'string' && isCapacity(p.capacity) ? CAPACITY[lang][p.capacity] : undefined;
  if (c === undefined) return '';
  if (lang === 'fr') return ` (en qualité ${/^[aeiouyé]/i.test(c) ? 'd’' : 'de '}${c})`;
  return ` (${asCapacity[lang]} ${c})`;
};

/** "A mandates B for X (as employer)": the sentence both sides read, in each language. */
const sentence: Record<MailLang, (p: Params, n: Names) => string> = {
  nl: (p, n) => `${mandator(p)} machtigt ${mandatary(p)} voor ${scope(p, 'nl', n)}${capacity(p, 'nl')}${until.nl(p)}`,
  fr: (p, n) =>
    `${mandator(p)} donne mandat à ${mandatary(p)} pour ${scope(p, 'fr', n)}${capacity(p, 'fr')}${until.fr(p)}`,
  de: (p, n) =>
    `${mandator(p)} erteilt ${mandatary(p)} ein Mandat für ${scope(p, 'de', n)}${capacity(p, 'de')}${until.de(p)}`,
  en: (p, n) => `${mandator(p)} mandates ${mandatary(p)} for ${scope(p, 'en', n)}${capacity(p, 'en')}${until.en(p)}`,
};

/** Why a proposal lapsed, for the mail (the reason codes of mandate-rules' proposalLapse). */
const lapse: Record<MailLang, (p: Params) => string> = {
  nl: (p) =>
    p.reason === 'enterprise_stopped'
      ? 'De onderneming die het voorstelde, is stopgezet.'
      : 'Wie het voorstelde, mag dat niet meer doen voor de onderneming (functie beëindigd, of aanstelling beëindigd of vervangen).',
  fr: (p) =>
    p.reason === 'enterprise_stopped'
      ? "L'entreprise qui l'a proposé a cessé ses activités."
      : "La personne qui l'a proposé n'en a plus le pouvoir pour l'entreprise (fonction terminée, ou désignation terminée ou remplacée).",
  de: (p) =>
    p.reason === 'enterprise_stopped'
      ? 'Das Unternehmen, das es vorgeschlagen hat, hat seine Tätigkeit eingestellt.'
      : 'Wer es vorgeschlagen hat, darf das für das Unternehmen nicht mehr (Funktion beendet, oder Ernennung beendet oder ersetzt).',
  en: (p) =>
    p.reason === 'enterprise_stopped'
      ? 'The enterprise that proposed it has stopped.'
      : 'The person who proposed it may no longer do so for the enterprise (their function or appointment ended, or they were replaced).',
};

const other = (p: Params) => (p.side === 'mandator' ? mandatary(p) : mandator(p));

export const mandateTemplates: Record<string, Template> = {
  mandate_proposed: {
    nl: (p, n) => ({
      subject: `Mandaatvoorstel: ${other(p)}`,
      text: `Er is een mandaat voorgesteld: ${sentence.nl(p, n)}.\n\n${p.side === p.actingSide ? 'Het wacht op aanvaarding door de andere partij.' : 'Het is pas van kracht nadat uw onderneming het aanvaardt. Aanvaarden of weigeren kan uw hoofdtoegangsbeheerder, een co-hoofdtoegangsbeheerder of een wettelijke vertegenwoordiger.'}`,
    }),
    fr: (p, n) => ({
      subject: `Proposition de mandat : ${other(p)}`,
      text: `Un mandat a été proposé : ${sentence.fr(p, n)}.\n\n${p.side === p.actingSide ? "Il attend l'acceptation de l'autre partie." : "Il ne prendra effet qu'après son acceptation par votre entreprise : votre gestionnaire d'accès principal, un co-gestionnaire d'accès principal ou un représentant légal peut l'accepter ou le refuser."}`,
    }),
    de: (p, n) => ({
      subject: `Mandatsvorschlag: ${other(p)}`,
      text: `Ein Mandat wurde vorgeschlagen: ${sentence.de(p, n)}.\n\n${p.side === p.actingSide ? 'Es wartet auf die Annahme durch die andere Partei.' : 'Es wird erst wirksam, wenn Ihr Unternehmen es annimmt. Annehmen oder ablehnen können Ihr Hauptzugangsverwalter, ein gemeinsamer Hauptzugangsverwalter oder ein gesetzlicher Vertreter.'}`,
    }),
    en: (p, n) => ({
      subject: `Mandate proposed: ${other(p)}`,
      text: `A mandate has been proposed: ${sentence.en(p, n)}.\n\n${p.side === p.actingSide ? 'It waits for the other party to accept it.' : 'It takes effect only when you accept it: your main access manager, a co-main access manager or a legal representative can accept or refuse it.'}`,
    }),
  },
  mandate_accepted: {
    nl: (p, n) => ({
      subject: `Mandaat aanvaard: ${other(p)}`,
      text: `Het mandaat is aanvaard en is van kracht vanaf ${day(p.validFrom)}: ${sentence.nl(p, n)}.`,
    }),
    fr: (p, n) => ({
      subject: `Mandat accepté : ${other(p)}`,
      text: `Le mandat a été accepté et produit ses effets à partir du ${day(p.validFrom)} : ${sentence.fr(p, n)}.`,
    }),
    de: (p, n) => ({
      subject: `Mandat angenommen: ${other(p)}`,
      text: `Das Mandat wurde angenommen und gilt ab dem ${day(p.validFrom)}: ${sentence.de(p, n)}.`,
    }),
    en: (p, n) => ({
      subject: `Mandate accepted: ${other(p)}`,
      text: `The mandate has been accepted and takes effect on ${day(p.validFrom)}: ${sentence.en(p, n)}.`,
    }),
  },
  mandate_rejected: {
    nl: (p, n) => ({
      subject: `Mandaat geweigerd: ${other(p)}`,
      text: `Het voorgestelde mandaat is geweigerd: ${sentence.nl(p, n)}.${p.reason ? `\nReden: ${s(p.reason)}` : ''}`,
    }),
    fr: (p, n) => ({
      subject: `Mandat refusé : ${other(p)}`,
      text: `Le mandat proposé a été refusé : ${sentence.fr(p, n)}.${p.reason ? `\nMotif : ${s(p.reason)}` : ''}`,
    }),
    de: (p, n) => ({
      subject: `Mandat abgelehnt: ${other(p)}`,
      text: `Das vorgeschlagene Mandat wurde abgelehnt: ${sentence.de(p, n)}.${p.reason ? `\nGrund: ${s(p.reason)}` : ''}`,
    }),
    en: (p, n) => ({
      subject: `Mandate refused: ${other(p)}`,
      text: `The proposed mandate was refused: ${sentence.en(p, n)}.${p.reason ? `\nReason: ${s(p.reason)}` : ''}`,
    }),
  },
  mandate_ended: {
    nl: (p, n) => ({
      subject: `Mandaat beëindigd: ${other(p)}`,
      text: `Het mandaat is beëindigd, met onmiddellijke ingang: ${sentence.nl(p, n)}.\nAlle aanstellingen van klantbeheerders en alle toegangen onder dit mandaat zijn op hetzelfde ogenblik beëindigd.`,
    }),
    fr: (p, n) => ({
      subject: `Mandat terminé : ${other(p)}`,
      text: `Le mandat a pris fin, avec effet immédiat : ${sentence.fr(p, n)}.\nToutes les désignations de gestionnaires clients et tous les accès donnés dans le cadre de ce mandat ont pris fin au même instant.`,
    }),
    de: (p, n) => ({
      subject: `Mandat beendet: ${other(p)}`,
      text: `Das Mandat wurde mit sofortiger Wirkung beendet: ${sentence.de(p, n)}.\nAlle Ernennungen von Kundenverwaltern und alle im Rahmen dieses Mandats gewährten Zugänge endeten im selben Augenblick.`,
    }),
    en: (p, n) => ({
      subject: `Mandate ended: ${other(p)}`,
      text: `The mandate has ended, effective immediately: ${sentence.en(p, n)}.\nEvery client manager appointment and every access given under this mandate ended at the same moment.`,
    }),
  },
  // issue 13, finding 3: the proposer lost the power to propose before the other side accepted
  mandate_lapsed: {
    nl: (p, n) => ({
      subject: `Mandaatvoorstel vervallen: ${other(p)}`,
      text: `Het voorgestelde mandaat is vervallen en heeft geen gevolg: ${sentence.nl(p, n)}.\n${lapse.nl(p)} Wie het mandaat nog wil, moet het opnieuw voorstellen.`,
    }),
    fr: (p, n) => ({
      subject: `Proposition de mandat caduque : ${other(p)}`,
      text: `Le mandat proposé est devenu caduc et ne produit aucun effet : ${sentence.fr(p, n)}.\n${lapse.fr(p)} Pour le mettre en place, il faut le proposer à nouveau.`,
    }),
    de: (p, n) => ({
      subject: `Mandatsvorschlag hinfällig: ${other(p)}`,
      text: `Das vorgeschlagene Mandat ist hinfällig und nicht wirksam: ${sentence.de(p, n)}.\n${lapse.de(p)} Wer es weiterhin wünscht, muss es neu vorschlagen.`,
    }),
    en: (p, n) => ({
      subject: `Mandate proposal lapsed: ${other(p)}`,
      text: `The proposed mandate has lapsed and has no effect: ${sentence.en(p, n)}.\n${lapse.en(p)} Whoever still wants it must propose it again.`,
    }),
  },
  client_manager_appointed: {
    nl: (p, n) => ({
      subject: `U bent klantbeheerder voor ${ent(p)}`,
      text: `${s(p.mandataryName)} heeft u aangesteld als klantbeheerder voor ${ent(p)} (${arr(p.domains)
        .map((d) => n.domain(d, 'nl'))
        .join(', ')})${until.nl(p)}. U kunt collega's toegang geven tot de diensten van deze klant binnen het mandaat.`,
    }),
    fr: (p, n) => ({
      subject: `Vous êtes gestionnaire client pour ${ent(p)}`,
      text: `${s(p.mandataryName)} vous a confié la fonction de gestionnaire client pour ${ent(p)} (${arr(p.domains)
        .map((d) => n.domain(d, 'fr'))
        .join(
          ', ',
        )})${until.fr(p)}. Vous pouvez donner à vos collègues l'accès aux services de ce client dans les limites du mandat.`,
    }),
    de: (p, n) => ({
      subject: `Sie sind Kundenverwalter für ${ent(p)}`,
      text: `${s(p.mandataryName)} hat Sie zum Kundenverwalter für ${ent(p)} (${arr(p.domains)
        .map((d) => n.domain(d, 'de'))
        .join(
          ', ',
        )})${until.de(p)} ernannt. Sie können Kollegen im Rahmen des Mandats Zugang zu den Diensten dieses Kunden gewähren.`,
    }),
    en: (p, n) => ({
      subject: `You are a client manager for ${ent(p)}`,
      text: `${s(p.mandataryName)} appointed you client manager for ${ent(p)} (${arr(p.domains)
        .map((d) => n.domain(d, 'en'))
        .join(', ')})${until.en(p)}. You can give colleagues access to this client's services within the mandate.`,
    }),
  },
  granted_under_mandate: {
    nl: (p, n) => ({
      subject: `U hebt toegang tot ${n.service(s(p.service), 'nl')} voor ${s(p.enterpriseName)}`,
      text: `U hebt via ${s(p.mandataryName)} toegang gekregen tot ${n.service(s(p.service), 'nl')} voor de klant ${ent(p)}${until.nl(p)}. Deze toegang eindigt zodra het mandaat eindigt.`,
    }),
    fr: (p, n) => ({
      subject: `Vous avez accès à ${n.service(s(p.service), 'fr')} pour ${s(p.enterpriseName)}`,
      text: `Vous avez reçu, via ${s(p.mandataryName)}, l'accès à ${n.service(s(p.service), 'fr')} pour le client ${ent(p)}${until.fr(p)}. Cet accès prend fin dès que le mandat prend fin.`,
    }),
    de: (p, n) => ({
      subject: `Sie haben Zugang zu ${n.service(s(p.service), 'de')} für ${s(p.enterpriseName)}`,
      text: `Sie haben über ${s(p.mandataryName)} Zugang zu ${n.service(s(p.service), 'de')} für den Kunden ${ent(p)}${until.de(p)} erhalten. Dieser Zugang endet, sobald das Mandat endet.`,
    }),
    en: (p, n) => ({
      subject: `You have access to ${n.service(s(p.service), 'en')} for ${s(p.enterpriseName)}`,
      text: `Through ${s(p.mandataryName)} you have been given access to ${n.service(s(p.service), 'en')} for the client ${ent(p)}${until.en(p)}. This access ends as soon as the mandate ends.`,
    }),
  },
  granted_many: {
    nl: (p, n) => ({
      subject: `U hebt toegang gekregen voor ${s(p.clients)} klanten`,
      text: `U hebt ${s(p.count)} toegangen gekregen bij ${s(p.clients)} klanten: ${arr(p.services)
        .map((x) => n.service(x, 'nl'))
        .join(', ')}. Uw overzicht toont ze allemaal.`,
    }),
    fr: (p, n) => ({
      subject: `Vous avez reçu des accès pour ${s(p.clients)} clients`,
      text: `Vous avez reçu ${s(p.count)} accès chez ${s(p.clients)} clients : ${arr(p.services)
        .map((x) => n.service(x, 'fr'))
        .join(', ')}. Votre aperçu les montre tous.`,
    }),
    de: (p, n) => ({
      subject: `Sie haben Zugang für ${s(p.clients)} Kunden erhalten`,
      text: `Sie haben ${s(p.count)} Zugänge bei ${s(p.clients)} Kunden erhalten: ${arr(p.services)
        .map((x) => n.service(x, 'de'))
        .join(', ')}. Ihre Übersicht zeigt sie alle.`,
    }),
    en: (p, n) => ({
      subject: `You have been given access for ${s(p.clients)} clients`,
      text: `You have been given ${s(p.count)} accesses at ${s(p.clients)} clients: ${arr(p.services)
        .map((x) => n.service(x, 'en'))
        .join(', ')}. Your overview lists them all.`,
    }),
  },
};
