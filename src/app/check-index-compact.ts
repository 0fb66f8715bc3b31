/**
 * Every own grant of the data set in typed arrays (issue 20): what the start-up preload builds, so
 * that at the full scale (5,000,000 grants, 3,000,000 persons) a check on any person reads no table
 * and the index fits the server's memory budget. As JS objects the same grants took more than
 * 2.3 GB and over 15 minutes of a shared 2-core machine; here a grant is about 41 bytes.
 *
 * - persons with a national register or BIS number (11 digits) are numbers, sorted, each with the
 *   offset of its first grant (its grants are contiguous); a person with another identifier (eIDAS)
 *   is left to the caller (CheckIndex keeps their records as objects);
 * - enterprises are numbers (10 digits starting 0 or 1 fit an unsigned 32-bit integer); any other
 *   identifier (a foreign enterprise) is an entry of a string table, above FOREIGN;
 * - service, role, domain and the granter's role are one interned "kind";
 * - dates are ms since the epoch; the ISO strings the index answers with are rebuilt from them
 *   (only strings in that exact form are taken: any other form is kept as it was, in `extra`);
 * - the granter is a number when it is an 11-digit person number, else an entry of the table;
 * - the rare fields (revocation, access request, establishment units, dates in another form) are
 *   in `extra`, by grant, flagged so that the common grant costs no Map lookup.
 * A person's records are built as objects when first asked about (CheckIndex keeps the
 * recent ones), exactly as the on-demand path builds them from rows.
 */
import type { GrantRec } from './check-grant-record.ts';
import type { GrantRow } from './check-store.ts';

const FOREIGN = 2_000_000_000;

interface Kind {
  service: string;
  role: string;
  domain: string;
  grantedByRole: string;
}

