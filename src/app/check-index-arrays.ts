/**
 * The typed-array helpers of the check index's compact preload (issue 20): identifiers and dates as
 * numbers, arrays that grow, and the order of staged rows by a numeric key (session 10).
 */

/** ms of an ISO instant in the exact form toISOString() writes (YYYY-MM-DDTHH:MM:SS.sssZ), else NaN. */
export function canonicalIsoMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return Number.NaN;
  const d = (i: number) => {
    const c = s.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : -1000;
  };
  if (s[4] !== '-' || s[7] !== '-' || s[13] !== ':' || s[16] !== ':' || s[19] !== '.') return Number.NaN;
  const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const mo = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  const h = d(11) * 10 + d(12);
  const mi = d(14) * 10 + d(15);
  const sec = d(17) * 10 + d(18);
  const ms = d(20) * 100 + d(21) * 10 + d(22);
  // Date.UTC reads years 0-99 as 1900-1999: such a date is kept as written (extra), read by Date.parse
  if (y < 100 || mo < 1 || mo > 12 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0)
    return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (day > dim) return Number.NaN;
  return Date.UTC(y, mo - 1, day, h, mi, sec, ms);
}

/** the number of an identifier of exactly `len` digits (the first at most `first`), else -1 */
export function digitsOf(s: string, len: number, first: number): number {
  if (s.length !== len) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === 0 && c > first)) return -1;
    n = n * 10 + c;
  }
  return n;
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function grow<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** a copy of `a` in the order of the positions `order` (one function per array type: a generic one ran 10× slower) */
export function pickF64(a: Float64Array, order: Int32Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(order.length);
  for (let j = 0; j < order.length; j++) b[j] = a[order[j]!]!;
  return b;
}

export function pickU32(a: Uint32Array, order: Int32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(order.length);
  for (let j = 0; j < order.length; j++) b[j] = a[order[j]!]!;
  return b;
}

export function pickU8(a: Uint8Array, order: Int32Array): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(order.length);
  for (let j = 0; j < order.length; j++) b[j] = a[order[j]!]!;
  return b;
}

const RADIX_BITS = 19;
const RADIX = 2 ** RADIX_BITS;

/**
 * The positions 0..n-1 of `key` ordered by key, ties in position order; a negative key leaves its
 * position out. Keys are integers below 2^38 (an 11-digit person number, a 10-digit enterprise
 * number): two stable counting passes of 19 bits, no comparison (5,000,000 keys in a few tens of ms).
 */
export function orderByKey(key: Float64Array, n: number): Int32Array {
  let kept = 0;
  const low = new Int32Array(RADIX + 1);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k < 0) continue;
    kept++;
    const b = (k % RADIX) + 1;
    low[b] = low[b]! + 1;
  }
  for (let b = 0; b < RADIX; b++) low[b + 1] = low[b + 1]! + low[b]!;
  const byLow = new Int32Array(kept);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k < 0) continue;
    const b = k % RADIX;
    byLow[low[b]!] = i;
    low[b] = low[b]! + 1;
  }
  const high = new Int32Array(RADIX + 1);
  for (let j = 0; j < kept; j++) {
    const b = Math.floor(key[byLow[j]!]! / RADIX) + 1;
    high[b] = high[b]! + 1;
  }
  for (let b = 0; b < RADIX; b++) high[b + 1] = high[b + 1]! + high[b]!;
  const out = new Int32Array(kept);
  for (let j = 0; j < kept; j++) {
    const i = byLow[j]!;
    const b = Math.floor(key[i]! / RADIX);
    out[high[b]!] = i;
    high[b] = high[b]! + 1;
  }
  return out;
}

/** the position of `v` in the first `n` (ascending) entries of `a`, or -1 */
export function search(a: Uint32Array | Float64Array, n: number, v: number): number {
  if (v < 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[mid]!;
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else return mid;
  }
  return -1;
}
