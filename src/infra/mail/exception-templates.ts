/**
 * Mails of the exception procedure, per template and language, in the shape of templates.ts
 * (a function of the outbox payload's params), so they merge into its table as they are.
 */
import type { MailLang, Rendered } from './mail-types.ts';

type Params = Record<string, unknown>;
type Template = Record<MailLang, (p: Params) => Rendered>;

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const ent = (p: Params) => {
  const n = s(p.enterprise).replace(/^(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3');
  return p.enterpriseName && p.enterpriseName !== p.enterprise ? `${s(p.enterpriseName)} (${n})` : n;
};

const follow: Record<MailLang, (p: Params) => string> = {
  nl: (p) => `\n\nVolg uw aanvraag op via ${s(p.link)} met uw referentie ${s(p.reference)}.`,
  fr: (p) => `\n\nSuivez votre demande sur ${s(p.link)} avec votre référence ${s(p.reference)}.`,
  de: (p) => `\n\nVerfolgen Sie Ihren Antrag unter ${s(p.link)} mit Ihrer Referenz ${s(p.reference)}.`,
  en: (p) => `\n\nFollow your request at ${s(p.link)} with your reference ${s(p.reference)}.`,
};

export const exceptionTemplates: Record<string, Template> = {
  exception_submitted: {
    nl: (p) => ({
      subject: `Uw aanvraag ${s(p.reference)} is ontvangen`,
      text: `Wij hebben uw aanvraag voor de aanstelling van een hoofdtoegangsbeheerder voor ${ent(p)} ontvangen. Referentie: ${s(p.reference)}.\nWij streven ernaar uw aanvraag te behandelen tegen ${s(p.targetDate)}.\n\nUw eenmalige code om uw aanvraag op te volgen: ${s(p.code)}${follow.nl(p)}`,
    }),
    fr: (p) => ({
      subject: `Votre demande ${s(p.reference)} a été reçue`,
      text: `Nous avons reçu votre demande de désignation d'un gestionnaire d'accès principal pour ${ent(p)}. Référence : ${s(p.reference)}.\nNous nous efforçons de la traiter au plus tard le ${s(p.targetDate)}.\n\nVotre code à usage unique pour suivre votre demande : ${s(p.code)}${follow.fr(p)}`,
    }),
    de: (p) => ({
      subject: `Ihr Antrag ${s(p.reference)} ist eingegangen`,
      text: `Wir haben Ihren Antrag auf Ernennung eines Hauptzugangsverwalters für ${ent(p)} erhalten. Referenz: ${s(p.reference)}.\nWir bearbeiten ihn möglichst bis zum ${s(p.targetDate)}.\n\nIhr Einmalcode zur Verfolgung Ihres Antrags: ${s(p.code)}${follow.de(p)}`,
    }),
    en: (p) => ({
      subject: `Your request ${s(p.reference)} has been received`,
      text: `We have received your request to appoint a main access manager for ${ent(p)}. Reference: ${s(p.reference)}.\nWe aim to handle it by ${s(p.targetDate)}.\n\nYour one-time code to follow your request: ${s(p.code)}${follow.en(p)}`,
    }),
  },
  exception_code: {
    nl: (p) => ({
      subject: `Uw code voor aanvraag ${s(p.reference)}`,
      text: `Uw nieuwe eenmalige code: ${s(p.code)}${follow.nl(p)}\n\nHebt u geen code gevraagd? Dan mag u dit bericht negeren.`,
    }),
    fr: (p) => ({
      subject: `Votre code pour la demande ${s(p.reference)}`,
      text: `Votre nouveau code à usage unique : ${s(p.code)}${follow.fr(p)}\n\nVous n'avez pas demandé de code ? Ignorez ce message.`,
    }),
    de: (p) => ({
      subject: `Ihr Code für den Antrag ${s(p.reference)}`,
      text: `Ihr neuer Einmalcode: ${s(p.code)}${follow.de(p)}\n\nSie haben keinen Code angefordert? Dann ignorieren Sie diese Nachricht.`,
    }),
    en: (p) => ({
      subject: `Your code for request ${s(p.reference)}`,
      text: `Your new one-time code: ${s(p.code)}${follow.en(p)}\n\nIf you did not ask for a code, you can ignore this message.`,
    }),
  },
  // What the requester needs to answer (issue 16, item 9): the page, the reference, a fresh
  // one-time code (the code of the first mail works once) and until when it works.
  exception_info: {
    nl: (p) => ({
      subject: `Aanvraag ${s(p.reference)}: wij hebben meer informatie nodig`,
      text: `Voor uw aanvraag ${s(p.reference)} voor ${ent(p)} vraagt de helpdesk:\n\n${s(p.question)}\n\nZo antwoordt u:\n1. Open ${s(p.link)}\n2. Vul uw referentie ${s(p.reference)} en deze eenmalige code in: ${s(p.code)}\n   (de code werkt één keer, tot ${s(p.codeExpires)}; is hij verlopen, klik dan op die pagina op „Stuur mij een nieuwe code”).\n3. Klik op „Mijn aanvraag openen”, beantwoord de vraag en voeg de gevraagde documenten toe.\n\nDe helpdesk behandelt uw aanvraag verder zodra uw antwoord binnen is.`,
    }),
    fr: (p) => ({
      subject: `Demande ${s(p.reference)} : nous avons besoin d'informations`,
      text: `Pour votre demande ${s(p.reference)} concernant ${ent(p)}, le service desk demande :\n\n${s(p.question)}\n\nPour répondre :\n1. Ouvrez ${s(p.link)}\n2. Saisissez votre référence ${s(p.reference)} et ce code à usage unique : ${s(p.code)}\n   (le code fonctionne une fois, jusqu'au ${s(p.codeExpires)} ; s'il a expiré, cliquez sur « M’envoyer un nouveau code » sur cette page).\n3. Cliquez sur « Ouvrir ma demande », répondez à la question et ajoutez les documents demandés.\n\nLe service desk reprend le traitement de votre demande dès réception de votre réponse.`,
    }),
    de: (p) => ({
      subject: `Antrag ${s(p.reference)}: Wir benötigen weitere Informationen`,
      text: `Zu Ihrem Antrag ${s(p.reference)} für ${ent(p)} fragt der Helpdesk:\n\n${s(p.question)}\n\nSo antworten Sie:\n1. Öffnen Sie ${s(p.link)}\n2. Geben Sie Ihre Referenz ${s(p.reference)} und diesen Einmalcode ein: ${s(p.code)}\n   (der Code gilt einmal, bis zum ${s(p.codeExpires)}; ist er abgelaufen, klicken Sie auf dieser Seite auf „Neuen Code senden“).\n3. Klicken Sie auf „Meinen Antrag öffnen“, beantworten Sie die Frage und fügen Sie die angeforderten Dokumente hinzu.\n\nDer Helpdesk bearbeitet Ihren Antrag weiter, sobald Ihre Antwort eingegangen ist.`,
    }),
    en: (p) => ({
      subject: `Request ${s(p.reference)}: we need more information`,
      text: `About your request ${s(p.reference)} for ${ent(p)}, the service desk asks:\n\n${s(p.question)}\n\nTo answer:\n1. Open ${s(p.link)}\n2. Enter your reference ${s(p.reference)} and this one-time code: ${s(p.code)}\n   (the code works once, until ${s(p.codeExpires)}; if it has expired, click "Send me a new code" on that page).\n3. Click "Open my request", answer the question and add the documents asked for.\n\nThe service desk continues with your request as soon as your answer arrives.`,
    }),
  },
  exception_answered: {
    nl: (p) => ({
      subject: `Aanvraag ${s(p.reference)}: uw antwoord is ontvangen`,
      text: `Wij hebben uw antwoord ontvangen; de helpdesk behandelt uw aanvraag voor ${ent(p)} verder.${follow.nl(p)}`,
    }),
    fr: (p) => ({
      subject: `Demande ${s(p.reference)} : votre réponse a été reçue`,
      text: `Nous avons reçu votre réponse ; le service desk poursuit le traitement de votre demande pour ${ent(p)}.${follow.fr(p)}`,
    }),
    de: (p) => ({
      subject: `Antrag ${s(p.reference)}: Ihre Antwort ist eingegangen`,
      text: `Wir haben Ihre Antwort erhalten; der Helpdesk bearbeitet Ihren Antrag für ${ent(p)} weiter.${follow.de(p)}`,
    }),
    en: (p) => ({
      subject: `Request ${s(p.reference)}: your answer has been received`,
      text: `We have received your answer; the service desk continues with your request for ${ent(p)}.${follow.en(p)}`,
    }),
  },
  exception_pending: {
    nl: (p) => ({
      subject: `Aanvraag ${s(p.reference)}: laatste controle`,
      text: `Uw aanvraag voor ${ent(p)} is beoordeeld en wacht op een laatste controle door een tweede medewerker.${follow.nl(p)}`,
    }),
    fr: (p) => ({
      subject: `Demande ${s(p.reference)} : dernier contrôle`,
      text: `Votre demande pour ${ent(p)} a été examinée et attend un dernier contrôle par un second agent.${follow.fr(p)}`,
    }),
    de: (p) => ({
      subject: `Antrag ${s(p.reference)}: letzte Prüfung`,
      text: `Ihr Antrag für ${ent(p)} wurde geprüft und wartet auf eine letzte Kontrolle durch einen zweiten Mitarbeiter.${follow.de(p)}`,
    }),
    en: (p) => ({
      subject: `Request ${s(p.reference)}: final check`,
      text: `Your request for ${ent(p)} has been assessed and awaits a final check by a second operator.${follow.en(p)}`,
    }),
  },
  exception_approved: {
    nl: (p) => ({
      subject: `Aanvraag ${s(p.reference)} goedgekeurd`,
      text: `Uw aanvraag is goedgekeurd: ${s(p.person)} is aangesteld als hoofdtoegangsbeheerder voor ${ent(p)}.`,
    }),
    fr: (p) => ({
      subject: `Demande ${s(p.reference)} approuvée`,
      text: `Votre demande est approuvée : ${s(p.person)} est désormais gestionnaire d'accès principal de ${ent(p)}.`,
    }),
    de: (p) => ({
      subject: `Antrag ${s(p.reference)} genehmigt`,
      text: `Ihr Antrag wurde genehmigt: ${s(p.person)} wurde zum Hauptzugangsverwalter von ${ent(p)} ernannt.`,
    }),
    en: (p) => ({
      subject: `Request ${s(p.reference)} approved`,
      text: `Your request has been approved: ${s(p.person)} is appointed main access manager for ${ent(p)}.`,
    }),
  },
  exception_rejected: {
    nl: (p) => ({
      subject: `Aanvraag ${s(p.reference)} geweigerd`,
      text: `Uw aanvraag voor ${ent(p)} is geweigerd om de volgende reden:\n\n${s(p.reason)}\n\nU kunt een nieuwe aanvraag indienen.`,
    }),
    fr: (p) => ({
      subject: `Demande ${s(p.reference)} refusée`,
      text: `Votre demande pour ${ent(p)} a été refusée pour la raison suivante :\n\n${s(p.reason)}\n\nVous pouvez introduire une nouvelle demande.`,
    }),
    de: (p) => ({
      subject: `Antrag ${s(p.reference)} abgelehnt`,
      text: `Ihr Antrag für ${ent(p)} wurde aus folgendem Grund abgelehnt:\n\n${s(p.reason)}\n\nSie können einen neuen Antrag stellen.`,
    }),
    en: (p) => ({
      subject: `Request ${s(p.reference)} rejected`,
      text: `Your request for ${ent(p)} was rejected for the following reason:\n\n${s(p.reason)}\n\nYou may submit a new request.`,
    }),
  },
};
