/**
 * Scope and term of a mandate at their edges (issue 21, item 10: mutants that survived in
 * resolveScope, scopeDomains, mandateTerm and isMandateInForce): the order of the scope, the
 * details of each refusal, an end exactly at the limit, a mandate starting or ending right now.
 */
import { describe, expect, it } from 'vitest';
import { defaultCataloguePath, loadCatalogue } from './catalogue.ts';
import { DomainError } from './errors.ts';
import { isMandateInForce, mandateTerm, resolveScope, scopeDomains } from './mandate-rules.ts';

const catalogue = loadCatalogue(defaultCataloguePath);
const from = '2026-11-28T09:00:00.000Z';

function refusal(f: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('not refused');
}

describe('scope: order and refusals with their details (issue 21, item 10)', () => {
  it('whole domains come sorted, before the single services, and scopeDomains is sorted too', () => {
    expect(resolveScope(catalogue, ['mobility', 'finance', 'mobility'])).toEqual([
      { domain: 'finance', service: '' },
      { domain: 'mobility', service: '' },
    ]);
    expect(
      scopeDomains([
        { domain: 'mobility', service: 'mobility.vehicle-registration' },
        { domain: 'finance', service: '' },
        { domain: 'mobility', service: '' },
      ]),
    ).toEqual(['finance', 'mobility']);
  });

  it.each([
    ['an unknown domain', () => resolveScope(catalogue, ['nope']), 'catalogue.unknown_domain', { domain: 'nope' }],
    [
      'an unknown service',
      () => resolveScope(catalogue, [], ['finance.nope']),
      'catalogue.unknown_service',
      { service: 'finance.nope' },
    ],
    [
      'nothing at all',
      () => resolveScope(catalogue),
      'mandate.empty_scope',
      { hint: 'give at least one domain or service' },
    ],
    [
      'services only, none',
      () => resolveScope(catalogue, undefined, []),
      'mandate.empty_scope',
      { hint: 'give at least one domain or service' },
    ],
    [
      'an end before the start',
      () => mandateTerm(catalogue, [{ domain: 'finance', service: '' }], from, '2026-01-01T00:00:00.000Z'),
      'mandate.invalid_period',
      { validFrom: from, validUntil: '2026-01-01T00:00:00.000Z' },
    ],
    [
      'an end a millisecond past the limit',
      () => mandateTerm(catalogue, [{ domain: 'health', service: '' }], from, '2029-11-28T23:00:00.000Z'),
      'mandate.term_too_long',
      { maxMonths: 36, latest: '2029-11-28T22:59:59.999Z', validUntil: '2029-11-28T23:00:00.000Z' },
    ],
  ] as const)('refuses %s', (_label, f, code, details) => {
    expect(refusal(f)).toEqual({ code, details });
  });
});

describe('term and force at their edges (issue 21, item 10)', () => {
  it('an end exactly at the limit is accepted: the last moment of that Brussels day', () => {
    expect(mandateTerm(catalogue, [{ domain: 'health', service: '' }], from, '2029-11-28T22:59:59.999Z')).toEqual({
      validUntil: '2029-11-28T22:59:59.999Z',
      maxMonths: 36,
    });
  });

  it('a domain the catalogue no longer knows sets no limit (and does not throw)', () => {
    expect(mandateTerm(catalogue, [{ domain: 'retired', service: '' }], from, null)).toEqual({
      validUntil: null,
      maxMonths: null,
    });
  });

  const now = '2027-01-01T00:00:00.000Z';
  it.each([
    ['starting right now', now, null, true],
    ['ending later', '2026-01-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z', true],
    ['ending right now', '2026-01-01T00:00:00.000Z', now, false],
    ['not started', '2027-01-02T00:00:00.000Z', null, false],
  ] as const)('an active mandate %s: in force %s', (_label, validFrom, validUntil, inForce) => {
    expect(isMandateInForce({ status: 'active', valid_from: validFrom, valid_until: validUntil }, now)).toBe(inForce);
  });
});
