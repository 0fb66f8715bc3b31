import { maskPerson } from './format.ts';
import type { ChainLink } from './types.ts';

/** The dictionary keys a link of a chain of authority is said with. */
export type ChainKey =
  | 'myAccess.chainGrant'
  | 'myAccess.chainDesk'
  | 'myAccess.chainLr'
  | 'myAccess.chainLrYou'
  | 'myAccess.chainAppointment'
  | 'myAccess.chainAppointmentYou'
  | 'myAccess.chainAppointmentDomain'
  | 'myAccess.chainAppointmentDomainYou';

/**
 * Which sentence says one link of "Why", and with what. A link about the reader is a sentence of
 * its own ("You are …", "U bent …", "Vous êtes …", "Sie sind …"): putting "you" into
 * "{{person}} is {{role}}" reads "you is", "u is", "vous est", "Sie ist" (issue 16, item 8).
 * Anyone else is named, with the number masked (item 7). `role` and `domain` come already in
 * the reader's words (see inSentence).
 */
export function chainLinkMessage(
  link: ChainLink,
  me: string | null,
  role: string,
  domain: string,
): { key: ChainKey; values: Record<string, string> } {
  if (link.kind === 'grant') return { key: 'myAccess.chainGrant', values: {} };
  if (link.kind === 'service_desk') return { key: 'myAccess.chainDesk', values: {} };
  const aboutMe = Boolean(link.person && link.person === me);
  const person = link.name ? `${link.name} (${maskPerson(link.person)})` : maskPerson(link.person);
  if (link.kind === 'legal_representative')
    return aboutMe ? { key: 'myAccess.chainLrYou', values: {} } : { key: 'myAccess.chainLr', values: { person } };
  if (link.domain)
    return aboutMe
      ? { key: 'myAccess.chainAppointmentDomainYou', values: { role, domain } }
      : { key: 'myAccess.chainAppointmentDomain', values: { person, role, domain } };
  return aboutMe
    ? { key: 'myAccess.chainAppointmentYou', values: { role } }
    : { key: 'myAccess.chainAppointment', values: { person, role } };
}
