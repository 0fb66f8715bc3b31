/**
 * The check API's checker, assembled once: the in-memory index, and the mandate sources read fresh
 * from the database. The AuthZEN routes and the benchmark build it here, so the benchmark measures
 * exactly the path the API runs (issue 20).
 */
import type { CheckDeps } from './check-access.ts';
import { CheckIndex } from './check-index.ts';
import { createCheckStore } from './check-store.ts';
import { systemsOf } from './check-systems.ts';
import type { Deps } from './deps.ts';
import { linkedNumberOf } from './exception/link-person.ts';
import { createGrantUseRecorder, type GrantUseFlushError, type GrantUseRecorder } from './grant-use-recorder.ts';
import { mandateLookup } from './mandates/mandate-access.ts';
import { createSearchCache } from './search-cache.ts';
import { searchMandateResources } from './search-mandates.ts';

export function createChecker(
  deps: Deps,
  index = new CheckIndex(createCheckStore(deps.db), { maxPreloadGrants: deps.config.checkPreloadMaxGrants }),
  onUseError?: (e: GrantUseFlushError) => void,
): CheckDeps & { usage: GrantUseRecorder } {
  const check: CheckDeps & { usage: GrantUseRecorder } = {
    catalogue: deps.catalogue,
    clock: deps.clock,
    index,
    // when each grant last answered yes, written in batches (issue 17)
    usage: createGrantUseRecorder(deps.db, deps.clock, {
      flushMs: deps.config.lifetime.useFlushSeconds * 1000,
      onError: onUseError,
    }),
    // grants held for an enterprise under a mandate (issue 9), read fresh from the database
    mandates: mandateLookup(deps.db.db, index, deps.db),
    // resource search's clients through mandates: the register statuses from the index (issue 20)
    mandateResources: searchMandateResources(deps.db, index),
    // resource search answers kept while the database has not changed (issue 20)
    searchCache: createSearchCache(deps.db),
    linkedNumber: (eidasId) => linkedNumberOf(deps, eidasId),
  };
  // software acting for enterprises (issue 18, section 2)
  check.systems = systemsOf(check, deps.db.db);
  return check;
}
