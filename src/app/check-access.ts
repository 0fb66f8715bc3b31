/**
 * The check: may this person use this online service for this enterprise (action `use`), or
 * manage this domain of it (action `manage`), right now? A "no" is a result with a reason code,
 * never an error (ARCHITECTURE.md, convention 3).
 *
 * Decided here, on purpose: the main, co-main and domain access managers do NOT use services by
 * virtue of managing them. As in the real system, managers manage; a manager who also works in
 * a service grants it to themself, and that grant is visible, dated and audited like any other.
 */
import { brusselsDate } from '../domain/brussels-time.ts';
import type { Catalogue, OnlineService } from '../domain/catalogue.ts';
import { parseEnterpriseId } from '../domain/foreign-enterprise.ts';
import { parseEstablishmentNumber } from '../domain/identifiers.ts';
import { mandateCarries } from '../domain/mandate-rules.ts';
import { parsePersonId } from '../domain/person-id.ts';
import type { AppointmentTable } from '../infra/db/schema.ts';
import type { Clock } from '../ports.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import { type CheckIndex, type ClientRec, type GrantRec, isGrantActive } from './check-index.ts';
import { type Lang, type MessageKey, reasonUser } from './check-messages.ts';
import type { SearchCache } from './search-cache.ts';
import { type ChainLink, chainFrom } from './shared/chain.ts';
import { isAppointmentActive } from './shared/roles.ts';

/** Why an answer is no: the machine-readable contract; check-messages.ts holds the texts for people. */
export type ReasonCode = Exclude<MessageKey, 'granted' | 'manages'>;

export interface Entity {
  type: string;
  id?: string;
  properties?: Record<string, unknown>;
}

export interface EvaluationInput {
  subject: Entity;
  resource: Entity;
  action: { name: string; properties?: Record<string, unknown> };
  context?: Record<string, unknown>;
}

export interface CheckResult {
  decision: boolean;
  context: {
    reason?: ReasonCode;
    reason_user: string;
    reason_admin: string;
    chain: ChainLink[];
    /** issue 19: the capacities the enterprise holds that the service needs (a yes for such a service) */
    capacities?: string[];
  };
}

/**
 * Where grants come from. Today: the person's own grants (the index). A mandate source (grants
 * held for another enterprise under a mandate) plugs in as a second source without touching the
 * decision logic below.
 */
export interface GrantSource {
  name: string;
  grantsOf(index: CheckIndex, person: string): GrantRec[] | Promise<GrantRec[]>;
}

export const directGrants: GrantSource = {
  name: 'grant',
  grantsOf: (index, person) => index.grantsOf(person),
};

/** Why a grant under a mandate does not work (issue 14): the mandate ended, the person left the office… */
export interface MandateRefusal {
  reason: ReasonCode;
  admin: string;
}

/** A yes through a mandate (issue 9): the chain runs grant → client manager → … → mandate → mandator's signatory. */
export interface MandateAnswer {
  chain: ChainLink[];
  admin: string;
  /** issue 19: the mandator's capacity the mandate is given for; null: none */
  capacity: string | null;
}

/**
 * A service a person holds at a client through a mandate, for resource search (mandateResources):
 * only where the mandate works on the registers' side (the client and the office active, the person
 * staff of the office), so the search does not ask for the client's status again.
 */
export interface MandateResource {
  enterprise: string;
  service: string;
  domain: string;
  role: string;
  /** the instants between which it works, ms */
  from: number;
  until: number;
  /** issue 19: the capacity the mandate is given for; null: none */
  capacity: string | null;
}

/**
 * A system found by subject search: its client id, and the mandates under which a holder let it act
 * for the enterprise (none when only the enterprise's own managers did): the reason it is listed.
 */
export interface SystemSubjectHit {
  id: string;
  mandates?: { mandate: string; mandatary: string }[];
}

