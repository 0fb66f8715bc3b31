/** The one-click extension page the daily digest links to (issue 17). */
import type { Messages } from '../en.ts';

export const extendGrant: Pick<Messages, 'extendGrant'> = {
  extendGrant: {
    title: "Prolonger l'accès",
    back: 'Retour à {{enterprise}}',
    holder: 'Utilisateur',
    service: 'Service en ligne',
    currentEnd: 'Date de fin actuelle',
    limit:
      "La durée maximale de cet accès est de {{months}} mois : à partir d'aujourd'hui, jusqu'au {{date}} au plus tard.",
    noLimit: "Cet accès n'a pas de durée maximale.",
    newEnd: 'Nouvelle date de fin',
    confirm: 'Prolonger',
    done: "L'accès de {{name}} à {{service}} court désormais jusqu'au {{date}}.",
    cannot:
      "Vous ne pouvez plus prolonger cet accès : votre propre rôle a changé, ou l'accès a pris fin ou a été retiré.",
  },
};
