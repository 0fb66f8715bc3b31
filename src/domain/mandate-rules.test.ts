import { describe, expect, it } from 'vitest';
import { noRoles as none, roleFacts } from '../../test/role-facts.ts';
import type { Actor } from './actor.ts';
import type { RoleFacts } from './authorize.ts';
import { defaultCataloguePath, loadCatalogue } from './catalogue.ts';
import {
  authorizeMandate,
  isMandateInForce,
  type MandateAction,
  type MandateSide,
  mandateTerm,
  resolveScope,
  scopeCovers,
} from './mandate-rules.ts';
import { termLatest } from './term-limits.ts';

const catalogue = loadCatalogue(defaultCataloguePath);
// signing a mandate needs high (issue 13, finding 2)
const actor: Actor = { personNumber: '78031400273', loa: 'high', means: 'eid', via: 'bearer' };
const as = roleFacts;

function code(
  action: MandateAction,
  side: MandateSide,
  facts: RoleFacts,
  state?: Parameters<typeof authorizeMandate>[4],
  a = actor,
) {
  const d = authorizeMandate(a, action, side, facts, state);
  return d.allowed ? `ok:${d.role}` : d.code;
}

describe('who may do what with a mandate, on each side', () => {
  it('the LR, the main and a co-main may propose, on either side; a domain access manager or a stranger may not', () => {
    for (const side of ['mandator', 'mandatary'] as const) {
      expect(code('propose', side, as.lr)).toBe('ok:legal_representative');
      expect(code('propose', side, as.main)).toBe('ok:main');
      expect(code('propose', side, as.coMain)).toBe('ok:co_main');
      expect(code('propose', side, as.domain)).toBe('authorization.not_signatory');
      expect(code('propose', side, as.stranger)).toBe('authorization.not_signatory');
    }
  });

  it('only the other side accepts or rejects, and only a proposal', () => {
    const proposedByOffice = { status: 'proposed' as const, proposedBySide: 'mandatary' as const };
    expect(code('accept', 'mandator', as.lr, proposedByOffice)).toBe('ok:legal_representative');
    expect(code('reject', 'mandator', as.coMain, proposedByOffice)).toBe('ok:co_main');
    expect(code('accept', 'mandatary', as.main, proposedByOffice)).toBe('mandate.own_proposal');
    expect(code('accept', 'mandator', as.domain, proposedByOffice)).toBe('authorization.not_signatory');
    for (const status of ['active', 'rejected', 'ended'] as const) {
      expect(code('accept', 'mandator', as.lr, { status, proposedBySide: 'mandatary' })).toBe('mandate.not_proposed');
    }
  });

  it('either side ends a proposal or an active mandate; a closed one stays closed', () => {
    for (const side of ['mandator', 'mandatary'] as const) {
      expect(code('end', side, as.main, { status: 'active', proposedBySide: 'mandator' })).toBe('ok:main');
      expect(code('end', side, as.lr, { status: 'proposed', proposedBySide: 'mandator' })).toBe(
        'ok:legal_representative',
      );
      expect(code('end', side, as.main, { status: 'ended', proposedBySide: 'mandator' })).toBe('mandate.closed');
      expect(code('end', side, as.main, { status: 'rejected', proposedBySide: 'mandator' })).toBe('mandate.closed');
    }
  });

  it("client managers are appointed on the mandatary's side only, by its main or a co-main, under an active mandate", () => {
    const active = { status: 'active' as const, proposedBySide: 'mandator' as const };
    expect(code('client_manager.appoint', 'mandatary', as.main, active)).toBe('ok:main');
    expect(code('client_manager.appoint', 'mandatary', as.coMain, active)).toBe('ok:co_main');
    expect(code('client_manager.appoint', 'mandatary', as.lr, active)).toBe('authorization.not_main_access_manager');
    expect(code('client_manager.appoint', 'mandator', as.main, active)).toBe('mandate.wrong_side');
    expect(
      code('client_manager.appoint', 'mandatary', as.main, { status: 'proposed', proposedBySide: 'mandator' }),
    ).toBe('mandate.not_active');
  });

  it('a stopped enterprise signs nothing but its history stays readable; a weak login steps up', () => {
    // as in authorize(): the register's function gives no role in a stopped enterprise, an appointment still reads
    const stopped = { ...as.main, enterpriseActive: false };
    expect(code('propose', 'mandator', stopped)).toBe('enterprise.stopped');
    expect(code('read', 'mandator', stopped)).toBe('ok:main');
    expect(code('propose', 'mandator', as.main, undefined, { ...actor, loa: 'low' })).toBe(
      'authentication.insufficient_assurance',
    );
    expect(code('propose', 'mandator', as.main, undefined, { ...actor, loa: 'substantial' })).toBe(
      'authentication.insufficient_assurance',
    );
    expect(code('read', 'mandator', as.main, undefined, { ...actor, loa: 'substantial' })).toBe('ok:main');
    expect(code('propose', 'mandator', { ...none, enterpriseExists: false })).toBe('enterprise.not_found');
  });
});

