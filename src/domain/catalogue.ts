/**
 * The versioned catalogue of domains and their online services. It is data (catalogue/catalogue.json),
 * reviewed like code, loaded and checked once at startup; everything else asks this module whether a
 * domain, service or role exists. Lookups are maps built once, because the check API calls them on
 * every request.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CAPACITIES, type Capacity } from './capacities.ts';
import { DomainError } from './errors.ts';

export const LOCALES = ['nl', 'fr', 'de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalisedText = Record<Locale, string>;

export const ACCESS_SYSTEMS = ['btb', 'social-security', 'external'] as const;
/** Who grants users access: built-in role management, Social Security's own, or another (regional) system. */
export type AccessSystem = (typeof ACCESS_SYSTEMS)[number];

export interface ServiceRole {
  code: string;
  name: LocalisedText;
  /** Longest grant of this role, in months; null: no limit; absent: the service's. */
  maxTermMonths?: number | null;
}

export interface OnlineService {
  code: string;
  /** Code of the domain the service belongs to. */
  domain: string;
  name: LocalisedText;
  description?: LocalisedText;
  roles: ServiceRole[];
  /** Longest grant of this service, in months; null: no limit; absent: the catalogue's grant term. */
  maxTermMonths?: number | null;
  /** Issue 19: capacities the enterprise must hold in the service's domain to use it (all of them); absent: none. */
  capacities?: Capacity[];
}

export interface Domain {
  code: string;
  name: LocalisedText;
  description: LocalisedText;
  system: AccessSystem;
  /** Longest grant or appointment the domain allows, in months; no limit when absent. */
  maxMandateMonths?: number;
  /** Longest appointment of an access manager of this domain, in months; null: no limit; absent: the catalogue's. */
  accessManagerMaxMonths?: number | null;
  services: OnlineService[];
}

/**
 * What a maximum term applies to (issue 17, section 3): a user's grant of a service (and role),
 * or an appointment as main, co-main or domain access manager.
 */
export type TermSubject =
  | { kind: 'grant'; service: string; role?: string }
  | { kind: 'main' }
  | { kind: 'co_main' }
  | { kind: 'domain'; domain: string };

/** The catalogue-wide terms, in months (null: no limit). */
export interface Terms {
  grantMonths: number | null;
  mainMonths: number | null;
  coMainMonths: number | null;
  accessManagerMonths: number | null;
}

/** eHerkenning's five years for grants and managers; the main access manager runs until replaced. */
export const DEFAULT_TERMS: Readonly<Terms> = Object.freeze({
  grantMonths: 60,
  mainMonths: null,
  coMainMonths: 60,
  accessManagerMonths: 60,
});

export interface Catalogue {
  version: string;
  domains: Domain[];
  domain(code: string): Domain | undefined;
  service(code: string): OnlineService | undefined;
  /** The services of a domain; empty for an unknown domain. */
  servicesOf(domainCode: string): OnlineService[];
  /** False for an unknown service or role. */
  hasRole(serviceCode: string, roleCode: string): boolean;
  /** The catalogue-wide terms, defaults filled in. */
  terms: Readonly<Terms>;
  /**
   * The longest term, in months, of a grant or appointment; null when there is none. The most
   * specific declaration wins: role, then service, then the catalogue's grant term; the domain's
   * access-manager term, then the catalogue's.
   */
  maxTermMonths(subject: TermSubject): number | null;
}

const NonEmpty = Type.String({ minLength: 1, pattern: '\\S' });
const KEBAB = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';

const LocalisedTextSchema = Type.Object(
  { nl: NonEmpty, fr: NonEmpty, de: NonEmpty, en: NonEmpty },
  { additionalProperties: false },
);

/** Months, or null to say "no limit" over a less specific default. */
const TermSchema = Type.Union([Type.Integer({ minimum: 1, maximum: 1200 }), Type.Null()]);

const RoleSchema = Type.Object(
  { code: Type.String({ pattern: `^${KEBAB}$` }), name: LocalisedTextSchema, maxTermMonths: Type.Optional(TermSchema) },
  { additionalProperties: false },
);

const ServiceSchema = Type.Object(
  {
    code: Type.String({ pattern: `^${KEBAB}\\.${KEBAB}$` }),
    name: LocalisedTextSchema,
    description: Type.Optional(LocalisedTextSchema),
    roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 10 })),
    maxTermMonths: Type.Optional(TermSchema),
    capacities: Type.Optional(
      Type.Array(Type.Union(CAPACITIES.map((c) => Type.Literal(c))), { minItems: 1, maxItems: 3, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

const DomainSchema = Type.Object(
  {
    code: Type.String({ pattern: `^${KEBAB}$` }),
    name: LocalisedTextSchema,
    description: LocalisedTextSchema,
    system: Type.Union(ACCESS_SYSTEMS.map((s) => Type.Literal(s))),
    maxMandateMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 1200 })),
    accessManagerMaxMonths: Type.Optional(TermSchema),
    services: Type.Array(ServiceSchema),
  },
  { additionalProperties: false },
);

