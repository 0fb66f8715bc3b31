/**
 * The role facts the domain's rule tables start from: an active enterprise where the actor holds
 * no role (`noRoles`), and one fact set per role. A pure module (domain types only), so that the
 * mutation run's domain tests (stryker.vitest.config.ts) load nothing else.
 */
import type { RoleFacts } from '../src/domain/authorize.ts';

export const noRoles: RoleFacts = {
  enterpriseExists: true,
  enterpriseActive: true,
  isLegalRepresentative: false,
  isMain: false,
  isCoMain: false,
  managedDomains: [],
};

/** Each role on its own: the legal representative, the main, a co-main, the finance domain's access manager, a stranger. */
export const roleFacts = {
  lr: { ...noRoles, isLegalRepresentative: true },
  main: { ...noRoles, isMain: true },
  coMain: { ...noRoles, isCoMain: true },
  domain: { ...noRoles, managedDomains: ['finance'] },
  stranger: noRoles,
} satisfies Record<string, RoleFacts>;
