/** The service desk's "ending in the next 30 days" for an enterprise (issue 17, section 3). */
import type { Messages } from '../en.ts';

export const endingSoon: Pick<Messages, 'endingSoon'> = {
  endingSoon: {
    title: 'Eindigt binnen 30 dagen',
    link: 'Eindigt binnen 30 dagen',
    lead: 'Wat bij een onderneming binnen 30 dagen eindigt, en waarom. Elke opzoeking wordt in de geschiedenis van de onderneming bewaard.',
    enterprise: 'Ondernemingsnummer',
    purpose: 'Doel (optioneel)',
    purposeHint: 'Waarom u het opzoekt, voor de geschiedenis, bijvoorbeeld de referentie van een oproep.',
    look: 'Opzoeken',
    resultTitle: '{{name}}: eindigt uiterlijk {{until}}',
    nothing: 'Bij deze onderneming eindigt niets binnen 30 dagen.',
    kind: 'Wat',
    party: 'Houder of onderneming',
    what: 'Toegang of rol',
    endsAt: 'Eindigt op',
    reason: 'Waarom',
    kinds: { grant: 'Toegang', appointment: 'Aanstelling', mandate: 'Mandaat' },
    reasons: {
      end_date: 'De einddatum',
      unused: 'Niet gebruikt: de opzegtermijn loopt af',
      register_grace: 'Een wijziging in de registers',
    },
  },
};
