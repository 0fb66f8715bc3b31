/**
 * The permission table of the management API, cell by cell (issue 21, item 10: the mutants that
 * survived in authorize.ts had no test that looked at them). Every action, for every role, at
 * every level, on an active and a stopped enterprise, against the table of DOMAIN.md written out
 * here; then the order of the refusals and the details each refusal carries.
 */
import { describe, expect, it } from 'vitest';
import { noRoles as none, roleFacts } from '../../test/role-facts.ts';
import type { Actor, Loa } from './actor.ts';
import { type Action, authorize, permissions, type RoleFacts, rolesOf } from './authorize.ts';

type Who = 'lr' | 'main' | 'coMain' | 'domainFinance' | 'stranger';
// the table iterates over these keys: the finance domain's access manager under its own name here
const { domain: domainFinance, ...others } = roleFacts;
const facts: Record<Who, RoleFacts> = { ...others, domainFinance };
const actor = (loa: Loa): Actor => ({ personNumber: '78031400273', loa, means: 'eid', via: 'bearer' });

/** Who may, the level needed, the refusal for the others, and whether it is a read. */
const table: Record<Action, { may: Who[]; loa: Loa; denied: string; read: boolean }> = {
  'main.appoint': { may: ['lr'], loa: 'high', denied: 'authorization.not_legal_representative', read: false },
  'main.remove': { may: ['lr'], loa: 'high', denied: 'authorization.not_legal_representative', read: false },
  'register_review.decide': {
    may: ['lr'],
    loa: 'high',
    denied: 'authorization.not_legal_representative',
    read: false,
  },
  'management_tree.read': {
    may: ['lr', 'main', 'coMain'],
    loa: 'substantial',
    denied: 'authorization.forbidden',
    read: true,
  },
  'appointment.report': {
    may: ['lr'],
    loa: 'high',
    denied: 'authorization.not_legal_representative',
    read: false,
  },
  'co_main.appoint': {
    may: ['main'],
    loa: 'substantial',
    denied: 'authorization.not_main_access_manager',
    read: false,
  },
  'co_main.remove': { may: ['main'], loa: 'substantial', denied: 'authorization.not_main_access_manager', read: false },
  'system.register': { may: ['main', 'coMain'], loa: 'substantial', denied: 'authorization.not_manager', read: false },
  'domain_manager.appoint': {
    may: ['main', 'coMain'],
    loa: 'substantial',
    denied: 'authorization.not_manager',
    read: false,
  },
  'domain_manager.remove': {
    may: ['main', 'coMain'],
    loa: 'substantial',
    denied: 'authorization.not_manager',
    read: false,
  },
  'grant.manage': {
    may: ['main', 'coMain', 'domainFinance'],
    loa: 'substantial',
    denied: 'authorization.not_domain_manager',
    read: false,
  },
  'grant.read': {
    may: ['main', 'coMain', 'domainFinance'],
    loa: 'substantial',
    denied: 'authorization.not_domain_manager',
    read: true,
  },
  'managers.read': {
    may: ['lr', 'main', 'coMain', 'domainFinance'],
    loa: 'substantial',
    denied: 'authorization.forbidden',
    read: true,
  },
  'audit.read': { may: ['lr', 'main', 'coMain'], loa: 'substantial', denied: 'authorization.forbidden', read: true },
};
const roleOf: Record<Who, string> = {
  lr: 'legal_representative',
  main: 'main',
  coMain: 'co_main',
  domainFinance: 'domain',
  stranger: '',
};
const rank: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };

const actions = Object.keys(table) as Action[];
const whos = Object.keys(facts) as Who[];
const loas: Loa[] = ['low', 'substantial', 'high'];
const cells = actions.flatMap((action) =>
  whos.flatMap((who) => loas.flatMap((loa) => [true, false].map((active) => ({ action, who, loa, active })))),
);

describe('authorize: the permission table, cell by cell (issue 21, item 10)', () => {
  it('the table here names every action there is', () => {
    expect(actions.sort()).toEqual(Object.keys(permissions).sort());
  });

  it.each(cells)('$action by $who at $loa, enterprise active: $active', ({ action, who, loa, active }) => {
    const t = table[action];
    // the finance access manager acts in finance: no domain given counts any domain they manage
    const d = authorize(actor(loa), action, { ...facts[who], enterpriseActive: active }, 'finance');
    const holds = t.may.includes(who) && !(who === 'lr' && !active); // a stopped enterprise has no LR
    if (!holds) {
      expect(d).toEqual(
        !active && !t.read
          ? { allowed: false, code: 'enterprise.stopped', details: {} }
          : { allowed: false, code: t.denied, details: { action } },
      );
    } else if (!active && !t.read) {
      expect(d).toEqual({ allowed: false, code: 'enterprise.stopped', details: {} });
    } else if (rank[loa] < rank[t.loa]) {
      expect(d).toEqual({
        allowed: false,
        code: 'authentication.insufficient_assurance',
        details: { needed: t.loa, current: loa },
      });
    } else {
      expect(d).toEqual({ allowed: true, role: roleOf[who] });
    }
  });
});

describe('authorize: refusals in order, and the domain scope of the domain role (issue 21, item 10)', () => {
  const high = actor('high');
  it.each([
    [
      'no person number first',
      { ...high, personNumber: null },
      { ...facts.lr, enterpriseExists: false },
      {
        allowed: false,
        code: 'authorization.forbidden',
        details: { reason: 'no_person_number' },
      },
    ],
    [
      'then an unknown enterprise',
      high,
      { ...facts.lr, enterpriseExists: false },
      {
        allowed: false,
        code: 'enterprise.not_found',
        details: {},
      },
    ],
  ] as const)('%s', (_label, a, f, want) => {
    expect(authorize(a, 'main.appoint', f)).toEqual(want);
  });

  it.each([
    ['finance manager in finance', ['finance'], 'finance', true],
    ['finance manager in mobility', ['finance'], 'mobility', false],
    ['finance manager, no domain named', ['finance'], undefined, true],
    ['manager of no domain, no domain named', [], undefined, false],
    ['manager of two domains, in the second', ['finance', 'mobility'], 'mobility', true],
  ] as const)('%s: allowed %s', (_label, managed, domain, allowed) => {
    const d = authorize(actor('substantial'), 'grant.manage', { ...none, managedDomains: [...managed] }, domain);
    expect(d.allowed).toBe(allowed);
    expect(rolesOf({ ...none, managedDomains: [...managed] }, domain)).toEqual(allowed ? ['domain'] : []);
  });

  it('the strongest role is the one acted as, and a stopped enterprise has no legal representative', () => {
    const all: RoleFacts = {
      ...none,
      isLegalRepresentative: true,
      isMain: true,
      isCoMain: true,
      managedDomains: ['finance'],
    };
    expect(rolesOf(all, 'finance')).toEqual(['legal_representative', 'main', 'co_main', 'domain']);
    expect(rolesOf({ ...all, enterpriseActive: false }, 'finance')).toEqual(['main', 'co_main', 'domain']);
    expect(authorize(actor('substantial'), 'managers.read', all, 'finance')).toEqual({
      allowed: true,
      role: 'legal_representative',
    });
    expect(authorize(actor('substantial'), 'grant.manage', all, 'finance')).toEqual({ allowed: true, role: 'main' });
  });
});
