/**
 * A hashcash-style challenge against scripted mass submission, with no third-party service:
 * the server issues a random challenge and a difficulty; the client searches a nonce such that
 * sha256(`${challenge}:${nonce}`) starts with `difficulty` zero bits. Checking costs one hash;
 * finding costs about 2^difficulty. The server stores the challenge and accepts it once.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PowChallenge {
  challenge: string;
  difficulty: number;
}

export function newChallenge(difficulty: number): PowChallenge {
  return { challenge: randomBytes(16).toString('hex'), difficulty };
}

/** Number of leading zero bits of a byte string. */
export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

export function powHash(challenge: string, nonce: string): Buffer {
  return createHash('sha256').update(`${challenge}:${nonce}`).digest();
}

export function isValidProof(challenge: string, difficulty: number, nonce: string): boolean {
  if (nonce.length === 0 || nonce.length > 64) return false;
  return leadingZeroBits(powHash(challenge, nonce)) >= difficulty;
}

/** The client's side (also what a test or a script uses): counts upward until a nonce fits. */
export function solveChallenge(challenge: string, difficulty: number, maxTries = 2 ** 32): string {
  for (let i = 0; i < maxTries; i++) {
    const nonce = i.toString(36);
    if (leadingZeroBits(powHash(challenge, nonce)) >= difficulty) return nonce;
  }
  throw new Error('no nonce found');
}
