/**
 * The browser's side of the proof-of-work challenge (src/domain/proof-of-work.ts): find a
 * nonce such that sha256(`${challenge}:${nonce}`) starts with `difficulty` zero bits. Nonces
 * count upward in base 36, like the server's own solver. WebCrypto's digest is asynchronous
 * and costs more per call than per byte, so a batch of digests is in flight at once.
 */
const BATCH = 512;

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

export interface PowProgress {
  tries: number;
  /** about how many tries a solution takes (2^difficulty) */
  expected: number;
}

export async function solve(
  challenge: string,
  difficulty: number,
  onProgress: (p: PowProgress) => void,
  isCancelled: () => boolean = () => false,
): Promise<{ nonce: string; tries: number }> {
  const encoder = new TextEncoder();
  const expected = 2 ** difficulty;
  for (let start = 0; start < 2 ** 32; start += BATCH) {
    if (isCancelled()) throw new Error('cancelled');
    const nonces = Array.from({ length: BATCH }, (_, i) => (start + i).toString(36));
    const digests = await Promise.all(
      nonces.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${n}`))),
    );
    const hit = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= difficulty);
    if (hit >= 0) return { nonce: nonces[hit] ?? '', tries: start + hit + 1 };
    onProgress({ tries: start + BATCH, expected });
  }
  throw new Error('no nonce found');
}
