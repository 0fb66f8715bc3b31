/**
 * Human titles of error codes, per language. The code is the contract; the title is for people.
 * A code missing here falls back to its namespace, then to a generic title.
 */
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
    en: 'This is not a valid national register or BIS number',
    nl: 'Dit is geen geldig rijksregister- of BIS-nummer',
    fr: "Ce n'est pas un numéro de registre national ou BIS valide",
    de: 'Dies ist keine gültige Nationalregister- oder BIS-Nummer',
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
    fr: "Vous n'êtes pas autorisé à faire ceci pour cette entreprise",
    de: 'Sie dürfen dies für dieses Unternehmen nicht tun',
  },
  'appointment.not_eligible': {
    en: 'This person cannot be appointed: they must be an employee or a legal representative',
    nl: 'Deze persoon kan niet worden aangesteld: hij of zij moet werknemer of wettelijk vertegenwoordiger zijn',
    fr: 'Cette personne ne peut pas être désignée : elle doit être employée ou représentante légale',
    de: 'Diese Person kann nicht ernannt werden: Sie muss Arbeitnehmer oder gesetzlicher Vertreter sein',
  },
  'appointment.end_date_in_past': {
    en: 'The end date lies in the past',
    nl: 'De einddatum ligt in het verleden',
    fr: 'La date de fin est dans le passé',
    de: 'Das Enddatum liegt in der Vergangenheit',
  },
  'rate_limit.exceeded': {
    en: 'Too many requests: try again later',
    nl: 'Te veel verzoeken: probeer later opnieuw',
    fr: 'Trop de demandes : réessayez plus tard',
    de: 'Zu viele Anfragen: Versuchen Sie es später erneut',
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
  const entry = titles[code] ?? titles[code.split('.')[0] ?? ''];
  return entry?.[lang] ?? generic[lang];
}

export function pickLang(acceptLanguage: string | undefined): Lang {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'nl' || tag === 'fr' || tag === 'de' || tag === 'en') return tag;
  }
  return 'en';
}
