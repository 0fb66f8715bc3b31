/** The landing page, the enterprise finder and the page for a person with no role yet. */
import type { Messages } from '../en.ts';

export const start: Pick<Messages, 'landing' | 'enterprises' | 'noRole'> = {
  landing: {
    title: 'Qui peut agir en ligne pour votre entreprise ?',
    lead: 'Les services en ligne de l’administration doivent savoir qui peut agir au nom d’une entreprise. Ici, c’est votre entreprise qui décide : ses représentants légaux désignent un gestionnaire d’accès principal, qui organise tous les autres.',
    ctaLogin: 'Se connecter pour gérer les accès',
    ctaGuide: 'Lire le guide pas à pas',
    whatTitle: 'Qu’est-ce que la Gestion des Gestionnaires d’Accès ?',
    whatBody:
      'Déclarations fiscales, déclarations à la sécurité sociale, permis : de nombreux services en ligne de l’administration sont utilisés par des employés, des comptables ou d’autres personnes au nom d’une entreprise. La Gestion des Gestionnaires d’Accès est l’endroit où une entreprise indique qui peut le faire. Tout part des personnes que la Banque-Carrefour des Entreprises mentionne comme représentants de l’entreprise, et chaque droit peut être retracé jusqu’à elles.',
    whoTitle: 'Qui fait quoi',
    who: {
      lr: 'Est inscrit à la Banque-Carrefour des Entreprises comme représentant de l’entreprise (administrateur, gérant, indépendant…). Désigne ou remplace le gestionnaire d’accès principal, après s’être connecté avec l’eID ou itsme.',
      main: 'Un par entreprise ; un employé ou un représentant légal. Désigne les co-gestionnaires d’accès principaux et les gestionnaires d’accès par domaine, et peut gérer les utilisateurs de tous les domaines.',
      coMain:
        'Aide le gestionnaire d’accès principal et dispose des mêmes pouvoirs, sauf désigner ou retirer d’autres co-gestionnaires d’accès principaux.',
      domain:
        'Gère un domaine (par exemple Finances ou Mobilité) : donne aux utilisateurs l’accès à ses services en ligne, prolonge et met fin à cet accès.',
      user: 'Utilise les services en ligne qui lui ont été attribués, pour l’entreprise, jusqu’à la date de fin éventuelle.',
      desk: 'Personnel de l’organisme gestionnaire. Traite la procédure d’exception et aide quand personne ne peut se connecter.',
    },
    proceduresTitle: 'Deux façons de désigner le gestionnaire d’accès principal',
    standardTitle: 'Procédure standard',
    standardBody:
      'Un représentant légal se connecte avec l’eID ou itsme, saisit le numéro d’entreprise et se désigne lui-même ou désigne quelqu’un d’autre. Le registre est vérifié à ce moment : cela prend une minute.',
    exceptionTitle: 'Procédure d’exception',
    exceptionBody:
      'Pour ceux qui ne peuvent pas utiliser la procédure standard : pas d’eID belge, un représentant pas encore inscrit au registre, ou une entreprise étrangère. Vous introduisez une demande en ligne avec le formulaire signé et les pièces justificatives ; le service desk les vérifie et désigne le gestionnaire d’accès principal. Vous suivez votre demande grâce à sa référence.',
    systemsTitle: 'Trois types de systèmes de gestion des accès',
    systemsLead: 'Le système qui donne accès à un service en ligne dépend de son domaine :',
    systems: {
      btbTitle: 'Gestion des rôles intégrée',
      btbBody:
        'Pour la plupart des services en ligne fédéraux. Les gestionnaires d’accès y donnent l’accès aux utilisateurs, par numéro de registre national ou par invitation par e-mail, avec une date de fin facultative.',
      ssTitle: 'Sécurité sociale',
      ssBody:
        'La Sécurité sociale a sa propre gestion des utilisateurs, organisée selon la qualité en laquelle l’entreprise agit (employeur, secrétariat social…). Elle demande à ce service qui sont les gestionnaires d’accès et est informée de chaque changement.',
      otherTitle: 'Autres systèmes',
      otherBody:
        'Certaines autorités, comme un gouvernement régional, gèrent leurs propres accès. Elles aussi s’appuient sur les gestionnaires d’accès enregistrés ici.',
    },
    guideTitle: 'Pas à pas',
    guide: {
      s1: 'Connectez-vous avec l’eID ou itsme en tant que représentant légal de l’entreprise.',
      s2: 'Ouvrez l’entreprise sous « Mes entreprises » et choisissez « Désigner le gestionnaire d’accès principal ». Saisissez le numéro de registre national, l’adresse e-mail et le numéro de téléphone de la personne (ce peut être vous-même).',
      s3: 'Le gestionnaire d’accès principal se connecte et désigne des co-gestionnaires d’accès principaux et des gestionnaires d’accès pour les domaines où l’entreprise est active.',
      s4: 'Les gestionnaires d’accès donnent aux utilisateurs l’accès aux services en ligne : par numéro de registre national, ou en envoyant une invitation par e-mail.',
      s5: 'Les utilisateurs se connectent au service en ligne et agissent pour l’entreprise. Sous « Mes accès », chacun voit ce qu’il peut faire, et pourquoi.',
      s6: 'Tout est enregistré : l’historique de l’entreprise montre qui a fait quoi, et sous quelle autorité.',
    },
    demoTitle: 'Essayer',
    demoBody:
      'Dans cet environnement de démonstration, « Se connecter » ouvre un fournisseur d’identité de test : choisissez une des personnes fictives et un moyen d’authentification.',
  },
  enterprises: {
    title: 'Mes entreprises',
    lead: 'Les entreprises pour lesquelles vous agissez, et votre rôle dans chacune.',
    empty:
      'Vous n’agissez encore pour aucune entreprise. Si vous représentez une entreprise qui n’apparaît pas ici, elle n’est peut-être pas encore au registre : la procédure d’exception peut vous aider.',
    open: 'Ouvrir {{name}}',
    stopped: 'Cette entreprise a cessé ses activités : plus personne ne peut agir pour elle.',
    services: 'Services en ligne : {{count}}',
    number: 'Numéro d’entreprise',
    yourRoles: 'Vos rôles',
    hello: 'Bienvenue, {{name}}',
  },
  noRole: {
    title: 'Ce que vous pouvez faire',
    askTitle: 'Demander un accès à une entreprise',
    askText:
      'Un gestionnaire d’accès de l’entreprise vous donne accès à ses services en ligne. Communiquez-lui votre numéro de registre national : {{number}}.',
    lrTitle: 'Vous êtes représentant légal ?',
    lrText:
      'Un représentant légal inscrit à la Banque-Carrefour des Entreprises trouve l’entreprise ici après s’être connecté avec l’eID ou itsme, et désigne d’abord son gestionnaire d’accès principal.',
    exceptionTitle: 'Pas d’eID, ou pas dans le registre ?',
    exceptionText: 'Le service desk peut désigner le gestionnaire d’accès principal sur la base de documents.',
  },
};
