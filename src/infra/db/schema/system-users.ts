/**
 * Systems of vendors, their client ids, the system users acting for an enterprise, their grants and the requests
 * that create them (issue 18, section 2).
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */
import type { AccessRequestStatus } from './management.ts';

/** A software product a vendor registered (issue 18, section 2). */
export interface SystemTable {
  id: string;
  name: string;
  vendor_number: string;
  /** service codes, comma-separated */
  services: string;
  created_by: string;
  created_by_role: string;
  created_at: string;
  updated_at: string;
  /** ended by the service desk (its client ids released); absent on rows read before the column */
  ended_at?: string | null;
  ended_by?: string | null;
  end_reason?: string | null;
}

/** An OAuth client id of one installation of a system: names exactly one system. */
export interface SystemClientTable {
  client_id: string;
  system_id: string;
}

/** A system acting for one enterprise, created by that enterprise's managers. */
export interface SystemUserTable {
  id: string;
  system_id: string;
  enterprise_number: string;
  created_by: string;
  created_by_role: string;
  created_at: string;
  ended_at: string | null;
  ended_by: string | null;
  /** the mandate under which the holder created it for the client (enterprise_number); '' the enterprise's own */
  mandate_id: string;
}

/** A service granted to a system user, with the same dates and revocation as a person's grant. */
export interface SystemUserGrantTable {
  id: string;
  system_user_id: string;
  enterprise_number: string;
  service: string;
  /** '' when the grant is for the whole service */
  service_role: string;
  domain: string;
  granted_by: string;
  granted_by_role: string;
  created_at: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  /** review 5, finding 8: the establishment units it is limited to, as on access_grant; null: no limit */
  establishments?: string | null;
}

/** A vendor's request to a customer enterprise to let its system act for it (issue 18, section 2). */
export interface SystemUserRequestTable {
  id: string;
  system_id: string;
  vendor_number: string;
  enterprise_number: string;
  /** wished service codes, comma-separated */
  services: string;
  message: string | null;
  wished_until: string | null;
  status: AccessRequestStatus;
  created_by: string;
  created_by_role: string;
  created_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_by_role: string | null;
  decided_at: string | null;
  /** why it was refused, shown to the vendor */
  decision_reason: string | null;
  /** the system user an approval created */
  result_id: string | null;
  /** the services the approval granted, comma-separated */
  granted: string | null;
  updated_at: string;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface SystemUserTables {
  system: SystemTable;
  system_client: SystemClientTable;
  system_user: SystemUserTable;
  system_user_grant: SystemUserGrantTable;
  system_user_request: SystemUserRequestTable;
}
