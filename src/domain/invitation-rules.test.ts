/**
 * Who may accept an invitation, and whether it still stands (issue 21, item 10: no unit test
 * looked at these rules, so every mutant of them survived the mutation run).
 */
import { describe, expect, it } from 'vitest';
import { noRoles as none } from '../../test/role-facts.ts';
import type { Actor } from './actor.ts';
import type { RoleFacts } from './authorize.ts';
import { invitationLapse, inviteeRefusal } from './invitation-rules.ts';

const sofie: Actor = { personNumber: '90052104883', loa: 'substantial', means: 'eid', via: 'session' };
const byNumber = { person_number: '90052104883', email: 'sofie@example.be' };
const byEmail = { person_number: null, email: 'sofie@example.be' };

describe('inviteeRefusal (issue 21, item 10)', () => {
  it.each([
    ['the named person', byNumber, sofie, null],
    [
      'another person, even with the invited address verified',
      byNumber,
      { ...sofie, personNumber: '85073003328', email: 'sofie@example.be', emailVerified: true },
      'invitation.person_mismatch',
    ],
    [
      'a person without a number, for a named person',
      byNumber,
      { ...sofie, personNumber: null },
      'invitation.person_mismatch',
    ],
    ['the verified address', byEmail, { ...sofie, email: 'sofie@example.be', emailVerified: true }, null],
    [
      'the verified address in other case and with spaces',
      byEmail,
      { ...sofie, email: '  Sofie@Example.BE ', emailVerified: true },
      null,
    ],
    [
      'the address, not verified',
      byEmail,
      { ...sofie, email: 'sofie@example.be', emailVerified: false },
      'invitation.email_unverified',
    ],
    [
      'the address, verification unknown',
      byEmail,
      { ...sofie, email: 'sofie@example.be' },
      'invitation.email_unverified',
    ],
    ['no address', byEmail, { ...sofie, emailVerified: true }, 'invitation.email_unverified'],
    [
      'another verified address',
      byEmail,
      { ...sofie, email: 'tom@example.be', emailVerified: true },
      'invitation.email_mismatch',
    ],
  ] as const)('%s: %s', (_label, inv, actor, want) => {
    expect(inviteeRefusal(inv, actor as Actor)).toBe(want);
  });
});

describe('invitationLapse (issue 21, item 10)', () => {
  it.each([
    ['the main', { ...none, isMain: true }, null],
    ['a co-main', { ...none, isCoMain: true }, null],
    ['the access manager of that domain', { ...none, managedDomains: ['finance'] }, null],
    ['the access manager of another domain', { ...none, managedDomains: ['mobility'] }, 'inviter_lost_power'],
    [
      'only the legal representative (grants are not theirs)',
      { ...none, isLegalRepresentative: true },
      'inviter_lost_power',
    ],
    ['no role left', none, 'inviter_lost_power'],
    ['the main of a stopped enterprise', { ...none, isMain: true, enterpriseActive: false }, 'enterprise_stopped'],
    ['the main of an enterprise gone', { ...none, isMain: true, enterpriseExists: false }, 'enterprise_stopped'],
  ] as const)('inviter is %s: %s', (_label, facts, want) => {
    expect(invitationLapse(facts as RoleFacts, 'finance')).toBe(want);
  });
});