/** The file format: `version` is a date plus a sequence number, e.g. 2026-11-28.1. */
export const CatalogueFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    version: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}\\.\\d+$' }),
    terms: Type.Optional(
      Type.Object(
        {
          grantMonths: Type.Optional(TermSchema),
          mainMonths: Type.Optional(TermSchema),
          coMainMonths: Type.Optional(TermSchema),
          accessManagerMonths: Type.Optional(TermSchema),
        },
        { additionalProperties: false },
      ),
    ),
    domains: Type.Array(DomainSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type CatalogueFile = Static<typeof CatalogueFileSchema>;

export const defaultCataloguePath: string = fileURLToPath(new URL('../../catalogue/catalogue.json', import.meta.url));

function invalid(source: string, path: string, problem: string): DomainError {
  return new DomainError(
    'config.invalid',
    { source, path, problem },
    `invalid catalogue ${source} at ${path || '/'}: ${problem}`,
  );
}

/** Checks shape, code uniqueness and service prefixes, then builds the lookups. Throws on the first problem. */
export function buildCatalogue(data: unknown, source = '(object)'): Catalogue {
  if (!Value.Check(CatalogueFileSchema, data)) {
    const first = Value.Errors(CatalogueFileSchema, data).First();
    throw invalid(source, first?.path ?? '', first?.message ?? 'does not match the schema');
  }

  const domains = new Map<string, Domain>();
  const services = new Map<string, OnlineService>();
  const roles = new Map<string, Set<string>>();

  data.domains.forEach((d, di) => {
    const at = `/domains/${di}`;
    if (domains.has(d.code)) throw invalid(source, `${at}/code`, `duplicate domain code "${d.code}"`);
    const own: OnlineService[] = [];
    d.services.forEach((s, si) => {
      const sat = `${at}/services/${si}`;
      if (!s.code.startsWith(`${d.code}.`)) {
        throw invalid(source, `${sat}/code`, `service code "${s.code}" must start with "${d.code}."`);
      }
      if (services.has(s.code)) throw invalid(source, `${sat}/code`, `duplicate service code "${s.code}"`);
      const roleCodes = new Set<string>();
      (s.roles ?? []).forEach((r, ri) => {
        if (roleCodes.has(r.code)) {
          throw invalid(source, `${sat}/roles/${ri}/code`, `duplicate role code "${r.code}" in "${s.code}"`);
        }
        roleCodes.add(r.code);
      });
      const service: OnlineService = {
        code: s.code,
        domain: d.code,
        name: { ...s.name },
        ...(s.description ? { description: { ...s.description } } : {}),
        roles: (s.roles ?? []).map((r) => ({
          code: r.code,
          name: { ...r.name },
          ...(r.maxTermMonths !== undefined ? { maxTermMonths: r.maxTermMonths } : {}),
        })),
        ...(s.maxTermMonths !== undefined ? { maxTermMonths: s.maxTermMonths } : {}),
        ...(s.capacities ? { capacities: [...s.capacities] } : {}),
      };
      services.set(s.code, deepFreeze(service));
      roles.set(s.code, roleCodes);
      own.push(service);
    });
    const domain: Domain = {
      code: d.code,
      name: { ...d.name },
      description: { ...d.description },
      system: d.system,
      ...(d.maxMandateMonths !== undefined ? { maxMandateMonths: d.maxMandateMonths } : {}),
      ...(d.accessManagerMaxMonths !== undefined ? { accessManagerMaxMonths: d.accessManagerMaxMonths } : {}),
      services: own,
    };
    domains.set(d.code, deepFreeze(domain));
  });

  const terms: Readonly<Terms> = Object.freeze({ ...DEFAULT_TERMS, ...data.terms });
  const maxTermMonths = (subject: TermSubject): number | null => {
    switch (subject.kind) {
      case 'main':
        return terms.mainMonths;
      case 'co_main':
        return terms.coMainMonths;
      case 'domain': {
        const d = domains.get(subject.domain);
        return d?.accessManagerMaxMonths !== undefined ? d.accessManagerMaxMonths : terms.accessManagerMonths;
      }
      case 'grant': {
        const s = services.get(subject.service);
        const r = subject.role ? s?.roles.find((x) => x.code === subject.role) : undefined;
        if (r?.maxTermMonths !== undefined) return r.maxTermMonths;
        if (s?.maxTermMonths !== undefined) return s.maxTermMonths;
        return terms.grantMonths;
      }
    }
  };

  const list = Object.freeze([...domains.values()]) as Domain[];
  const none = Object.freeze([]) as unknown as OnlineService[];
  return Object.freeze({
    version: data.version,
    domains: list,
    domain: (code: string) => domains.get(code),
    service: (code: string) => services.get(code),
    servicesOf: (domainCode: string) => domains.get(domainCode)?.services ?? none,
    hasRole: (serviceCode: string, roleCode: string) => roles.get(serviceCode)?.has(roleCode) ?? false,
    terms,
    maxTermMonths,
  });
}

/** Reads and checks the catalogue file; called once by the composition root. */
export function loadCatalogue(path: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw invalid(path, '', `cannot be read (${(e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw invalid(path, '', `not valid JSON (${(e as Error).message})`);
  }
  return buildCatalogue(data, path);
}

// The catalogue is shared by every request; freezing makes an accidental mutation fail loudly.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
