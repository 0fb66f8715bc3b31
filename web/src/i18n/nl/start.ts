/** The landing page, the enterprise finder and the page for a person with no role yet. */
import type { Messages } from '../en.ts';

export const start: Pick<Messages, 'landing' | 'enterprises' | 'noRole'> = {
  landing: {
    title: 'Wie mag online optreden voor uw onderneming?',
    lead: 'Onlinediensten van de overheid moeten weten wie namens een onderneming mag handelen. Hier beslist uw onderneming dat zelf: haar wettelijke vertegenwoordigers stellen een hoofdtoegangsbeheerder aan, die alle anderen organiseert.',
    ctaLogin: 'Aanmelden om toegang te beheren',
    ctaGuide: 'Lees de stapsgewijze handleiding',
    whatTitle: 'Wat is het Beheer der Toegangsbeheerders?',
    whatBody:
      'Belastingaangiften, aangiften bij de sociale zekerheid, vergunningen: veel onlinediensten van de overheid worden door werknemers, boekhouders of anderen gebruikt namens een onderneming. In het Beheer der Toegangsbeheerders legt een onderneming vast wie dat mag. Het gaat uit van de personen die de Kruispuntbank van Ondernemingen vermeldt als vertegenwoordigers van de onderneming, en elk recht is tot bij hen terug te volgen.',
    whoTitle: 'Wie doet wat',
    who: {
      lr: 'Staat in de Kruispuntbank van Ondernemingen vermeld als vertegenwoordiger van de onderneming (bestuurder, zaakvoerder, zelfstandige…). Stelt de hoofdtoegangsbeheerder aan of vervangt hem, na aanmelding met eID of itsme.',
      main: 'Eén per onderneming; een werknemer of een wettelijke vertegenwoordiger. Stelt co-hoofdtoegangsbeheerders en toegangsbeheerders per domein aan, en mag gebruikers in elk domein beheren.',
      coMain:
        'Helpt de hoofdtoegangsbeheerder en heeft dezelfde bevoegdheden, behalve andere co-hoofdtoegangsbeheerders aanstellen of verwijderen.',
      domain:
        'Beheert één domein (bijvoorbeeld Financiën of Mobiliteit): geeft gebruikers toegang tot de onlinediensten ervan, verlengt en beëindigt die toegang.',
      user: 'Gebruikt de onlinediensten die hij of zij kreeg, voor de onderneming, tot de eventuele einddatum.',
      desk: 'Medewerkers van de beherende dienst. Behandelen de uitzonderingsprocedure en helpen wanneer niemand zich kan aanmelden.',
    },
    proceduresTitle: 'Twee manieren om de hoofdtoegangsbeheerder aan te stellen',
    standardTitle: 'Standaardprocedure',
    standardBody:
      'Een wettelijke vertegenwoordiger meldt zich aan met eID of itsme, vult het ondernemingsnummer in en stelt zichzelf of iemand anders aan. Het register wordt op dat moment gecontroleerd: dat duurt een minuut.',
    exceptionTitle: 'Uitzonderingsprocedure',
    exceptionBody:
      'Voor wie de standaardprocedure niet kan gebruiken: geen Belgische eID, een vertegenwoordiger die nog niet in het register staat, of een buitenlandse onderneming. U dient online een aanvraag in met het ondertekende formulier en bewijsstukken; de helpdesk controleert ze en stelt de hoofdtoegangsbeheerder aan. U volgt uw aanvraag op met haar referentie.',
    systemsTitle: 'Drie soorten toegangsbeheersystemen',
    systemsLead: 'Welk systeem toegang geeft tot een onlinedienst, hangt af van het domein:',
    systems: {
      btbTitle: 'Ingebouwd rollenbeheer',
      btbBody:
        'Voor de meeste federale onlinediensten. Toegangsbeheerders geven gebruikers hier toegang, met het rijksregisternummer of via een uitnodiging per e-mail, eventueel met een einddatum.',
      ssTitle: 'Sociale Zekerheid',
      ssBody:
        'De Sociale Zekerheid heeft een eigen gebruikersbeheer, georganiseerd volgens de hoedanigheid waarin de onderneming optreedt (werkgever, sociaal secretariaat…). Het vraagt deze dienst wie de toegangsbeheerders zijn en wordt van elke wijziging op de hoogte gebracht.',
      otherTitle: 'Andere systemen',
      otherBody:
        'Sommige overheden, zoals een gewestregering, hebben een eigen toegangsbeheer. Ook zij steunen op de toegangsbeheerders die hier zijn vastgelegd.',
    },
    guideTitle: 'Stap voor stap',
    guide: {
      s1: 'Meld u aan met eID of itsme als wettelijke vertegenwoordiger van de onderneming.',
      s2: 'Open de onderneming onder "Mijn ondernemingen" en kies "Hoofdtoegangsbeheerder aanstellen". Vul het rijksregisternummer, het e-mailadres en het telefoonnummer van de persoon in (dat mag uzelf zijn).',
      s3: 'De hoofdtoegangsbeheerder meldt zich aan en stelt co-hoofdtoegangsbeheerders en toegangsbeheerders aan voor de domeinen waarin de onderneming actief is.',
      s4: 'Toegangsbeheerders geven gebruikers toegang tot onlinediensten: met het rijksregisternummer, of door een uitnodiging per e-mail te sturen.',
      s5: 'Gebruikers melden zich aan bij de onlinedienst en handelen voor de onderneming. Onder "Mijn toegang" ziet iedereen wat hij of zij mag, en waarom.',
      s6: 'Alles wordt bijgehouden: de geschiedenis van de onderneming toont wie wat deed, en op wiens gezag.',
    },
    demoTitle: 'Uitproberen',
    demoBody:
      'In deze demonstratieomgeving opent "Aanmelden" een testidentiteitsprovider: kies een van de fictieve personen en een aanmeldingsmiddel.',
  },
  enterprises: {
    title: 'Mijn ondernemingen',
    lead: 'De ondernemingen waarvoor u optreedt, en uw rol in elk ervan.',
    empty:
      'U treedt nog voor geen enkele onderneming op. Vertegenwoordigt u een onderneming die hier niet staat, dan staat ze misschien nog niet in het register: de uitzonderingsprocedure kan helpen.',
    open: '{{name}} openen',
    stopped: 'Deze onderneming is stopgezet: niemand kan er nog voor optreden.',
    services: 'Onlinediensten: {{count}}',
    number: 'Ondernemingsnummer',
    yourRoles: 'Uw rollen',
    hello: 'Welkom, {{name}}',
  },
  noRole: {
    title: 'Wat u kunt doen',
    askTitle: 'Vraag een onderneming om toegang',
    askText:
      'Een toegangsbeheerder van de onderneming geeft u toegang tot haar onlinediensten. Geef hem of haar uw rijksregisternummer: {{number}}.',
    lrTitle: 'Bent u wettelijke vertegenwoordiger?',
    lrText:
      'Een wettelijke vertegenwoordiger die in de Kruispuntbank van Ondernemingen staat, vindt de onderneming hier na aanmelding met eID of itsme, en stelt eerst de hoofdtoegangsbeheerder aan.',
    exceptionTitle: 'Geen eID, of niet in het register?',
    exceptionText: 'De helpdesk kan de hoofdtoegangsbeheerder aanstellen op basis van documenten.',
  },
};
