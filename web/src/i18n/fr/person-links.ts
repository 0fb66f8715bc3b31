import type { Messages } from '../en.ts';

/** Lier une personne eIDAS à un numéro belge, au service desk (issue 19). */
export const personLinks: Pick<Messages, 'personLinks'> = {
  personLinks: {
    link: 'Lier des personnes eIDAS à un numéro belge',
    title: 'Les personnes eIDAS et leur numéro belge',
    lead: "Une personne qui s'est connectée par eIDAS et a reçu ensuite un numéro BIS ou de registre national garde ses droits sous ce numéro. Un agent du service desk propose le lien, un autre le confirme (quatre yeux) ; il est journalisé.",
    propose: 'Proposer un lien',
    eidasId: 'Identifiant eIDAS',
    eidasIdHint: "PP/BE/identifiant, PP un pays de l'UE ou de l'EEE, par exemple NL/BE/123456789",
    personNumber: 'Numéro BIS ou de registre national',
    personNumberHint: '11 chiffres, par exemple 64.48.12-002.57',
    reason: "Comment a-t-on vérifié qu'il s'agit de la même personne ?",
    reasonHint: "Par exemple : passeport et lettre BIS comparés. Conservé dans le journal d'audit.",
    send: 'Proposer le lien',
    proposed: 'Le lien de {{eidas}} à {{number}} est proposé : un autre agent du service desk le confirme.',
    linked: 'Le lien est fait : les droits de {{eidas}} sont désormais détenus sous {{number}}.',
    rejected: 'La proposition pour {{eidas}} est refusée.',
    pending: 'Propositions en attente d’un second agent du service desk',
    none: 'Aucune proposition n’attend de décision.',
    proposedBy: 'Proposé par {{who}} le {{date}}',
    eidasSays: 'eIDAS : {{name}}, date de naissance : {{date}}',
    notSeen: 'eIDAS : aucune connexion par eIDAS jusqu’ici',
    register: 'Registre des personnes : {{name}}',
    notInRegister: 'absent du registre des personnes',
    checked: 'Vérifié : {{reason}}',
    confirm: 'Confirmer le lien',
    reject: 'Refuser',
    own: 'Votre propre proposition : un autre agent du service desk décide.',
    errors: {
      eidasId: "Indiquez un identifiant eIDAS PP/BE/identifiant, PP un pays de l'UE ou de l'EEE.",
      personNumber: 'Indiquez un numéro BIS ou de registre national valide (11 chiffres).',
      reason: 'Indiquez comment cela a été vérifié (au moins 3 caractères).',
    },
  },
};