export interface CheckDeps {
  catalogue: Catalogue;
  clock: Clock;
  index: CheckIndex;
  grantSources?: GrantSource[];
  /** asked only when no own grant answers yes, so own-grant checks keep their cached fast path */
  mandates?: (
    person: string,
    enterprise: string,
    service: string,
    role: string,
    now: Date,
  ) => MandateAnswer | MandateRefusal | undefined | Promise<MandateAnswer | MandateRefusal | undefined>;
  /** notes each own grant that answers yes, for use-based expiry (issue 17; grant-use-recorder.ts) */
  usage?: { record(person: string, grant: GrantRec): void };
  /** software acting for enterprises (issue 18, section 2: check-systems.ts), `subject.type === "system"` */
  systems?: {
    check(ctx: CheckCtx, input: EvaluationInput): Promise<CheckResult>;
    /** subject search: the systems (client ids) that may use the resource, with the mandates they act under */
    subjects(ctx: CheckCtx, input: EvaluationInput): Promise<SystemSubjectHit[]>;
    /** resource search: what the system (by client id) may use, and for whom */
    resources(
      ctx: CheckCtx,
      clientId: string,
    ): Promise<{ type: 'online-service'; id: string; properties: { enterprise: string; roles: string[] } }[]>;
  };
  /** the Belgian number the service desk linked an eIDAS identifier to (issue 19); read fresh */
  linkedNumber?: (eidasId: string) => Promise<string | undefined>;
  /**
   * every (enterprise, service) the person holds through mandates, for resource search: the caller
   * keeps those in force (from <= now < until, ms); the others say when the list changes by itself
   */
  mandateResources?: (person: string, now: Date) => Promise<MandateResource[]>;
  /** resource search answers kept while the database has not changed (issue 20; search-cache.ts) */
  searchCache?: SearchCache;
}

export interface CheckCtx {
  client: Pick<ClientRec, 'scope' | 'isAll' | 'id'>;
  lang: Lang;
}

/** A client sees a service when its scope names the service, its domain, or `*`. */
export function serviceInScope(client: CheckCtx['client'], service: string, domain: string): boolean {
  return client.isAll || client.scope.has(service) || client.scope.has(domain);
}

export function domainInScope(client: CheckCtx['client'], domain: string): boolean {
  return client.isAll || client.scope.has(domain);
}

export function deny(ctx: CheckCtx, reason: ReasonCode, admin: string): CheckResult {
  return {
    decision: false,
    context: { reason, reason_user: reasonUser(reason, ctx.lang), reason_admin: admin, chain: [] },
  };
}

const then = <T, R>(v: T | Promise<T>, f: (x: T) => R | Promise<R>): R | Promise<R> =>
  v instanceof Promise ? v.then(f) : f(v);

