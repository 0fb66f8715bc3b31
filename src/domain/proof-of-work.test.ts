import { describe, expect, it } from 'vitest';
import { isValidProof, leadingZeroBits, newChallenge, solveChallenge } from './proof-of-work.ts';

describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01]))).toBe(7);
    expect(leadingZeroBits(Uint8Array.from([0, 0]))).toBe(16);
  });

  it('accepts a found nonce and refuses others', () => {
    const { challenge } = newChallenge(12);
    const nonce = solveChallenge(challenge, 12);
    expect(isValidProof(challenge, 12, nonce)).toBe(true);
    expect(isValidProof(newChallenge(12).challenge, 40, nonce)).toBe(false);
    expect(isValidProof(challenge, 12, '')).toBe(false);
  });
});
