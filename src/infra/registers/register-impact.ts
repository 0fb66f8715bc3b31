/**
 * What a register import would do to the rights btb holds (issue 17, section 1), worked out
 * inside the import's own transaction, before it commits: the rights are counted with the
 * register as it was, then again with the register as the import leaves it, and the difference
 * is the import's impact. An import whose impact is over the limits (a share of all rights, or of
 * one enterprise's rights) is rolled back and held for an operator's confirmation: a bad extract
 * (an empty enterprise file, every status flipped) must not wipe the country.
 *
 * "Rights" are the active appointments and grants of an enterprise and its active mandates (a
 * mandate counts for both its parties). An import affects:
 * - every right of an enterprise it stops (active before, not active or gone after), and the
 *   mandates of which that enterprise is a party;
 * - each main or co-main access manager it leaves without a basis (employee or legal
 *   representative before, neither after).
 * Plain SQL on the session: the same text on SQLite and PostgreSQL (placeholders are rewritten).
 */
import { createHash } from 'node:crypto';

/** The one thing the impact needs of the import's session: reads inside its transaction. */
export interface SqlReader {
  all<T>(sqlText: string, params?: (string | null)[]): Promise<T[]>;
}

export interface ImportLimits {
  /** hold when more than this share (0..1) of all rights would be affected */
  allShare: number;
  /** hold when more than this share (0..1) of one enterprise's rights would be affected */
  enterpriseShare: number;
  /** never hold an import affecting fewer rights than this (in all, or in the enterprise) */
  minRights: number;
}

export interface ImportImpact {
  /** rights held in btb before the import */
  totalRights: number;
  /** rights the import would end or put under review */
  affectedRights: number;
  /** enterprises the import stops, with the rights each holds and the status it gets ('' when gone) */
  stopped: { enterprise: string; status: string; rights: number }[];
  /** main and co-main appointments the import leaves without a basis */
  ineligible: { appointment: string; enterprise: string; person: string; kind: string }[];
  /** enterprises over the per-enterprise limit, and whether the whole is over the global limit */
  overEnterprise: { enterprise: string; affected: number; rights: number }[];
  isOverAll: boolean;
  /** a digest of what the import would do: the operator confirms exactly this */
  confirmationId: string;
}

/** Thrown inside the import's transaction: it rolls back, and the caller shows what it would do. */
export class ImportHeldError extends Error {
  readonly impact: ImportImpact;
  /** the confirmation the operator gave, when it was not this impact's */
  readonly wrongConfirmation: string | undefined;
  constructor(impact: ImportImpact, wrongConfirmation: string | undefined) {
    super(
      `import held: it would affect ${impact.affectedRights} of ${impact.totalRights} rights; confirm with --confirm ${impact.confirmationId}`,
    );
    this.name = 'ImportHeldError';
    this.impact = impact;
    this.wrongConfirmation = wrongConfirmation;
  }
}

export interface RightsSnapshot {
  /** enterprise → [status or null when not in the register, rights] */
  enterprises: Map<string, { status: string | null; rights: number }>;
  /** active main/co-main appointments → whether the registers back them */
  backed: Map<string, { enterprise: string; person: string; kind: string; isBacked: boolean }>;
  mandates: number;
}

const ACTIVE = 'AC';

/** Counts the rights per enterprise and whether each main/co-main is backed, at `now` (ISO) on `day`. */
export async function snapshotRights(s: SqlReader, now: string, day: string): Promise<RightsSnapshot> {
  const rows = await s.all<{ en: string; n: string | number; status: string | null }>(
    `select r.en as en, count(*) as n, max(e.status) as status from (
       select enterprise_number as en from appointment where ended_at is null and (valid_until is null or valid_until > ?)
       union all select enterprise_number as en from access_grant where revoked_at is null and (valid_until is null or valid_until > ?)
       union all select mandator_number as en from mandate where status = 'active'
       union all select mandatary_number as en from mandate where status = 'active'
     ) r left join enterprise e on e.number = r.en group by r.en`,
    [now, now],
  );
  const enterprises = new Map(rows.map((r) => [r.en, { status: r.status, rights: Number(r.n) }]));
  const mandates = Number(
    (await s.all<{ n: string | number }>("select count(*) as n from mandate where status = 'active'"))[0]?.n ?? 0,
  );
  const backing = await s.all<{ id: string; en: string; person: string; kind: string; ok: number | string }>(
    `select a.id as id, a.enterprise_number as en, a.person_number as person, a.kind as kind,
       case when exists (select 1 from legal_function f where f.enterprise_number = a.enterprise_number
                           and f.person_number = a.person_number and f.start_date <= ? and (f.end_date is null or f.end_date >= ?))
              or exists (select 1 from employment m where m.enterprise_number = a.enterprise_number
                           and m.person_number = a.person_number and m.start_date <= ? and (m.end_date is null or m.end_date >= ?))
            then 1 else 0 end as ok
     from appointment a
     where a.kind in ('main', 'co_main') and a.mandate_id is null and a.ended_at is null
       and (a.valid_until is null or a.valid_until > ?)`,
    [day, day, day, day, now],
  );
  const backed = new Map(
    backing.map((b) => [b.id, { enterprise: b.en, person: b.person, kind: b.kind, isBacked: Number(b.ok) === 1 }]),
  );
  return { enterprises, backed, mandates };
}

