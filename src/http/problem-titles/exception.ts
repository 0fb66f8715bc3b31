/** Problem titles of the exception procedure: the request, its attachments and the service desk that decides it. */
import { type Titles, t } from './title.ts';

export const exceptionTitles: Titles = {
  'attachment.unsupported_type': t(
    'Only PDF, PNG and JPEG files are accepted',
    'Alleen PDF-, PNG- en JPEG-bestanden worden aanvaard',
    'Seuls les fichiers PDF, PNG et JPEG sont acceptés',
    'Nur PDF-, PNG- und JPEG-Dateien werden angenommen',
  ),
  'attachment.too_large': t(
    'This file is too large',
    'Dit bestand is te groot',
    'Ce fichier est trop volumineux',
    'Diese Datei ist zu groß',
  ),
  'attachment.request_too_large': t(
    'The files together are too large',
    'De bestanden samen zijn te groot',
    'Ensemble, les fichiers sont trop volumineux',
    'Die Dateien zusammen sind zu groß',
  ),
  'attachment.not_found': t(
    'This document does not exist',
    'Dit document bestaat niet',
    "Ce document n'existe pas",
    'Dieses Dokument existiert nicht',
  ),
  'exception.not_found': t(
    'This request does not exist',
    'Deze aanvraag bestaat niet',
    "Cette demande n'existe pas",
    'Dieser Antrag existiert nicht',
  ),
  'exception.challenge_invalid': t(
    'The anti-abuse check failed: reload the form',
    'De controle tegen misbruik is mislukt: laad het formulier opnieuw',
    'Le contrôle anti-abus a échoué : rechargez le formulaire',
    'Die Missbrauchsprüfung ist fehlgeschlagen: Laden Sie das Formular neu',
  ),
  'exception.invalid_code': t(
    'The reference or the code is wrong',
    'De referentie of de code is fout',
    'La référence ou le code est erroné',
    'Die Referenz oder der Code ist falsch',
  ),
  'exception.follow_token_invalid': t(
    'This follow-up link is no longer valid',
    'Deze opvolgingslink is niet meer geldig',
    "Ce lien de suivi n'est plus valable",
    'Dieser Verfolgungslink ist nicht mehr gültig',
  ),
  'exception.invalid_transition': t(
    'This step is not possible in the request’s current state',
    'Deze stap is niet mogelijk in de huidige toestand van de aanvraag',
    "Cette étape n'est pas possible dans l'état actuel de la demande",
    'Dieser Schritt ist im aktuellen Stand des Antrags nicht möglich',
  ),
  'exception.concurrent_change': t(
    'Someone else handled this request at the same time',
    'Iemand anders behandelde deze aanvraag tegelijk',
    "Quelqu'un d'autre a traité cette demande en même temps",
    'Jemand anderes hat diesen Antrag gleichzeitig bearbeitet',
  ),
  'exception.closed': t(
    'This request is closed',
    'Deze aanvraag is afgesloten',
    'Cette demande est clôturée',
    'Dieser Antrag ist abgeschlossen',
  ),
  'exception.four_eyes_same_operator': t(
    'A second operator must confirm this decision',
    'Een tweede medewerker moet deze beslissing bevestigen',
    'Un second agent doit confirmer cette décision',
    'Ein zweiter Mitarbeiter muss diese Entscheidung bestätigen',
  ),
  'exception.conflict_of_interest': t(
    'You cannot handle a request that concerns yourself',
    'U kunt geen aanvraag behandelen die uzelf betreft',
    'Vous ne pouvez pas traiter une demande qui vous concerne',
    'Sie können keinen Antrag bearbeiten, der Sie selbst betrifft',
  ),
  'operator.not_found': t(
    'This person is not a service desk operator',
    'Deze persoon is geen helpdeskmedewerker',
    "Cette personne n'est pas agent du service desk",
    'Diese Person ist kein Helpdesk-Mitarbeiter',
  ),
};
