/**
 * Every mail template in every language, rendered and read (issue 21, item 8): the exact subject
 * in that language, the footer of that language, the enterprise (name and number), the link
 * where the mail carries one, the other party of a mandate; then through the outbox worker, to
 * the recipient the payload names, in the payload's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import type { MailMessage } from '../../ports.ts';
import { enqueue } from '../outbox/outbox.ts';
import { catalogueNames, deliverPendingMails } from '../outbox/worker.ts';
import type { MailLang, Names } from './mail-types.ts';
import { renderMail, templates } from './templates.ts';

const langs: MailLang[] = ['nl', 'fr', 'de', 'en'];
const names: Names = { service: (c, l) => `${c}[${l}]`, domain: (c, l) => `${c}[${l}]` };
const params = {
  enterprise: '0566988259',
  enterpriseName: 'Brouwerij De Drie Sleutels',
  mandator: '0566988259',
  mandatorName: 'Brouwerij De Drie Sleutels',
  mandatary: '0765432146',
  mandataryName: 'Boekhoudkantoor Cijfers & Co',
  role: 'domain',
  domain: 'finance',
  service: 'finance.biztax',
  domains: ['finance'],
  services: ['mobility.vehicle-registration'],
  validFrom: '2026-11-28T09:00:00.000Z',
  validUntil: '2027-12-31T21:59:59.999Z',
  expiresAt: '2026-12-12T09:00:00.000Z',
  link: 'https://btb.example/link/abc123',
  reference: 'EXC-ABCD-EFGH',
  code: 'K7M2P9QX4T',
  targetDate: '2026-12-11',
  question: 'Q?',
  reason: 'Because.',
  person: 'Sofie Janssens',
  holderName: 'Julia Schmitz',
  days: 14,
  side: 'mandator',
  actingSide: 'mandatary',
  count: 58,
  clients: 29,
  requesterName: 'Julia Schmitz',
  vendor: '0765432146',
  vendorName: 'Boekhoudkantoor Cijfers & Co',
  systemName: 'PayrollPro',
  message: 'I file the tax returns.',
  name: 'Julia Schmitz',
  graceUntil: '2026-12-28T09:00:00.000Z',
  status: 'ST',
  appointments: 3,
  grants: 5,
  mandates: 1,
  invitee: 'anna.peeters@example.be',
  sentAt: '2026-11-18T09:00:00.000Z',
  proposedAt: '2026-11-01T09:00:00.000Z',
  items: [
    {
      kind: 'ending',
      enterprise: '0566988259',
      enterpriseName: 'Brouwerij De Drie Sleutels',
      service: 'finance.biztax',
      holderName: 'Julia Schmitz',
      validUntil: '2027-12-31T21:59:59.999Z',
      link: 'https://btb.example/link/abc123',
      extend: 'https://btb.example/link/abc123?extend=1',
    },
    {
      kind: 'unused',
      enterprise: '0566988259',
      enterpriseName: 'Brouwerij De Drie Sleutels',
      service: 'finance.biztax',
      holderName: 'Sofie Janssens',
      lastUsedAt: null,
      endsOn: '2027-01-01T09:00:00.000Z',
      link: 'https://btb.example/link/abc123',
      extend: null,
    },
  ],
};

/** The last line of every mail, in its language. */
const footer: Record<MailLang, string> = {
  nl: 'Beheer der Toegangsbeheerders. Dit bericht is automatisch verzonden.',
  fr: 'Gestion des Gestionnaires d’Accès. Ce message a été envoyé automatiquement.',
  de: 'Verwaltung der Zugangsverwalter. Diese Nachricht wurde automatisch versendet.',
  en: 'Management of Access Managers. This message was sent automatically.',
};

/**
 * Per template: the subject in each language, and what the text must name. Without the
 * enterprise: exception_code (a new code for a request the mail names by reference) and
 * granted_many (one mail for many clients). Without a link: the mails that need no action.
 */
const expected: Record<
  string,
  { enterprise: boolean; link: boolean; otherParty: boolean; subject: Record<MailLang, string> }
