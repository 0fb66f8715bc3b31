import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseId } from '../../domain/foreign-enterprise.ts';
import { parsePersonId } from '../../domain/person-id.ts';

export function requireEnterpriseNumber(input: string): string {
  const parsed = parseEnterpriseId(input);
  if (!parsed.ok)
    throw new DomainError('identifier.invalid_enterprise_number', { value: input, reason: parsed.reason });
  return parsed.value;
}

/** A national number, a BIS number or an eIDAS identifier, in its normal form (issue 19). */
export function requirePersonId(input: string, field = 'person'): string {
  const parsed = parsePersonId(input);
  if (!parsed.ok) throw new DomainError('identifier.invalid_person_number', { field, reason: parsed.reason });
  return parsed.value.id;
}

// Deliberately simple: the mailbox proves an address, a regex cannot. This refuses only what
// can never be delivered (spaces, no @, no dot in the domain, control characters, RFC 5321's
// lengths). Unicode is welcome (RFC 6531): the local part is kept in NFC, the domain as its
// ASCII form (IDNA A-label), so one address has one spelling (issue 14, item 8).
const LOCAL = /^[^\s@<>()[\]\\,;:"\p{Cc}\p{Cf}]{1,64}$/u;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const EMAIL_RULE = 'an e-mail address name@domain: at most 64 bytes before the @, 254 in all';

export function requireEmail(input: string, field = 'email'): string {
  const v = input.trim().normalize('NFC');
  const at = v.lastIndexOf('@');
  const local = v.slice(0, at).toLowerCase();
  const domain = at > 0 ? domainToASCII(v.slice(at + 1).toLowerCase()) : '';
  const address = `${local}@${domain}`;
  if (
    at <= 0 ||
    !LOCAL.test(local) ||
    Buffer.byteLength(local, 'utf8') > 64 ||
    !DOMAIN.test(domain) ||
    Buffer.byteLength(address, 'utf8') > 254
  ) {
    throw new DomainError('validation.invalid_input', { field, rule: 'email', reason: EMAIL_RULE });
  }
  return address;
}

const PHONE_RULE = 'a phone number, national (0470 12 34 56) or international (+32 470 12 34 56)';

/** A phone number in E.164 (+32470123456); a national number is Belgian (issue 14, item 8). */
export function requirePhone(input: string, field = 'phone'): string {
  const parsed = input.length <= 40 ? parsePhoneNumberFromString(input.trim(), 'BE') : undefined;
  if (!parsed?.isValid() || !/^[\d\s()./+-]+$/.test(input.trim())) {
    throw new DomainError('validation.invalid_input', { field, rule: 'phone', reason: PHONE_RULE });
  }
  return parsed.number;
}
