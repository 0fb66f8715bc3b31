/** The one-click extension page the daily digest links to (issue 17). */
import type { Messages } from '../en.ts';

export const extendGrant: Pick<Messages, 'extendGrant'> = {
  extendGrant: {
    title: 'Zugang verlängern',
    back: 'Zurück zu {{enterprise}}',
    holder: 'Benutzer',
    service: 'Online-Dienst',
    currentEnd: 'Aktuelles Enddatum',
    limit: 'Die längste Laufzeit für diesen Zugang beträgt {{months}} Monate: ab heute, spätestens bis zum {{date}}.',
    noLimit: 'Dieser Zugang hat keine maximale Laufzeit.',
    newEnd: 'Neues Enddatum',
    confirm: 'Verlängern',
    done: 'Der Zugang von {{name}} zu {{service}} gilt jetzt bis zum {{date}}.',
    cannot:
      'Sie können diesen Zugang nicht mehr verlängern: Ihre eigene Rolle hat sich geändert, oder der Zugang ist beendet oder wurde entzogen.',
  },
};
