import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  type Catalogue,
  type CatalogueFile,
  defaultCataloguePath,
  LOCALES,
  type LocalisedText,
  loadCatalogue,
} from './catalogue.ts';
import { DomainError } from './errors.ts';

const REQUIRED_DOMAINS = [
  'finance',
  'economy',
  'mobility',
  'social-security',
  'justice',
  'health',
  'policy-support',
] as const;

/** Where a language really uses the English word, listed so that every other copy still fails. */
const SAME_AS_ENGLISH = new Set(['justice fr']);

function text(base: string): LocalisedText {
  return { nl: `${base} nl`, fr: `${base} fr`, de: `${base} de`, en: `${base} en` };
}

/** A small valid catalogue; tests break one thing in a copy of it. */
function sample(): CatalogueFile {
  return {
    version: '2026-01-01.1',
    domains: [
      {
        code: 'finance',
        name: text('Finance'),
        description: text('Finance services'),
        system: 'btb',
        services: [
          {
            code: 'finance.biztax',
            name: text('Biztax'),
            roles: [{ code: 'declarant', name: text('Declarant') }],
          },
          { code: 'finance.intervat', name: text('Intervat') },
        ],
      },
      {
        code: 'social-security',
        name: text('Social Security'),
        description: text('Social security services'),
        system: 'social-security',
        maxMandateMonths: 24,
        services: [{ code: 'social-security.dimona', name: text('Dimona'), roles: [] }],
      },
    ],
  };
}

/** Element i of a test fixture, which the fixture is known to have. */
function at<T>(items: T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`fixture has no element ${i}`);
  return item;
}

function expectInvalid(data: unknown, path: string, problem: RegExp): void {
  try {
    buildCatalogue(data);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('config.invalid');
    expect(err.details.path).toBe(path);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(problem);
    return;
  }
  expect.fail('expected the catalogue to be rejected');
}

