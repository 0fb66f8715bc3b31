/**
 * A grant as the check index holds it: built from a row on demand (check-index.ts) or from the
 * preload's typed arrays (check-index-compact.ts), in one shape, so that both paths give the same
 * answer. Its own module so that both can import it without a cycle.
 */
import type { ChainLink } from './shared/chain.ts';

export interface GrantRec {
  enterprise: string;
  service: string;
  role: string;
  domain: string;
  /** ms since epoch */
  from: number;
  /** ms since epoch; Infinity when open-ended */
  until: number;
  createdAt: string;
  grantedBy: string;
  grantedByRole: string;
  validFrom: string;
  validUntil: string | null;
  /** a revoked grant stays in the index to give the reason of a no (revoked, or ran out) */
  revokedAt: string | null;
  revokedBy: string | null;
  /** the access request the grant answered (issue 18) */
  accessRequest?: string | null;
  /** issue 19: the establishment units it is limited to; absent: every unit of the enterprise */
  establishments?: string[];
  /**
   * The answer's chain, computed once: it depends only on this grant and the enterprise's
   * appointments, and any change to those replaces this record (reloadEnterpriseGrants).
   */
  chain?: ChainLink[];
  /** reason_admin of a yes, computed once for the same reason */
  admin?: string;
  /** the grant-use recorder's mark (grant-use-recorder.ts) */
  usedIn?: number;
  /** the whole answer of a yes, per language, kept for the same reason (check-access.ts answerGranted) */
  answers?: { [lang: string]: unknown };
}
