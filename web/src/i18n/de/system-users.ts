/** System users (issue 18, section 2): an enterprise's system users and a vendor's systems. */
import type { Messages } from '../en.ts';

export const systemUsers: Pick<Messages, 'systemUsers' | 'systems'> = {
  systemUsers: {
    title: 'Systembenutzer',
    link: 'Systembenutzer',
    back: 'Zurück zu {{enterprise}}',
    intro:
      'Ein Systembenutzer ist eine Software, etwa für Lohn oder Buchhaltung, die für dieses Unternehmen handelt. Sie erhält Zugang zu Online-Diensten wie ein Benutzer.',
    none: 'Dieses Unternehmen hat keine Systembenutzer.',
    vendor: 'Anbieter {{vendor}}',
    grantsTitle: 'Zugang',
    noGrants: 'Noch kein Zugang zu einem Online-Dienst.',
    revoke: 'Entziehen',
    confirmRevoke: 'Den Zugang von {{system}} zu {{service}} entziehen? Ab sofort kann es ihn nicht mehr nutzen.',
    revoked: 'Der Zugang von {{system}} zu {{service}} ist entzogen.',
    end: 'Diesen Systembenutzer beenden',
    confirmEnd: '{{system}} handelt dann nicht mehr für dieses Unternehmen, und jeder Zugang wird entzogen. Beenden?',
    ended: '{{system}} handelt nicht mehr für dieses Unternehmen.',
    grantTitle: 'Zugang gewähren',
    service: 'Online-Dienst',
    chooseService: 'Wählen Sie einen Online-Dienst',
    role: 'Rolle (optional)',
    allRoles: 'Alle Rollen',
    validUntil: 'Enddatum (optional)',
    validUntilHint: 'Der letzte Tag des Zugangs. Manche Online-Dienste erlauben nur eine begrenzte Dauer.',
    grant: 'Zugang gewähren',
    granted: '{{system}} hat nun Zugang zu {{service}} ({{until}}).',
    addTitle: 'Einen Systembenutzer hinzufügen',
    query: 'Name der Software oder Client-ID',
    queryHint: 'Ein Teil des Namens oder eine genaue Client-ID des Anbieters.',
    notFound: 'Kein registriertes System passt.',
    add: 'Als Systembenutzer hinzufügen',
    confirmAdd:
      '{{system}} des Anbieters {{vendor}} kann dann für dieses Unternehmen handeln, für die Online-Dienste, zu denen Sie ihm Zugang gewähren. Hinzufügen?',
    created: '{{system}} ist nun ein Systembenutzer dieses Unternehmens. Gewähren Sie ihm unten Zugang.',
  },
  systems: {
    title: 'Unsere Systeme',
    link: 'Unsere Systeme (Softwareanbieter)',
    intro:
      'Ein Softwareanbieter registriert seine Software hier einmal. Unternehmen finden sie dann und lassen sie für sich handeln, für die genannten Online-Dienste.',
    none: 'Dieses Unternehmen hat keine Systeme registriert.',
    registerTitle: 'Ein System registrieren',
    name: 'Name der Software',
    clientIds: 'Client-IDs',
    clientIdsHint: 'Die OAuth-Client-IDs seiner Installationen, eine pro Zeile.',
    services: 'Online-Dienste',
    servicesHint:
      'Die Online-Dienste, zu denen es Zugang erhalten darf. Halten Sie Strg gedrückt, um mehrere zu wählen.',
    register: 'Registrieren',
    registered: '{{name}} ist registriert.',
  },
};
