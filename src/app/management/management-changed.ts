/**
 * "Who manages us?" (issue 17, section 2): whenever the main or co-main access managers change,
 * by the standard or the exception procedure, every current legal representative is told, in
 * their language. Every path that appoints, replaces, ends, suspends or restores a main or
 * co-main calls this one function and passes its mails to record(), so the mails commit with the
 * change (outbox). The register's own effects (an enterprise stopped, a grace period over) tell
 * the legal representatives with their register mail instead (docs/who-manages-us.md).
 */
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { legalRepresentativeContacts } from '../mandates/shared.ts';
import { enterpriseName, type MailTo, personContact } from '../shared/record.ts';

export interface ManagementChange {
  enterprise: string;
  role: 'main' | 'co_main';
  person: string;
  change: 'appointed' | 'ended';
  procedure: string;
  /** the instant of the change (ISO) */
  at: string;
}

export async function managementChangedMails(tx: Tx, deps: Deps, c: ManagementChange): Promise<MailTo[]> {
  const lrs = await legalRepresentativeContacts(tx, c.enterprise, new Date(c.at));
  if (lrs.length === 0) return [];
  const person = await personContact(tx, c.person);
  const name = await enterpriseName(tx, c.enterprise);
  const seen = new Set<string>();
  return lrs
    .filter((l) => !seen.has(l.to.toLowerCase()) && seen.add(l.to.toLowerCase()))
    .map((l) => ({
      to: l.to,
      language: l.language,
      template: 'management_changed',
      params: {
        enterprise: c.enterprise,
        enterpriseName: name,
        role: c.role,
        personName: person.name ?? c.person,
        change: c.change,
        procedure: c.procedure,
        at: c.at,
        link: `${deps.config.publicUrl}/enterprises/${c.enterprise}/management`,
      },
    }));
}