/** Parses the AuthZEN request and answers it. Returns synchronously when everything is cached. */
export function checkAccess(
  deps: CheckDeps,
  ctx: CheckCtx,
  input: EvaluationInput,
): CheckResult | Promise<CheckResult> {
  if (input.subject.type === 'system' && deps.systems) return deps.systems.check(ctx, input);
  if (input.subject.type !== 'person')
    return deny(
      ctx,
      'unsupported_subject_type',
      `subject type "${input.subject.type}" is not supported; use "person" or "system"`,
    );
  const person = parsePersonId(String(input.subject.id ?? ''));
  if (!person.ok)
    return deny(
      ctx,
      'unknown_person',
      'subject.id is not a valid national register number, BIS number or eIDAS identifier',
    );
  // An eIDAS person the service desk linked to a Belgian number is that number (issue 19): a
  // service that knows them by their eIDAS identifier gets the answer their rights give.
  const id = person.value.id;
  const who: string | Promise<string> =
    person.value.kind === 'eidas' && deps.linkedNumber ? deps.linkedNumber(id).then((n) => n ?? id) : id;
  const rawEnterprise = input.resource.properties?.enterprise;
  const enterprise = typeof rawEnterprise === 'string' ? parseEnterpriseId(rawEnterprise) : undefined;
  const resourceId = String(input.resource.id ?? '');
  if (input.resource.type === 'online-service') {
    if (input.action.name !== 'use')
      return deny(
        ctx,
        'unsupported_action',
        `action "${input.action.name}" does not apply to an online service; use "use"`,
      );
    const service = deps.catalogue.service(resourceId);
    if (!service)
      return deny(ctx, 'unknown_service', `no online service "${resourceId}" in catalogue ${deps.catalogue.version}`);
    if (!serviceInScope(ctx.client, service.code, service.domain)) {
      return deny(
        ctx,
        'out_of_scope',
        `client ${ctx.client.id} is not registered for ${service.code} nor its domain ${service.domain}`,
      );
    }
    if (!enterprise?.ok)
      return deny(
        ctx,
        'unknown_enterprise',
        'resource.properties.enterprise is missing or not a valid enterprise number',
      );
    const role = typeof input.resource.properties?.role === 'string' ? input.resource.properties.role : '';
    const rawUnit = input.resource.properties?.establishment;
    if (rawUnit === undefined && typeof who === 'string' && service.capacities === undefined) {
      // the usual question, synchronous on SQLite: no closure per check (issue 20)
      const status = deps.index.begin(enterprise.value);
      if (!(status instanceof Promise))
        return checkUse(deps, ctx, who, enterprise.value, status, service.code, role, undefined);
      return status.then((st) => checkUse(deps, ctx, who, enterprise.value, st, service.code, role, undefined));
    }
    if (rawUnit === undefined)
      return then(who, (p) =>
        then(deps.index.begin(enterprise.value), (status) =>
          withCapacities(deps, ctx, enterprise.value, status, service, () =>
            checkUse(deps, ctx, p, enterprise.value, status, service.code, role, undefined),
          ),
        ),
      );
    const unit = parseUnit(ctx, rawUnit);
    if (typeof unit !== 'string') return unit;
    return then(who, (p) =>
      then(deps.index.begin(enterprise.value), (status) =>
        checkUnit(deps, ctx, enterprise.value, status, unit, (u) =>
          withCapacities(deps, ctx, enterprise.value, status, service, () =>
            checkUse(deps, ctx, p, enterprise.value, status, service.code, role, u),
          ),
        ),
      ),
    );
  }
  if (input.resource.type === 'domain') {
    if (input.action.name !== 'manage')
      return deny(ctx, 'unsupported_action', `action "${input.action.name}" does not apply to a domain; use "manage"`);
    const domain = deps.catalogue.domain(resourceId);
    if (!domain) return deny(ctx, 'unknown_domain', `no domain "${resourceId}" in catalogue ${deps.catalogue.version}`);
    if (!domainInScope(ctx.client, domain.code))
      return deny(ctx, 'out_of_scope', `client ${ctx.client.id} is not registered for domain ${domain.code}`);
    if (!enterprise?.ok)
      return deny(
        ctx,
        'unknown_enterprise',
        'resource.properties.enterprise is missing or not a valid enterprise number',
      );
    return then(who, (p) =>
      then(deps.index.begin(enterprise.value), (status) =>
        checkManage(deps, ctx, p, enterprise.value, status, domain.code),
      ),
    );
  }
  return deny(
    ctx,
    'unsupported_resource_type',
    `resource type "${input.resource.type}" is not supported; use "online-service" or "domain"`,
  );
}

export function enterpriseRefusal(ctx: CheckCtx, enterprise: string, status: string | null): CheckResult | undefined {
  if (status === null)
    return deny(ctx, 'unknown_enterprise', `enterprise ${enterprise} is not in the enterprise register`);
  if (status !== ACTIVE_STATUS)
    return deny(
      ctx,
      'enterprise_stopped',
      `enterprise ${enterprise} has register status ${status}, not active (AC): nobody acts for it`,
    );
  return undefined;
}

/** resource.properties.establishment, given: its normal form, or the refusal of a malformed one. */
export function parseUnit(ctx: CheckCtx, raw: unknown): string | CheckResult {
  const unit = typeof raw === 'string' ? parseEstablishmentNumber(raw) : undefined;
  if (unit?.ok) return unit.value;
  return deny(
    ctx,
    'unknown_establishment',
    'resource.properties.establishment is not a valid establishment unit number (10 digits, first 2-8, mod 97)',
  );
}

/**
 * Issue 19: the establishment unit asked about must be one the register lists for this very
 * enterprise; only then do the grants speak. One indexed read, only for checks that name a unit.
 */
