/**
 * What a person sees when a service shows btb's answer: one sentence per reason, in the four
 * languages. The machine-readable code stays the contract; this text is for people.
 */
export type Lang = 'nl' | 'fr' | 'de' | 'en';

export type MessageKey =
  | 'granted'
  | 'manages'
  | 'unknown_person'
  | 'unknown_enterprise'
  | 'enterprise_stopped'
  | 'unknown_service'
  | 'unknown_domain'
  | 'out_of_scope'
  | 'no_grant'
  | 'expired'
  | 'revoked'
  | 'not_yet_valid'
  | 'mandate_ended'
  | 'mandate_not_accepted'
  | 'employment_ended'
  | 'lr_function_ended'
  | 'appointment_ended'
  | 'appointment_suspended'
  | 'appointment_suspended_pending_review'
  | 'not_manager'
  | 'unknown_establishment'
  | 'establishment_other_enterprise'
  | 'establishment_not_granted'
  | 'capacity_not_held'
  | 'mandate_capacity_missing'
  | 'unsupported_resource_type'
  | 'unsupported_action'
  | 'unsupported_subject_type'
  | 'unknown_system';

const messages: Record<MessageKey, Record<Lang, string>> = {
  granted: {
    en: 'You have access to this online service for this enterprise.',
    nl: 'U hebt toegang tot deze onlinedienst voor deze onderneming.',
    fr: 'Vous avez accès à ce service en ligne pour cette entreprise.',
    de: 'Sie haben Zugang zu diesem Online-Dienst für dieses Unternehmen.',
  },
  manages: {
    en: 'You are an access manager for this enterprise.',
    nl: 'U bent toegangsbeheerder voor deze onderneming.',
    fr: "Vous êtes gestionnaire d'accès pour cette entreprise.",
    de: 'Sie sind Zugangsverwalter für dieses Unternehmen.',
  },
  unknown_person: {
    en: 'Your national register or BIS number is not known.',
    nl: 'Uw rijksregister- of BIS-nummer is niet gekend.',
    fr: "Votre numéro de registre national ou BIS n'est pas connu.",
    de: 'Ihre Nationalregister- oder BIS-Nummer ist nicht bekannt.',
  },
  unknown_system: {
    en: 'This software is not registered to act for enterprises.',
    nl: 'Deze software is niet geregistreerd om voor ondernemingen op te treden.',
    fr: "Ce logiciel n'est pas enregistré pour agir pour des entreprises.",
    de: 'Diese Software ist nicht registriert, um für Unternehmen zu handeln.',
  },
  unknown_enterprise: {
    en: 'This enterprise number is not known in the Crossroads Bank for Enterprises.',
    nl: 'Dit ondernemingsnummer is niet gekend in de Kruispuntbank van Ondernemingen.',
    fr: "Ce numéro d'entreprise n'est pas connu de la Banque-Carrefour des Entreprises.",
    de: 'Diese Unternehmensnummer ist in der Zentralen Datenbank der Unternehmen nicht bekannt.',
  },
  enterprise_stopped: {
    en: 'This enterprise is no longer active: nobody can act for it.',
    nl: 'Deze onderneming is niet meer actief: niemand kan er nog voor optreden.',
    fr: "Cette entreprise n'est plus active : personne ne peut plus agir pour elle.",
    de: 'Dieses Unternehmen ist nicht mehr aktiv: niemand kann mehr dafür handeln.',
  },
  unknown_service: {
    en: 'This online service is not known.',
    nl: 'Deze onlinedienst is niet gekend.',
    fr: "Ce service en ligne n'est pas connu.",
    de: 'Dieser Online-Dienst ist nicht bekannt.',
  },
  unknown_domain: {
    en: 'This domain is not known.',
    nl: 'Dit domein is niet gekend.',
    fr: "Ce domaine n'est pas connu.",
    de: 'Dieser Bereich ist nicht bekannt.',
  },
  out_of_scope: {
    en: 'This service may not ask about this online service or domain.',
    nl: 'Deze dienst mag niet naar deze onlinedienst of dit domein vragen.',
    fr: 'Ce service ne peut pas interroger ce service en ligne ou ce domaine.',
    de: 'Dieser Dienst darf nicht nach diesem Online-Dienst oder Bereich fragen.',
  },
  no_grant: {
    en: 'You have no access to this online service for this enterprise. Ask its access manager.',
    nl: 'U hebt geen toegang tot deze onlinedienst voor deze onderneming. Vraag het aan haar toegangsbeheerder.',
    fr: "Vous n'avez pas accès à ce service en ligne pour cette entreprise. Demandez-le à son gestionnaire d'accès.",
    de: 'Sie haben keinen Zugang zu diesem Online-Dienst für dieses Unternehmen. Fragen Sie seinen Zugangsverwalter.',
  },
  expired: {
    en: 'Your access has ended on its end date. Ask the access manager to extend it.',
    nl: 'Uw toegang is op de einddatum afgelopen. Vraag de toegangsbeheerder om hem te verlengen.',
    fr: "Votre accès a pris fin à sa date d'échéance. Demandez au gestionnaire d'accès de le prolonger.",
    de: 'Ihr Zugang ist mit seinem Enddatum abgelaufen. Bitten Sie den Zugangsverwalter, ihn zu verlängern.',
  },
  mandate_ended: {
    en: 'The mandate under which you acted for this enterprise has ended.',
    nl: 'Het mandaat waaronder u voor deze onderneming optrad, is beëindigd.',
    fr: 'Le mandat sous lequel vous agissiez pour cette entreprise a pris fin.',
    de: 'Das Mandat, unter dem Sie für dieses Unternehmen handelten, ist beendet.',
  },
  mandate_not_accepted: {
    en: 'The mandate under which you would act for this enterprise has not been accepted.',
    nl: 'Het mandaat waaronder u voor deze onderneming zou optreden, werd niet aanvaard.',
    fr: "Le mandat sous lequel vous agiriez pour cette entreprise n'a pas été accepté.",
    de: 'Das Mandat, unter dem Sie für dieses Unternehmen handeln würden, wurde nicht angenommen.',
  },
  employment_ended: {
    en: 'You no longer work for the enterprise through which you acted for this one.',
    nl: 'U werkt niet meer voor de onderneming via welke u voor deze optrad.',
    fr: "Vous ne travaillez plus pour l'entreprise par laquelle vous agissiez pour celle-ci.",
    de: 'Sie arbeiten nicht mehr für das Unternehmen, über das Sie für dieses handelten.',
  },
  lr_function_ended: {
    en: 'The enterprise register no longer lists you as a legal representative of the enterprise through which you acted for this one.',
    nl: 'Het ondernemingsregister vermeldt u niet meer als wettelijke vertegenwoordiger van de onderneming via welke u voor deze optrad.',
    fr: "Le registre des entreprises ne vous mentionne plus comme représentant légal de l'entreprise par laquelle vous agissiez pour celle-ci.",
    de: 'Das Unternehmensregister führt Sie nicht mehr als gesetzlichen Vertreter des Unternehmens, über das Sie für dieses handelten.',
  },
  appointment_ended: {
    en: 'Your appointment as access manager for this enterprise has ended.',
    nl: 'Uw aanstelling als toegangsbeheerder voor deze onderneming is beëindigd.',
    fr: "Votre désignation comme gestionnaire d'accès pour cette entreprise a pris fin.",
    de: 'Ihre Bestellung als Zugangsverwalter für dieses Unternehmen ist beendet.',
  },
  // issue 17: unconfirmed after a register change left it without a basis; an LR can restore it
  appointment_suspended: {
    en: 'Your appointment as access manager for this enterprise is suspended: the registers no longer list you as an employee or legal representative, and no legal representative confirmed you in time.',
    nl: 'Uw aanstelling als toegangsbeheerder voor deze onderneming is opgeschort: de registers vermelden u niet meer als werknemer of wettelijke vertegenwoordiger, en geen wettelijke vertegenwoordiger heeft u tijdig bevestigd.',
    fr: "Votre désignation comme gestionnaire d'accès pour cette entreprise est suspendue : les registres ne vous mentionnent plus comme travailleur ou représentant légal, et aucun représentant légal ne vous a confirmé à temps.",
    de: 'Ihre Bestellung als Zugangsverwalter für dieses Unternehmen ist ausgesetzt: Die Register führen Sie nicht mehr als Arbeitnehmer oder gesetzlichen Vertreter, und kein gesetzlicher Vertreter hat Sie rechtzeitig bestätigt.',
  },
  // issue 17, section 2: a legal representative said "this was not us"; the service desk reviews it
  appointment_suspended_pending_review: {
    en: 'Your appointment as access manager for this enterprise is suspended while the service desk reviews it: a legal representative of the enterprise reported that it did not come from them.',
    nl: 'Uw aanstelling als toegangsbeheerder voor deze onderneming is opgeschort zolang de helpdesk ze onderzoekt: een wettelijke vertegenwoordiger van de onderneming meldde dat ze niet van hem of haar kwam.',
    fr: "Votre désignation comme gestionnaire d'accès pour cette entreprise est suspendue pendant que le service desk l'examine : un représentant légal de l'entreprise a signalé qu'elle ne venait pas de lui.",
    de: 'Ihre Bestellung als Zugangsverwalter für dieses Unternehmen ist ausgesetzt, solange der Helpdesk sie prüft: Ein gesetzlicher Vertreter des Unternehmens hat gemeldet, dass sie nicht von ihm kam.',
  },
  revoked: {
    en: 'Your access has been withdrawn by the enterprise.',
    nl: 'Uw toegang werd door de onderneming ingetrokken.',
    fr: "Votre accès a été retiré par l'entreprise.",
    de: 'Ihr Zugang wurde vom Unternehmen entzogen.',
  },
  not_yet_valid: {
    en: 'Your access has not started yet.',
    nl: 'Uw toegang is nog niet begonnen.',
    fr: "Votre accès n'a pas encore commencé.",
    de: 'Ihr Zugang hat noch nicht begonnen.',
  },
  not_manager: {
    en: 'You are not an access manager for this domain of this enterprise.',
    nl: 'U bent geen toegangsbeheerder voor dit domein van deze onderneming.',
    fr: "Vous n'êtes pas gestionnaire d'accès pour ce domaine de cette entreprise.",
    de: 'Sie sind kein Zugangsverwalter für diesen Bereich dieses Unternehmens.',
  },
  unknown_establishment: {
    en: 'This establishment unit number is not known in the Crossroads Bank for Enterprises.',
    nl: 'Dit vestigingseenheidsnummer is niet gekend in de Kruispuntbank van Ondernemingen.',
    fr: "Ce numéro d'unité d'établissement n'est pas connu de la Banque-Carrefour des Entreprises.",
    de: 'Diese Niederlassungseinheitsnummer ist in der Zentralen Datenbank der Unternehmen nicht bekannt.',
  },
  establishment_other_enterprise: {
    en: 'This establishment unit belongs to another enterprise.',
    nl: 'Deze vestigingseenheid hoort bij een andere onderneming.',
    fr: "Cette unité d'établissement appartient à une autre entreprise.",
    de: 'Diese Niederlassungseinheit gehört zu einem anderen Unternehmen.',
  },
  establishment_not_granted: {
    en: 'Your access to this online service is limited to other establishment units of this enterprise.',
    nl: 'Uw toegang tot deze onlinedienst is beperkt tot andere vestigingseenheden van deze onderneming.',
    fr: "Votre accès à ce service en ligne est limité à d'autres unités d'établissement de cette entreprise.",
    de: 'Ihr Zugang zu diesem Online-Dienst ist auf andere Niederlassungseinheiten dieses Unternehmens beschränkt.',
  },
  capacity_not_held: {
    en: 'This online service is only for enterprises registered with Social Security in the capacity it needs (for example as an employer), and this enterprise is not.',
    nl: 'Deze onlinedienst is alleen voor ondernemingen die bij de sociale zekerheid geregistreerd zijn in de hoedanigheid die hij vraagt (bijvoorbeeld als werkgever), en deze onderneming is dat niet.',
    fr: "Ce service en ligne est réservé aux entreprises enregistrées auprès de la sécurité sociale dans la qualité qu'il requiert (par exemple comme employeur), ce que cette entreprise n'est pas.",
    de: 'Dieser Online-Dienst ist nur für Unternehmen, die bei der sozialen Sicherheit in der erforderlichen Eigenschaft (zum Beispiel als Arbeitgeber) registriert sind, und dieses Unternehmen ist es nicht.',
  },
  mandate_capacity_missing: {
    en: 'This online service needs a capacity of the enterprise (for example employer), and the mandate under which you act for it is not given for that capacity.',
    nl: 'Deze onlinedienst vraagt een hoedanigheid van de onderneming (bijvoorbeeld werkgever), en het mandaat waaronder u voor haar optreedt, is niet voor die hoedanigheid gegeven.',
    fr: "Ce service en ligne requiert une qualité de l'entreprise (par exemple employeur), et le mandat sous lequel vous agissez pour elle n'est pas donné pour cette qualité.",
    de: 'Dieser Online-Dienst verlangt eine Eigenschaft des Unternehmens (zum Beispiel Arbeitgeber), und das Mandat, unter dem Sie für es handeln, ist nicht für diese Eigenschaft erteilt.',
  },
  unsupported_resource_type: {
    en: 'This question cannot be answered.',
    nl: 'Deze vraag kan niet beantwoord worden.',
    fr: 'Cette question ne peut pas recevoir de réponse.',
    de: 'Diese Frage kann nicht beantwortet werden.',
  },
  unsupported_action: {
    en: 'This question cannot be answered.',
    nl: 'Deze vraag kan niet beantwoord worden.',
    fr: 'Cette question ne peut pas recevoir de réponse.',
    de: 'Diese Frage kann nicht beantwortet werden.',
  },
  unsupported_subject_type: {
    en: 'This question cannot be answered.',
    nl: 'Deze vraag kan niet beantwoord worden.',
    fr: 'Cette question ne peut pas recevoir de réponse.',
    de: 'Diese Frage kann nicht beantwortet werden.',
  },
};

export function reasonUser(key: MessageKey, lang: Lang): string {
  return messages[key][lang];
}
