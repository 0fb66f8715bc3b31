/** System users (issue 18, section 2): an enterprise's system users and a vendor's systems. */
import type { Messages } from '../en.ts';

export const systemUsers: Pick<Messages, 'systemUsers' | 'systems'> = {
  systemUsers: {
    title: 'Systeemgebruikers',
    link: 'Systeemgebruikers',
    back: 'Terug naar {{enterprise}}',
    intro:
      'Een systeemgebruiker is software, zoals loon- of boekhoudsoftware, die voor deze onderneming handelt. Ze krijgt toegang tot onlinediensten zoals een gebruiker.',
    none: 'Deze onderneming heeft geen systeemgebruikers.',
    vendor: 'leverancier {{vendor}}',
    grantsTitle: 'Toegang',
    noGrants: 'Nog geen toegang tot een onlinedienst.',
    revoke: 'Intrekken',
    confirmRevoke: 'De toegang van {{system}} tot {{service}} intrekken? Vanaf nu kan ze die niet meer gebruiken.',
    revoked: 'De toegang van {{system}} tot {{service}} is ingetrokken.',
    end: 'Deze systeemgebruiker beëindigen',
    confirmEnd:
      '{{system}} handelt dan niet meer voor deze onderneming en al haar toegang wordt ingetrokken. Beëindigen?',
    ended: '{{system}} handelt niet meer voor deze onderneming.',
    grantTitle: 'Toegang geven',
    service: 'Onlinedienst',
    chooseService: 'Kies een onlinedienst',
    role: 'Rol (optioneel)',
    allRoles: 'Alle rollen',
    validUntil: 'Einddatum (optioneel)',
    validUntilHint: 'De laatste dag van de toegang. Sommige onlinediensten staan maar een beperkte termijn toe.',
    grant: 'Toegang geven',
    granted: '{{system}} heeft nu toegang tot {{service}} ({{until}}).',
    addTitle: 'Een systeemgebruiker toevoegen',
    query: 'Naam van de software of client-id',
    queryHint: 'Een deel van de naam, of een exacte client-id van de leverancier.',
    notFound: 'Geen enkel geregistreerd systeem komt overeen.',
    add: 'Toevoegen als systeemgebruiker',
    confirmAdd:
      '{{system}} van leverancier {{vendor}} zal voor deze onderneming kunnen handelen, voor de onlinediensten die u het geeft. Toevoegen?',
    created: '{{system}} is nu een systeemgebruiker van deze onderneming. Geef het hieronder toegang.',
  },
  systems: {
    title: 'Onze systemen',
    link: 'Onze systemen (softwareleverancier)',
    intro:
      'Een softwareleverancier registreert zijn software hier één keer. Ondernemingen vinden ze dan en laten ze voor hen handelen, voor de vermelde onlinediensten.',
    none: 'Deze onderneming heeft geen systemen geregistreerd.',
    registerTitle: 'Een systeem registreren',
    name: 'Naam van de software',
    clientIds: 'Client-id’s',
    clientIdsHint: 'De OAuth-client-id’s van de installaties, één per regel.',
    services: 'Onlinediensten',
    servicesHint: 'De onlinediensten waartoe het toegang mag krijgen. Houd Ctrl ingedrukt om er meerdere te kiezen.',
    register: 'Registreren',
    registered: '{{name}} is geregistreerd.',
  },
};
