/** The landing page, the enterprise finder and the page for a person with no role yet. */
import type { Messages } from '../en.ts';

export const start: Pick<Messages, 'landing' | 'enterprises' | 'noRole'> = {
  landing: {
    title: 'Wer darf online für Ihr Unternehmen handeln?',
    lead: 'Online-Dienste der Behörden müssen wissen, wer im Namen eines Unternehmens handeln darf. Hier entscheidet Ihr Unternehmen selbst: Seine gesetzlichen Vertreter ernennen einen Hauptzugangsverwalter, der alle anderen organisiert.',
    ctaLogin: 'Anmelden, um Zugänge zu verwalten',
    ctaGuide: 'Die Schritt-für-Schritt-Anleitung lesen',
    whatTitle: 'Was ist die Verwaltung der Zugangsverwalter?',
    whatBody:
      'Steuererklärungen, Meldungen an die Soziale Sicherheit, Genehmigungen: Viele Online-Dienste der Behörden werden von Arbeitnehmern, Buchhaltern oder anderen im Namen eines Unternehmens genutzt. In der Verwaltung der Zugangsverwalter legt ein Unternehmen fest, wer das darf. Ausgangspunkt sind die Personen, die die Zentrale Datenbank der Unternehmen als Vertreter des Unternehmens führt, und jedes Recht lässt sich bis zu ihnen zurückverfolgen.',
    whoTitle: 'Wer macht was',
    who: {
      lr: 'Ist in der Zentralen Datenbank der Unternehmen als Vertreter des Unternehmens eingetragen (Verwalter, Geschäftsführer, Selbstständiger…). Ernennt oder ersetzt den Hauptzugangsverwalter, nach Anmeldung mit eID oder itsme.',
      main: 'Einer pro Unternehmen; ein Arbeitnehmer oder ein gesetzlicher Vertreter. Ernennt gemeinsame Hauptzugangsverwalter und Zugangsverwalter pro Bereich und darf Benutzer in jedem Bereich verwalten.',
      coMain:
        'Unterstützt den Hauptzugangsverwalter und hat dieselben Befugnisse, außer andere gemeinsame Hauptzugangsverwalter zu ernennen oder abzuberufen.',
      domain:
        'Verwaltet einen Bereich (zum Beispiel Finanzen oder Mobilität): gibt Benutzern Zugang zu dessen Online-Diensten, verlängert und beendet diesen Zugang.',
      user: 'Nutzt die ihm zugewiesenen Online-Dienste für das Unternehmen, bis zu einem etwaigen Enddatum.',
      desk: 'Mitarbeitende der betreibenden Stelle. Bearbeiten das Ausnahmeverfahren und helfen, wenn sich niemand anmelden kann.',
    },
    proceduresTitle: 'Zwei Wege, den Hauptzugangsverwalter zu ernennen',
    standardTitle: 'Standardverfahren',
    standardBody:
      'Ein gesetzlicher Vertreter meldet sich mit eID oder itsme an, gibt die Unternehmensnummer ein und ernennt sich selbst oder eine andere Person. Das Register wird in diesem Moment geprüft: Das dauert eine Minute.',
    exceptionTitle: 'Ausnahmeverfahren',
    exceptionBody:
      'Für alle, die das Standardverfahren nicht nutzen können: keine belgische eID, ein Vertreter, der noch nicht im Register steht, oder ein ausländisches Unternehmen. Sie reichen online einen Antrag mit dem unterschriebenen Formular und Nachweisen ein; der Helpdesk prüft sie und ernennt den Hauptzugangsverwalter. Sie verfolgen Ihren Antrag anhand seiner Referenz.',
    systemsTitle: 'Drei Arten von Zugangsverwaltungssystemen',
    systemsLead: 'Welches System den Zugang zu einem Online-Dienst gewährt, hängt von seinem Bereich ab:',
    systems: {
      btbTitle: 'Integrierte Rollenverwaltung',
      btbBody:
        'Für die meisten föderalen Online-Dienste. Zugangsverwalter gewähren Benutzern hier Zugang, per Nationalregisternummer oder per E-Mail-Einladung, auf Wunsch mit Enddatum.',
      ssTitle: 'Soziale Sicherheit',
      ssBody:
        'Die Soziale Sicherheit hat eine eigene Benutzerverwaltung, geordnet nach der Eigenschaft, in der das Unternehmen handelt (Arbeitgeber, Sozialsekretariat…), fragt bei diesem Dienst nach, wer die Zugangsverwalter sind, und wird über jede Änderung informiert.',
      otherTitle: 'Andere Systeme',
      otherBody:
        'Einige Behörden, etwa eine Regionalregierung, betreiben eine eigene Zugangsverwaltung. Auch sie stützen sich auf die hier erfassten Zugangsverwalter.',
    },
    guideTitle: 'Schritt für Schritt',
    guide: {
      s1: 'Melden Sie sich als gesetzlicher Vertreter des Unternehmens mit eID oder itsme an.',
      s2: 'Öffnen Sie das Unternehmen unter „Meine Unternehmen“ und wählen Sie „Hauptzugangsverwalter ernennen“. Geben Sie Nationalregisternummer, E-Mail-Adresse und Telefonnummer der Person ein (das können Sie selbst sein).',
      s3: 'Der Hauptzugangsverwalter meldet sich an und ernennt gemeinsame Hauptzugangsverwalter und Zugangsverwalter für die Bereiche, in denen das Unternehmen tätig ist.',
      s4: 'Zugangsverwalter geben Benutzern Zugang zu Online-Diensten: per Nationalregisternummer oder mit einer E-Mail-Einladung.',
      s5: 'Benutzer melden sich beim Online-Dienst an und handeln für das Unternehmen. Unter „Meine Zugänge“ sieht jeder, was er darf, und warum.',
      s6: 'Alles wird festgehalten: Der Verlauf des Unternehmens zeigt, wer was getan hat, und in wessen Auftrag.',
    },
    demoTitle: 'Ausprobieren',
    demoBody:
      'In dieser Demonstrationsumgebung öffnet „Anmelden“ einen Test-Identitätsanbieter: Wählen Sie eine der fiktiven Personen und ein Anmeldemittel.',
  },
  enterprises: {
    title: 'Meine Unternehmen',
    lead: 'Die Unternehmen, für die Sie handeln, und Ihre Rolle in jedem davon.',
    empty:
      'Sie handeln noch für kein Unternehmen. Wenn Sie ein Unternehmen vertreten, das hier fehlt, steht es vielleicht noch nicht im Register: Das Ausnahmeverfahren kann helfen.',
    open: '{{name}} öffnen',
    stopped: 'Dieses Unternehmen hat seine Tätigkeit eingestellt: Niemand kann mehr dafür handeln.',
    services: 'Online-Dienste: {{count}}',
    number: 'Unternehmensnummer',
    yourRoles: 'Ihre Rollen',
    hello: 'Willkommen, {{name}}',
  },
  noRole: {
    title: 'Was Sie tun können',
    askTitle: 'Ein Unternehmen um Zugang bitten',
    askText:
      'Ein Zugangsverwalter des Unternehmens gibt Ihnen Zugang zu dessen Online-Diensten. Nennen Sie ihm Ihre Nationalregisternummer: {{number}}.',
    lrTitle: 'Sind Sie gesetzlicher Vertreter?',
    lrText:
      'Ein in der Zentralen Datenbank der Unternehmen eingetragener gesetzlicher Vertreter findet das Unternehmen hier nach der Anmeldung mit eID oder itsme und ernennt zuerst den Hauptzugangsverwalter.',
    exceptionTitle: 'Keine eID, oder nicht im Register?',
    exceptionText: 'Der Helpdesk kann den Hauptzugangsverwalter anhand von Dokumenten ernennen.',
  },
};