> = {
  mandate_proposed: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaatvoorstel: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      fr: 'Proposition de mandat : Boekhoudkantoor Cijfers & Co (0765.432.146)',
      de: 'Mandatsvorschlag: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      en: 'Mandate proposed: Boekhoudkantoor Cijfers & Co (0765.432.146)',
    },
  },
  mandate_accepted: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaat aanvaard: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      fr: 'Mandat accepté : Boekhoudkantoor Cijfers & Co (0765.432.146)',
      de: 'Mandat angenommen: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      en: 'Mandate accepted: Boekhoudkantoor Cijfers & Co (0765.432.146)',
    },
  },
  mandate_rejected: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaat geweigerd: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      fr: 'Mandat refusé : Boekhoudkantoor Cijfers & Co (0765.432.146)',
      de: 'Mandat abgelehnt: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      en: 'Mandate refused: Boekhoudkantoor Cijfers & Co (0765.432.146)',
    },
  },
  mandate_ended: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaat beëindigd: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      fr: 'Mandat terminé : Boekhoudkantoor Cijfers & Co (0765.432.146)',
      de: 'Mandat beendet: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      en: 'Mandate ended: Boekhoudkantoor Cijfers & Co (0765.432.146)',
    },
  },
  mandate_lapsed: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaatvoorstel vervallen: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      fr: 'Proposition de mandat caduque : Boekhoudkantoor Cijfers & Co (0765.432.146)',
      de: 'Mandatsvorschlag hinfällig: Boekhoudkantoor Cijfers & Co (0765.432.146)',
      en: 'Mandate proposal lapsed: Boekhoudkantoor Cijfers & Co (0765.432.146)',
    },
  },
  client_manager_appointed: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'U bent klantbeheerder voor Brouwerij De Drie Sleutels (0566.988.259)',
      fr: 'Vous êtes gestionnaire client pour Brouwerij De Drie Sleutels (0566.988.259)',
      de: 'Sie sind Kundenverwalter für Brouwerij De Drie Sleutels (0566.988.259)',
      en: 'You are a client manager for Brouwerij De Drie Sleutels (0566.988.259)',
    },
  },
  granted_under_mandate: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'U hebt toegang tot finance.biztax[nl] voor Brouwerij De Drie Sleutels',
      fr: 'Vous avez accès à finance.biztax[fr] pour Brouwerij De Drie Sleutels',
      de: 'Sie haben Zugang zu finance.biztax[de] für Brouwerij De Drie Sleutels',
      en: 'You have access to finance.biztax[en] for Brouwerij De Drie Sleutels',
    },
  },
  granted_many: {
    enterprise: false,
    link: false,
    otherParty: false,
    subject: {
      nl: 'U hebt toegang gekregen voor 29 klanten',
      fr: 'Vous avez reçu des accès pour 29 clients',
      de: 'Sie haben Zugang für 29 Kunden erhalten',
      en: 'You have been given access for 29 clients',
    },
  },
  exception_submitted: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw aanvraag EXC-ABCD-EFGH is ontvangen',
      fr: 'Votre demande EXC-ABCD-EFGH a été reçue',
      de: 'Ihr Antrag EXC-ABCD-EFGH ist eingegangen',
      en: 'Your request EXC-ABCD-EFGH has been received',
    },
  },
  exception_code: {
    enterprise: false,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw code voor aanvraag EXC-ABCD-EFGH',
      fr: 'Votre code pour la demande EXC-ABCD-EFGH',
      de: 'Ihr Code für den Antrag EXC-ABCD-EFGH',
      en: 'Your code for request EXC-ABCD-EFGH',
    },
  },
  exception_info: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Aanvraag EXC-ABCD-EFGH: wij hebben meer informatie nodig',
      fr: "Demande EXC-ABCD-EFGH : nous avons besoin d'informations",
      de: 'Antrag EXC-ABCD-EFGH: Wir benötigen weitere Informationen',
      en: 'Request EXC-ABCD-EFGH: we need more information',
    },
  },
  exception_answered: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Aanvraag EXC-ABCD-EFGH: uw antwoord is ontvangen',
      fr: 'Demande EXC-ABCD-EFGH : votre réponse a été reçue',
      de: 'Antrag EXC-ABCD-EFGH: Ihre Antwort ist eingegangen',
      en: 'Request EXC-ABCD-EFGH: your answer has been received',
    },
  },
  exception_pending: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Aanvraag EXC-ABCD-EFGH: laatste controle',
      fr: 'Demande EXC-ABCD-EFGH : dernier contrôle',
      de: 'Antrag EXC-ABCD-EFGH: letzte Prüfung',
      en: 'Request EXC-ABCD-EFGH: final check',
    },
  },
  exception_approved: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Aanvraag EXC-ABCD-EFGH goedgekeurd',
      fr: 'Demande EXC-ABCD-EFGH approuvée',
      de: 'Antrag EXC-ABCD-EFGH genehmigt',
      en: 'Request EXC-ABCD-EFGH approved',
    },
  },
  exception_rejected: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Aanvraag EXC-ABCD-EFGH geweigerd',
      fr: 'Demande EXC-ABCD-EFGH refusée',
      de: 'Antrag EXC-ABCD-EFGH abgelehnt',
      en: 'Request EXC-ABCD-EFGH rejected',
    },
  },
  appointed: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'U bent aangesteld als toegangsbeheerder (finance[nl])',
      fr: "Vous êtes désormais gestionnaire d'accès (finance[fr])",
      de: 'Sie wurden zum Zugangsverwalter (finance[de]) ernannt',
      en: 'You have been appointed access manager (finance[en])',
    },
  },
  appointment_ended: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Uw aanstelling als toegangsbeheerder (finance[nl]) is beëindigd',
      fr: "Votre désignation comme gestionnaire d'accès (finance[fr]) a pris fin",
      de: 'Ihre Ernennung zum Zugangsverwalter (finance[de]) wurde beendet',
      en: 'Your appointment as access manager (finance[en]) has ended',
    },
  },
  granted: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'U hebt toegang tot finance.biztax[nl]',
      fr: 'Vous avez accès à finance.biztax[fr]',
      de: 'Sie haben Zugang zu finance.biztax[de]',
      en: 'You have access to finance.biztax[en]',
    },
  },
  revoked: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Uw toegang tot finance.biztax[nl] is ingetrokken',
      fr: 'Votre accès à finance.biztax[fr] a été révoqué',
      de: 'Ihr Zugang zu finance.biztax[de] wurde entzogen',
      en: 'Your access to finance.biztax[en] was revoked',
    },
  },
  invitation: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uitnodiging: toegang tot finance.biztax[nl]',
      fr: 'Invitation : accès à finance.biztax[fr]',
      de: 'Einladung: Zugang zu finance.biztax[de]',
      en: 'Invitation: access to finance.biztax[en]',
    },
  },
  reminder_manager: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Herinnering: toegang van Julia Schmitz tot finance.biztax[nl] eindigt op 2027-12-31',
      fr: "Rappel : l'accès de Julia Schmitz à finance.biztax[fr] prend fin le 2027-12-31",
      de: 'Erinnerung: Der Zugang von Julia Schmitz zu finance.biztax[de] endet am 2027-12-31',
      en: "Reminder: Julia Schmitz's access to finance.biztax[en] ends on 2027-12-31",
    },
  },
  register_enterprise_stopped: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Onderneming stopgezet in de KBO: alle toegangen voor Brouwerij De Drie Sleutels (0566.988.259) zijn beëindigd',
      fr: 'Entreprise arrêtée à la BCE : tous les accès pour Brouwerij De Drie Sleutels (0566.988.259) ont pris fin',
      de: 'Unternehmen in der ZDU eingestellt: alle Zugänge für Brouwerij De Drie Sleutels (0566.988.259) wurden beendet',
      en: 'Enterprise stopped in the CBE: every access for Brouwerij De Drie Sleutels (0566.988.259) has ended',
    },
  },
  register_appointment_ineligible: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Actie nodig: Julia Schmitz is geen werknemer of wettelijke vertegenwoordiger meer van Brouwerij De Drie Sleutels (0566.988.259)',
      fr: "Action requise : Julia Schmitz n'est plus travailleur ni représentant légal de Brouwerij De Drie Sleutels (0566.988.259)",
      de: 'Handlungsbedarf: Julia Schmitz ist weder Arbeitnehmer noch gesetzlicher Vertreter von Brouwerij De Drie Sleutels (0566.988.259)',
      en: 'Action needed: Julia Schmitz is no longer an employee or legal representative of Brouwerij De Drie Sleutels (0566.988.259)',
    },
  },
  register_appointment_suspended: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Aanstelling opgeschort: Julia Schmitz, toegangsbeheerder van Brouwerij De Drie Sleutels (0566.988.259)',
      fr: "Désignation suspendue : Julia Schmitz, gestionnaire d'accès de Brouwerij De Drie Sleutels (0566.988.259)",
      de: 'Ernennung ausgesetzt: Julia Schmitz, Zugangsverwalter von Brouwerij De Drie Sleutels (0566.988.259)',
      en: 'Appointment suspended: Julia Schmitz, access manager of Brouwerij De Drie Sleutels (0566.988.259)',
    },
  },
  access_request_received: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Toegangsaanvraag van Julia Schmitz: finance.biztax[nl] (domain)',
      fr: "Demande d'accès de Julia Schmitz : finance.biztax[fr] (domain)",
      de: 'Zugangsantrag von Julia Schmitz: finance.biztax[de] (domain)',
      en: 'Access request from Julia Schmitz: finance.biztax[en] (domain)',
    },
  },
  system_user_request_received: {
    enterprise: true,
    link: true,
    otherParty: true,
    subject: {
      nl: 'Aanvraag van Boekhoudkantoor Cijfers & Co: PayrollPro laten optreden',
      fr: 'Demande de Boekhoudkantoor Cijfers & Co : laisser agir PayrollPro',
      de: 'Antrag von Boekhoudkantoor Cijfers & Co: PayrollPro handeln lassen',
      en: 'Request from Boekhoudkantoor Cijfers & Co: let PayrollPro act for you',
    },
  },
  system_user_request_refused: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw aanvraag voor PayrollPro werd geweigerd',
      fr: 'Votre demande pour PayrollPro a été refusée',
      de: 'Ihr Antrag für PayrollPro wurde abgelehnt',
      en: 'Your request for PayrollPro was refused',
    },
  },
  system_user_request_expired: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw aanvraag voor PayrollPro is verlopen',
      fr: 'Votre demande pour PayrollPro a expiré',
      de: 'Ihr Antrag für PayrollPro ist abgelaufen',
      en: 'Your request for PayrollPro expired',
    },
  },
  access_request_refused: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw toegangsaanvraag werd geweigerd: finance.biztax[nl] (domain)',
      fr: "Votre demande d'accès a été refusée : finance.biztax[fr] (domain)",
      de: 'Ihr Zugangsantrag wurde abgelehnt: finance.biztax[de] (domain)',
      en: 'Your access request was refused: finance.biztax[en] (domain)',
    },
  },
  access_request_expired: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw toegangsaanvraag is verlopen: finance.biztax[nl] (domain)',
      fr: "Votre demande d'accès a expiré : finance.biztax[fr] (domain)",
      de: 'Ihr Zugangsantrag ist abgelaufen: finance.biztax[de] (domain)',
      en: 'Your access request expired: finance.biztax[en] (domain)',
    },
  },
  reminder_digest: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Toegangen die uw aandacht vragen (2)',
      fr: 'Accès qui demandent votre attention (2)',
      de: 'Zugänge, die Ihre Aufmerksamkeit erfordern (2)',
      en: 'Access that needs your attention (2)',
    },
  },
  grant_unused: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Uw toegang tot finance.biztax[nl] wordt niet gebruikt',
      fr: "Votre accès à finance.biztax[fr] n'est pas utilisé",
      de: 'Ihr Zugang zu finance.biztax[de] wird nicht genutzt',
      en: 'Your access to finance.biztax[en] is not being used',
    },
  },
  grant_ended_unused: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Uw toegang tot finance.biztax[nl] is beëindigd',
      fr: 'Votre accès à finance.biztax[fr] a pris fin',
      de: 'Ihr Zugang zu finance.biztax[de] wurde beendet',
      en: 'Your access to finance.biztax[en] has ended',
    },
  },
  invitation_expired: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uitnodiging verlopen: anna.peeters@example.be',
      fr: 'Invitation expirée : anna.peeters@example.be',
      de: 'Einladung abgelaufen: anna.peeters@example.be',
      en: 'Invitation expired: anna.peeters@example.be',
    },
  },
  appointment_report_decided: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Uw melding over de toegangsbeheerder van Brouwerij De Drie Sleutels (0566.988.259) is behandeld',
      fr: "Votre signalement concernant le gestionnaire d'accès de Brouwerij De Drie Sleutels (0566.988.259) a été traité",
      de: 'Ihre Meldung zum Zugangsverwalter von Brouwerij De Drie Sleutels (0566.988.259) wurde bearbeitet',
      en: 'Your report on the access manager of Brouwerij De Drie Sleutels (0566.988.259) has been handled',
    },
  },
  management_changed: {
    enterprise: true,
    link: true,
    otherParty: false,
    subject: {
      nl: 'Wijziging van de toegangsbeheerder van Brouwerij De Drie Sleutels (0566.988.259)',
      fr: "Changement de gestionnaire d'accès de Brouwerij De Drie Sleutels (0566.988.259)",
      de: 'Änderung beim Zugangsverwalter von Brouwerij De Drie Sleutels (0566.988.259)',
      en: 'Change of access manager of Brouwerij De Drie Sleutels (0566.988.259)',
    },
  },
  mandate_proposal_expired: {
    enterprise: true,
    link: false,
    otherParty: true,
    subject: {
      nl: 'Mandaatvoorstel verlopen: Brouwerij De Drie Sleutels – Boekhoudkantoor Cijfers & Co',
      fr: 'Proposition de mandat expirée : Brouwerij De Drie Sleutels – Boekhoudkantoor Cijfers & Co',
      de: 'Mandatsvorschlag abgelaufen: Brouwerij De Drie Sleutels – Boekhoudkantoor Cijfers & Co',
      en: 'Mandate proposal expired: Brouwerij De Drie Sleutels – Boekhoudkantoor Cijfers & Co',
    },
  },
  reminder: {
    enterprise: true,
    link: false,
    otherParty: false,
    subject: {
      nl: 'Herinnering: uw toegang tot finance.biztax[nl] eindigt op 2027-12-31',
      fr: 'Rappel : votre accès à finance.biztax[fr] prend fin le 2027-12-31',
      de: 'Erinnerung: Ihr Zugang zu finance.biztax[de] endet am 2027-12-31',
      en: 'Reminder: your access to finance.biztax[en] ends on 2027-12-31',
    },
  },
};

