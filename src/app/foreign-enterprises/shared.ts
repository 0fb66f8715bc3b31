/**
 * What the desk's foreign-enterprise use cases share (issue 19, section 2): the view they answer,
 * the checks of a recorded legal representative, and the rows that put a registered enterprise
 * in the chain (enterprise, denomination, legal_function).
 */
import { addCalendarMonths, parseCalendarDay } from '../../domain/brussels-time.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Queryable, Tx } from '../../infra/db/database.ts';
import type {
  ForeignEnterpriseAttachmentTable,
  ForeignEnterpriseLinkTable,
  ForeignEnterpriseTable,
  ForeignRepresentativeTable,
} from '../../infra/db/schema.ts';
import { isoDate, type Registers } from '../../ports.ts';
import { identitiesOf } from '../exception/shared.ts';
import { requirePersonId } from '../shared/input.ts';

/** A recorded legal representative's power ends at the latest this many months ahead. */
export const REPRESENTATIVE_MAX_MONTHS = 36;
/** The function code of a representative the desk recorded (the KBO's own codes are digits). */
export const FOREIGN_FUNCTION_CODE = 'FLR';
export const MAX_REPRESENTATIVES = 10;

export interface RepresentativeInput {
  person: string;
  familyName: string;
  givenName: string;
  endDate: string;
}

export interface ForeignEnterpriseView {
  number: string;
  euid: string | null;
  nationalRegisterNumber: string | null;
  homeRegister: string;
  name: string;
  country: string;
  status: ForeignEnterpriseTable['status'];
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  kboNumber: string | null;
  linkedAt: string | null;
  representatives: {
    id: string;
    person: string;
    familyName: string;
    givenName: string;
    endDate: string;
    status: ForeignRepresentativeTable['status'];
  }[];
  documents: { id: string; kind: string; filename: string; contentType: string; size: number }[];
  /** proposed, done and rejected links to a KBO number, oldest first */
  links: {
    id: string;
    kboNumber: string;
    reason: string;
    status: ForeignEnterpriseLinkTable['status'];
    proposedBy: string;
    proposedAt: string;
  }[];
}

const invalid = (field: string, reason: string) => new DomainError('validation.invalid_input', { field, reason });

/** Printable text of 1–max characters after trimming and NFC; control and format characters refused. */
export function requireText(input: string, field: string, max: number): string {
  const v = input.trim().normalize('NFC');
  if (v.length === 0 || v.length > max) throw invalid(field, `1 to ${max} characters`);
  if (/[\p{Cc}\p{Cf}]/u.test(v)) throw invalid(field, 'printable characters only');
  return v;
}

/** The last day of a representation: after today, at most 36 months ahead (Brussels days). */
export function requireEndDate(input: string, field: string, now: Date): string {
  const day = parseCalendarDay(input.trim());
  if (!day) throw invalid(field, 'a date YYYY-MM-DD');
  const iso = input.trim();
  const today = isoDate(now);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const latest = addCalendarMonths({ year: y, month: m, day: d }, REPRESENTATIVE_MAX_MONTHS);
  const latestIso = `${latest.year}-${String(latest.month).padStart(2, '0')}-${String(latest.day).padStart(2, '0')}`;
  if (iso <= today) throw invalid(field, 'after today');
  if (iso > latestIso) throw invalid(field, `at the latest ${latestIso} (${REPRESENTATIVE_MAX_MONTHS} months)`);
  return iso;
}

export function requireRepresentatives(input: RepresentativeInput[], now: Date): RepresentativeInput[] {
  if (input.length === 0 || input.length > MAX_REPRESENTATIVES)
    throw invalid('representatives', `1 to ${MAX_REPRESENTATIVES} legal representatives`);
  const seen = new Set<string>();
  return input.map((r, i) => {
    const f = `representatives/${i}`;
    const person = requirePersonId(r.person, `${f}/person`);
    if (seen.has(person)) throw invalid(`${f}/person`, 'listed twice');
    seen.add(person);
    return {
      person,
      familyName: requireText(r.familyName, `${f}/familyName`, 200),
      givenName: requireText(r.givenName, `${f}/givenName`, 200),
      endDate: requireEndDate(r.endDate, `${f}/endDate`, now),
    };
  });
}

/**
 * Review 7, finding 1: no operator registers, confirms, rejects, renews or links a foreign
 * enterprise in which they have a stake: they (by their number, or an identity the desk linked
 * to it) are one of its recorded legal representatives (`persons`, for a registration not yet
 * stored), or hold an appointment at it that is not ended. Else the desk could make one of its own
 * a legal representative (and so its main access manager), or move their appointment to a KBO
 * number, with nobody but themself deciding. Asked before anything is stored or moved.
 */
