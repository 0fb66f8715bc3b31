import type { Messages } from '../en.ts';

/** De regel die een waarde overtreedt, naast het veld (issue 16, item 10). */
export const validation: Pick<Messages, 'rules'> = {
  rules: {
    required: 'Vul dit in.',
    maxLength: 'Hoogstens {{limit}} tekens.',
    minLength: 'Minstens {{limit}} tekens.',
    maximum: 'Hoogstens {{limit}}.',
    minimum: 'Minstens {{limit}}.',
    maxItems: 'Kies er hoogstens {{limit}}.',
    minItems: 'Kies er minstens {{limit}}.',
    enum: 'Kies een van de aangeboden waarden.',
    format: 'Dit heeft niet de verwachte vorm.',
    type: 'Hier wordt een ander soort waarde verwacht.',
    unexpected: 'Dit wordt hier niet verwacht.',
    invalid: 'Deze waarde is niet geldig.',
    summary_one: 'Verbeter het veld dat hieronder is aangeduid.',
    summary_other: 'Verbeter de {{count}} velden die hieronder zijn aangeduid.',
  },
};
