/**
 * AuthZEN action search: which actions may the person take on this resource? An online service
 * knows one action (`use`), a domain one (`manage`): the answer is that action when its
 * evaluation is true, and nothing otherwise.
 */
import { ownValue } from '../domain/own.ts';
import { type CheckCtx, type CheckDeps, checkAccess } from './check-access.ts';
import { paginate } from './search-page.ts';
import type { SearchInput } from './search-resources.ts';

const ACTIONS: Record<string, string> = { 'online-service': 'use', domain: 'manage' };

export async function searchActions(deps: CheckDeps, ctx: CheckCtx, input: Omit<SearchInput, 'action'>) {
  const name = ownValue(ACTIONS, input.resource.type);
  if (!name) return paginate<{ name: string }>([], input.page);
  const r = await checkAccess(deps, ctx, { subject: input.subject, resource: input.resource, action: { name } });
  return paginate(r.decision ? [{ name }] : [], input.page);
}
