import type { Messages } from '../en.ts';

/** Die Regel, gegen die ein Wert verstößt, neben seinem Feld (issue 16, item 10). */
export const validation: Pick<Messages, 'rules'> = {
  rules: {
    required: 'Bitte füllen Sie dieses Feld aus.',
    maxLength: 'Höchstens {{limit}} Zeichen.',
    minLength: 'Mindestens {{limit}} Zeichen.',
    maximum: 'Höchstens {{limit}}.',
    minimum: 'Mindestens {{limit}}.',
    maxItems: 'Wählen Sie höchstens {{limit}} aus.',
    minItems: 'Wählen Sie mindestens {{limit}} aus.',
    enum: 'Wählen Sie einen der angebotenen Werte.',
    format: 'Dies hat nicht die erwartete Form.',
    type: 'Hier wird eine andere Art von Wert erwartet.',
    unexpected: 'Dies wird hier nicht erwartet.',
    invalid: 'Dieser Wert ist ungültig.',
    summary_one: 'Bitte korrigieren Sie das unten markierte Feld.',
    summary_other: 'Bitte korrigieren Sie die {{count}} unten markierten Felder.',
  },
};
