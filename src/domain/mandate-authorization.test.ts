/**
 * The mandate rules, cell by cell (issue 21, item 10: mutants survived in authorizeMandate,
 * proposalLapse and otherSide). Every action, on each side, for every role, at every level, on an
 * active and a stopped enterprise, against the table written out here; then each state refusal
 * with the details it carries.
 */
import { describe, expect, it } from 'vitest';
import { noRoles as none, roleFacts } from '../../test/role-facts.ts';
import type { Actor, Loa } from './actor.ts';
import type { RoleFacts } from './authorize.ts';
import {
  authorizeMandate,
  type MandateAction,
  type MandateSide,
  type MandateState,
  mandateRules,
  proposalLapse,
} from './mandate-rules.ts';

const otherSide = (side: MandateSide): MandateSide => (side === 'mandator' ? 'mandatary' : 'mandator');

type Who = 'lr' | 'main' | 'coMain' | 'domain' | 'stranger';
const facts: Record<Who, RoleFacts> = roleFacts;
const roleOf: Record<Who, string> = {
  lr: 'legal_representative',
  main: 'main',
  coMain: 'co_main',
  domain: 'domain',
  stranger: '',
};
const actor = (loa: Loa): Actor => ({ personNumber: '78031400273', loa, means: 'eid', via: 'bearer' });
const rank: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };
const both: MandateSide[] = ['mandator', 'mandatary'];
const signers: Who[] = ['lr', 'main', 'coMain'];

const table: Record<MandateAction, { may: Who[]; sides: MandateSide[]; loa: Loa; denied: string; read: boolean }> = {
  propose: { may: signers, sides: both, loa: 'high', denied: 'authorization.not_signatory', read: false },
  accept: { may: signers, sides: both, loa: 'high', denied: 'authorization.not_signatory', read: false },
  reject: { may: signers, sides: both, loa: 'high', denied: 'authorization.not_signatory', read: false },
  end: { may: signers, sides: both, loa: 'high', denied: 'authorization.not_signatory', read: false },
  read: { may: [...signers, 'domain'], sides: both, loa: 'substantial', denied: 'authorization.forbidden', read: true },
  'client_manager.appoint': {
    may: ['main', 'coMain'],
    sides: ['mandatary'],
    loa: 'substantial',
    denied: 'authorization.not_main_access_manager',
    read: false,
  },
  'client_manager.remove': {
    may: ['main', 'coMain'],
    sides: ['mandatary'],
    loa: 'substantial',
    denied: 'authorization.not_main_access_manager',
    read: false,
  },
};

/** A state in which each action is possible from `side`: a proposal by the other side, or an active mandate. */
const fitting = (action: MandateAction, side: MandateSide): MandateState =>
  action === 'accept' || action === 'reject'
    ? { status: 'proposed', proposedBySide: otherSide(side) }
    : { status: 'active', proposedBySide: 'mandator' };

const actions = Object.keys(table) as MandateAction[];
const cells = actions.flatMap((action) =>
  both.flatMap((side) =>
    (Object.keys(facts) as Who[]).flatMap((who) =>
      (['low', 'substantial', 'high'] as Loa[]).flatMap((loa) =>
        [true, false].map((active) => ({ action, side, who, loa, active })),
      ),
    ),
  ),
);

describe('authorizeMandate: the table, cell by cell (issue 21, item 10)', () => {
  it('the table here names every action there is', () => {
    expect(actions.sort()).toEqual(Object.keys(mandateRules).sort());
  });

  it.each(cells)('$action on the $side side by $who at $loa, active: $active', ({ action, side, who, loa, active }) => {
    const t = table[action];
    const d = authorizeMandate(
      actor(loa),
      action,
      side,
      { ...facts[who], enterpriseActive: active },
      fitting(action, side),
    );
    const holds = t.may.includes(who) && !(who === 'lr' && !active);
    if (!t.sides.includes(side))
      expect(d).toEqual({ allowed: false, code: 'mandate.wrong_side', details: { action, side } });
    else if (!active && !t.read) expect(d).toEqual({ allowed: false, code: 'enterprise.stopped', details: {} });
    else if (!holds) expect(d).toEqual({ allowed: false, code: t.denied, details: { action } });
    else if (rank[loa] < rank[t.loa]) {
      expect(d).toEqual({
        allowed: false,
        code: 'authentication.insufficient_assurance',
        details: { needed: t.loa, current: loa },
      });
    } else expect(d).toEqual({ allowed: true, role: roleOf[who] });
  });
});

