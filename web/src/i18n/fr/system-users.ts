/** System users (issue 18, section 2): an enterprise's system users and a vendor's systems. */
import type { Messages } from '../en.ts';

export const systemUsers: Pick<Messages, 'systemUsers' | 'systems'> = {
  systemUsers: {
    title: 'Utilisateurs système',
    link: 'Utilisateurs système',
    back: 'Retour à {{enterprise}}',
    intro:
      'Un utilisateur système est un logiciel, par exemple de paie ou de comptabilité, qui agit pour cette entreprise. Il reçoit un accès aux services en ligne comme un utilisateur.',
    none: "Cette entreprise n'a pas d'utilisateur système.",
    vendor: 'fournisseur {{vendor}}',
    grantsTitle: 'Accès',
    noGrants: "Pas encore d'accès à un service en ligne.",
    revoke: 'Révoquer',
    confirmRevoke:
      "Révoquer l'accès de {{system}} à {{service}} ? Il ne pourra plus l'utiliser à partir de maintenant.",
    revoked: "L'accès de {{system}} à {{service}} est révoqué.",
    end: 'Mettre fin à cet utilisateur système',
    confirmEnd: "{{system}} n'agira plus pour cette entreprise et tous ses accès seront révoqués. Y mettre fin ?",
    ended: "{{system}} n'agit plus pour cette entreprise.",
    grantTitle: 'Donner un accès',
    service: 'Service en ligne',
    chooseService: 'Choisissez un service en ligne',
    role: 'Rôle (facultatif)',
    allRoles: 'Tous les rôles',
    validUntil: 'Date de fin (facultatif)',
    validUntilHint: "Le dernier jour de l'accès. Certains services en ligne n'autorisent qu'une durée limitée.",
    grant: 'Donner accès',
    granted: '{{system}} a maintenant accès à {{service}} ({{until}}).',
    addTitle: 'Ajouter un utilisateur système',
    query: 'Nom du logiciel ou identifiant client',
    queryHint: 'Une partie du nom, ou un identifiant client exact du fournisseur.',
    notFound: 'Aucun système enregistré ne correspond.',
    add: 'Ajouter comme utilisateur système',
    confirmAdd:
      '{{system}} du fournisseur {{vendor}} pourra agir pour cette entreprise, pour les services en ligne que vous lui donnerez. Ajouter ?',
    created: '{{system}} est maintenant un utilisateur système de cette entreprise. Donnez-lui un accès ci-dessous.',
  },
  systems: {
    title: 'Nos systèmes',
    link: 'Nos systèmes (fournisseur de logiciels)',
    intro:
      'Un fournisseur de logiciels enregistre ici son logiciel une fois. Les entreprises le trouvent ensuite et le laissent agir pour elles, pour les services en ligne indiqués.',
    none: "Cette entreprise n'a enregistré aucun système.",
    registerTitle: 'Enregistrer un système',
    name: 'Nom du logiciel',
    clientIds: 'Identifiants client',
    clientIdsHint: 'Les identifiants client OAuth de ses installations, un par ligne.',
    services: 'Services en ligne',
    servicesHint: 'Les services en ligne auxquels il peut recevoir un accès. Maintenez Ctrl pour en choisir plusieurs.',
    register: 'Enregistrer',
    registered: '{{name}} est enregistré.',
  },
};
