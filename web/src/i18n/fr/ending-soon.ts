/** The service desk's "ending in the next 30 days" for an enterprise (issue 17, section 3). */
import type { Messages } from '../en.ts';

export const endingSoon: Pick<Messages, 'endingSoon'> = {
  endingSoon: {
    title: 'Prend fin dans les 30 jours',
    link: 'Prend fin dans les 30 jours',
    lead: "Ce qui prend fin dans une entreprise dans les 30 jours, et pourquoi. Chaque consultation est enregistrée dans l'historique de l'entreprise.",
    enterprise: "Numéro d'entreprise",
    purpose: 'Motif (facultatif)',
    purposeHint: "Pourquoi vous consultez, pour l'historique, par exemple la référence d'un appel.",
    look: 'Consulter',
    resultTitle: '{{name}} : prend fin au plus tard le {{until}}',
    nothing: 'Rien ne prend fin dans cette entreprise dans les 30 jours.',
    kind: 'Quoi',
    party: 'Titulaire ou entreprise',
    what: 'Accès ou rôle',
    endsAt: 'Prend fin le',
    reason: 'Pourquoi',
    kinds: { grant: 'Accès', appointment: 'Désignation', mandate: 'Mandat' },
    reasons: {
      end_date: 'Sa date de fin',
      unused: "Non utilisé : le délai de préavis s'écoule",
      register_grace: 'Un changement dans les registres',
    },
  },
};
