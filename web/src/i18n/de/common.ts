/** Texts every page shares: the frame, navigation, roles, form fields, confirmations and error messages. */
import type { Messages } from '../en.ts';

export const common: Pick<
  Messages,
  'app' | 'nav' | 'lang' | 'loa' | 'roles' | 'procedure' | 'system' | 'fields' | 'confirm' | 'errors'
> = {
  app: {
    sessionEnded: 'Ihre Sitzung ist beendet: Sie sind nicht mehr angemeldet.',
    loginAgain: 'Erneut anmelden',
    name: 'Verwaltung der Zugangsverwalter',
    tagline: 'Wer online für Ihr Unternehmen handeln darf',
    skip: 'Zum Hauptinhalt springen',
    language: 'Sprache',
    login: 'Anmelden',
    logout: 'Abmelden',
    loggedInAs: 'Angemeldet als {{name}}',
    level: 'Anmeldeniveau: {{level}}',
    loading: 'Wird geladen…',
    back: 'Zurück',
    cancel: 'Abbrechen',
    close: 'Schließen',
    save: 'Speichern',
    next: 'Weiter',
    previous: 'Zurück',
    search: 'Suchen',
    none: 'keine',
    noEnd: 'kein Enddatum',
    until: 'bis {{date}}',
    since: 'seit {{date}}',
    menu: 'Hauptmenü',
    footer:
      'Eine offene Umsetzung der belgischen Verwaltung der Zugangsverwalter. Demonstrationsumgebung: Die Personen und Unternehmen sind fiktiv.',
    apiDocs: 'API-Dokumentation',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundBody: 'Diese Adresse führt zu keiner Seite. Nutzen Sie das Menü, um fortzufahren.',
    loginNeededTitle: 'Bitte melden Sie sich an',
    loginNeededBody:
      'Diese Seite zeigt Angaben zu Ihnen und zu den Unternehmen, für die Sie handeln. Melden Sie sich zuerst an.',
  },
  nav: {
    home: 'Startseite',
    enterprises: 'Meine Unternehmen',
    myAccess: 'Meine Zugänge',
    exception: 'Antrag ohne eID',
    serviceDesk: 'Helpdesk',
  },
  lang: { nl: 'Nederlands', fr: 'Français', de: 'Deutsch', en: 'English' },
  loa: { low: 'niedrig', substantial: 'substanziell', high: 'hoch' },
  roles: {
    legal_representative: 'Gesetzlicher Vertreter',
    main: 'Hauptzugangsverwalter',
    co_main: 'Gemeinsamer Hauptzugangsverwalter',
    domain: 'Zugangsverwalter',
    user: 'Benutzer',
    service_desk: 'Helpdesk',
    invitee: 'Eingeladene Person',
    client: 'Kundenverwalter',
    requester: 'Antragsteller',
    operator: 'Helpdesk-Mitarbeiter',
    administrator: 'Administrator',
  },
  procedure: { standard: 'Standardverfahren', exception: 'Ausnahmeverfahren', unknown: 'unbekannte Herkunft' },
  system: {
    btb: 'Integrierte Rollenverwaltung',
    'social-security': 'Benutzerverwaltung der Sozialen Sicherheit',
    external: 'Ein anderes Zugangsverwaltungssystem',
  },
  fields: {
    inviteePerson: 'Nationalregister- oder BIS-Nummer der eingeladenen Person (optional)',
    inviteePersonHint:
      'Wenn Sie sie angeben, kann nur diese Person die Einladung annehmen; andernfalls nur eine Person, deren Anmeldung diese E-Mail-Adresse bestätigt.',
    inviteLanguage: 'Sprache der Einladung',
    person: 'Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung',
    personHint:
      '11 Ziffern, zum Beispiel 85.07.30-033.28; oder, für eine Person ohne belgische Nummer, die eIDAS-Kennung, zum Beispiel DE/BE/T22000129',
    email: 'E-Mail-Adresse',
    phone: 'Telefonnummer',
    phoneHint: 'Zum Beispiel +32 470 12 34 56',
    validUntil: 'Enddatum (optional)',
    validUntilHint: 'Das Enddatum ist eingeschlossen. Leer lassen, wenn es kein Enddatum gibt.',
    validFrom: 'Anfangsdatum (optional)',
    domain: 'Bereich',
    service: 'Online-Dienst',
    role: 'Rolle im Dienst',
    noRole: 'Der gesamte Dienst',
    invitee: 'E-Mail-Adresse der eingeladenen Person',
    how: 'Wie identifizieren Sie den Benutzer?',
    byNumber: 'Per Nationalregister- oder BIS-Nummer',
    byEmail: 'Per E-Mail-Einladung (die Person nimmt sie bei der Anmeldung an)',
    required: 'Pflichtfeld',
  },
  confirm: {
    title: 'Bitte bestätigen',
    removeManager: 'Soll {{name}} als {{role}} abberufen werden?',
    lastInDomain:
      'Dann hat der Bereich {{domain}} keinen Zugangsverwalter mehr: Nur noch der Hauptzugangsverwalter und die gemeinsamen Hauptzugangsverwalter können seine Benutzer verwalten.',
    othersInDomain: 'Verbleibende Zugangsverwalter für den Bereich {{domain}}: {{count}}.',
    lastCoMain: 'Dann hat das Unternehmen keinen gemeinsamen Hauptzugangsverwalter mehr.',
    keepsAppointments: 'Was diese Person ernannt oder gewährt hat, bleibt bestehen.',
    removeMain:
      'Soll {{name}} als Hauptzugangsverwalter abberufen werden? Bis ein gesetzlicher Vertreter einen neuen ernennt, kann niemand gemeinsame Hauptzugangsverwalter ernennen.',
    revoke: 'Den Zugang von {{name}} zu {{service}} entziehen? Das gilt sofort.',
    confirmRemove: 'Ja, abberufen',
    confirmRevoke: 'Ja, entziehen',
  },
  errors: {
    generic: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    network: 'Der Dienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    required: 'Bitte füllen Sie dieses Feld aus.',
    person:
      'Dies ist keine gültige Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung (LL/BE/Kennung, LL ein Land der EU oder des EWR).',
    enterprise: 'Dies ist keine gültige Unternehmensnummer.',
    email: 'Dies ist keine E-Mail-Adresse.',
    phone: 'Dies ist keine Telefonnummer.',
    date: 'Dies ist kein gültiges Datum.',
    tooLong: 'Das ist zu lang.',
    tooShort: 'Das ist zu kurz.',
    maxLength: 'Höchstens {{max}} Zeichen: Dieser Text hat {{count}}.',
    limitAddress:
      'Ihre Verbindung hat ihre Grenze von {{max}} Anträgen pro Stunde erreicht. Sie können ab {{time}} erneut senden.',
    codes: {
      'identifier/invalid_enterprise_number': 'Dies ist keine gültige Unternehmensnummer.',
      'identifier/invalid_person_number':
        'Dies ist keine gültige Nationalregisternummer, BIS-Nummer oder eIDAS-Kennung (LL/BE/Kennung, LL ein Land der EU oder des EWR).',
      'identifier/invalid_establishment_number': 'Dies ist keine gültige Niederlassungseinheitsnummer.',
      'validation/invalid_input': 'Angaben fehlen oder sind ungültig.',
      'enterprise/not_found': 'Unter dieser Nummer ist kein Unternehmen bekannt.',
      'enterprise/stopped': 'Dieses Unternehmen hat seine Tätigkeit eingestellt: Niemand kann mehr dafür handeln.',
      'person/not_found': 'Diese Person ist im Register nicht bekannt.',
      'catalogue/unknown_domain': 'Diesen Bereich gibt es nicht.',
      'catalogue/unknown_service': 'Diesen Online-Dienst gibt es nicht.',
      'catalogue/unknown_role': 'Diese Rolle gibt es im Dienst nicht.',
      'authentication/required': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      'authentication/invalid_token': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      'authentication/insufficient_assurance': 'Für diese Aktion ist eine stärkere Anmeldung nötig (eID oder itsme).',
      'authorization/not_legal_representative': 'Nur ein gesetzlicher Vertreter dieses Unternehmens kann dies tun.',
      'authorization/not_main_access_manager': 'Nur der Hauptzugangsverwalter kann dies tun.',
      'authorization/not_manager': 'Nur ein Zugangsverwalter dieses Unternehmens kann dies tun.',
      'authorization/not_domain_manager': 'Sie verwalten diesen Bereich nicht.',
      'authorization/forbidden': 'Sie dürfen dies nicht tun.',
      'authorization/csrf_failed':
        'Ihre Sitzung hat sich geändert. Laden Sie die Seite neu und versuchen Sie es erneut.',
      'appointment/not_eligible':
        'Diese Person kann nicht ernannt werden: Ernannt werden können nur Arbeitnehmer oder gesetzliche Vertreter des Unternehmens.',
      'appointment/not_found': 'Diese Ernennung besteht nicht mehr.',
      'appointment/already_exists': 'Diese Person hat diese Rolle bereits.',
      'appointment/already_main':
        'Der Hauptzugangsverwalter hat bereits alle Befugnisse eines gemeinsamen Hauptzugangsverwalters.',
      'appointment/end_date_in_past': 'Das Enddatum liegt in der Vergangenheit.',
      'appointment/concurrent_change':
        'Jemand anderes hat dies gleichzeitig geändert. Laden Sie die Seite neu und versuchen Sie es erneut.',
      'grant/not_found': 'Dieser Zugang besteht nicht mehr.',
      'grant/already_exists': 'Diese Person hat diesen Zugang bereits. Ändern Sie stattdessen das Enddatum.',
      'grant/invalid_period': 'Das Enddatum muss nach dem Anfangsdatum liegen.',
      'grant/establishment_unknown': 'Das Unternehmensregister kennt keine Niederlassungseinheit mit dieser Nummer.',
      'grant/establishment_other_enterprise': 'Diese Niederlassungseinheit gehört zu einem anderen Unternehmen.',
      'grant/managed_elsewhere': 'Der Zugang zu diesem Dienst wird in einem anderen System verwaltet.',
      'grant/start_in_past':
        'Der Zugang kann nicht in der Vergangenheit beginnen: Wählen Sie heute oder ein späteres Datum.',
      'invitation/not_open':
        'Diese Einladung wurde angenommen, storniert oder ist abgelaufen und kann nicht erneut gesendet werden. Senden Sie bei Bedarf eine neue Einladung.',
      'invitation/not_found': 'Diese Einladung gibt es nicht.',
      'invitation/expired': 'Diese Einladung ist abgelaufen. Bitten Sie um eine neue.',
      'invitation/already_used': 'Diese Einladung wurde bereits angenommen.',
      'invitation/email_mismatch': 'Diese Einladung wurde an eine andere E-Mail-Adresse gesendet.',
      'invitation/lapsed':
        'Diese Einladung ist hinfällig: Wer sie gesendet hat, darf diesen Zugang nicht mehr gewähren.',
      'access_request/not_found': 'Dieser Zugangsantrag existiert nicht, oder Sie dürfen ihn nicht sehen.',
      'access_request/closed': 'Über diesen Zugangsantrag wurde bereits entschieden, oder er wurde zurückgezogen.',
      'access_request/expired': 'Dieser Zugangsantrag ist abgelaufen: Der Antragsteller kann erneut einen stellen.',
      'access_request/concurrent_change': 'Jemand anderes hat im selben Moment über diesen Zugangsantrag entschieden.',
      'access_request/already_open': 'Sie haben dafür bereits einen offenen Antrag.',
      'access_request/already_held': 'Sie haben diesen Zugang bereits.',
      'access_request/too_many_open':
        'Sie haben die Höchstzahl offener Anträge bei diesem Unternehmen erreicht: Warten Sie auf eine Entscheidung, oder ziehen Sie einen zurück.',
      'access_request/own_request': 'Sie können nicht über Ihren eigenen Zugangsantrag entscheiden.',
      'system/not_found': 'Dieses System ist nicht registriert, oder Sie dürfen es nicht ändern.',
      'system/client_taken': 'Eine Client-ID ist bereits für ein anderes System registriert.',
      'system_user/not_found': 'Dieser Systembenutzer existiert bei diesem Unternehmen nicht.',
      'system_user/already_exists': 'Dieses System handelt bereits für dieses Unternehmen.',
      'system_user/service_not_offered': 'Der Anbieter hat diesen Online-Dienst für dieses System nicht registriert.',
      'system_user_request/not_found': 'Dieser Antrag existiert hier nicht, oder Sie dürfen ihn nicht sehen.',
      'system_user_request/closed': 'Dieser Antrag wurde bereits entschieden oder zurückgezogen.',
      'system_user_request/expired': 'Dieser Antrag ist abgelaufen: der Anbieter kann einen neuen senden.',
      'system_user_request/concurrent_change':
        'Jemand anderes hat diesen Antrag im selben Moment entschieden oder zurückgezogen.',
      'system_user_request/already_open': 'Für dieses System ist bei diesem Unternehmen bereits ein Antrag offen.',
      'system_user_request/own_enterprise':
        'Ihr eigenes Unternehmen braucht keinen Antrag: legen Sie den Systembenutzer direkt an.',
      'invitation/person_mismatch': 'Diese Einladung ist für eine andere Person bestimmt.',
      'invitation/email_unverified':
        'Ihre Anmeldung bestätigt die eingeladene E-Mail-Adresse nicht: Bitten Sie um eine Einladung, die auf Ihre Nationalregisternummer ausgestellt ist.',
      'appointment_report/not_found': 'Diese Meldung gibt es nicht.',
      'appointment_report/not_reportable': 'Diese Ernennung ist bereits beendet: Es gibt nichts zu melden.',
      'appointment_report/already_open': 'Diese Ernennung wurde bereits gemeldet: Der Helpdesk prüft sie.',
      'appointment_report/wrong_state': 'Über diese Meldung wurde bereits entschieden: Laden Sie die Seite neu.',
      'appointment_report/main_taken':
        'Inzwischen wurde ein neuer Hauptzugangsverwalter ernannt: Die ausgesetzte Ernennung kann nicht wiederhergestellt werden, solange diese läuft.',
      'register_review/not_found': 'Diese Registerprüfung gibt es für dieses Unternehmen nicht.',
      'register_review/wrong_state':
        'Über diese Prüfung wurde bereits entschieden, oder die Ernennung ist beendet: Laden Sie die Seite neu.',
      'register_review/main_taken':
        'Inzwischen wurde ein neuer Hauptzugangsverwalter ernannt: Die ausgesetzte Ernennung kann nicht wiederhergestellt werden, solange diese läuft.',
      'register_review/reason_required':
        'Geben Sie eine Begründung an (mindestens 3 Zeichen): Wer von den Registern nicht mehr gedeckt ist und dennoch bleibt, muss begründet werden.',
      'mandate/proposal_lapsed':
        'Dieser Mandatsvorschlag ist hinfällig: Wer ihn gemacht hat, darf das für sein Unternehmen nicht mehr.',
      'attachment/unsupported_type':
        'Diese Datei ist kein PDF, PNG oder JPEG; geprüft wurde ihr Inhalt, nicht ihr Name.',
      'attachment/too_large': 'Diese Datei ist zu groß.',
      'attachment/request_too_large': 'Zusammen sind die Dokumente zu groß.',
      'attachment/not_found': 'Dieses Dokument existiert nicht mehr.',
      'attachment/link_invalid':
        'Dieser Link zum Dokument ist nicht mehr gültig. Öffnen Sie das Dokument erneut über den Antrag.',
      'request/cross_site':
        'Diese Anfrage kam von einer anderen Website und wurde abgelehnt. Verwenden Sie die Seiten von btb selbst.',
      'request/malformed': 'Die Anfrage konnte nicht gelesen werden. Versuchen Sie es erneut.',
      'request/unsupported_media_type':
        'Die Dokumente konnten nicht gesendet werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
      'exception/not_found': 'Dieser Antrag existiert nicht.',
      'exception/challenge_invalid':
        'Die Schutzprüfung ist abgelaufen und wurde neu gestartet: Senden Sie den Antrag gleich noch einmal.',
      'exception/invalid_code': 'Dieser Code ist ungültig oder abgelaufen. Fordern Sie einen neuen an.',
      'exception/follow_token_invalid': 'Ihr Zugang zu diesem Antrag ist abgelaufen. Geben Sie erneut einen Code ein.',
      'exception/invalid_transition': 'Diese Entscheidung ist im aktuellen Status des Antrags nicht möglich.',
      'exception/concurrent_change': 'Jemand anderes hat diesen Antrag gleichzeitig geändert. Laden Sie die Seite neu.',
      'exception/closed':
        'Über diesen Antrag wurde bereits entschieden: Es können keine Dokumente mehr hinzugefügt werden.',
      'exception/four_eyes_same_operator':
        'Sie haben diesen Antrag selbst genehmigt: Ein anderer Mitarbeiter muss ihn bestätigen.',
      'person_link/exists': 'Diese eIDAS-Kennung ist bereits verknüpft, oder eine Verknüpfung wartet auf Bestätigung.',
      'person_link/not_found': 'Dieser Verknüpfungsvorschlag existiert nicht.',
      'person_link/number_in_use':
        'Diese Nummer hat bereits Zugänge oder ist mit einer anderen Person verknüpft. Beenden Sie diese zuerst, oder prüfen Sie die Nummer.',
      'person_link/not_proposed': 'Über diese Verknüpfung wurde bereits entschieden.',
      'person_link/conflict': 'Die Nummer hat bereits denselben Zugang: Beenden Sie zuerst einen der beiden.',
      'foreign_enterprise/not_found': 'Dieses ausländische Unternehmen ist nicht registriert.',
      'foreign_enterprise/duplicate':
        'Dieses Unternehmen ist bereits registriert, oder seine Registrierung wartet auf Bestätigung.',
      'foreign_enterprise/not_proposed': 'Über diese Registrierung wurde bereits entschieden.',
      'foreign_enterprise/not_registered':
        'Dieses ausländische Unternehmen ist nicht registriert (noch vorgeschlagen, abgelehnt oder bereits verknüpft).',
      'foreign_enterprise/link_exists':
        'Eine Verknüpfung dieses Unternehmens mit einer ZDU-Nummer wartet bereits auf Bestätigung.',
      'foreign_enterprise/link_not_found': 'Dieser Verknüpfungsvorschlag existiert nicht.',
      'foreign_enterprise/link_conflict':
        'Die ZDU-Nummer hat bereits denselben Zugang: Beenden Sie zuerst einen der beiden.',
      'foreign_enterprise/linked':
        'Dieses ausländische Unternehmen hat jetzt eine ZDU-Nummer: Verwenden Sie diese Nummer.',
      'foreign_enterprise/representative_not_found':
        'Dieser gesetzliche Vertreter ist für dieses ausländische Unternehmen nicht erfasst.',
      'foreign_enterprise/renewal_exists':
        'Eine Verlängerung dieses gesetzlichen Vertreters wartet bereits auf Bestätigung.',
      'exception/conflict_of_interest':
        'Sie können nicht über einen Antrag entscheiden, der Sie nennt oder den Sie selbst gestellt haben.',
      'authorization/not_operator': 'Nur Mitarbeiter des Helpdesks können dies tun.',
      'idempotency/in_progress':
        'Ihr vorheriger Versuch wird noch bearbeitet. Warten Sie einige Sekunden und versuchen Sie es erneut.',
      'rate_limit/exceeded': 'Zu viele Anfragen. Warten Sie einen Moment und versuchen Sie es erneut.',
      conflict: 'Jemand anderes hat dies geändert. Laden Sie die Seite neu und versuchen Sie es erneut.',
      not_found: 'Nicht gefunden.',
      'authentication/invalid_client': 'Diese Anwendung ist dem Anmeldedienst nicht bekannt.',
      'authentication/login_failed': 'Die Anmeldung ist nicht gelungen. Bitte versuchen Sie es erneut.',
      'authentication/not_configured': 'Die Anmeldung ist auf diesem Server nicht eingerichtet.',
      'authentication/provider_unavailable':
        'Der Anmeldedienst ist nicht erreichbar. Versuchen Sie es gleich noch einmal.',
      'authorization/not_client_manager': 'Nur ein im Rahmen dieses Mandats ernannter Kundenverwalter kann dies tun.',
      'mandate/already_exists': 'Ein Mandat zwischen diesen beiden Unternehmen deckt das bereits ab.',
      'mandate/capacity_missing':
        'Dieser Online-Dienst verlangt eine Eigenschaft des Kunden (zum Beispiel Arbeitgeber), und das Mandat ist nicht dafür erteilt: Der Kunde erteilt ein neues Mandat für diese Eigenschaft.',
      'mandate/capacity_required':
        'Ein Online-Dienst in diesem Mandat verlangt eine Eigenschaft (zum Beispiel Arbeitgeber): Wählen Sie sie.',
      'mandate/beyond_mandate': 'Das würde länger dauern als das Mandat: Wählen Sie ein früheres Enddatum.',
      'mandate/closed': 'Dieses Mandat ist bereits beendet oder wurde abgelehnt.',
      'service/busy':
        'Eine andere Änderung hielt im selben Moment dieselben Daten; nichts wurde geändert. Bitte versuchen Sie es erneut.',
      'grant/concurrent_change':
        'Dieser Zugang wurde im selben Moment entzogen oder geändert. Laden Sie die Seite neu.',
      'mandate/concurrent_change':
        'Jemand hat dieses Mandat gleichzeitig geändert. Laden Sie die Seite neu und versuchen Sie es erneut.',
      'mandate/counterpart_not_found': 'Das andere Unternehmen steht nicht im Register.',
      'mandate/counterpart_stopped':
        'Das andere Unternehmen hat seine Tätigkeit eingestellt: Ein Mandat ist nicht möglich.',
      'mandate/empty_scope': 'Wählen Sie mindestens einen Bereich oder Online-Dienst.',
      'mandate/expired': 'Dieses Mandat ist abgelaufen.',
      'mandate/invalid_period': 'Das Enddatum muss nach dem Anfangsdatum liegen.',
      'mandate/not_active': 'Dieses Mandat ist nicht aktiv.',
      'mandate/not_found': 'Dieses Mandat existiert nicht, oder nicht für dieses Unternehmen.',
      'mandate/not_in_force': 'Dieses Mandat ist nicht in Kraft (noch nicht angenommen oder beendet).',
      'mandate/not_mandatary_staff': 'Diese Person ist weder Arbeitnehmer noch gesetzlicher Vertreter des Büros.',
      'mandate/not_proposed': 'Dieses Mandat wartet nicht mehr auf eine Antwort.',
      'mandate/outside_scope': 'Das Mandat deckt diesen Bereich oder Dienst nicht ab.',
      'mandate/own_proposal': 'Sie haben diesen Vorschlag gemacht: Das andere Unternehmen beantwortet ihn.',
      'mandate/self': 'Ein Unternehmen kann sich nicht selbst ein Mandat erteilen.',
      'term/too_long': 'Das ist länger als erlaubt: höchstens {{months}} Monate, also spätestens bis zum {{date}}.',
      'mandate/term_too_long':
        'Das ist länger, als diese Bereiche für ein Mandat erlauben: Wählen Sie ein früheres Enddatum.',
      'mandate/wrong_side': 'Das tut die andere Seite des Mandats.',
      'operator/not_found': 'Diese Person ist kein Helpdesk-Mitarbeiter.',
    },
  },
};
