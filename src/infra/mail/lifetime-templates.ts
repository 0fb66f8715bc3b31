/**
 * Mail texts of the lifetime rules and of "who manages us?" (issue 17), per template and
 * language; spread into `templates` (templates.ts).
 */
import { day, ent, num, type Params, roleName as roleOf, s, type Template } from './mail-text.ts';
import type { MailLang, Names } from './mail-types.ts';

const never: Record<MailLang, string> = { nl: 'nooit', fr: 'jamais', de: 'nie', en: 'never' };
const lastUse = (p: Params, lang: MailLang) => (p.lastUsedAt ? day(p.lastUsedAt) : never[lang]);

interface Item {
  kind: string;
  enterprise: string;
  enterpriseName: string;
  service: string;
  holderName: string;
  validUntil?: string | null;
  days?: number;
  lastUsedAt?: string | null;
  endsOn?: string;
  link: string;
  extend: string | null;
}
const items = (p: Params): Item[] => (Array.isArray(p.items) ? (p.items as Item[]) : []);
const where = (i: Item) => `${s(i.enterpriseName)} (${num(i.enterprise)})`;

const digestLine: Record<MailLang, (i: Item, n: Names) => string> = {
  nl: (i, n) =>
    i.kind === 'unused'
      ? `- ${i.holderName}, ${n.service(i.service, 'nl')} bij ${where(i)}: niet gebruikt sinds ${lastUse(i as unknown as Params, 'nl')}, eindigt op ${day(i.endsOn)} als niemand de dienst gebruikt.\n  ${i.link}`
      : `- ${i.holderName}, ${n.service(i.service, 'nl')} bij ${where(i)}: eindigt op ${day(i.validUntil)}.\n  ${i.extend ? `Verlengen: ${i.extend}` : i.link}`,
  fr: (i, n) =>
    i.kind === 'unused'
      ? `- ${i.holderName}, ${n.service(i.service, 'fr')} chez ${where(i)} : non utilisé depuis ${lastUse(i as unknown as Params, 'fr')}, prend fin le ${day(i.endsOn)} s'il n'est pas utilisé d'ici là.\n  ${i.link}`
      : `- ${i.holderName}, ${n.service(i.service, 'fr')} chez ${where(i)} : prend fin le ${day(i.validUntil)}.\n  ${i.extend ? `Prolonger : ${i.extend}` : i.link}`,
  de: (i, n) =>
    i.kind === 'unused'
      ? `- ${i.holderName}, ${n.service(i.service, 'de')} bei ${where(i)}: nicht genutzt seit ${lastUse(i as unknown as Params, 'de')}, endet am ${day(i.endsOn)}, wenn er bis dahin nicht genutzt wird.\n  ${i.link}`
      : `- ${i.holderName}, ${n.service(i.service, 'de')} bei ${where(i)}: endet am ${day(i.validUntil)}.\n  ${i.extend ? `Verlängern: ${i.extend}` : i.link}`,
  en: (i, n) =>
    i.kind === 'unused'
      ? `- ${i.holderName}, ${n.service(i.service, 'en')} at ${where(i)}: unused since ${lastUse(i as unknown as Params, 'en')}, ends on ${day(i.endsOn)} unless used before then.\n  ${i.link}`
      : `- ${i.holderName}, ${n.service(i.service, 'en')} at ${where(i)}: ends on ${day(i.validUntil)}.\n  ${i.extend ? `Extend: ${i.extend}` : i.link}`,
};

