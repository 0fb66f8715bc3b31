/** Mandates between enterprises, their clients and the grants given under them. */
import type { Messages } from '../en.ts';

export const mandates: Pick<Messages, 'mandates' | 'mandate' | 'clients' | 'mandateGrant'> = {
  mandates: {
    stepUpTitle: 'Eine stärkere Anmeldung ist nötig',
    stepUpBody:
      'Ein Mandat vorzuschlagen, anzunehmen, abzulehnen oder zu beenden bindet das Unternehmen gegenüber einem anderen: Melden Sie sich zuerst mit eID oder itsme an (Stufe hoch).',
    title: 'Mandate',
    actForUs: 'Wer für uns handelt',
    actForUsIntro:
      'Büros, die aufgrund eines Mandats für dieses Unternehmen handeln, und die Personen, die im Rahmen des Mandats handeln.',
    ourClients: 'Unsere Kunden',
    ourClientsIntro: 'Unternehmen, für die dieses Unternehmen aufgrund eines Mandats handelt.',
    none: 'Keine Mandate.',
    office: 'Büro',
    client: 'Kunde',
    scope: 'Bereiche und Dienste',
    period: 'Zeitraum',
    agents: 'Im Rahmen des Mandats tätig',
    noAgents: 'Noch niemand',
    clientManager: 'Kundenverwalter',
    user: 'Benutzer',
    fromTo: '{{from}} bis {{to}}',
    from: 'ab {{from}}',
    accept: 'Annehmen',
    reject: 'Ablehnen',
    end: 'Mandat beenden',
    withdraw: 'Vorschlag zurückziehen',
    confirmEnd: 'Ja, jetzt beenden',
    endQuestion: 'Das Mandat mit {{name}} beenden?',
    endImpact:
      'Jeder im Rahmen dieses Mandats gewährte Zugang endet jetzt: Kundenverwalter und Benutzer des Büros verlieren ihn sofort.',
    endAgents: 'Derzeit im Rahmen des Mandats tätig: {{count}}.',
    propose: 'Ein Mandat vorschlagen',
    proposeIntro: 'Nichts ändert sich, bis das andere Unternehmen annimmt.',
    sideLegend: 'Wer handelt für wen?',
    sideTheyActForUs: 'Das andere Unternehmen handelt für uns',
    sideWeActForThem: 'Wir handeln für das andere Unternehmen',
    otherNumber: 'Unternehmensnummer des anderen Unternehmens',
    otherNumberHint: '10 Ziffern, zum Beispiel 0765.432.146',
    domainsLegend: 'Bereiche',
    chooseDomain: 'Wählen Sie mindestens einen Bereich.',
    send: 'Vorschlag senden',
    status: {
      active: 'aktiv',
      ended: 'beendet',
      awaitsUs: 'vorgeschlagen: wartet auf Ihre Antwort',
      awaitsThem: 'vorgeschlagen: wartet auf die andere Seite',
    },
    done: {
      accept: 'Das Mandat mit {{name}} wurde angenommen.',
      reject: 'Der Vorschlag von {{name}} wurde abgelehnt.',
      end: 'Das Mandat mit {{name}} ist beendet.',
      propose:
        'Der Vorschlag wurde an {{number}} gesendet; er wird wirksam, sobald das andere Unternehmen ihn annimmt.',
    },
  },
  mandate: {
    title: 'Mandat mit {{name}}',
    details: 'Details',
    detailsOf: 'Details zum Mandat mit {{name}}',
    given: '{{mandator}} hat {{mandatary}} dieses Mandat erteilt.',
    managers: 'Kundenverwalter',
    managersIntro: 'Personen des Büros, die im Rahmen dieses Mandats beim Kunden Zugänge vergeben.',
    users: 'Im Rahmen dieses Mandats vergebene Zugänge',
    nobody: 'Noch niemand.',
    person: 'Person',
    appoint: 'Kundenverwalter ernennen',
    appointIntro:
      'Ein Arbeitnehmer oder gesetzlicher Vertreter von {{office}}. Er vergibt Zugang zu den Online-Diensten der gewählten Bereiche bei {{client}}.',
    appointed: '{{name}} ist jetzt Kundenverwalter für {{client}}.',
    notActive: 'Dieses Mandat ist nicht in Kraft, daher kann niemand dafür ernannt werden.',
  },
  clients: {
    title: 'Kunden, für die ich handle',
    intro:
      'Unternehmen, für die Sie aufgrund eines Mandats handeln, das dem Unternehmen erteilt wurde, bei dem Sie arbeiten.',
    through: 'aufgrund des Mandats für {{office}}',
    manager: 'Kundenverwalter · {{domain}}',
    grantLink: 'Zugang im Rahmen dieses Mandats gewähren',
  },
  mandateGrant: {
    title: 'Zugang für {{client}} gewähren',
    lead: 'Im Rahmen des Mandats für {{office}}: an einen seiner Arbeitnehmer oder gesetzlichen Vertreter.',
    notManager: 'Sie sind im Rahmen dieses Mandats kein Kundenverwalter.',
    done: '{{person}} hat jetzt Zugang zu {{service}} für {{client}}.',
  },
};
