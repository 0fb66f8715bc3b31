import type { Actor } from '../../domain/actor.ts';
import { type Action, authorize, type EnterpriseRole, permissions } from '../../domain/authorize.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { loadRoleFacts } from './roles.ts';

/**
 * Loads the actor's role facts in the transaction and authorizes, or throws. For a change, on
 * PostgreSQL, the enterprise row is locked first, so concurrent changes to one enterprise's chain
 * run one after the other (SQLite serialises writers anyway).
 */
export async function authorizeIn(
  tx: Tx,
  deps: Pick<Deps, 'db' | 'registers'>,
  actor: Actor,
  action: Action,
  enterprise: string,
  now: Date,
  domain?: string,
  opts: { lock?: boolean } = {},
): Promise<EnterpriseRole> {
  // Only changes need the lock; a read that queued behind writers made PostgreSQL's p99 under
  // load seconds long (docs/reliability.md). A read that needs a change's power (a page that
  // shows what the caller could change: the one-click extension) says `lock: false`.
  if (deps.db.engine === 'postgres' && !permissions[action].isRead && opts.lock !== false) {
    await tx.selectFrom('enterprise').select('number').where('number', '=', enterprise).forUpdate().execute();
  }
  const facts = await loadRoleFacts(tx, deps.registers, enterprise, actor.personNumber, now);
  const decision = authorize(actor, action, facts, domain);
  if (!decision.allowed) throw new DomainError(decision.code, decision.details);
  return decision.role;
}
