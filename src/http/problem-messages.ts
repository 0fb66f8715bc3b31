/**
 * Human titles of error codes, per language. The code is the contract; the title is for people.
 * A code missing here falls back to its namespace, then to a generic title.
 */
import { ownValue } from '../domain/own.ts';
import { moreTitles } from './problem-titles.ts';

export type Lang = 'nl' | 'fr' | 'de' | 'en';

type Titles = Record<string, Record<Lang, string>>;

const titles: Titles = {
  ...moreTitles,
  'identifier.invalid_enterprise_number': {
    en: 'This is not a valid enterprise number',
    nl: 'Dit is geen geldig ondernemingsnummer',
    fr: "Ce n'est pas un numéro d'entreprise valide",
    de: 'Dies ist keine gültige Unternehmensnummer',
  },
  'identifier.invalid_person_number': {
    en: 'This is not a valid national register number, BIS number or eIDAS identifier',
    nl: 'Dit is geen geldig rijksregisternummer, BIS-nummer of eIDAS-identificatienummer',
    fr: "Ce n'est pas un numéro de registre national, un numéro BIS ou un identifiant eIDAS valide",
    de: 'Dies ist keine gültige Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung',
  },
  'enterprise.not_found': {
    en: 'No enterprise with this number is known',
    nl: 'Er is geen onderneming met dit nummer bekend',
    fr: "Aucune entreprise n'est connue sous ce numéro",
    de: 'Unter dieser Nummer ist kein Unternehmen bekannt',
  },
  'validation.invalid_input': {
    en: 'The request is not valid',
    nl: 'Het verzoek is niet geldig',
    fr: "La demande n'est pas valide",
    de: 'Die Anfrage ist ungültig',
  },
  'authentication.required': {
    en: 'You need to log in',
    nl: 'U moet zich aanmelden',
    fr: 'Vous devez vous connecter',
    de: 'Sie müssen sich anmelden',
  },
  'authentication.insufficient_assurance': {
    en: 'This action needs a stronger login',
    nl: 'Voor deze actie is een sterkere aanmelding nodig',
    fr: 'Cette action nécessite une connexion plus forte',
    de: 'Für diese Aktion ist eine stärkere Anmeldung erforderlich',
  },
  authorization: {
    en: 'You are not allowed to do this for this enterprise',
    nl: 'U mag dit niet doen voor deze onderneming',
    fr: "Vous n'avez pas l'autorisation de faire ceci pour cette entreprise",
    de: 'Sie dürfen dies für dieses Unternehmen nicht tun',
  },
  'appointment.not_eligible': {
    en: 'This person cannot be appointed: they must be an employee or a legal representative',
    nl: 'Deze persoon kan niet worden aangesteld: hij of zij moet werknemer of wettelijke vertegenwoordiger zijn',
    fr: 'Cette personne ne peut pas être désignée : elle doit être employée ou représentante légale',
    de: 'Diese Person kann nicht ernannt werden: Ernannt werden können nur Arbeitnehmer oder gesetzliche Vertreter',
  },
  'appointment.end_date_in_past': {
    en: 'The end date lies in the past',
    nl: 'De einddatum ligt in het verleden',
    fr: 'La date de fin est dans le passé',
    de: 'Das Enddatum liegt in der Vergangenheit',
  },
  // issue 13, finding 9
  'request.cross_site': {
    en: 'This request came from another website and was refused',
    nl: 'Dit verzoek kwam van een andere website en werd geweigerd',
    fr: 'Cette demande provenait d’un autre site web et a été refusée',
    de: 'Diese Anfrage kam von einer anderen Website und wurde abgelehnt',
  },
  'attachment.link_invalid': {
    en: 'This document link is not valid (any more): open the document again from the request',
    nl: 'Deze documentlink is niet (meer) geldig: open het document opnieuw vanuit de aanvraag',
    fr: 'Ce lien vers le document n’est pas (plus) valable : rouvrez le document depuis la demande',
    de: 'Dieser Dokumentlink ist nicht (mehr) gültig: Öffnen Sie das Dokument erneut über den Antrag',
  },
  'rate_limit.exceeded': {
    en: 'Too many requests: try again later',
    nl: 'Te veel verzoeken: probeer later opnieuw',
    fr: 'Trop de demandes : réessayez plus tard',
    de: 'Zu viele Anfragen: Versuchen Sie es später erneut',
  },
  'mandate.proposal_lapsed': {
    en: 'This mandate proposal has lapsed: whoever proposed it may no longer do so for their enterprise',
    nl: 'Dit mandaatvoorstel is vervallen: wie het voorstelde, mag dat niet meer doen voor zijn of haar onderneming',
    fr: "Cette proposition de mandat est caduque : la personne qui l'a faite n'en a plus le pouvoir pour son entreprise",
    de: 'Dieser Mandatsvorschlag ist hinfällig: Wer ihn gemacht hat, darf das für sein Unternehmen nicht mehr',
  },
  'invitation.lapsed': {
    en: 'This invitation has lapsed: whoever sent it may no longer grant this access',
    nl: 'Deze uitnodiging is vervallen: wie ze stuurde, mag deze toegang niet meer geven',
    fr: "Cette invitation est caduque : la personne qui l'a envoyée ne peut plus donner cet accès",
    de: 'Diese Einladung ist hinfällig: Wer sie gesendet hat, darf diesen Zugang nicht mehr gewähren',
  },
  'invitation.person_mismatch': {
    en: 'This invitation is meant for another person',
    nl: 'Deze uitnodiging is voor iemand anders bedoeld',
    fr: 'Cette invitation est destinée à une autre personne',
    de: 'Diese Einladung ist für eine andere Person bestimmt',
  },
  'invitation.email_mismatch': {
    en: 'This invitation was sent to another e-mail address',
    nl: 'Deze uitnodiging werd naar een ander e-mailadres gestuurd',
    fr: 'Cette invitation a été envoyée à une autre adresse e-mail',
    de: 'Diese Einladung wurde an eine andere E-Mail-Adresse gesendet',
  },
  'invitation.email_unverified': {
    en: 'Your login does not confirm the invited e-mail address: ask for an invitation with your national number',
    nl: 'Uw aanmelding bevestigt het uitgenodigde e-mailadres niet: vraag een uitnodiging op uw rijksregisternummer',
    fr: "Votre connexion ne confirme pas l'adresse e-mail invitée : demandez une invitation liée à votre numéro de registre national",
    de: 'Ihre Anmeldung bestätigt die eingeladene E-Mail-Adresse nicht: Bitten Sie um eine Einladung, die auf Ihre Nationalregisternummer ausgestellt ist',
  },
  internal: {
    en: 'Something went wrong on our side',
    nl: 'Er ging iets mis aan onze kant',
    fr: 'Un problème est survenu de notre côté',
    de: 'Bei uns ist etwas schiefgelaufen',
  },
};

const generic: Record<Lang, string> = {
  en: 'The request could not be carried out',
  nl: 'Het verzoek kon niet worden uitgevoerd',
  fr: "La demande n'a pas pu être exécutée",
  de: 'Die Anfrage konnte nicht ausgeführt werden',
};

export function problemTitle(code: string, lang: Lang): string {
  const entry = ownValue(titles, code) ?? ownValue(titles, code.split('.')[0] ?? '');
  return entry?.[lang] ?? generic[lang];
}

export function pickLang(acceptLanguage: string | undefined): Lang {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'nl' || tag === 'fr' || tag === 'de' || tag === 'en') return tag;
  }
  return 'en';
}
