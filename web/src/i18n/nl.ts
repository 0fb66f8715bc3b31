import type { Messages } from './en.ts';
import { accessRequests } from './nl/access-requests.ts';
import { audit } from './nl/audit.ts';
import { common } from './nl/common.ts';
import { delegation } from './nl/delegation.ts';
import { desk } from './nl/desk.ts';
import { endingSoon } from './nl/ending-soon.ts';
import { establishments } from './nl/establishments.ts';
import { exception } from './nl/exception.ts';
import { extendGrant } from './nl/extend-grant.ts';
import { foreignEnterprises } from './nl/foreign-enterprises.ts';
import { management } from './nl/management.ts';
import { mandates } from './nl/mandates.ts';
import { personLinks } from './nl/person-links.ts';
import { registerReviews } from './nl/register-reviews.ts';
import { start } from './nl/start.ts';
import { systemUsers } from './nl/system-users.ts';
import { validation } from './nl/validation.ts';

export const nl: Messages = {
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
