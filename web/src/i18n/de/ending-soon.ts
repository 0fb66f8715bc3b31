/** The service desk's "ending in the next 30 days" for an enterprise (issue 17, section 3). */
import type { Messages } from '../en.ts';

export const endingSoon: Pick<Messages, 'endingSoon'> = {
  endingSoon: {
    title: 'Endet in den nächsten 30 Tagen',
    link: 'Endet in den nächsten 30 Tagen',
    lead: 'Was bei einem Unternehmen innerhalb von 30 Tagen endet, und warum. Jede Abfrage wird im Verlauf des Unternehmens festgehalten.',
    enterprise: 'Unternehmensnummer',
    purpose: 'Zweck (optional)',
    purposeHint: 'Warum Sie es abfragen, für den Verlauf, etwa die Referenz eines Anrufs.',
    look: 'Abfragen',
    resultTitle: '{{name}}: endet spätestens am {{until}}',
    nothing: 'Bei diesem Unternehmen endet in den nächsten 30 Tagen nichts.',
    kind: 'Was',
    party: 'Inhaber oder Unternehmen',
    what: 'Zugang oder Rolle',
    endsAt: 'Endet am',
    reason: 'Warum',
    kinds: { grant: 'Zugang', appointment: 'Ernennung', mandate: 'Mandat' },
    reasons: {
      end_date: 'Sein Enddatum',
      unused: 'Nicht genutzt: die Frist läuft ab',
      register_grace: 'Eine Änderung in den Registern',
    },
  },
};