const cases = Object.keys(templates).flatMap((template) => langs.map((lang) => [template, lang] as const));

describe('rendered mails: every template in every language (issue 21, item 8)', () => {
  it('the table covers every template there is', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(templates).sort());
  });

  it.each(cases)('%s in %s: subject, language, enterprise, link', (template, lang) => {
    const want = expected[template]!;
    const m = renderMail(template, lang, params, names);
    expect(m.subject).toBe(want.subject[lang]);
    expect(m.text.trimEnd().endsWith(footer[lang])).toBe(true);
    for (const other of langs.filter((l) => l !== lang)) expect(m.text).not.toContain(footer[other]);
    expect(`${m.subject} ${m.text}`).not.toMatch(/undefined|NaN|\[object/);
    // names of services and domains are asked for in the mail's language, never another
    for (const other of langs.filter((l) => l !== lang)) expect(`${m.subject} ${m.text}`).not.toContain(`[${other}]`);
    if (want.enterprise) expect(m.text).toContain('Brouwerij De Drie Sleutels (0566.988.259)');
    if (want.link) expect(m.text).toContain('https://btb.example/link/abc123');
    else expect(m.text).not.toContain('https://');
    if (want.otherParty) expect(m.text).toContain('Boekhoudkantoor Cijfers & Co');
  });
});

