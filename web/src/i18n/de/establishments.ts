import type { Messages } from '../en.ts';

/** Zugang beschränkt auf Niederlassungseinheiten des Unternehmens (issue 19). */
export const establishments: Pick<Messages, 'establishments'> = {
  establishments: {
    legend: 'Niederlassungseinheiten (optional)',
    hint: 'Beschränken Sie diesen Zugang auf die Niederlassungseinheiten, die Sie ankreuzen. Kreuzen Sie keine an, gilt der Zugang für alle Niederlassungseinheiten des Unternehmens.',
    since: 'seit {{date}}',
    only: 'Nur bei {{units}}',
  },
};
