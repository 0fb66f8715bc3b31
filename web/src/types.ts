/**
 * The shapes the pages share, named from the types generated out of the server's OpenAPI
 * document (web/src/api-schema.d.ts, `npm run api:types`): the route schemas are the one truth,
 * so a changed answer breaks the type check of every page that reads it (issue 21 item 7).
 */
import type { Answer } from './api.ts';

export type Lang = 'nl' | 'fr' | 'de' | 'en';
export type Localised = Record<Lang, string>;

export type Me = Answer<'/api/v1/me'>;
export type MyEnterprise = Me['enterprises'][number];
export type MyRole = MyEnterprise['roles'][number];
export type ChainLink = MyRole['chain'][number];

export type Managers = Answer<'/api/v1/enterprises/{en}/access-managers'>;
export type Manager = NonNullable<Managers['main']>;

/** Appointments the registers no longer back (issue 8). */
export type IneligibleAppointments = Answer<'/api/v1/enterprises/{en}/ineligible-appointments'>;
export type IneligibleAppointment = IneligibleAppointments['items'][number];

export type Grant = Answer<'/api/v1/enterprises/{en}/grants'>['items'][number];

export type Domain = Answer<'/api/v1/domains'>['domains'][number];

export type AuditPage = Answer<'/api/v1/enterprises/{en}/audit'>;
export type AuditItem = AuditPage['items'][number];

export type Enterprise = Answer<'/api/v1/enterprises/{enterpriseNumber}'>;

/** Enterprises the person acts for through mandates (issue 16). */
export type MyClient = Answer<'/api/v1/me/clients'>['items'][number];

/** "Who manages us?" (issue 17, section 2). */
export type ManagementTree = Answer<'/api/v1/enterprises/{en}/management-tree'>;
export type TreeAppointment = ManagementTree['coMain'][number];
export type AppointmentReport = Answer<'/api/v1/service-desk/appointment-reports'>['items'][number];

/** A system acting for an enterprise, with its grants (issue 18, section 2). */
export type SystemUser = Answer<'/api/v1/enterprises/{en}/system-users'>['systemUsers'][number];

/** The two sides of a mandate: the client (mandator) and the office acting for it (mandatary). */
export type MandateSide = 'mandator' | 'mandatary';
