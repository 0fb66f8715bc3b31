/**
 * Problem titles of the platform around the features: login and authorisation, request limits,
 * idempotency, configuration, file imports, backup and restore.
 */
import { type Titles, t } from './title.ts';

export const platformTitles: Titles = {
  'idempotency.in_progress': t(
    'A request with this Idempotency-Key is still being handled: try again in a few seconds',
    'Een verzoek met deze Idempotency-Key wordt nog behandeld: probeer het over enkele seconden opnieuw',
    'Une demande avec cette Idempotency-Key est encore en cours de traitement : réessayez dans quelques secondes',
    'Eine Anfrage mit diesem Idempotency-Key wird noch bearbeitet: Versuchen Sie es in einigen Sekunden erneut',
  ),
  'authentication.invalid_token': t(
    'Your login is not valid or has expired',
    'Uw aanmelding is ongeldig of verlopen',
    'Votre connexion est invalide ou a expiré',
    'Ihre Anmeldung ist ungültig oder abgelaufen',
  ),
  'authentication.invalid_client': t(
    'The API client is not known or its secret is wrong',
    'De API-client is onbekend of het geheim is fout',
    'Le client API est inconnu ou son secret est erroné',
    'Der API-Client ist unbekannt oder sein Geheimnis falsch',
  ),
  'authentication.login_failed': t(
    'The login did not succeed',
    'De aanmelding is niet gelukt',
    "La connexion n'a pas abouti",
    'Die Anmeldung ist fehlgeschlagen',
  ),
  'authentication.not_configured': t(
    'Login is not available on this server',
    'Aanmelden is niet beschikbaar op deze server',
    "La connexion n'est pas disponible sur ce serveur",
    'Die Anmeldung ist auf diesem Server nicht verfügbar',
  ),
  'authentication.provider_unavailable': t(
    'The login service cannot be reached: try again later',
    'De aanmeldingsdienst is niet bereikbaar: probeer later opnieuw',
    'Le service de connexion est injoignable : réessayez plus tard',
    'Der Anmeldedienst ist nicht erreichbar: Versuchen Sie es später erneut',
  ),
  'authorization.csrf_failed': t(
    'The form has expired: reload the page and try again',
    'Het formulier is verlopen: laad de pagina opnieuw en probeer nogmaals',
    'Le formulaire a expiré : rechargez la page et réessayez',
    'Das Formular ist abgelaufen: Laden Sie die Seite neu und versuchen Sie es erneut',
  ),
  'import.invalid_file': t(
    'The file cannot be read',
    'Het bestand kan niet worden gelezen',
    'Le fichier ne peut pas être lu',
    'Die Datei kann nicht gelesen werden',
  ),
  'import.invalid_line': t(
    'A line of the file is not valid',
    'Een regel van het bestand is ongeldig',
    "Une ligne du fichier n'est pas valide",
    'Eine Zeile der Datei ist ungültig',
  ),
  'import.no_lines': t(
    'The file holds no line to import',
    'Het bestand bevat geen regel om in te lezen',
    'Le fichier ne contient aucune ligne à importer',
    'Die Datei enthält keine Zeile zum Einlesen',
  ),
  'import.too_many_lines': t(
    'The file has too many lines',
    'Het bestand heeft te veel regels',
    'Le fichier contient trop de lignes',
    'Die Datei hat zu viele Zeilen',
  ),
  'config.invalid': t(
    'The configuration is not valid',
    'De configuratie is ongeldig',
    "La configuration n'est pas valide",
    'Die Konfiguration ist ungültig',
  ),
  conflict: t(
    'This conflicts with the current state: reload and try again',
    'Dit botst met de huidige toestand: laad opnieuw en probeer nogmaals',
    "Ceci est en conflit avec l'état actuel : rechargez et réessayez",
    'Dies widerspricht dem aktuellen Stand: Neu laden und erneut versuchen',
  ),
  'conflict.concurrent_change': t(
    'Someone else changed this at the same time: reload and try again',
    'Iemand anders wijzigde dit tegelijk: laad opnieuw en probeer nogmaals',
    "Quelqu'un d'autre l'a modifié en même temps : rechargez et réessayez",
    'Jemand anderes hat dies gleichzeitig geändert: Neu laden und erneut versuchen',
  ),
  not_found: t('Not found', 'Niet gevonden', 'Introuvable', 'Nicht gefunden'),
  'request.malformed': t(
    'The request is malformed',
    'Het verzoek is onjuist opgebouwd',
    'La demande est mal formée',
    'Die Anfrage ist fehlerhaft',
  ),
  'request.too_large': t(
    'The request is too large',
    'Het verzoek is te groot',
    'La demande est trop volumineuse',
    'Die Anfrage ist zu groß',
  ),
  'request.uri_too_long': t(
    'The address is too long',
    'Het adres is te lang',
    "L'adresse est trop longue",
    'Die Adresse ist zu lang',
  ),
  'service.busy': t(
    'Another change held the same records at this moment; nothing was changed: try again',
    'Een andere wijziging hield op dit moment dezelfde gegevens vast; er is niets gewijzigd: probeer opnieuw',
    'Une autre modification tenait les mêmes données à cet instant ; rien n’a été modifié : réessayez',
    'Eine andere Änderung hielt im selben Moment dieselben Daten; nichts wurde geändert: Versuchen Sie es erneut',
  ),
  'service.unavailable': t(
    'The service is briefly unavailable: try again in a moment',
    'De dienst is even niet beschikbaar: probeer zo meteen opnieuw',
    'Le service est momentanément indisponible : réessayez dans un instant',
    'Der Dienst ist kurz nicht verfügbar: Versuchen Sie es gleich erneut',
  ),
  'request.unsupported_media_type': t(
    'This content type is not accepted',
    'Dit inhoudstype wordt niet aanvaard',
    "Ce type de contenu n'est pas accepté",
    'Dieser Inhaltstyp wird nicht angenommen',
  ),
  'authorization.not_client_manager': t(
    'You do not manage this client under a mandate',
    'U beheert deze klant niet onder een mandaat',
    'Vous ne gérez pas ce client sous mandat',
    'Sie verwalten diesen Kunden nicht im Rahmen eines Mandats',
  ),
  'authorization.not_operator': t(
    'Only service desk operators may do this',
    'Alleen helpdeskmedewerkers mogen dit doen',
    'Seuls les agents du service desk peuvent faire ceci',
    'Nur Helpdesk-Mitarbeiter dürfen dies tun',
  ),
  'backup.file_exists': t(
    'The backup file already exists',
    'Het back-upbestand bestaat al',
    'Le fichier de sauvegarde existe déjà',
    'Die Sicherungsdatei existiert bereits',
  ),
  'backup.database_missing': t(
    'The database to back up does not exist',
    'De te back-uppen databank bestaat niet',
    'La base de données à sauvegarder est introuvable',
    'Die zu sichernde Datenbank existiert nicht',
  ),
  'backup.integrity': t(
    'The backup failed its integrity check',
    'De back-up doorstond de integriteitscontrole niet',
    "La sauvegarde a échoué au contrôle d'intégrité",
    'Die Sicherung hat die Integritätsprüfung nicht bestanden',
  ),
  'restore.file_missing': t(
    'The backup file does not exist',
    'Het back-upbestand bestaat niet',
    "Le fichier de sauvegarde n'existe pas",
    'Die Sicherungsdatei existiert nicht',
  ),
  'restore.integrity': t(
    'The backup file is damaged',
    'Het back-upbestand is beschadigd',
    'Le fichier de sauvegarde est endommagé',
    'Die Sicherungsdatei ist beschädigt',
  ),
  'restore.not_empty': t(
    'Restore needs an empty database',
    'Terugzetten vraagt een lege databank',
    'La restauration nécessite une base de données vide',
    'Die Wiederherstellung braucht eine leere Datenbank',
  ),
};
