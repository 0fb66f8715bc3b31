/**
 * The English texts are the reference: their shape is the type every other language must
 * match in full, so a missing or extra string fails the type check. The texts live in one
 * file per feature (./en/*.ts, and the same files for each language); a new feature adds
 * its file in every language and one spread below.
 */
import { accessRequests } from './en/access-requests.ts';
import { audit } from './en/audit.ts';
import { common } from './en/common.ts';
import { delegation } from './en/delegation.ts';
import { desk } from './en/desk.ts';
import { endingSoon } from './en/ending-soon.ts';
import { establishments } from './en/establishments.ts';
import { exception } from './en/exception.ts';
import { extendGrant } from './en/extend-grant.ts';
import { foreignEnterprises } from './en/foreign-enterprises.ts';
import { management } from './en/management.ts';
import { mandates } from './en/mandates.ts';
import { personLinks } from './en/person-links.ts';
import { registerReviews } from './en/register-reviews.ts';
import { start } from './en/start.ts';
import { systemUsers } from './en/system-users.ts';
import { validation } from './en/validation.ts';

export const en = {
  ...common,
  ...start,
  ...delegation,
  ...audit,
  ...mandates,
  ...exception,
  ...desk,
  ...registerReviews,
  ...extendGrant,
  ...management,
  ...accessRequests,
  ...validation,
  ...establishments,
  ...systemUsers,
  ...endingSoon,
  ...foreignEnterprises,
  ...personLinks,
};

/** Every string widened: the other languages must have the same keys, with any text. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
