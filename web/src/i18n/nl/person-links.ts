import type { Messages } from '../en.ts';

/** Een eIDAS-persoon koppelen aan een Belgisch nummer, bij de helpdesk (issue 19). */
export const personLinks: Pick<Messages, 'personLinks'> = {
  personLinks: {
    link: 'eIDAS-personen aan een Belgisch nummer koppelen',
    title: 'eIDAS-personen en hun Belgisch nummer',
    lead: 'Wie via eIDAS aanmeldde en later een BIS- of rijksregisternummer kreeg, houdt zijn rechten onder dat nummer. Een helpdeskmedewerker stelt de koppeling voor, een andere bevestigt ze (vier ogen); ze wordt gelogd.',
    propose: 'Een koppeling voorstellen',
    eidasId: 'eIDAS-identificatienummer',
    eidasIdHint: 'LL/BE/nummer, LL een land van de EU of de EER, bijvoorbeeld NL/BE/123456789',
    personNumber: 'BIS- of rijksregisternummer',
    personNumberHint: '11 cijfers, bijvoorbeeld 64.48.12-002.57',
    reason: 'Hoe werd nagegaan dat het dezelfde persoon is?',
    reasonHint: 'Bijvoorbeeld: paspoort en BIS-brief vergeleken. Wordt bewaard in het auditlog.',
    send: 'De koppeling voorstellen',
    proposed: 'De koppeling van {{eidas}} aan {{number}} is voorgesteld: een andere helpdeskmedewerker bevestigt ze.',
    linked: 'De koppeling is gemaakt: de rechten van {{eidas}} staan nu onder {{number}}.',
    rejected: 'Het voorstel voor {{eidas}} is geweigerd.',
    pending: 'Voorstellen die wachten op een tweede helpdeskmedewerker',
    none: 'Er wacht geen voorstel op een beslissing.',
    proposedBy: 'Voorgesteld door {{who}} op {{date}}',
    eidasSays: 'eIDAS: {{name}}, geboren op {{date}}',
    notSeen: 'eIDAS: nog niet aangemeld via eIDAS',
    register: 'Personenregister: {{name}}',
    notInRegister: 'niet in het personenregister',
    checked: 'Nagegaan: {{reason}}',
    confirm: 'De koppeling bevestigen',
    reject: 'Weigeren',
    own: 'Uw eigen voorstel: een andere helpdeskmedewerker beslist.',
    errors: {
      eidasId: 'Geef een eIDAS-identificatienummer LL/BE/nummer, LL een land van de EU of de EER.',
      personNumber: 'Geef een geldig BIS- of rijksregisternummer (11 cijfers).',
      reason: 'Zeg hoe het werd nagegaan (minstens 3 tekens).',
    },
  },
};
