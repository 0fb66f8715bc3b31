/** Problem titles of system users (an enterprise's systems and their API clients) and their requests. */
import { type Titles, t } from './title.ts';

export const systemUserTitles: Titles = {
  'system.not_found': t(
    'This system is not registered, or not yours to change',
    'Dit systeem is niet geregistreerd, of u mag het niet wijzigen',
    "Ce système n'est pas enregistré, ou vous ne pouvez pas le modifier",
    'Dieses System ist nicht registriert, oder Sie dürfen es nicht ändern',
  ),
  'system.client_taken': t(
    'A client id is already registered for another system',
    'Een client-id is al geregistreerd voor een ander systeem',
    'Un identifiant client est déjà enregistré pour un autre système',
    'Eine Client-ID ist bereits für ein anderes System registriert',
  ),
  'system_user.not_found': t(
    'This system user does not exist at this enterprise',
    'Deze systeemgebruiker bestaat niet bij deze onderneming',
    "Cet utilisateur système n'existe pas dans cette entreprise",
    'Dieser Systembenutzer existiert bei diesem Unternehmen nicht',
  ),
  'system_user.already_exists': t(
    'This system already acts for this enterprise',
    'Dit systeem treedt al op voor deze onderneming',
    'Ce système agit déjà pour cette entreprise',
    'Dieses System handelt bereits für dieses Unternehmen',
  ),
  'system_user.service_not_offered': t(
    'The vendor did not register this online service for this system',
    'De leverancier heeft deze onlinedienst niet voor dit systeem geregistreerd',
    "Le fournisseur n'a pas enregistré ce service en ligne pour ce système",
    'Der Anbieter hat diesen Online-Dienst für dieses System nicht registriert',
  ),
  'system_user_request.not_found': t(
    'This system user request does not exist here',
    'Deze aanvraag voor een systeemgebruiker bestaat hier niet',
    "Cette demande d'utilisateur système n'existe pas ici",
    'Dieser Antrag auf einen Systembenutzer existiert hier nicht',
  ),
  'system_user_request.closed': t(
    'This system user request has already been decided or withdrawn',
    'Deze aanvraag voor een systeemgebruiker is al beslist of ingetrokken',
    "Cette demande d'utilisateur système a déjà été tranchée ou retirée",
    'Dieser Antrag auf einen Systembenutzer wurde bereits entschieden oder zurückgezogen',
  ),
  'system_user_request.expired': t(
    'This system user request has expired: the vendor can send a new one',
    'Deze aanvraag voor een systeemgebruiker is verlopen: de leverancier kan een nieuwe sturen',
    "Cette demande d'utilisateur système a expiré : le fournisseur peut en envoyer une nouvelle",
    'Dieser Antrag auf einen Systembenutzer ist abgelaufen: der Anbieter kann einen neuen senden',
  ),
  'system_user_request.concurrent_change': t(
    'Someone else decided or withdrew this system user request at the same moment',
    'Iemand anders heeft deze aanvraag voor een systeemgebruiker op hetzelfde moment beslist of ingetrokken',
    "Quelqu'un d'autre a tranché ou retiré cette demande d'utilisateur système au même moment",
    'Jemand anderes hat diesen Antrag auf einen Systembenutzer im selben Moment entschieden oder zurückgezogen',
  ),
  'system_user_request.already_open': t(
    'This system already has an open request at this enterprise',
    'Voor dit systeem staat al een aanvraag open bij deze onderneming',
    'Ce système a déjà une demande ouverte auprès de cette entreprise',
    'Für dieses System ist bei diesem Unternehmen bereits ein Antrag offen',
  ),
  'system_user_request.own_enterprise': t(
    'A vendor lets its own system act for itself directly, without a request',
    'Een leverancier laat zijn eigen systeem rechtstreeks voor zichzelf optreden, zonder aanvraag',
    'Un fournisseur fait agir son propre système pour lui-même directement, sans demande',
    'Ein Anbieter lässt sein eigenes System direkt für sich handeln, ohne Antrag',
  ),
};