describe('authorizeMandate: refusals and their details (issue 21, item 10)', () => {
  const a = actor('high');
  const lr = facts.lr;
  it.each([
    [
      'no person number',
      { ...a, personNumber: null },
      'propose',
      'mandator',
      { ...lr, enterpriseExists: false },
      undefined,
      'authorization.forbidden',
      { reason: 'no_person_number' },
    ],
    [
      'unknown enterprise',
      a,
      'propose',
      'mandator',
      { ...lr, enterpriseExists: false },
      undefined,
      'enterprise.not_found',
      {},
    ],
    [
      'accept what is not proposed',
      a,
      'accept',
      'mandator',
      lr,
      { status: 'active', proposedBySide: 'mandatary' },
      'mandate.not_proposed',
      { mandateStatus: 'active' },
    ],
    [
      'reject what is not proposed',
      a,
      'reject',
      'mandator',
      lr,
      { status: 'ended', proposedBySide: 'mandatary' },
      'mandate.not_proposed',
      { mandateStatus: 'ended' },
    ],
    [
      'accept its own proposal',
      a,
      'accept',
      'mandatary',
      lr,
      { status: 'proposed', proposedBySide: 'mandatary' },
      'mandate.own_proposal',
      { side: 'mandatary' },
    ],
    [
      'reject its own proposal',
      a,
      'reject',
      'mandator',
      lr,
      { status: 'proposed', proposedBySide: 'mandator' },
      'mandate.own_proposal',
      { side: 'mandator' },
    ],
    [
      'end a closed mandate',
      a,
      'end',
      'mandator',
      lr,
      { status: 'rejected', proposedBySide: 'mandator' },
      'mandate.closed',
      { mandateStatus: 'rejected' },
    ],
    [
      'end a lapsed proposal',
      a,
      'end',
      'mandatary',
      lr,
      { status: 'lapsed', proposedBySide: 'mandator' },
      'mandate.closed',
      { mandateStatus: 'lapsed' },
    ],
    [
      'client manager under a proposal',
      a,
      'client_manager.appoint',
      'mandatary',
      facts.main,
      { status: 'proposed', proposedBySide: 'mandator' },
      'mandate.not_active',
      { mandateStatus: 'proposed' },
    ],
  ] as const)('%s', (_label, who, action, side, f, state, code, details) => {
    expect(authorizeMandate(who, action, side, f, state)).toEqual({ allowed: false, code, details });
  });

  it.each([
    ['end a proposal (withdraw or refuse)', 'end', { status: 'proposed', proposedBySide: 'mandator' }],
    ['end an active mandate', 'end', { status: 'active', proposedBySide: 'mandator' }],
    [
      'remove a client manager under an ended mandate',
      'client_manager.remove',
      { status: 'ended', proposedBySide: 'mandator' },
    ],
    ['read an ended mandate', 'read', { status: 'ended', proposedBySide: 'mandator' }],
  ] as const)('allowed: %s', (_label, action, state) => {
    expect(authorizeMandate(a, action, 'mandatary', facts.main, state)).toEqual({ allowed: true, role: 'main' });
  });

  it('without a state (proposing), only the enterprise, the role and the level decide', () => {
    for (const action of ['accept', 'reject', 'end', 'client_manager.appoint'] as const) {
      expect(authorizeMandate(a, action, 'mandatary', facts.main)).toEqual({ allowed: true, role: 'main' });
    }
  });
});

describe('proposalLapse and otherSide (issue 21, item 10)', () => {
  it.each([
    ['the LR still', lr(), null],
    ['the main still', { ...none, isMain: true }, null],
    ['a co-main still', { ...none, isCoMain: true }, null],
    ['now only a domain access manager', { ...none, managedDomains: ['finance'] }, 'proposer_lost_power'],
    ['no role left', none, 'proposer_lost_power'],
    ['enterprise stopped, LR gone', { ...lr(), enterpriseActive: false }, 'enterprise_stopped'],
    ['enterprise stopped, still main', { ...none, isMain: true, enterpriseActive: false }, 'enterprise_stopped'],
    ['enterprise unknown', { ...none, isMain: true, enterpriseExists: false }, 'enterprise_stopped'],
  ] as const)('proposer is %s: %s', (_label, f, want) => {
    expect(proposalLapse(f as RoleFacts)).toBe(want);
  });

  it('the other side of each side', () => {
    expect(otherSide('mandator')).toBe('mandatary');
    expect(otherSide('mandatary')).toBe('mandator');
  });
});

function lr(): RoleFacts {
  return { ...none, isLegalRepresentative: true };
}
