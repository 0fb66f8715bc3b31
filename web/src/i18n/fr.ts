import type { Messages } from './en.ts';
import { accessRequests } from './fr/access-requests.ts';
import { audit } from './fr/audit.ts';
import { common } from './fr/common.ts';
import { delegation } from './fr/delegation.ts';
import { desk } from './fr/desk.ts';
import { endingSoon } from './fr/ending-soon.ts';
import { establishments } from './fr/establishments.ts';
import { exception } from './fr/exception.ts';
import { extendGrant } from './fr/extend-grant.ts';
import { foreignEnterprises } from './fr/foreign-enterprises.ts';
import { management } from './fr/management.ts';
import { mandates } from './fr/mandates.ts';
import { personLinks } from './fr/person-links.ts';
import { registerReviews } from './fr/register-reviews.ts';
import { start } from './fr/start.ts';
import { systemUsers } from './fr/system-users.ts';
import { validation } from './fr/validation.ts';

export const fr: Messages = {
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