export function checkUnit(
  deps: CheckDeps,
  ctx: CheckCtx,
  enterprise: string,
  status: string | null,
  unit: string,
  next: (unit: string) => CheckResult | Promise<CheckResult>,
): CheckResult | Promise<CheckResult> {
  const refused = enterpriseRefusal(ctx, enterprise, status);
  if (refused) return refused;
  return then(deps.index.store.establishmentEnterprise(unit), (owner) => {
    if (owner === null)
      return deny(ctx, 'unknown_establishment', `establishment unit ${unit} is not in the enterprise register`);
    if (owner !== enterprise)
      return deny(
        ctx,
        'establishment_other_enterprise',
        `establishment unit ${unit} belongs to enterprise ${owner}, not to ${enterprise}`,
      );
    return next(unit);
  });
}

/**
 * Issue 19, section 4: a service that needs capacities (catalogue `capacities`) is for
 * enterprises that hold every one of them in its domain today (Brussels date), as the registers
 * say (`btb import capacities`). One indexed read per capacity, and only for such services; a yes
 * reports the capacities in its context.
 */
export function withCapacities(
  deps: CheckDeps,
  ctx: CheckCtx,
  enterprise: string,
  status: string | null,
  service: OnlineService,
  next: () => CheckResult | Promise<CheckResult>,
): CheckResult | Promise<CheckResult> {
  const needed = service.capacities;
  if (needed === undefined) return next();
  const refused = enterpriseRefusal(ctx, enterprise, status);
  if (refused) return refused;
  const day = brusselsDate(deps.clock.now());
  const held = needed.map((c) => deps.index.store.holdsCapacity(enterprise, service.domain, c, day));
  const decide = (answers: boolean[]): CheckResult | Promise<CheckResult> => {
    const missing = needed.find((_, i) => !answers[i]);
    if (missing !== undefined)
      return deny(
        ctx,
        'capacity_not_held',
        `${service.code} needs the capacity ${missing} in domain ${service.domain}; enterprise ${enterprise} does not hold it on ${day}`,
      );
    return then(next(), (r) => (r.decision ? { ...r, context: withCapacityContext(r.context, needed) } : r));
  };
  if (held.some((h) => h instanceof Promise)) return Promise.all(held).then(decide);
  return decide(held as boolean[]);
}

/**
 * Resource search's side of withCapacities: keeps the services the enterprise may use as far as
 * capacities go (it holds every one the service needs today), and says when that may change by
 * itself (capacities are dated by the Brussels day, which changes on a whole UTC hour).
 */
export async function keepHeldCapacities<R extends { type: string; id: string; properties: { enterprise: string } }>(
  deps: Pick<CheckDeps, 'catalogue' | 'index'>,
  results: R[],
  nowMs: number,
): Promise<{ kept: R[]; changesAtMs: number }> {
  const day = brusselsDate(new Date(nowMs));
  const needs = (r: R) => (r.type === 'online-service' ? deps.catalogue.service(r.id) : undefined);
  // one statement per (domain, capacity) needed, for every enterprise at once (an accountant's thousands)
  const asked = new Map<string, { domain: string; capacity: string; enterprises: Set<string> }>();
  for (const r of results) {
    const service = needs(r);
    for (const capacity of service?.capacities ?? []) {
      const key = `${service!.domain} ${capacity}`;
      const a = asked.get(key) ?? { domain: service!.domain, capacity, enterprises: new Set<string>() };
      a.enterprises.add(r.properties.enterprise);
      asked.set(key, a);
    }
  }
  if (asked.size === 0) return { kept: results, changesAtMs: Number.POSITIVE_INFINITY };
  const holders = new Map<string, Set<string>>();
  for (const [key, a] of asked)
    holders.set(key, await deps.index.store.capacityHolders([...a.enterprises], a.domain, a.capacity, day));
  const kept = results.filter((r) => {
    const service = needs(r);
    return (service?.capacities ?? []).every((c) =>
      holders.get(`${service!.domain} ${c}`)?.has(r.properties.enterprise),
    );
  });
  // capacities are dated by the Brussels day, which changes on a whole UTC hour
  return { kept, changesAtMs: Math.ceil((nowMs + 1) / 3_600_000) * 3_600_000 };
}

/** Whether the enterprise holds, on `day`, every capacity the service needs (true when it needs none). */
export async function holdsCapacitiesOf(
  deps: Pick<CheckDeps, 'index'>,
  enterprise: string,
  service: OnlineService,
  day: string,
): Promise<boolean> {
  const needed = service.capacities ?? [];
  const held = await Promise.all(needed.map((c) => deps.index.store.holdsCapacity(enterprise, service.domain, c, day)));
  return !held.includes(false);
}

