import type { Messages } from '../en.ts';

/** La règle qu'une valeur enfreint, à côté de son champ (issue 16, item 10). */
export const validation: Pick<Messages, 'rules'> = {
  rules: {
    required: 'Veuillez compléter ce champ.',
    maxLength: '{{limit}} caractères au maximum.',
    minLength: '{{limit}} caractères au minimum.',
    maximum: '{{limit}} au maximum.',
    minimum: '{{limit}} au minimum.',
    maxItems: 'Choisissez-en {{limit}} au maximum.',
    minItems: 'Choisissez-en {{limit}} au minimum.',
    enum: 'Choisissez l’une des valeurs proposées.',
    format: 'Ceci n’a pas la forme attendue.',
    type: 'Une autre sorte de valeur est attendue ici.',
    unexpected: 'Ceci n’est pas attendu ici.',
    invalid: 'Cette valeur n’est pas valable.',
    summary_one: 'Veuillez corriger le champ signalé ci-dessous.',
    summary_other: 'Veuillez corriger les {{count}} champs signalés ci-dessous.',
  },
};