export async function requireNoStake(
  q: Queryable,
  operator: string,
  enterprise: string | null,
  persons: readonly string[] = [],
  register?: { registers: Registers; day: string },
): Promise<void> {
  const self = await identitiesOf(q, operator);
  const parties = new Set(persons);
  // a KBO enterprise's representatives are in the enterprise register (review 8, finding 3d)
  if (register && enterprise !== null)
    for (const id of self)
      if ((await register.registers.currentFunctions(q, enterprise, id, register.day)).length > 0) parties.add(id);
  if (enterprise !== null) {
    const reps = await q
      .selectFrom('foreign_representative')
      .select('person')
      .where('enterprise_number', '=', enterprise)
      .execute();
    const appointed = await q
      .selectFrom('appointment')
      .select('person_number')
      .where('enterprise_number', '=', enterprise)
      .where('ended_at', 'is', null)
      .execute();
    for (const r of reps) parties.add(r.person);
    for (const a of appointed) parties.add(a.person_number);
  }
  if ([...self].some((id) => parties.has(id)))
    throw new DomainError('exception.conflict_of_interest', {
      reason: 'the operator represents or manages this enterprise',
      ...(enterprise !== null ? { enterprise } : {}),
    });
}

export async function loadForeignEnterprise(q: Queryable, number: string): Promise<ForeignEnterpriseTable> {
  const row = await q.selectFrom('foreign_enterprise').selectAll().where('number', '=', number).executeTakeFirst();
  if (!row) throw new DomainError('foreign_enterprise.not_found', { enterprise: number });
  return row;
}

export async function viewOf(q: Queryable, row: ForeignEnterpriseTable): Promise<ForeignEnterpriseView> {
  const [reps, docs, links] = await Promise.all([
    q
      .selectFrom('foreign_representative')
      .selectAll()
      .where('enterprise_number', '=', row.number)
      .orderBy('family_name')
      .orderBy('id')
      .execute(),
    q
      .selectFrom('foreign_enterprise_attachment')
      .selectAll()
      .where('enterprise_number', '=', row.number)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
    q
      .selectFrom('foreign_enterprise_link')
      .selectAll()
      .where('enterprise_number', '=', row.number)
      .orderBy('proposed_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    number: row.number,
    euid: row.euid,
    nationalRegisterNumber: row.national_register_number,
    homeRegister: row.home_register,
    name: row.name,
    country: row.country,
    status: row.status,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    kboNumber: row.kbo_number,
    linkedAt: row.linked_at,
    representatives: reps.map((r) => ({
      id: r.id,
      person: r.person,
      familyName: r.family_name,
      givenName: r.given_name,
      endDate: r.end_date,
      status: r.status,
    })),
    documents: docs.map((d: ForeignEnterpriseAttachmentTable) => ({
      id: d.id,
      kind: d.kind,
      filename: d.filename,
      contentType: d.content_type,
      size: d.size_bytes,
    })),
    links: links.map((l) => ({
      id: l.id,
      kboNumber: l.kbo_number,
      reason: l.reason,
      status: l.status,
      proposedBy: l.proposed_by,
      proposedAt: l.proposed_at,
    })),
  };
}

/**
 * Puts a confirmed foreign enterprise in the register tables the chain reads: an active
 * enterprise row, its name, and a legal function per representative from today to its end date.
 */
export async function enterChain(tx: Tx, row: ForeignEnterpriseTable, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx
    .insertInto('enterprise')
    .values({
      number: row.number,
      status: 'AC',
      juridical_situation: null,
      type_of_enterprise: null,
      juridical_form: null,
      juridical_form_cac: null,
      start_date: isoDate(now),
      updated_at: at,
    })
    .execute();
  // KBO language code 0: a name in no national language
  await tx
    .insertInto('denomination')
    .values({ entity_number: row.number, language: '0', type: '001', denomination: row.name })
    .execute();
  const reps = await tx
    .selectFrom('foreign_representative')
    .selectAll()
    .where('enterprise_number', '=', row.number)
    .where('status', '=', 'proposed')
    .execute();
  for (const r of reps) {
    await tx
      .insertInto('legal_function')
      .values({
        enterprise_number: row.number,
        person_number: r.person,
        function_code: FOREIGN_FUNCTION_CODE,
        start_date: isoDate(now),
        end_date: r.end_date,
      })
      .execute();
  }
  await tx
    .updateTable('foreign_representative')
    .set({ status: 'active' })
    .where('enterprise_number', '=', row.number)
    .where('status', '=', 'proposed')
    .execute();
}
