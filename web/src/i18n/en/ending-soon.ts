/** The service desk's "ending in the next 30 days" for an enterprise (issue 17, section 3). */
export const endingSoon = {
  endingSoon: {
    title: 'Ending in the next 30 days',
    link: 'Ending in the next 30 days',
    lead: 'What ends at an enterprise within 30 days, and why. Each look-up is recorded in the enterprise’s history.',
    enterprise: 'Enterprise number',
    purpose: 'Purpose (optional)',
    purposeHint: 'Why you look it up, for the history, e.g. the reference of a call.',
    look: 'Look up',
    resultTitle: '{{name}}: ending by {{until}}',
    nothing: 'Nothing ends at this enterprise in the next 30 days.',
    kind: 'What',
    party: 'Holder or enterprise',
    what: 'Access or role',
    endsAt: 'Ends on',
    reason: 'Why',
    kinds: { grant: 'Access', appointment: 'Appointment', mandate: 'Mandate' },
    reasons: {
      end_date: 'Its end date',
      unused: 'Not used: the notice runs out',
      register_grace: 'A change in the registers',
    },
  },
};
