/** The legal representatives' review of register changes (issue 17). */
import type { Messages } from '../en.ts';

export const registerReviews: Pick<Messages, 'registerReviews'> = {
  registerReviews: {
    title: 'Registeränderungen: zu prüfende Verwalter',
    back: 'Zurück zu {{enterprise}}',
    lead: 'Die Register führen diese Haupt- oder gemeinsamen Hauptzugangsverwalter nicht mehr als Arbeitnehmer oder gesetzliche Vertreter. Als gesetzlicher Vertreter bestätigen Sie sie (mit einer Begründung) oder beenden ihre Ernennung. Ohne Bestätigung wird eine Ernennung am Ende der Frist ausgesetzt; Sie können sie danach noch wiederherstellen.',
    none: 'Für dieses Unternehmen wird keine Ernennung geprüft.',
    why: 'Von einem Registerimport am {{date}} gemeldet.',
    deadline: 'Wird am {{date}} ausgesetzt, wenn kein gesetzlicher Vertreter sie bestätigt.',
    reason: 'Begründung',
    reasonHint: 'Erforderlich zum Bestätigen oder Wiederherstellen; sie wird im Verlauf aufbewahrt.',
    reasonGiven: 'Angegebene Begründung',
    status: {
      pending: 'In Prüfung',
      confirmed: 'Bestätigt',
      ended: 'Beendet',
      suspended: 'Ausgesetzt',
      restored: 'Wiederhergestellt',
      resolved: 'Wieder von den Registern gedeckt',
    },
    actions: {
      confirm: 'Bestätigen',
      end: 'Ernennung beenden',
      restore: 'Wiederherstellen',
    },
    done: {
      confirm: '{{name}} ist bestätigt.',
      end: 'Die Ernennung von {{name}} wurde beendet.',
      restore: 'Die Ernennung von {{name}} ist wiederhergestellt.',
    },
  },
};
