import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber, requirePersonId } from '../shared/input.ts';
import { type Ctx, personContact, record } from '../shared/record.ts';
import { appointmentActiveAt, loadRoleFacts } from '../shared/roles.ts';
import { type BulkOutcome, MAX_BULK_ITEMS, refusal } from './bulk.ts';
import { grantUnderMandateIn } from './grant-under-mandate.ts';
import { mandateInForceAt } from './shared.ts';

export interface GrantToManyInput {
  /** the office (mandatary) */
  enterprise: string;
  person: string;
  services: string[];
  /** clients (mandators) by enterprise number; or allClients for every client in force */
  clients?: string[];
  allClients?: boolean;
  validUntil?: string;
}

/**
 * One employee of the office gets the same services at many clients at once. Every (client,
 * service) pair is its own grant in its own transaction, authorized like a single grant; the
 * employee gets one summary mail instead of thousands.
 */
export async function grantToManyClients(deps: Deps, ctx: Ctx, input: GrantToManyInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const services = [...new Set(input.services)];
  if (!services.length)
    throw new DomainError('validation.invalid_input', { field: 'services', reason: 'give at least one service' });
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const db = deps.db.db;
  // Only someone who can grant under some mandate of this office learns anything per client.
  const facts = await loadRoleFacts(db, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
  const isOfficeManager = facts.isMain || facts.isCoMain;
  if (!isOfficeManager) {
    const cm = ctx.actor.personNumber
      ? await db
          .selectFrom('appointment')
          .innerJoin('mandate', 'mandate.id', 'appointment.mandate_id')
          .select('appointment.id')
          .where('appointment.person_number', '=', ctx.actor.personNumber)
          .where('appointment.kind', '=', 'client')
          .where('mandate.mandatary_number', '=', enterprise)
          .where(appointmentActiveAt(now))
          .executeTakeFirst()
      : undefined;
    if (!cm) throw new DomainError('authorization.not_client_manager', {});
  }
  let q = db
    .selectFrom('mandate')
    .select(['id', 'mandator_number'])
    .where('mandatary_number', '=', enterprise)
    .where(mandateInForceAt(now));
  let wanted: string[] | undefined;
  if (!input.allClients) {
    const clients = (input.clients ?? []).map((c) => {
      try {
        return requireEnterpriseNumber(c);
      } catch {
        return c;
      }
    });
    if (!clients.length)
      throw new DomainError('validation.invalid_input', { field: 'clients', reason: 'give clients or allClients' });
    if (clients.length > MAX_BULK_ITEMS) throw new DomainError('import.too_many_lines', { max: MAX_BULK_ITEMS });
    q = q.where('mandator_number', 'in', clients);
    wanted = clients;
  }
  const mandates = await q.orderBy('mandator_number').execute();
  const byClient = new Map(mandates.map((m) => [m.mandator_number, m.id]));
  const items: BulkOutcome[] = [];
  const targets = wanted ?? mandates.map((m) => m.mandator_number);
  // every (client, service) pair is a unit of the caller's hourly allowance (issue 13, finding 10)
  await ctx.spend?.(targets.length * services.length);
  let n = 0;
  for (const client of targets) {
    const id = byClient.get(client);
    for (const service of services) {
      n++;
      if (!id) {
        items.push({
          line: n,
          enterprise: client,
          service,
          outcome: 'refused',
          code: 'mandate.not_found',
          details: {},
        });
        continue;
      }
      try {
        const { grant } = await deps.db.unitOfWork((tx) =>
          grantUnderMandateIn(
            tx,
            deps,
            ctx,
            { enterprise, id, person, service, validUntil: input.validUntil },
            { notify: false },
          ),
        );
        items.push({ line: n, enterprise: client, service, outcome: 'done', id: grant.id });
      } catch (e) {
        items.push({ line: n, enterprise: client, service, outcome: 'refused', ...refusal(e) });
      }
    }
  }
  const granted = items.filter((i) => i.outcome === 'done').length;
  if (granted > 0) {
    await deps.db.unitOfWork(async (tx) => {
      const contact = await personContact(tx, person);
      await record(tx, deps, ctx, {
        at: deps.clock.now().toISOString(),
        actorRole: isOfficeManager ? (facts.isMain ? 'main' : 'co_main') : 'client',
        enterprise,
        action: 'grant.bulk_created',
        target: person,
        after: { person, services, granted, refused: items.length - granted },
        mails: [
          {
            to: contact.email,
            language: contact.language,
            template: 'granted_many',
            params: {
              count: granted,
              clients: new Set(items.filter((i) => i.outcome === 'done').map((i) => i.enterprise)).size,
              services,
            },
          },
        ],
      });
    });
  }
  return { items, granted, refused: items.length - granted };
}
