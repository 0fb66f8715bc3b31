/**
 * The service desk registers an enterprise that has no KBO number (issue 19, section 2): its home
 * register, its EUID or national register number, name, country, legal representatives (each
 * with an end date) and the documents that prove them. It gets an F-number at once, but exists
 * in the chain only once a second operator confirms (four eyes; decide-foreign-enterprise.ts),
 * or at once when `exception.fourEyes` is off, like the desk's other decisions.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { foreignRegisterKey, makeForeignEnterpriseNumber, parseEuid } from '../../domain/foreign-enterprise.ts';
import { EIDAS_COUNTRIES } from '../../domain/person-id.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { ForeignEnterpriseTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireOperator, SERVICE_DESK } from '../exception/shared.ts';
import { checkFiles, type IncomingFile, storeFiles } from '../exception/store-attachments.ts';
import { actorId, type Ctx } from '../shared/record.ts';
import { confirmRegistration } from './decide-foreign-enterprise.ts';
import {
  type ForeignEnterpriseView,
  type RepresentativeInput,
  requireNoStake,
  requireRepresentatives,
  requireText,
  viewOf,
} from './shared.ts';

export interface RegisterForeignEnterpriseInput {
  homeRegister: string;
  euid?: string;
  nationalRegisterNumber?: string;
  name: string;
  country: string;
  representatives: RepresentativeInput[];
  documents: IncomingFile[];
}

const invalid = (field: string, reason: string) => new DomainError('validation.invalid_input', { field, reason });

function requireCountry(input: string): string {
  let c = input.trim().toUpperCase();
  if (c === 'GR') c = 'EL';
  if (!EIDAS_COUNTRIES.includes(c)) throw invalid('country', 'an EU or EEA country code other than BE');
  return c;
}

function requireIdentity(input: RegisterForeignEnterpriseInput, country: string) {
  const rawEuid = input.euid?.trim() ? input.euid : undefined;
  const rawNrn = input.nationalRegisterNumber?.trim() ? input.nationalRegisterNumber : undefined;
  if (!rawEuid && !rawNrn) throw invalid('euid', 'an EUID or a national register number');
  let euid: string | null = null;
  if (rawEuid) {
    const p = parseEuid(rawEuid);
    if (!p.ok) throw invalid('euid', p.reason);
    if (p.value.country !== country) throw invalid('euid', 'country_mismatch');
    euid = p.value.euid;
  }
  const nationalRegisterNumber = rawNrn ? requireText(rawNrn, 'nationalRegisterNumber', 64) : null;
  if (nationalRegisterNumber && !/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(nationalRegisterNumber))
    throw invalid('nationalRegisterNumber', 'printable ASCII');
  return { euid, nationalRegisterNumber };
}

/** One live record per EUID, and per national register number in a country, however it is typed (review 8, finding 3b). */
async function requireNew(tx: Tx, country: string, euid: string | null, nrn: string | null): Promise<void> {
  const live = tx.selectFrom('foreign_enterprise').select('number').where('status', 'in', ['proposed', 'registered']);
  const byEuid = euid ? await live.where('euid', '=', euid).executeTakeFirst() : undefined;
  if (byEuid) throw new DomainError('foreign_enterprise.duplicate', { field: 'euid', existing: byEuid.number });
  const byNrn = nrn
    ? await live
        .where('country', '=', country)
        .where('national_register_key', '=', foreignRegisterKey(nrn))
        .executeTakeFirst()
    : undefined;
  if (byNrn)
    throw new DomainError('foreign_enterprise.duplicate', { field: 'nationalRegisterNumber', existing: byNrn.number });
}

async function nextNumber(tx: Tx): Promise<string> {
  const last = await tx
    .selectFrom('foreign_enterprise')
    .select((eb) => eb.fn.max('number').as('max'))
    .executeTakeFirst();
  const max = last?.max ?? null;
  return makeForeignEnterpriseNumber(max ? Number(max.slice(1, 8)) + 1 : 1);
}

export async function registerForeignEnterprise(
  deps: Deps,
  ctx: Ctx,
  input: RegisterForeignEnterpriseInput,
): Promise<ForeignEnterpriseView> {
  const proposer = await requireOperator(deps.db.db, ctx.actor);
  const now = deps.clock.now();
  const country = requireCountry(input.country);
  const ids = requireIdentity(input, country);
  const name = requireText(input.name, 'name', 200);
  const homeRegister = requireText(input.homeRegister, 'homeRegister', 200);
  const reps = requireRepresentatives(input.representatives, now);
  if (input.documents.length === 0) throw invalid('documents', 'at least one document as evidence');
  // before the documents are stored; asked again in the transaction (a link confirmed meanwhile)
  await requireNoStake(
    deps.db.db,
    proposer,
    null,
    reps.map((r) => r.person),
  );
  const files = checkFiles(deps, input.documents, 0);
  const stored = await storeFiles(deps, files);
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    await requireNoStake(
      tx,
      operator,
      null,
      reps.map((r) => r.person),
    );
    await requireNew(tx, country, ids.euid, ids.nationalRegisterNumber);
    const at = now.toISOString();
    const row: ForeignEnterpriseTable = {
      number: await nextNumber(tx),
      euid: ids.euid,
      national_register_number: ids.nationalRegisterNumber,
      national_register_key:
        ids.nationalRegisterNumber === null ? null : foreignRegisterKey(ids.nationalRegisterNumber),
      home_register: homeRegister,
      name,
      country,
      status: 'proposed',
      proposed_by: operator,
      proposed_at: at,
      decided_by: null,
      decided_at: null,
      kbo_number: null,
      linked_by: null,
      linked_at: null,
    };
    await tx.insertInto('foreign_enterprise').values(row).execute();
    for (const r of reps) {
      await tx
        .insertInto('foreign_representative')
        .values({
          id: randomUUID(),
          enterprise_number: row.number,
          person: r.person,
          family_name: r.familyName,
          given_name: r.givenName,
          end_date: r.endDate,
          status: 'proposed',
          renewal_end_date: null,
          renewal_proposed_by: null,
          renewal_proposed_at: null,
        })
        .execute();
    }
    for (const s of stored) {
      await tx
        .insertInto('foreign_enterprise_attachment')
        .values({
          id: randomUUID(),
          enterprise_number: row.number,
          kind: s.kind,
          filename: s.filename,
          content_type: s.contentType,
          size_bytes: s.size,
          sha256: s.sha256,
          uploaded_at: at,
          uploaded_by: operator,
        })
        .execute();
    }
    await appendAudit(tx, deps.db.engine, {
      at,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.proposed',
      target: row.number,
      after: {
        euid: row.euid,
        nationalRegisterNumber: row.national_register_number,
        country,
        name,
        representatives: reps.map((r) => ({ person: r.person, endDate: r.endDate })),
        documents: stored.map((s) => s.sha256),
      },
      requestId: ctx.requestId ?? null,
    });
    if (!deps.config.exception.fourEyes) return viewOf(tx, await confirmRegistration(tx, deps, ctx, row, operator));
    return viewOf(tx, row);
  });
}
