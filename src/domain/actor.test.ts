/**
 * Assurance levels compared (issue 21, item 10: loaAtLeast and isLoa had mutants no test saw).
 * Every pair of levels, and levels that are no level at all (issue 13: '__proto__' and friends).
 */
import { describe, expect, it } from 'vitest';
import { isLoa, type Loa, loaAtLeast } from './actor.ts';

const levels: Loa[] = ['low', 'substantial', 'high'];

describe('loaAtLeast and isLoa (issue 21, item 10)', () => {
  it.each(levels.flatMap((actual, i) => levels.map((needed, j) => [actual, needed, i >= j] as const)))(
    '%s is at least %s: %s',
    (actual, needed, want) => {
      expect(loaAtLeast(actual, needed)).toBe(want);
    },
  );

  it.each(['__proto__', 'constructor', 'toString', 'HIGH', '', 'none'])('%j is no level, on either side', (bogus) => {
    expect(isLoa(bogus)).toBe(false);
    for (const l of levels) {
      expect(loaAtLeast(bogus as Loa, l)).toBe(false);
      expect(loaAtLeast(l, bogus as Loa)).toBe(false);
    }
  });

  it.each([...levels, undefined, null, 3])('isLoa(%j)', (v) => {
    expect(isLoa(v)).toBe(levels.includes(v as Loa));
  });
});
