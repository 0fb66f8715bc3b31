import type { Messages } from '../en.ts';

/** Accès limité à des unités d’établissement de l’entreprise (issue 19). */
export const establishments: Pick<Messages, 'establishments'> = {
  establishments: {
    legend: 'Unités d’établissement (facultatif)',
    hint: 'Limitez cet accès aux unités d’établissement que vous cochez. Si vous n’en cochez aucune, l’accès vaut pour toutes les unités d’établissement de l’entreprise.',
    since: 'depuis le {{date}}',
    only: 'Uniquement à {{units}}',
  },
};
