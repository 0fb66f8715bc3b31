/**
 * Mandates between enterprises and their scope.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

export type MandateStatus = 'proposed' | 'active' | 'rejected' | 'ended' | 'lapsed';
export type MandateSide = 'mandator' | 'mandatary';

/** Enterprise A (mandator) lets enterprise B (mandatary) act for it; see the mandates migration. */
export interface MandateTable {
  id: string;
  mandator_number: string;
  mandatary_number: string;
  status: MandateStatus;
  valid_from: string;
  valid_until: string | null;
  proposed_by: string;
  proposed_by_side: MandateSide;
  proposed_by_role: string;
  /** issue 19: the mandator's capacity the mandate is given for (src/domain/capacities.ts); null: none */
  capacity: string | null;
  proposed_at: string;
  accepted_by: string | null;
  accepted_by_role: string | null;
  accepted_at: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
  ended_by: string | null;
  ended_by_side: MandateSide | null;
  ended_at: string | null;
  end_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface MandateScopeTable {
  mandate_id: string;
  domain: string;
  /** '' when the whole domain is covered */
  service: string;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface MandateTables {
  mandate: MandateTable;
  mandate_scope: MandateScopeTable;
}
