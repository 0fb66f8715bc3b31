/** The legal representatives' review of register changes (issue 17). */
import type { Messages } from '../en.ts';

export const registerReviews: Pick<Messages, 'registerReviews'> = {
  registerReviews: {
    title: 'Registerwijzigingen: te controleren beheerders',
    back: 'Terug naar {{enterprise}}',
    lead: 'De registers vermelden deze hoofd- of co-hoofdtoegangsbeheerders niet meer als werknemer of wettelijke vertegenwoordiger. Als wettelijke vertegenwoordiger bevestigt u hen (met een reden) of beëindigt u hun aanstelling. Zonder bevestiging wordt een aanstelling aan het einde van de termijn opgeschort; u kunt ze daarna nog herstellen.',
    none: 'Voor deze onderneming wordt geen aanstelling gecontroleerd.',
    why: 'Gemeld door een registerimport op {{date}}.',
    deadline: 'Opgeschort op {{date}}, tenzij een wettelijke vertegenwoordiger ze bevestigt.',
    reason: 'Reden',
    reasonHint: 'Verplicht om te bevestigen of te herstellen; ze wordt in de geschiedenis bewaard.',
    reasonGiven: 'Opgegeven reden',
    status: {
      pending: 'In controle',
      confirmed: 'Bevestigd',
      ended: 'Beëindigd',
      suspended: 'Opgeschort',
      restored: 'Hersteld',
      resolved: 'Opnieuw gesteund door de registers',
    },
    actions: {
      confirm: 'Bevestigen',
      end: 'Aanstelling beëindigen',
      restore: 'Herstellen',
    },
    done: {
      confirm: '{{name}} is bevestigd.',
      end: 'De aanstelling van {{name}} is beëindigd.',
      restore: 'De aanstelling van {{name}} is hersteld.',
    },
  },
};