describe('the shipped catalogue', () => {
  const catalogue: Catalogue = loadCatalogue(defaultCataloguePath);

  it('loads with a dated version', () => {
    expect(catalogue.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('has every required domain, with the right access system', () => {
    for (const code of REQUIRED_DOMAINS) expect(catalogue.domain(code), code).toBeDefined();
    expect(catalogue.domain('social-security')?.system).toBe('social-security');
    expect(catalogue.domain('finance')?.system).toBe('btb');
    expect(catalogue.domains.some((d) => d.system === 'external')).toBe(true);
    expect(catalogue.domain('policy-support')?.name.nl).toBe('Beleid & Ondersteuning');
    expect(catalogue.domain('policy-support')?.name.en).toBe('Policy & Support');
  });

  it('gives each domain 3 to 6 services and each service at most 3 roles', () => {
    for (const d of catalogue.domains) {
      expect(d.services.length, d.code).toBeGreaterThanOrEqual(3);
      expect(d.services.length, d.code).toBeLessThanOrEqual(6);
      for (const s of d.services) expect(s.roles.length, s.code).toBeLessThanOrEqual(3);
    }
  });

  it('names everything in all four languages, translated rather than copied from English', () => {
    const texts: [string, LocalisedText, boolean][] = [];
    for (const d of catalogue.domains) {
      texts.push([d.code, d.name, true], [`${d.code} (description)`, d.description, true]);
      for (const s of d.services) {
        texts.push([s.code, s.name, true]);
        if (s.description) texts.push([`${s.code} (description)`, s.description, true]);
        // a role name may coincide across languages (e.g. "Mandataris"), so only presence is checked
        for (const r of s.roles) texts.push([`${s.code}/${r.code}`, r.name, false]);
      }
    }
    for (const [where, t, mustDiffer] of texts) {
      for (const locale of LOCALES) expect(t[locale].trim(), `${where} ${locale}`).not.toBe('');
      if (mustDiffer) {
        for (const locale of ['nl', 'fr', 'de'] as const) {
          if (SAME_AS_ENGLISH.has(`${where} ${locale}`)) continue;
          expect(t[locale], `${where} ${locale}`).not.toBe(t.en);
        }
      }
    }
  });

  it('has unique codes, prefixed by their domain', () => {
    const domainCodes = catalogue.domains.map((d) => d.code);
    expect(new Set(domainCodes).size).toBe(domainCodes.length);
    const serviceCodes = catalogue.domains.flatMap((d) => d.services.map((s) => s.code));
    expect(new Set(serviceCodes).size).toBe(serviceCodes.length);
    for (const d of catalogue.domains) {
      for (const s of d.services) {
        expect(s.code.startsWith(`${d.code}.`), s.code).toBe(true);
        expect(s.domain).toBe(d.code);
      }
    }
  });

  it('answers lookups', () => {
    const biztax = catalogue.service('finance.biztax');
    expect(biztax?.domain).toBe('finance');
    expect(biztax?.name.fr).toContain('impôt des sociétés');
    expect(catalogue.servicesOf('social-security').map((s) => s.code)).toContain('social-security.dimona');
    expect(catalogue.hasRole('finance.biztax', 'declarant')).toBe(true);
    expect(catalogue.hasRole('finance.biztax', 'no-such-role')).toBe(false);
    expect(catalogue.hasRole('finance.no-such-service', 'declarant')).toBe(false);
    expect(catalogue.domain('atlantis')).toBeUndefined();
    expect(catalogue.service('atlantis.anything')).toBeUndefined();
    expect(catalogue.servicesOf('atlantis')).toEqual([]);
  });

  it('is read-only', () => {
    const finance = catalogue.domain('finance');
    expect(() => {
      (finance as { code: string }).code = 'changed';
    }).toThrow(TypeError);
    expect(() => catalogue.domains.push(catalogue.domains[0] as never)).toThrow(TypeError);
  });
});

describe('buildCatalogue', () => {
  it('accepts a valid catalogue and fills in the domain of each service', () => {
    const c = buildCatalogue(sample());
    expect(c.version).toBe('2026-01-01.1');
    expect(c.service('finance.intervat')).toMatchObject({ domain: 'finance', roles: [] });
    expect(c.servicesOf('finance').map((s) => s.code)).toEqual(['finance.biztax', 'finance.intervat']);
    expect(c.domain('social-security')?.maxMandateMonths).toBe(24);
    expect(c.domain('finance')?.maxMandateMonths).toBeUndefined();
    expect(c.hasRole('finance.biztax', 'declarant')).toBe(true);
  });

  it('rejects a duplicate domain code', () => {
    const data = sample();
    data.domains.push({ ...structuredClone(at(data.domains, 0)), services: [] });
    expectInvalid(data, '/domains/2/code', /duplicate domain code "finance"/);
  });

  it('rejects a duplicate service code', () => {
    const data = sample();
    at(data.domains, 0).services.push({ code: 'finance.biztax', name: text('Again') });
    expectInvalid(data, '/domains/0/services/2/code', /duplicate service code "finance.biztax"/);
  });

  it('rejects a duplicate role code within a service', () => {
    const data = sample();
    at(at(data.domains, 0).services, 0).roles?.push({ code: 'declarant', name: text('Twice') });
    expectInvalid(data, '/domains/0/services/0/roles/1/code', /duplicate role code "declarant"/);
  });

  it('rejects a service code without its domain prefix', () => {
    const data = sample();
    at(at(data.domains, 1).services, 0).code = 'finance.dimona';
    expectInvalid(data, '/domains/1/services/0/code', /must start with "social-security\."/);
  });

  it('keeps the capacities a service needs, and rejects one not on the closed list or repeated (issue 19)', () => {
    const shipped = loadCatalogue(defaultCataloguePath);
    expect(shipped.service('social-security.dmfa')?.capacities).toEqual(['employer']);
    expect(shipped.service('social-security.dimona')?.capacities).toBeUndefined();
    const good = sample();
    at(at(good.domains, 1).services, 0).capacities = ['employer', 'social_secretariat'];
    expect(buildCatalogue(good).service('social-security.dimona')?.capacities).toEqual([
      'employer',
      'social_secretariat',
    ]);
    const bad: [unknown, string][] = [
      [['accountant'], '/domains/1/services/0/capacities/0'],
      [['employer', 'employer'], '/domains/1/services/0/capacities'],
      [[], '/domains/1/services/0/capacities'],
    ];
    for (const [capacities, path] of bad) {
      const data = sample();
      Object.assign(at(at(data.domains, 1).services, 0), { capacities });
      expectInvalid(data, path, /./);
    }
  });

  it('rejects a missing translation, naming the path', () => {
    const data = sample();
    const name: Partial<LocalisedText> = at(at(data.domains, 0).services, 1).name;
    delete name.de;
    expectInvalid(data, '/domains/0/services/1/name/de', /required/i);
  });

  it('rejects an empty or blank translation', () => {
    const data = sample();
    at(data.domains, 1).description.fr = '   ';
    expectInvalid(data, '/domains/1/description/fr', /.+/);
  });

  it('rejects an unknown access system and unknown fields', () => {
    const data = sample();
    (data.domains[0] as { system: string }).system = 'ldap';
    expectInvalid(data, '/domains/0/system', /.+/);

    const extra = sample();
    (extra.domains[0] as Record<string, unknown>).colour = 'blue';
    expectInvalid(extra, '/domains/0/colour', /.+/);
  });

  it('rejects a malformed code or version', () => {
    const data = sample();
    at(at(data.domains, 0).services, 0).code = 'finance.Biz Tax';
    expectInvalid(data, '/domains/0/services/0/code', /match/i);

    const version = sample();
    version.version = 'latest';
    expectInvalid(version, '/version', /match/i);
  });

  it('rejects something that is not a catalogue at all', () => {
    expectInvalid(null, '', /object/i);
  });
});

describe('loadCatalogue', () => {
  it('names the file when it is not JSON or is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'btb-catalogue-'));
    try {
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "version": ');
      expect(() => loadCatalogue(broken)).toThrow(/broken\.json.*not valid JSON/);
      expect(() => loadCatalogue(join(dir, 'absent.json'))).toThrow(/absent\.json.*cannot be read/);

      const wrong = join(dir, 'wrong.json');
      const data = sample();
      at(at(data.domains, 0).services, 0).code = 'economy.biztax';
      writeFileSync(wrong, JSON.stringify(data));
      expect(() => loadCatalogue(wrong)).toThrow(/wrong\.json at \/domains\/0\/services\/0\/code/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
