/**
 * Persons and enterprises no Belgian register holds (issue 19): eIDAS persons and their links to a Belgian number,
 * foreign enterprises, their representatives, attachments and links to a KBO number.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

/** What eIDAS guaranteed about a person who logged in through it (issue 19); no register has them. */
export interface EidasPersonTable {
  /** `CC/BE/identifier`, the normal form of person-id.ts */
  id: string;
  country: string;
  family_name: string | null;
  given_name: string | null;
  /** YYYY-MM-DD */
  birth_date: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

export type PersonLinkStatus = 'proposed' | 'linked' | 'rejected';

/** The service desk links an eIDAS person to the BIS number they got (issue 19; four eyes). */
export interface PersonLinkTable {
  id: string;
  eidas_id: string;
  person_number: string;
  reason: string;
  status: PersonLinkStatus;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** issue 19, section 2: the desk's record of an enterprise without a KBO number */
export type ForeignEnterpriseStatus = 'proposed' | 'registered' | 'rejected' | 'linked';
export interface ForeignEnterpriseTable {
  number: string;
  euid: string | null;
  national_register_number: string | null;
  /** the number as compared: upper case, no spaces, dots or dashes (review 8, finding 3b) */
  national_register_key: string | null;
  home_register: string;
  name: string;
  country: string;
  status: ForeignEnterpriseStatus;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  kbo_number: string | null;
  linked_by: string | null;
  linked_at: string | null;
}

export type ForeignRepresentativeStatus = 'proposed' | 'active' | 'ended';
export interface ForeignRepresentativeTable {
  id: string;
  enterprise_number: string;
  person: string;
  family_name: string;
  given_name: string;
  /** the last day (Brussels) the representation holds, inclusive */
  end_date: string;
  status: ForeignRepresentativeStatus;
  /** a renewal proposed by one operator, waiting for another's confirmation */
  renewal_end_date: string | null;
  renewal_proposed_by: string | null;
  renewal_proposed_at: string | null;
}

export interface ForeignEnterpriseLinkTable {
  id: string;
  enterprise_number: string;
  kbo_number: string;
  reason: string;
  status: 'proposed' | 'linked' | 'rejected';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** rows moved, by table: JSON */
  moved_json: string | null;
}

export interface ForeignEnterpriseAttachmentTable {
  id: string;
  enterprise_number: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface ForeignTables {
  eidas_person: EidasPersonTable;
  person_link: PersonLinkTable;
  foreign_enterprise: ForeignEnterpriseTable;
  foreign_representative: ForeignRepresentativeTable;
  foreign_enterprise_attachment: ForeignEnterpriseAttachmentTable;
  foreign_enterprise_link: ForeignEnterpriseLinkTable;
}