export const lifetimeTemplates: Record<string, Template> = {
  // one digest a day per manager: grants ending soon and grants unused (issue 17)
  reminder_digest: {
    nl: (p, n) => ({
      subject: `Toegangen die uw aandacht vragen (${items(p).length})`,
      text: `Deze toegangen die u beheert, eindigen binnenkort of worden niet gebruikt:\n\n${items(p)
        .map((i) => digestLine.nl(i, n))
        .join('\n')}\n\nEen verlenging geldt hoogstens de langste termijn die de dienst toelaat.`,
    }),
    fr: (p, n) => ({
      subject: `Accès qui demandent votre attention (${items(p).length})`,
      text: `Ces accès que vous gérez prennent bientôt fin ou ne sont pas utilisés :\n\n${items(p)
        .map((i) => digestLine.fr(i, n))
        .join('\n')}\n\nUne prolongation vaut au plus la durée maximale que le service autorise.`,
    }),
    de: (p, n) => ({
      subject: `Zugänge, die Ihre Aufmerksamkeit erfordern (${items(p).length})`,
      text: `Diese Zugänge, die Sie verwalten, enden bald oder werden nicht genutzt:\n\n${items(p)
        .map((i) => digestLine.de(i, n))
        .join('\n')}\n\nEine Verlängerung gilt höchstens für die längste Laufzeit, die der Dienst erlaubt.`,
    }),
    en: (p, n) => ({
      subject: `Access that needs your attention (${items(p).length})`,
      text: `These accesses you manage end soon or are not being used:\n\n${items(p)
        .map((i) => digestLine.en(i, n))
        .join('\n')}\n\nAn extension runs at most the longest term the service allows.`,
    }),
  },
  grant_unused: {
    nl: (p, n) => ({
      subject: `Uw toegang tot ${n.service(s(p.service), 'nl')} wordt niet gebruikt`,
      text: `U hebt uw toegang tot ${n.service(s(p.service), 'nl')} voor ${ent(p)} sinds ${lastUse(p, 'nl')} niet gebruikt (${s(p.months)} maanden of langer). Als u de dienst niet gebruikt vóór ${day(p.endsOn)}, eindigt de toegang op die dag. Gebruikt u de dienst, dan blijft uw toegang gewoon lopen.`,
    }),
    fr: (p, n) => ({
      subject: `Votre accès à ${n.service(s(p.service), 'fr')} n'est pas utilisé`,
      text: `Vous n'avez plus utilisé votre accès à ${n.service(s(p.service), 'fr')} pour ${ent(p)} depuis ${lastUse(p, 'fr')} (${s(p.months)} mois ou plus). Si vous n'utilisez pas le service avant le ${day(p.endsOn)}, l'accès prend fin ce jour-là. Si vous l'utilisez, votre accès continue normalement.`,
    }),
    de: (p, n) => ({
      subject: `Ihr Zugang zu ${n.service(s(p.service), 'de')} wird nicht genutzt`,
      text: `Sie haben Ihren Zugang zu ${n.service(s(p.service), 'de')} für ${ent(p)} seit ${lastUse(p, 'de')} nicht genutzt (${s(p.months)} Monate oder länger). Wenn Sie den Dienst nicht vor dem ${day(p.endsOn)} nutzen, endet der Zugang an diesem Tag. Nutzen Sie ihn, läuft Ihr Zugang einfach weiter.`,
    }),
    en: (p, n) => ({
      subject: `Your access to ${n.service(s(p.service), 'en')} is not being used`,
      text: `You have not used your access to ${n.service(s(p.service), 'en')} for ${ent(p)} since ${lastUse(p, 'en')} (${s(p.months)} months or more). If you do not use the service before ${day(p.endsOn)}, the access ends on that day. If you use it, your access simply continues.`,
    }),
  },
  grant_ended_unused: {
    nl: (p, n) => ({
      subject: `Uw toegang tot ${n.service(s(p.service), 'nl')} is beëindigd`,
      text: `Uw toegang tot ${n.service(s(p.service), 'nl')} voor ${ent(p)} is beëindigd omdat hij sinds ${lastUse(p, 'nl')} niet werd gebruikt. Hebt u hem opnieuw nodig, vraag hem dan aan uw toegangsbeheerder.`,
    }),
    fr: (p, n) => ({
      subject: `Votre accès à ${n.service(s(p.service), 'fr')} a pris fin`,
      text: `Votre accès à ${n.service(s(p.service), 'fr')} pour ${ent(p)} a pris fin car il n'a plus été utilisé depuis ${lastUse(p, 'fr')}. Si vous en avez de nouveau besoin, demandez-le à votre gestionnaire d'accès.`,
    }),
    de: (p, n) => ({
      subject: `Ihr Zugang zu ${n.service(s(p.service), 'de')} wurde beendet`,
      text: `Ihr Zugang zu ${n.service(s(p.service), 'de')} für ${ent(p)} wurde beendet, weil er seit ${lastUse(p, 'de')} nicht genutzt wurde. Wenn Sie ihn wieder brauchen, wenden Sie sich an Ihren Zugangsverwalter.`,
    }),
    en: (p, n) => ({
      subject: `Your access to ${n.service(s(p.service), 'en')} has ended`,
      text: `Your access to ${n.service(s(p.service), 'en')} for ${ent(p)} has ended because it was not used since ${lastUse(p, 'en')}. If you need it again, ask your access manager.`,
    }),
  },
  invitation_expired: {
    nl: (p, n) => ({
      subject: `Uitnodiging verlopen: ${s(p.invitee)}`,
      text: `De uitnodiging die u op ${day(p.sentAt)} aan ${s(p.invitee)} stuurde voor ${n.service(s(p.service), 'nl')} bij ${ent(p)}, is verlopen zonder te zijn aanvaard. U kunt een nieuwe sturen:\n${s(p.link)}`,
    }),
    fr: (p, n) => ({
      subject: `Invitation expirée : ${s(p.invitee)}`,
      text: `L'invitation que vous avez envoyée le ${day(p.sentAt)} à ${s(p.invitee)} pour ${n.service(s(p.service), 'fr')} chez ${ent(p)} a expiré sans avoir été acceptée. Vous pouvez en envoyer une nouvelle :\n${s(p.link)}`,
    }),
    de: (p, n) => ({
      subject: `Einladung abgelaufen: ${s(p.invitee)}`,
      text: `Die Einladung, die Sie am ${day(p.sentAt)} an ${s(p.invitee)} für ${n.service(s(p.service), 'de')} bei ${ent(p)} gesendet haben, ist abgelaufen, ohne angenommen zu werden. Sie können eine neue senden:\n${s(p.link)}`,
    }),
    en: (p, n) => ({
      subject: `Invitation expired: ${s(p.invitee)}`,
      text: `The invitation you sent on ${day(p.sentAt)} to ${s(p.invitee)} for ${n.service(s(p.service), 'en')} at ${ent(p)} expired without being accepted. You can send a new one:\n${s(p.link)}`,
    }),
  },
  mandate_proposal_expired: {
    nl: (p) => ({
      subject: `Mandaatvoorstel verlopen: ${s(p.mandatorName)} – ${s(p.mandataryName)}`,
      text: `Het mandaatvoorstel van ${day(p.proposedAt)} tussen ${s(p.mandatorName)} (${num(p.mandator)}) en ${s(p.mandataryName)} (${num(p.mandatary)}) is na ${s(p.days)} dagen zonder antwoord verlopen. Wie het mandaat nog wil, moet het opnieuw voorstellen.`,
    }),
    fr: (p) => ({
      subject: `Proposition de mandat expirée : ${s(p.mandatorName)} – ${s(p.mandataryName)}`,
      text: `La proposition de mandat du ${day(p.proposedAt)} entre ${s(p.mandatorName)} (${num(p.mandator)}) et ${s(p.mandataryName)} (${num(p.mandatary)}) a expiré après ${s(p.days)} jours sans réponse. Pour mettre le mandat en place, il faut le proposer à nouveau.`,
    }),
    de: (p) => ({
      subject: `Mandatsvorschlag abgelaufen: ${s(p.mandatorName)} – ${s(p.mandataryName)}`,
      text: `Der Mandatsvorschlag vom ${day(p.proposedAt)} zwischen ${s(p.mandatorName)} (${num(p.mandator)}) und ${s(p.mandataryName)} (${num(p.mandatary)}) ist nach ${s(p.days)} Tagen ohne Antwort abgelaufen. Wer das Mandat noch möchte, muss es erneut vorschlagen.`,
    }),
    en: (p) => ({
      subject: `Mandate proposal expired: ${s(p.mandatorName)} – ${s(p.mandataryName)}`,
      text: `The mandate proposal of ${day(p.proposedAt)} between ${s(p.mandatorName)} (${num(p.mandator)}) and ${s(p.mandataryName)} (${num(p.mandatary)}) expired after ${s(p.days)} days without an answer. Whoever still wants the mandate must propose it again.`,
    }),
  },
  // to every legal representative when the main or co-main access managers change (section 2)
  management_changed: {
    nl: (p) => ({
      subject: `Wijziging van de ${roleOf(p, 'nl')} van ${ent(p)}`,
      text: `${s(p.personName)} is ${p.change === 'ended' ? 'niet langer' : 'nu'} ${roleOf(p, 'nl')} van ${ent(p)} (${p.procedure === 'exception' ? 'uitzonderingsprocedure, via de helpdesk' : 'standaardprocedure'}), sinds ${day(p.at)}.\n\nBekijk wie uw onderneming beheert:\n${s(p.link)}\n\nWas u dit niet? Meld het op die pagina met "Dit waren wij niet".`,
    }),
    fr: (p) => ({
      subject: `Changement de ${roleOf(p, 'fr')} de ${ent(p)}`,
      text: `${s(p.personName)} ${p.change === 'ended' ? "n'est plus" : 'est désormais'} ${roleOf(p, 'fr')} de ${ent(p)} (${p.procedure === 'exception' ? "procédure d'exception, via le service desk" : 'procédure standard'}), depuis le ${day(p.at)}.\n\nVoyez qui gère votre entreprise :\n${s(p.link)}\n\nCe n'était pas vous ? Signalez-le sur cette page avec « Ce n'était pas nous ».`,
    }),
    de: (p) => ({
      subject: `Änderung beim ${roleOf(p, 'de')} von ${ent(p)}`,
      text: `${s(p.personName)} ist ${p.change === 'ended' ? 'nicht mehr' : 'jetzt'} ${roleOf(p, 'de')} von ${ent(p)} (${p.procedure === 'exception' ? 'Ausnahmeverfahren, über den Helpdesk' : 'Standardverfahren'}), seit dem ${day(p.at)}.\n\nSehen Sie, wer Ihr Unternehmen verwaltet:\n${s(p.link)}\n\nWaren Sie das nicht? Melden Sie es dort mit „Das waren wir nicht“.`,
    }),
    en: (p) => ({
      subject: `Change of ${roleOf(p, 'en')} of ${ent(p)}`,
      text: `${s(p.personName)} is ${p.change === 'ended' ? 'no longer' : 'now'} ${roleOf(p, 'en')} of ${ent(p)} (${p.procedure === 'exception' ? 'exception procedure, through the service desk' : 'standard procedure'}), since ${day(p.at)}.\n\nSee who manages your enterprise:\n${s(p.link)}\n\nWas this not you? Report it on that page with "This was not us".`,
    }),
  },
  // to the legal representative who reported "this was not us", once the service desk decided
  appointment_report_decided: {
    nl: (p) => ({
      subject: `Uw melding over de ${roleOf(p, 'nl')} van ${ent(p)} is behandeld`,
      text: `U meldde op ${day(p.reportedAt)} dat de aanstelling van ${s(p.personName)} als ${roleOf(p, 'nl')} van ${ent(p)} niet van u kwam. De helpdesk heeft beslist: ${p.decision === 'restore' ? 'de aanstelling blijft (of werkt opnieuw)' : 'de aanstelling is beëindigd'}.\n\nToelichting van de helpdesk: ${s(p.note)}\n\nBekijk wie uw onderneming beheert:\n${s(p.link)}`,
    }),
    fr: (p) => ({
      subject: `Votre signalement concernant le ${roleOf(p, 'fr')} de ${ent(p)} a été traité`,
      text: `Vous avez signalé le ${day(p.reportedAt)} que la désignation de ${s(p.personName)} comme ${roleOf(p, 'fr')} de ${ent(p)} ne venait pas de vous. Le service desk a décidé : ${p.decision === 'restore' ? 'la désignation est maintenue (ou rétablie)' : 'la désignation a pris fin'}.\n\nExplication du service desk : ${s(p.note)}\n\nVoyez qui gère votre entreprise :\n${s(p.link)}`,
    }),
    de: (p) => ({
      subject: `Ihre Meldung zum ${roleOf(p, 'de')} von ${ent(p)} wurde bearbeitet`,
      text: `Sie haben am ${day(p.reportedAt)} gemeldet, dass die Ernennung von ${s(p.personName)} zum ${roleOf(p, 'de')} von ${ent(p)} nicht von Ihnen kam. Der Helpdesk hat entschieden: ${p.decision === 'restore' ? 'Die Ernennung bleibt bestehen (oder gilt wieder)' : 'Die Ernennung ist beendet'}.\n\nBegründung des Helpdesks: ${s(p.note)}\n\nSehen Sie, wer Ihr Unternehmen verwaltet:\n${s(p.link)}`,
    }),
    en: (p) => ({
      subject: `Your report on the ${roleOf(p, 'en')} of ${ent(p)} has been handled`,
      text: `On ${day(p.reportedAt)} you reported that the appointment of ${s(p.personName)} as ${roleOf(p, 'en')} of ${ent(p)} did not come from you. The service desk decided: ${p.decision === 'restore' ? 'the appointment stays (or works again)' : 'the appointment has ended'}.\n\nThe service desk's explanation: ${s(p.note)}\n\nSee who manages your enterprise:\n${s(p.link)}`,
    }),
  },
};
