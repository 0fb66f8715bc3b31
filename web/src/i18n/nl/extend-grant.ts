/** The one-click extension page the daily digest links to (issue 17). */
import type { Messages } from '../en.ts';

export const extendGrant: Pick<Messages, 'extendGrant'> = {
  extendGrant: {
    title: 'Toegang verlengen',
    back: 'Terug naar {{enterprise}}',
    holder: 'Gebruiker',
    service: 'Onlinedienst',
    currentEnd: 'Huidige einddatum',
    limit: 'De langste termijn voor deze toegang is {{months}} maanden: vanaf vandaag, uiterlijk tot {{date}}.',
    noLimit: 'Deze toegang heeft geen maximale termijn.',
    newEnd: 'Nieuwe einddatum',
    confirm: 'Verlengen',
    done: 'De toegang van {{name}} tot {{service}} loopt nu tot {{date}}.',
    cannot:
      'U kunt deze toegang niet meer verlengen: uw eigen rol is gewijzigd, of de toegang is beëindigd of ingetrokken.',
  },
};
