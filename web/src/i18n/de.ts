import { accessRequests } from './de/access-requests.ts';
import { audit } from './de/audit.ts';
import { common } from './de/common.ts';
import { delegation } from './de/delegation.ts';
import { desk } from './de/desk.ts';
import { endingSoon } from './de/ending-soon.ts';
import { establishments } from './de/establishments.ts';
import { exception } from './de/exception.ts';
import { extendGrant } from './de/extend-grant.ts';
import { foreignEnterprises } from './de/foreign-enterprises.ts';
import { management } from './de/management.ts';
import { mandates } from './de/mandates.ts';
import { personLinks } from './de/person-links.ts';
import { registerReviews } from './de/register-reviews.ts';
import { start } from './de/start.ts';
import { systemUsers } from './de/system-users.ts';
import { validation } from './de/validation.ts';
import type { Messages } from './en.ts';

export const de: Messages = {
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