/** Keeps the lazy getters of a yes (answerGranted) while adding the capacities. */
function withCapacityContext(context: CheckResult['context'], capacities: string[]): CheckResult['context'] {
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(context),
      capacities: { value: [...capacities], enumerable: true },
    },
  ) as CheckResult['context'];
}

/** A grant limited to establishment units covers only those; one without a limit covers every unit. */
export const coversUnit = (g: GrantRec, unit: string | undefined): boolean =>
  g.establishments === undefined || (unit !== undefined && g.establishments.includes(unit));

/** The refusal of a grant that is limited to other establishment units than the one asked about. */
export function establishmentNotGranted(ctx: CheckCtx, what: string, g: GrantRec, unit: string | undefined) {
  const units = (g.establishments ?? []).join(', ');
  return deny(
    ctx,
    'establishment_not_granted',
    unit === undefined
      ? `grant of ${what} is limited to establishment units ${units}: name one in resource.properties.establishment`
      : `grant of ${what} is limited to establishment units ${units}, not ${unit}`,
  );
}

/** The grant sources when the deps name none: the person's own grants (one array for every check). */
const DIRECT_ONLY: GrantSource[] = [directGrants];

function checkUse(
  deps: CheckDeps,
  ctx: CheckCtx,
  person: string,
  enterprise: string,
  status: string | null,
  service: string,
  role: string,
  unit: string | undefined,
): CheckResult | Promise<CheckResult> {
  const refused = enterpriseRefusal(ctx, enterprise, status);
  if (refused) return refused;
  const sources = deps.grantSources ?? DIRECT_ONLY;
  const nowMs = deps.clock.now().getTime();
  if (sources.length === 1) {
    // the usual case (own grants, synchronous on SQLite): no array, no closure per check
    const list = sources[0]!.grantsOf(deps.index, person);
    if (list instanceof Promise)
      return list.then((l) => decideUse(deps, ctx, person, enterprise, service, role, unit, nowMs, [l]));
    return decideUse(deps, ctx, person, enterprise, service, role, unit, nowMs, [list]);
  }
  const lists = sources.map((s) => s.grantsOf(deps.index, person));
  if (lists.some((l) => l instanceof Promise))
    return Promise.all(lists).then((all) => decideUse(deps, ctx, person, enterprise, service, role, unit, nowMs, all));
  return decideUse(deps, ctx, person, enterprise, service, role, unit, nowMs, lists as GrantRec[][]);
}

/**
 * The decision over the person's grant lists: a yes from the first active grant that covers the
 * question, else the mandate lookup, else the reason of the no. A top-level function, not a
 * closure of checkUse (issue 20: nothing allocated per check on the way to a yes).
 */
