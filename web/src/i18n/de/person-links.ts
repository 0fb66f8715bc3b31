import type { Messages } from '../en.ts';

/** Eine eIDAS-Person mit einer belgischen Nummer verknüpfen, beim Helpdesk (issue 19). */
export const personLinks: Pick<Messages, 'personLinks'> = {
  personLinks: {
    link: 'eIDAS-Personen mit einer belgischen Nummer verknüpfen',
    title: 'eIDAS-Personen und ihre belgische Nummer',
    lead: 'Wer sich über eIDAS angemeldet und später eine BIS- oder Nationalregisternummer erhalten hat, behält seine Rechte unter dieser Nummer. Ein Helpdesk-Mitarbeiter schlägt die Verknüpfung vor, ein anderer bestätigt sie (Vier-Augen-Prinzip); sie wird protokolliert.',
    propose: 'Eine Verknüpfung vorschlagen',
    eidasId: 'eIDAS-Kennung',
    eidasIdHint: 'LL/BE/Kennung, LL ein Land der EU oder des EWR, zum Beispiel NL/BE/123456789',
    personNumber: 'BIS- oder Nationalregisternummer',
    personNumberHint: '11 Ziffern, zum Beispiel 64.48.12-002.57',
    reason: 'Wie wurde geprüft, dass es dieselbe Person ist?',
    reasonHint: 'Zum Beispiel: Reisepass und BIS-Schreiben verglichen. Wird im Audit-Protokoll aufbewahrt.',
    send: 'Die Verknüpfung vorschlagen',
    proposed:
      'Die Verknüpfung von {{eidas}} mit {{number}} ist vorgeschlagen: Ein anderer Helpdesk-Mitarbeiter bestätigt sie.',
    linked: 'Die Verknüpfung ist erstellt: Die Rechte von {{eidas}} liegen jetzt unter {{number}}.',
    rejected: 'Der Vorschlag für {{eidas}} ist abgelehnt.',
    pending: 'Vorschläge, die auf einen zweiten Helpdesk-Mitarbeiter warten',
    none: 'Kein Vorschlag wartet auf eine Entscheidung.',
    proposedBy: 'Vorgeschlagen von {{who}} am {{date}}',
    eidasSays: 'eIDAS: {{name}}, geboren am {{date}}',
    notSeen: 'eIDAS: noch nicht über eIDAS angemeldet',
    register: 'Personenregister: {{name}}',
    notInRegister: 'nicht im Personenregister',
    checked: 'Geprüft: {{reason}}',
    confirm: 'Die Verknüpfung bestätigen',
    reject: 'Ablehnen',
    own: 'Ihr eigener Vorschlag: Ein anderer Helpdesk-Mitarbeiter entscheidet.',
    errors: {
      eidasId: 'Geben Sie eine eIDAS-Kennung LL/BE/Kennung an, LL ein Land der EU oder des EWR.',
      personNumber: 'Geben Sie eine gültige BIS- oder Nationalregisternummer an (11 Ziffern).',
      reason: 'Geben Sie an, wie es geprüft wurde (mindestens 3 Zeichen).',
    },
  },
};