interface Extra {
  revokedAt: string | null;
  revokedBy: string | null;
  accessRequest: string | null;
  establishments?: string[];
  createdAt?: string;
  validFrom?: string;
  validUntil?: string | null;
}

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
function digitsOf(s: string, len: number, first: number): number {
  if (s.length !== len) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === 0 && c > first)) return -1;
    n = n * 10 + c;
  }
  return n;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class CompactGrants {
  /** persons (their numbers), ascending, and the offset of each one's first grant */
  private personNum: Float64Array;
  private personStart: Int32Array;
  private persons = 0;
  private enterprise: Uint32Array;
  private kind: Uint32Array;
  private from: Float64Array;
  private until: Float64Array;
  private created: Float64Array;
  /** an 11-digit person number, or -(1 + index in `strings`) */
  private grantedBy: Float64Array;
  /** 1: the grant has an entry in `extra` */
  private flags: Uint8Array;
  private grants = 0;
  private readonly extra = new Map<number, Extra>();
  private readonly kinds: Kind[] = [];
  private readonly kindIds = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();

  constructor(capacity: number) {
    const g = Math.max(16, capacity);
    this.personNum = new Float64Array(g);
    this.personStart = new Int32Array(g + 1);
    this.enterprise = new Uint32Array(g);
    this.kind = new Uint32Array(g);
    this.from = new Float64Array(g);
    this.until = new Float64Array(g);
    this.created = new Float64Array(g);
    this.grantedBy = new Float64Array(g);
    this.flags = new Uint8Array(g);
  }

  get size() {
    return { persons: this.persons, grants: this.grants };
  }

  /** bytes held by the typed arrays (the side tables are small by construction) */
  get bytes(): number {
    return (
      this.personNum.byteLength +
      this.personStart.byteLength +
      this.enterprise.byteLength +
      this.kind.byteLength +
      this.from.byteLength * 4 +
      this.flags.byteLength
    );
  }

  /** Whether `person` can be held here at all (an 11-digit number). */
  static holds(person: string): boolean {
    return digitsOf(person, 11, 9) >= 0;
  }

  /**
   * Appends the grants of one person, who must come after every person added before (in number
   * order) and hold an 11-digit number. Rows in any order: they are kept oldest first.
   */
  addPerson(person: string, rows: GrantRow[]) {
    const p = digitsOf(person, 11, 9);
    if (p < 0) throw new Error('CompactGrants: not an 11-digit person number');
    if (this.persons > 0 && p <= this.personNum[this.persons - 1]!)
      throw new Error('CompactGrants: persons out of order');
    if (rows.length === 0) return;
    this.ensure(this.grants + rows.length, this.persons + 1);
    const sorted =
      rows.length > 1
        ? [...rows].sort((x, y) => (x.created_at < y.created_at ? -1 : x.created_at > y.created_at ? 1 : 0))
        : rows;
    this.personNum[this.persons] = p;
    this.personStart[this.persons] = this.grants;
    for (const r of sorted) this.addGrant(r);
    this.persons++;
    this.personStart[this.persons] = this.grants;
  }

  private addGrant(r: GrantRow) {
    const i = this.grants++;
    const e = digitsOf(r.enterprise_number, 10, 1);
    this.enterprise[i] = e >= 0 ? e : FOREIGN + this.stringId(r.enterprise_number);
    const k = `${r.service}\u0000${r.service_role}\u0000${r.domain}\u0000${r.granted_by_role}`;
    let kind = this.kindIds.get(k);
    if (kind === undefined) {
      kind = this.kinds.length;
      this.kinds.push({ service: r.service, role: r.service_role, domain: r.domain, grantedByRole: r.granted_by_role });
      this.kindIds.set(k, kind);
    }
    this.kind[i] = kind;
    const by = digitsOf(r.granted_by, 11, 9);
    this.grantedBy[i] = by >= 0 ? by : -(1 + this.stringId(r.granted_by));
    let x: Extra | undefined;
    const more = () => {
      x ??= { revokedAt: r.revoked_at, revokedBy: r.revoked_by, accessRequest: r.access_request_id ?? null };
      return x;
    };
    const created = canonicalIsoMs(r.created_at);
    this.created[i] = created;
    if (Number.isNaN(created)) more().createdAt = r.created_at;
    const from = canonicalIsoMs(r.valid_from);
    if (Number.isNaN(from)) {
      more().validFrom = r.valid_from;
      this.from[i] = Date.parse(r.valid_from);
    } else this.from[i] = from;
    if (r.valid_until === null) this.until[i] = Number.POSITIVE_INFINITY;
    else {
      const until = canonicalIsoMs(r.valid_until);
      if (Number.isNaN(until)) {
        more().validUntil = r.valid_until;
        this.until[i] = Date.parse(r.valid_until);
      } else this.until[i] = until;
    }
    if (r.revoked_at !== null || r.revoked_by !== null || r.access_request_id) more();
    if (r.establishments) more().establishments = r.establishments.split(',');
    this.flags[i] = x ? 1 : 0;
    if (x) this.extra.set(i, x);
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private ensure(grants: number, persons: number) {
    if (grants > this.enterprise.length) {
      const n = Math.max(grants, Math.ceil(this.enterprise.length * 1.25));
      this.enterprise = grow(this.enterprise, n);
      this.kind = grow(this.kind, n);
      this.from = grow(this.from, n);
      this.until = grow(this.until, n);
      this.created = grow(this.created, n);
      this.grantedBy = grow(this.grantedBy, n);
      this.flags = grow(this.flags, n);
    }
    if (persons + 1 > this.personStart.length) {
      const n = Math.max(persons + 1, Math.ceil(this.personStart.length * 1.25));
      this.personNum = grow(this.personNum, n);
      this.personStart = grow(this.personStart, n);
    }
  }

  /** the position of the person among those held, or -1 */
  private find(person: string): number {
    const p = digitsOf(person, 11, 9);
    if (p < 0) return -1;
    const nums = this.personNum;
    let lo = 0;
    let hi = this.persons - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = nums[mid]!;
      if (v < p) lo = mid + 1;
      else if (v > p) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  has(person: string): boolean {
    return this.find(person) >= 0;
  }

  /** The person's records, oldest first, built now; undefined when the person holds none here. */
  grantsOf(person: string): GrantRec[] | undefined {
    const at = this.find(person);
    if (at < 0) return undefined;
    const end = this.personStart[at + 1]!;
    const out: GrantRec[] = [];
    for (let i = this.personStart[at]!; i < end; i++) out.push(this.record(i));
    return out;
  }

  private record(i: number): GrantRec {
    const k = this.kinds[this.kind[i]!]!;
    const e = this.enterprise[i]!;
    const by = this.grantedBy[i]!;
    const x = this.flags[i] === 1 ? this.extra.get(i) : undefined;
    const from = this.from[i]!;
    const until = this.until[i]!;
    const validUntil =
      x?.validUntil !== undefined ? x.validUntil : until === Number.POSITIVE_INFINITY ? null : iso(until);
    return {
      enterprise: e >= FOREIGN ? this.strings[e - FOREIGN]! : String(e).padStart(10, '0'),
      service: k.service,
      role: k.role,
      domain: k.domain,
      from,
      until,
      createdAt: x?.createdAt ?? iso(this.created[i]!),
      grantedBy: by >= 0 ? String(by).padStart(11, '0') : this.strings[-by - 1]!,
      grantedByRole: k.grantedByRole,
      validFrom: x?.validFrom ?? iso(from),
      validUntil,
      revokedAt: x?.revokedAt ?? null,
      revokedBy: x?.revokedBy ?? null,
      accessRequest: x?.accessRequest ?? null,
      usedIn: 0,
      answers: undefined,
      ...(x?.establishments ? { establishments: x.establishments } : {}),
    };
  }
}

function grow<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