describe.each(engines)(
  "mails through the outbox reach the payload's recipient in its language, on %s (issue 21, item 8)",
  (engine) => {
    let deps: TestDeps;
    const sent: MailMessage[] = [];
    beforeAll(async () => {
      deps = await makeTestDeps(engine);
      const at = deps.clock.now().toISOString();
      await deps.db.db.transaction().execute(async (tx) => {
        for (const [template, lang] of cases) {
          await enqueue(tx, {
            id: `mail:${template}:${lang}`,
            at,
            enterprise: params.enterprise,
            payload: { kind: 'mail', to: `${template}.${lang}@example.be`, language: lang, template, params },
          });
        }
      });
      const mailer = { send: async (m: MailMessage) => void sent.push(m) };
      expect(await deliverPendingMails(deps, mailer, { batch: cases.length })).toEqual({
        sent: cases.length,
        failed: 0,
      });
    });
    afterAll(async () => {
      await deps.cleanup();
    });

    it.each(cases)('%s in %s', (template, lang) => {
      const got = sent.filter((m) => m.id === `mail:${template}:${lang}`);
      expect(got).toHaveLength(1);
      const m = got[0]!;
      expect(m.to).toBe(`${template}.${lang}@example.be`);
      const want = renderMail(template, lang, params, catalogueNames(deps));
      expect(m.subject).toBe(want.subject);
      expect(m.text).toBe(want.text);
      expect(m.text.trimEnd().endsWith(footer[lang])).toBe(true);
    });
  },
);
