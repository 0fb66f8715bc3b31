import type { Queryable } from '../../infra/db/database.ts';
import type { AppointmentTable } from '../../infra/db/schema.ts';

export interface ChainLink {
  /** what this link is: a user's grant, an appointment, or the register's legal function */
  kind: 'grant' | 'system_user' | 'appointment' | 'legal_representative' | 'service_desk' | 'mandate';
  role: string;
  person: string | null;
  /** the person's name where known (issue 16, item 7), set by the reads that show chains */
  name?: string | null;
  domain?: string | null;
  procedure?: string;
  since?: string;
  validUntil?: string | null;
  endedAt?: string | null;
  /** links of a chain through a mandate (issue 9) say at which enterprise they hold */
  enterprise?: string;
  mandate?: string;
  mandator?: string;
  mandatary?: string;
  /** issue 19: the mandator's capacity the mandate is given for (a mandate link, when it names one) */
  capacity?: string;
  /** issue 18: this grant or appointment answered an access request of this person */
  onRequestOf?: string;
  accessRequest?: string;
  /** issue 19: the grant is limited to these establishment units of the enterprise */
  establishments?: string[];
  /** issue 18, section 2: the grant is a system user's: which system, whose software, which client */
  system?: string;
  systemName?: string;
  vendor?: string;
  systemUser?: string;
  clientId?: string;
}

const roleToKind: Record<string, AppointmentTable['kind']> = { main: 'main', co_main: 'co_main', domain: 'domain' };

/**
 * Follows "appointed by" upwards from one actor to the legal representative (or the service
 * desk, for the exception procedure). `at` is when the actor acted: the appointment that gave
 * them the power then, even if it has ended since (appointments belong to the enterprise).
 */
export function chainFrom(
  appointments: AppointmentTable[],
  by: string | null,
  byRole: string,
  at: string,
  domain?: string,
): ChainLink[] {
  const links: ChainLink[] = [];
  let person = by;
  let role = byRole;
  let when = at;
  for (let depth = 0; depth < 8; depth++) {
    if (role === 'legal_representative') {
      links.push({ kind: 'legal_representative', role, person });
      break;
    }
    if (role === 'service_desk') {
      links.push({ kind: 'service_desk', role, person });
      break;
    }
    const kind = roleToKind[role];
    const a = appointments
      .filter(
        (x) =>
          x.person_number === person &&
          x.kind === kind &&
          (kind !== 'domain' || domain === undefined || x.domain === domain) &&
          x.created_at <= when &&
          (x.ended_at === null || x.ended_at > when),
      )
      .sort((x, y) => (x.created_at < y.created_at ? 1 : -1))[0];
    if (!a) {
      links.push({ kind: 'appointment', role, person, procedure: 'unknown' });
      break;
    }
    links.push({
      kind: 'appointment',
      role,
      person,
      domain: a.domain || null,
      procedure: a.procedure,
      since: a.valid_from,
      validUntil: a.valid_until,
      endedAt: a.ended_at,
      ...(a.access_request_id ? { onRequestOf: a.person_number, accessRequest: a.access_request_id } : {}),
    });
    person = a.appointed_by;
    role = a.appointed_by_role;
    when = a.created_at;
  }
  return links;
}

export async function enterpriseAppointments(q: Queryable, enterprise: string): Promise<AppointmentTable[]> {
  return q
    .selectFrom('appointment')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where('mandate_id', 'is', null)
    .execute();
}
