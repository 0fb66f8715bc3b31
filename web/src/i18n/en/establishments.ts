/** Grants limited to establishment units of the enterprise (issue 19). */
export const establishments = {
  establishments: {
    legend: 'Establishment units (optional)',
    hint: 'Limit this access to the establishment units you tick. Tick none to give access for every establishment unit of the enterprise.',
    since: 'since {{date}}',
    only: 'Only at {{units}}',
  },
};