function decideUse(
  deps: CheckDeps,
  ctx: CheckCtx,
  person: string,
  enterprise: string,
  service: string,
  role: string,
  unit: string | undefined,
  nowMs: number,
  all: GrantRec[][],
): CheckResult | Promise<CheckResult> {
  let future: GrantRec | undefined;
  let ranOut: GrantRec | undefined;
  let revoked: GrantRec | undefined;
  let elsewhere: GrantRec | undefined;
  for (let k = 0; k < all.length; k++) {
    const whole = all[k]!;
    // a person with many grants (an accountant: thousands) is looked up by enterprise, not scanned
    const list = whole.length > BY_ENTERPRISE_FROM ? deps.index.grantsAt(whole, enterprise) : whole;
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (g.enterprise !== enterprise || g.service !== service || (role !== '' && g.role !== role)) continue;
      if (g.revokedAt !== null) {
        revoked = g; // lists run oldest first: the last one seen is the latest
        continue;
      }
      if (isGrantActive(g, nowMs)) {
        if (!coversUnit(g, unit)) {
          elsewhere = g;
          continue;
        }
        deps.usage?.record(person, g);
        // a repeated yes: the kept answer, without looking up the enterprise's appointments
        const kept = g.answers?.[ctx.lang];
        if (kept !== undefined) return kept as CheckResult;
        if (g.chain !== undefined) return answerGranted(ctx, person, g, undefined);
        const apps = deps.index.cachedAppointments(enterprise);
        return apps
          ? answerGranted(ctx, person, g, apps)
          : then(deps.index.appointmentsOf(enterprise), (a) => answerGranted(ctx, person, g, a));
      }
      if (g.from > nowMs) future = g;
      else ranOut = g;
    }
  }
  const what = `${service}${role ? ` (role ${role})` : ''} at ${enterprise}`;
  // The reason comes from the index: it holds the person's revoked grants too.
  const refuse = (viaMandate?: MandateRefusal): CheckResult | Promise<CheckResult> => {
    if (elsewhere) return establishmentNotGranted(ctx, what, elsewhere, unit);
    if (future) return deny(ctx, 'not_yet_valid', `grant of ${what} starts at ${future.validFrom}`);
    if (ranOut) return deny(ctx, 'expired', `grant of ${what} ran out at ${ranOut.validUntil}`);
    if (revoked) {
      if (revoked.revokedBy === 'system:expired')
        return deny(ctx, 'expired', `grant of ${what} ran out at ${revoked.validUntil}`);
      return deny(ctx, 'revoked', `grant of ${what} was revoked at ${revoked.revokedAt}`);
    }
    // no own grant ever: a grant under a mandate that stopped working names its reason
    if (viaMandate) return deny(ctx, viaMandate.reason, viaMandate.admin);
    const holdsAny = all.some((l) => l.some((g) => g.revokedAt === null));
    if (holdsAny) return deny(ctx, 'no_grant', `person ${person} holds no grant of ${what}`);
    return then(deps.index.store.personExists(person), (exists) =>
      exists
        ? deny(ctx, 'no_grant', `person ${person} holds no grant of ${what}`)
        : deny(ctx, 'unknown_person', `person ${person} is not in the person register and holds no grant`),
    );
  };
  if (!deps.mandates) return refuse();
  return then(deps.mandates(person, enterprise, service, role, new Date(nowMs)), (m) => {
    if (!m || !('chain' in m)) return refuse(m);
    const missing = mandateCapacityMissing(deps.catalogue.service(service)?.capacities, m, what);
    if (missing) return refuse(missing);
    return {
      decision: true,
      context: { reason_user: reasonUser('granted', ctx.lang), reason_admin: m.admin, chain: m.chain },
    };
  });
}

/**
 * Issue 19, section 4: through a mandate, a service that needs capacities works only when the
 * mandate is given for one of them (that the mandator holds it, withCapacities has checked).
 */
function mandateCapacityMissing(
  needed: readonly string[] | undefined,
  m: MandateAnswer,
  what: string,
): MandateRefusal | undefined {
  if (needed === undefined || mandateCarries(needed, m.capacity)) return undefined;
  return {
    reason: 'mandate_capacity_missing',
    admin: `${what} needs the capacity ${needed.join(' or ')}; the mandate is given for ${m.capacity ?? 'no capacity'}`,
  };
}

/** Persons with more grants than this are looked up by enterprise (CheckIndex.grantsAt). */
const BY_ENTERPRISE_FROM = 16;

/**
 * A yes from an own grant. The chain and the administrator's text depend only on the grant and the
 * enterprise's appointments as they were at the check; they are built when first read (issue 20:
 * no chain is built for a caller that only reads the decision) and then kept on the grant, which
 * any change replaces in the index.
 */
function answerGranted(ctx: CheckCtx, person: string, g: GrantRec, apps: AppointmentTable[] | undefined): CheckResult {
  // The whole answer is kept on the grant per language, for the same reason as its chain: it
  // depends on nothing else, and callers copy answers, never change them (a repeated yes
  // allocates nothing).
  const kept = g.answers?.[ctx.lang] as CheckResult | undefined;
  if (kept !== undefined) return kept;
  const answer = grantedAnswer(ctx, person, g, apps);
  g.answers ??= {};
  g.answers[ctx.lang] = answer;
  return answer;
}

