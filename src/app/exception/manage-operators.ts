import { DomainError } from '../../domain/errors.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Deps } from '../deps.ts';
import { requirePersonId } from '../shared/input.ts';

/**
 * The service desk role is given from the command line, by whoever runs btb on its server:
 * there is no API to make oneself an operator. Every change is in the audit log (actor "cli").
 */
export async function addOperator(deps: Deps, input: { person: string; by?: string }) {
  const person = requirePersonId(input.person);
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const existing = await tx
      .selectFrom('operator')
      .select('person_number')
      .where('person_number', '=', person)
      .executeTakeFirst();
    if (existing) return { person, added: false };
    await tx
      .insertInto('operator')
      .values({ person_number: person, added_at: now, added_by: input.by ?? 'cli' })
      .execute();
    await appendAudit(tx, deps.db.engine, {
      at: now,
      actor: input.by ?? 'cli',
      actorRole: 'administrator',
      enterprise: null,
      action: 'operator.added',
      target: person,
    });
    return { person, added: true };
  });
}

export async function removeOperator(deps: Deps, input: { person: string; by?: string }) {
  const person = requirePersonId(input.person);
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const res = await tx.deleteFrom('operator').where('person_number', '=', person).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new DomainError('operator.not_found', { person });
    await appendAudit(tx, deps.db.engine, {
      at: now,
      actor: input.by ?? 'cli',
      actorRole: 'administrator',
      enterprise: null,
      action: 'operator.removed',
      target: person,
    });
    return { person, removed: true };
  });
}

export async function listOperators(deps: Deps) {
  return deps.db.db
    .selectFrom('operator')
    .leftJoin('person', 'person.number', 'operator.person_number')
    .select([
      'operator.person_number',
      'operator.added_at',
      'operator.added_by',
      'person.given_name',
      'person.family_name',
    ])
    .orderBy('operator.added_at')
    .execute();
}
