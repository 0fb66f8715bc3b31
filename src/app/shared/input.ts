import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseNumber, parsePersonNumber } from '../../domain/identifiers.ts';

export function requireEnterpriseNumber(input: string): string {
  const parsed = parseEnterpriseNumber(input);
  if (!parsed.ok) throw new DomainError('identifier.invalid_enterprise_number', { value: input, reason: parsed.reason });
  return parsed.value;
}

export function requirePersonNumber(input: string, field = 'person'): string {
  const parsed = parsePersonNumber(input);
  if (!parsed.ok) throw new DomainError('identifier.invalid_person_number', { field, reason: parsed.reason });
  return parsed.value.number;
}

// Deliberately simple: the mailbox proves an address, a regex cannot. This refuses only what
// can never be delivered (spaces, no @, no dot in the domain, control characters).
const EMAIL = /^[^\s@<>()[\]\\,;:"\p{Cc}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;
const PHONE = /^\+?[0-9][0-9 ()./-]{5,22}$/;

export function requireEmail(input: string, field = 'email'): string {
  const v = input.trim();
  if (v.length > 254 || !EMAIL.test(v)) throw new DomainError('validation.invalid_input', { field, reason: 'not an e-mail address' });
  return v.toLowerCase();
}

export function requirePhone(input: string, field = 'phone'): string {
  const v = input.trim();
  if (!PHONE.test(v)) throw new DomainError('validation.invalid_input', { field, reason: 'not a phone number' });
  return v.replace(/[ ()./-]/g, '');
}