describe('scope and term', () => {
  it('normalises the scope: a service of a whole domain is dropped, unknown codes refused, empty refused', () => {
    expect(resolveScope(catalogue, ['finance'], ['finance.biztax', 'mobility.vehicle-registration'])).toEqual([
      { domain: 'finance', service: '' },
      { domain: 'mobility', service: 'mobility.vehicle-registration' },
    ]);
    expect(() => resolveScope(catalogue, ['nope'])).toThrow('catalogue.unknown_domain');
    expect(() => resolveScope(catalogue, [], ['finance.nope'])).toThrow('catalogue.unknown_service');
    expect(() => resolveScope(catalogue, [], [])).toThrow('mandate.empty_scope');
  });

  it('covers what it names and nothing more', () => {
    const scope = resolveScope(catalogue, ['finance'], ['mobility.vehicle-registration']);
    expect(scopeCovers(scope, { code: 'finance.intervat', domain: 'finance' })).toBe(true);
    expect(scopeCovers(scope, { code: 'mobility.vehicle-registration', domain: 'mobility' })).toBe(true);
    expect(scopeCovers(scope, { code: 'mobility.tachograph-cards', domain: 'mobility' })).toBe(false);
    expect(scopeCovers(scope, { code: 'health.mycarenet', domain: 'health' })).toBe(false);
  });

  it('takes the shortest maxMandateMonths of its domains: default end, refused beyond', () => {
    const from = '2026-11-28T09:00:00.000Z';
    const health = resolveScope(catalogue, ['health', 'justice']); // 36 and 60 months
    expect(mandateTerm(catalogue, health, from, null)).toEqual({
      validUntil: '2029-11-28T22:59:59.999Z', // through 28 November 2029, Brussels time (CET)
      maxMonths: 36,
    });
    expect(() => mandateTerm(catalogue, health, from, '2030-01-01T00:00:00.000Z')).toThrow('mandate.term_too_long');
    expect(mandateTerm(catalogue, health, from, '2027-01-01T00:00:00.000Z').validUntil).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    // no limit in finance
    expect(mandateTerm(catalogue, resolveScope(catalogue, ['finance']), from, null)).toEqual({
      validUntil: null,
      maxMonths: null,
    });
    expect(() => mandateTerm(catalogue, resolveScope(catalogue, ['finance']), from, from)).toThrow(
      'mandate.invalid_period',
    );
  });

  it.each([
    ['31 January + 1 month, clamped', '2027-01-31T10:00:00.000Z', 1, '2027-02-28T22:59:59.999Z'],
    ['in a leap year', '2028-01-31T10:00:00.000Z', 1, '2028-02-29T22:59:59.999Z'],
    ['24 months, winter to winter', '2026-11-28T00:00:00.000Z', 24, '2028-11-28T22:59:59.999Z'],
    // 23:30 UTC on 31 March is already 1 April in Brussels (CEST): the term counts from 1 April
    ['from late evening UTC, the Brussels day counts', '2027-03-31T23:30:00.000Z', 1, '2027-05-01T21:59:59.999Z'],
    ['across a daylight-saving change', '2027-01-15T12:00:00.000Z', 3, '2027-04-15T21:59:59.999Z'],
    ['across the year end', '2027-12-31T12:00:00.000Z', 2, '2028-02-29T22:59:59.999Z'],
  ] as const)('a term ends with a Brussels day: %s', (_label, from, months, end) => {
    expect(termLatest(new Date(from), months).toISOString()).toBe(end);
  });

  it('is in force only when active, started and not past its end', () => {
    const now = '2027-01-01T00:00:00.000Z';
    expect(isMandateInForce({ status: 'active', valid_from: '2026-01-01T00:00:00.000Z', valid_until: null }, now)).toBe(
      true,
    );
    expect(
      isMandateInForce({ status: 'proposed', valid_from: '2026-01-01T00:00:00.000Z', valid_until: null }, now),
    ).toBe(false);
    expect(isMandateInForce({ status: 'active', valid_from: '2027-02-01T00:00:00.000Z', valid_until: null }, now)).toBe(
      false,
    );
    expect(isMandateInForce({ status: 'active', valid_from: '2026-01-01T00:00:00.000Z', valid_until: now }, now)).toBe(
      false,
    );
  });
});
