/** The legal representatives' review of register changes (issue 17). */
import type { Messages } from '../en.ts';

export const registerReviews: Pick<Messages, 'registerReviews'> = {
  registerReviews: {
    title: 'Modifications du registre : gestionnaires à contrôler',
    back: 'Retour à {{enterprise}}',
    lead: "Les registres ne mentionnent plus ces gestionnaires d'accès principaux ou co-principaux comme travailleurs ou représentants légaux. En tant que représentant légal, confirmez-les (avec un motif) ou mettez fin à leur désignation. Sans confirmation, une désignation est suspendue à la fin du délai de grâce ; vous pouvez encore la rétablir ensuite.",
    none: "Aucune désignation n'est en cours de contrôle pour cette entreprise.",
    why: 'Signalé par un import du registre le {{date}}.',
    deadline: 'Suspendue le {{date}}, sauf si un représentant légal la confirme.',
    reason: 'Motif',
    reasonHint: "Obligatoire pour confirmer ou rétablir ; il est conservé dans l'historique.",
    reasonGiven: 'Motif indiqué',
    status: {
      pending: 'En contrôle',
      confirmed: 'Confirmée',
      ended: 'Terminée',
      suspended: 'Suspendue',
      restored: 'Rétablie',
      resolved: 'De nouveau couverte par les registres',
    },
    actions: {
      confirm: 'Confirmer',
      end: 'Mettre fin à la désignation',
      restore: 'Rétablir',
    },
    done: {
      confirm: '{{name}} est confirmé(e).',
      end: 'La désignation de {{name}} a pris fin.',
      restore: 'La désignation de {{name}} est rétablie.',
    },
  },
};
