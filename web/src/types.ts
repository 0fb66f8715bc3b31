/** The shapes the UI reads from the API (see /openapi.json); only the fields it uses. */
export type Lang = 'nl' | 'fr' | 'de' | 'en';
export type Localised = Record<Lang, string>;

export interface ChainLink {
  kind: 'grant' | 'appointment' | 'legal_representative' | 'service_desk' | string;
  role: string;
  person: string | null;
  name?: string | null;
  domain?: string | null;
  procedure?: string;
  since?: string;
  validUntil?: string | null;
  endedAt?: string | null;
}

export interface MyRole {
  role: 'legal_representative' | 'main' | 'co_main' | 'domain';
  domain?: string;
  validUntil?: string | null;
  procedure?: string;
  chain: ChainLink[];
}

export interface MyService {
  grant: string;
  service: string;
  role: string | null;
  domain: string;
  validFrom: string;
  validUntil: string | null;
  chain: ChainLink[];
}

export interface MyEnterprise {
  enterprise: string;
  name: string;
  isActive: boolean;
  roles: MyRole[];
  services: MyService[];
  stoppedRoles: string[];
}

export interface Me {
  person: string | null;
  foreignId: string | null;
  loa: string;
  means: string;
  familyName: string | null;
  givenName: string | null;
  enterprises: MyEnterprise[];
}

export interface Manager {
  id: string;
  person: string;
  name: string | null;
  email: string;
  phone: string;
  domain: string | null;
  procedure: string;
  appointedBy: string | null;
  appointedByName?: string | null;
  appointedByRole: string;
  since: string;
  validUntil: string | null;
}

export interface Managers {
  enterprise: string;
  main: Manager | null;
  coMain: Manager[];
  domains: Record<string, Manager[]>;
}

/** GET /enterprises/{en}/ineligible-appointments: appointments the registers no longer back (issue 8). */
export interface IneligibleAppointment {
  id: string;
  person: string;
  name: string | null;
  kind: string;
  domain: string | null;
  since: string;
  reason: 'enterprise_stopped' | 'not_employee_nor_legal_representative';
}

export interface IneligibleAppointments {
  enterprise: string;
  items: IneligibleAppointment[];
}

export interface Grant {
  id: string;
  person: string;
  name: string | null;
  service: string;
  role: string | null;
  domain: string;
  grantedBy: string;
  grantedByName?: string | null;
  grantedByRole: string;
  createdAt: string;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  isActive: boolean;
}

export interface Service {
  code: string;
  name: Localised;
  roles: { code: string; name: Localised }[];
}

export interface Domain {
  code: string;
  name: Localised;
  description: Localised;
  system: 'btb' | 'social-security' | 'external';
  services: Service[];
}

export interface AuditItem {
  seq: number;
  at: string;
  actor: string | null;
  actorName?: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  targetName?: string | null;
  before: unknown;
  after: unknown;
  procedure: string | null;
  requestId: string | null;
}

export interface Enterprise {
  number: string;
  display: string;
  status: { code: string; isActive: boolean; label: Record<string, string> };
  names: { language: string; type: string; name: string }[];
}

/** GET /me/clients: enterprises the person acts for through mandates (issue 16). */
export interface MyClient {
  enterprise: string;
  name: string | null;
  services: string[];
  managedDomains: string[];
  mandataries: string[];
  mandates: { id: string; mandatary: string; mandataryName: string | null }[];
}