/** The difference between two snapshots, measured against the limits. */
export function impactOf(before: RightsSnapshot, after: RightsSnapshot, limits: ImportLimits): ImportImpact {
  // each enterprise counts its mandates; in all, a mandate is one right, not two
  let totalRights = -before.mandates;
  for (const e of before.enterprises.values()) totalRights += e.rights;
  const stopped: ImportImpact['stopped'] = [];
  const affectedBy = new Map<string, number>();
  for (const [enterprise, was] of before.enterprises) {
    const now = after.enterprises.get(enterprise);
    if (was.status === ACTIVE && now?.status !== ACTIVE) {
      stopped.push({ enterprise, status: now?.status ?? '', rights: was.rights });
      affectedBy.set(enterprise, was.rights);
    }
  }
  const ineligible: ImportImpact['ineligible'] = [];
  for (const [appointment, was] of before.backed) {
    const now = after.backed.get(appointment);
    if (!was.isBacked || !now || now.isBacked || affectedBy.has(was.enterprise)) continue;
    ineligible.push({ appointment, enterprise: was.enterprise, person: was.person, kind: was.kind });
  }
  for (const i of ineligible) affectedBy.set(i.enterprise, (affectedBy.get(i.enterprise) ?? 0) + 1);
  let affectedRights = 0;
  for (const n of affectedBy.values()) affectedRights += n;
  const overEnterprise = [...affectedBy]
    .map(([enterprise, affected]) => ({
      enterprise,
      affected,
      rights: before.enterprises.get(enterprise)?.rights ?? affected,
    }))
    .filter((e) => e.affected >= limits.minRights && e.affected > e.rights * limits.enterpriseShare)
    .sort((a, b) => b.affected - a.affected || a.enterprise.localeCompare(b.enterprise));
  const isOverAll = affectedRights >= limits.minRights && affectedRights > totalRights * limits.allShare;
  stopped.sort((a, b) => a.enterprise.localeCompare(b.enterprise));
  ineligible.sort((a, b) => a.appointment.localeCompare(b.appointment));
  const confirmationId = createHash('sha256')
    .update(
      JSON.stringify({
        stopped: stopped.map((x) => [x.enterprise, x.status, x.rights]),
        ineligible: ineligible.map((x) => x.appointment),
      }),
    )
    .digest('hex')
    .slice(0, 12);
  return { totalRights, affectedRights, stopped, ineligible, overEnterprise, isOverAll, confirmationId };
}

export interface ImpactGuard {
  limits: ImportLimits;
  /** the confirmation id an operator gave (`--confirm`): lets exactly that impact through */
  confirm?: string;
  now: Date;
  /** the Brussels calendar day of `now` */
  day: string;
}

/**
 * Call before the load, in the import's session; `finish` after it, in the same session. It
 * throws ImportHeldError (the session rolls back) when the impact is over the limits and the
 * operator has not confirmed exactly this impact.
 */
export async function startImpactGuard(
  s: SqlReader,
  guard: ImpactGuard | undefined,
): Promise<{ finish(): Promise<ImportImpact | undefined> }> {
  if (!guard) return { finish: async () => undefined };
  const now = guard.now.toISOString();
  const before = await snapshotRights(s, now, guard.day);
  return {
    async finish() {
      const impact = impactOf(before, await snapshotRights(s, now, guard.day), guard.limits);
      const isOver = impact.isOverAll || impact.overEnterprise.length > 0;
      if (isOver && guard.confirm !== impact.confirmationId) throw new ImportHeldError(impact, guard.confirm);
      return impact;
    },
  };
}