function grantedAnswer(ctx: CheckCtx, person: string, g: GrantRec, apps: AppointmentTable[] | undefined): CheckResult {
  return {
    decision: true,
    context: {
      reason_user: reasonUser('granted', ctx.lang),
      get reason_admin() {
        g.admin ??= `granted ${g.service}${g.role ? ` role ${g.role}` : ''} at ${g.enterprise}${g.establishments ? ` for establishment units ${g.establishments.join(', ')}` : ''} by ${g.grantedByRole} ${g.grantedBy} on ${g.createdAt}${g.accessRequest ? ` on request of ${person}` : ''}${g.validUntil ? `, until ${g.validUntil}` : ''}`;
        return g.admin;
      },
      get chain() {
        g.chain ??= [
          {
            kind: 'grant',
            role: g.role ? `user:${g.role}` : 'user',
            person,
            since: g.validFrom,
            validUntil: g.validUntil,
            ...(g.accessRequest ? { onRequestOf: person, accessRequest: g.accessRequest } : {}),
            ...(g.establishments ? { establishments: g.establishments } : {}),
          },
          ...chainFrom(apps ?? [], g.grantedBy, g.grantedByRole, g.createdAt, g.domain),
        ];
        return g.chain;
      },
    },
  };
}

const MANAGER_RANK: Record<string, number> = { main: 0, co_main: 1, domain: 2 };

async function checkManage(
  deps: CheckDeps,
  ctx: CheckCtx,
  person: string,
  enterprise: string,
  status: string | null,
  domain: string,
) {
  const refused = enterpriseRefusal(ctx, enterprise, status);
  if (refused) return refused;
  const apps = deps.index.cachedAppointments(enterprise) ?? (await deps.index.appointmentsOf(enterprise));
  const now = deps.clock.now().toISOString();
  const relevant = apps.filter(
    (a) =>
      a.person_number === person &&
      (a.kind === 'main' || a.kind === 'co_main' || (a.kind === 'domain' && a.domain === domain)),
  );
  const active = relevant
    .filter((a) => isAppointmentActive(a, now))
    .sort((a, b) => MANAGER_RANK[a.kind]! - MANAGER_RANK[b.kind]!);
  const best = active[0];
  if (best) {
    return {
      decision: true,
      context: {
        reason_user: reasonUser('manages', ctx.lang),
        reason_admin: `${best.kind === 'domain' ? `access manager of ${domain}` : best.kind === 'main' ? 'main access manager' : 'co-main access manager'} of ${enterprise} since ${best.valid_from}${best.valid_until ? `, until ${best.valid_until}` : ''} (${best.procedure} procedure)`,
        chain: chainFrom(apps, person, best.kind, now, best.kind === 'domain' ? domain : undefined),
      },
    };
  }
  const latest = relevant.sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0];
  // issue 17: suspended at the end of a register grace period (register-effects.ts); restorable
  if (latest?.ended_at && latest.end_reason === 'suspended')
    return deny(
      ctx,
      'appointment_suspended',
      `${latest.kind} appointment at ${enterprise} suspended at ${latest.ended_at}: the registers no longer back its holder and no legal representative confirmed it`,
    );
  // issue 17, section 2: a legal representative reported it ("this was not us"); the desk reviews it
  if (latest?.ended_at && latest.end_reason === 'suspended_pending_review')
    return deny(
      ctx,
      'appointment_suspended_pending_review',
      `${latest.kind} appointment at ${enterprise} suspended at ${latest.ended_at} pending the service desk's review: a legal representative reported that it was not theirs`,
    );
  if (latest?.ended_at)
    return deny(
      ctx,
      'appointment_ended',
      `${latest.kind} appointment at ${enterprise} ended at ${latest.ended_at} (${latest.end_reason ?? 'removed'})`,
    );
  if (latest?.valid_until && latest.valid_until <= now)
    return deny(ctx, 'expired', `${latest.kind} appointment at ${enterprise} ran out at ${latest.valid_until}`);
  if (latest && latest.valid_from > now)
    return deny(ctx, 'not_yet_valid', `${latest.kind} appointment at ${enterprise} starts at ${latest.valid_from}`);
  if (!(await deps.index.store.personExists(person))) {
    return deny(ctx, 'unknown_person', `person ${person} is not in the person register`);
  }
  return deny(
    ctx,
    'not_manager',
    `person ${person} is neither main, co-main nor access manager of ${domain} at ${enterprise}`,
  );
}
