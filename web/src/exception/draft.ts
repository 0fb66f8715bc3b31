import type { TFunction } from 'i18next';
import { isEnterpriseNumber, isPersonNumber } from '../format.ts';
import type { Lang } from '../types.ts';
import { hintFor, MAX_FILE_BYTES, megabytes } from './files.ts';
import type { DocumentKind, Reason } from './types.ts';

/** What the request form holds while it is filled in. */
export interface Draft {
  enterprise: string;
  givenName: string;
  familyName: string;
  hasNumber: boolean;
  personNumber: string;
  idType: string;
  idNumber: string;
  idCountry: string;
  idExpiry: string;
  capacity: string;
  email: string;
  phone: string;
  proposedNumber: string;
  proposedGivenName: string;
  proposedFamilyName: string;
  proposedEmail: string;
  proposedPhone: string;
  reason: Reason | '';
  reasonText: string;
}

export const emptyDraft: Draft = {
  enterprise: '',
  givenName: '',
  familyName: '',
  hasNumber: true,
  personNumber: '',
  idType: 'passport',
  idNumber: '',
  idCountry: '',
  idExpiry: '',
  capacity: '',
  email: '',
  phone: '',
  proposedNumber: '',
  proposedGivenName: '',
  proposedFamilyName: '',
  proposedEmail: '',
  proposedPhone: '',
  reason: '',
  reasonText: '',
};

/** The form's fields by the path the API uses for them: errors from either side land on the same field. */
export const FIELD_PATHS = {
  enterprise: 'enterprise',
  givenName: 'requester.givenName',
  familyName: 'requester.familyName',
  personNumber: 'requester.personNumber',
  idNumber: 'requester.idDocument.number',
  idCountry: 'requester.idDocument.issuingCountry',
  idExpiry: 'requester.idDocument.expiry',
  capacity: 'requester.capacity',
  email: 'requester.email',
  phone: 'requester.phone',
  proposedNumber: 'proposed.personNumber',
  proposedGivenName: 'proposed.givenName',
  proposedFamilyName: 'proposed.familyName',
  proposedEmail: 'proposed.email',
  proposedPhone: 'proposed.phone',
  reason: 'reason',
  reasonText: 'reasonText',
} as const satisfies Partial<Record<keyof Draft, string>>;

export function requesterOf(d: Draft, language: Lang) {
  return {
    familyName: d.familyName.trim(),
    givenName: d.givenName.trim(),
    ...(d.hasNumber
      ? { personNumber: d.personNumber.trim() }
      : {
          idDocument: {
            type: d.idType,
            number: d.idNumber.trim(),
            issuingCountry: d.idCountry.trim().toUpperCase(),
            expiry: d.idExpiry,
          },
        }),
    capacity: d.capacity.trim(),
    email: d.email.trim(),
    ...(d.phone.trim() ? { phone: d.phone.trim() } : {}),
    language,
  };
}

export function proposedOf(d: Draft) {
  return {
    personNumber: d.proposedNumber.trim(),
    familyName: d.proposedFamilyName.trim(),
    givenName: d.proposedGivenName.trim(),
    email: d.proposedEmail.trim(),
    phone: d.proposedPhone.trim(),
  };
}

/** The pre-filled form PDF takes whatever is there, even half filled in. */
export function formBody(d: Draft, language: Lang) {
  const nonEmpty = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined)) as Partial<T>;
  const r = requesterOf(d, language);
  const requester = nonEmpty({ ...r, idDocument: undefined });
  return {
    language,
    ...(d.enterprise.trim() ? { enterprise: d.enterprise.trim() } : {}),
    requester,
    proposed: nonEmpty(proposedOf(d)),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.reasonText.trim() ? { reasonText: d.reasonText.trim() } : {}),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{5,22}$/;

/** The API's length limits (src/http/routes/exception-schemas.ts). */
const MAX_LENGTHS: Partial<Record<keyof Draft, number>> = {
  givenName: 100,
  familyName: 100,
  proposedGivenName: 100,
  proposedFamilyName: 100,
  capacity: 200,
  email: 254,
  proposedEmail: 254,
  idNumber: 40,
  reasonText: 2000,
};

/** The checks the page can make before sending: the same rules as the server, stated earlier. */
export function validate(
  t: TFunction,
  d: Draft,
  files: Partial<Record<DocumentKind, File>>,
  today: string,
): Partial<Record<keyof Draft | DocumentKind, string>> {
  const e: Partial<Record<keyof Draft | DocumentKind, string>> = {};
  const required = t('errors.required');
  if (!d.enterprise.trim()) e.enterprise = required;
  else if (!isEnterpriseNumber(d.enterprise)) e.enterprise = t('errors.enterprise');
  for (const k of ['givenName', 'familyName', 'capacity', 'email'] as const) if (!d[k].trim()) e[k] = required;
  if (d.email.trim() && !EMAIL.test(d.email.trim())) e.email = t('errors.email');
  if (d.phone.trim() && !PHONE.test(d.phone.trim())) e.phone = t('errors.phone');
  if (d.hasNumber) {
    if (!d.personNumber.trim()) e.personNumber = required;
    else if (!isPersonNumber(d.personNumber)) e.personNumber = t('errors.person');
  } else {
    if (!d.idNumber.trim()) e.idNumber = required;
    if (!/^[A-Za-z]{2}$/.test(d.idCountry.trim())) e.idCountry = t('exception.errors.country');
    if (!d.idExpiry) e.idExpiry = required;
    else if (d.idExpiry < today) e.idExpiry = t('exception.errors.expired');
  }
  if (!d.proposedNumber.trim()) e.proposedNumber = required;
  else if (!isPersonNumber(d.proposedNumber)) e.proposedNumber = t('errors.person');
  for (const k of ['proposedGivenName', 'proposedFamilyName', 'proposedEmail', 'proposedPhone'] as const)
    if (!d[k].trim()) e[k] = required;
  if (d.proposedEmail.trim() && !EMAIL.test(d.proposedEmail.trim())) e.proposedEmail = t('errors.email');
  if (d.proposedPhone.trim() && !PHONE.test(d.proposedPhone.trim())) e.proposedPhone = t('errors.phone');
  if (!d.reason) e.reason = required;
  if (d.reason === 'other' && !d.reasonText.trim()) e.reasonText = required;
  // every rule at once, the length limits of the API included (issue 16, item 10)
  for (const [k, max] of Object.entries(MAX_LENGTHS) as [keyof Draft, number][]) {
    const v = String(d[k] ?? '').trim();
    if (v.length > max && !e[k]) e[k] = t('errors.maxLength', { max, count: v.length });
  }
  // a file the server would refuse is not sent: type and size are checked here (item 15)
  for (const k of ['signed_form', 'identity_document', 'proof_of_representation'] as const) {
    const f = files[k];
    const hint = f ? hintFor(f) : null;
    if (!f) e[k] = t('exception.errors.documentMissing');
    else if (hint === 'type') e[k] = t('exception.documents.typeHint');
    else if (hint === 'size') e[k] = t('exception.errors.tooLarge', { mb: megabytes(MAX_FILE_BYTES) });
  }
  return e;
}
