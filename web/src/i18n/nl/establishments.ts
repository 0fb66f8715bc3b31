import type { Messages } from '../en.ts';

/** Toegang beperkt tot vestigingseenheden van de onderneming (issue 19). */
export const establishments: Pick<Messages, 'establishments'> = {
  establishments: {
    legend: 'Vestigingseenheden (optioneel)',
    hint: 'Beperk deze toegang tot de vestigingseenheden die u aanvinkt. Vinkt u er geen aan, dan geldt de toegang voor alle vestigingseenheden van de onderneming.',
    since: 'sinds {{date}}',
    only: 'Alleen in {{units}}',
  },
};
