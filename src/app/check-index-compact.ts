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

import type { AppointmentTable } from '../infra/db/schema.ts';
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
    return search(this.personNum, this.persons, digitsOf(person, 11, 9));
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

interface AppointmentExtra {
  mandate_id: string | null;
  ended_at: string | null;
  end_reason: string | null;
  access_request_id: string | null;
  created_at?: string;
  valid_from?: string;
  valid_until?: string | null;
}

interface AppointmentKindRec {
  kind: AppointmentTable['kind'];
  domain: string;
  procedure: AppointmentTable['procedure'];
  appointedByRole: string;
}

const HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Every enterprise's own appointments in typed arrays (issue 20): at the full scale (1,000,000
 * enterprises) as row objects they were most of the V8 heap after the preload. Enterprises with a
 * 10-digit number (0 or 1 first) in ascending order, each one's appointments contiguous; persons
 * and the appointer as numbers when 11 digits (else a string table); kind, domain, procedure and
 * the appointer's role as one interned kind; dates as ms when in toISOString() form; an id in
 * lowercase UUID form as four 32-bit words (else kept as written); the rare fields (end, reason,
 * access request, a mandate) in a side table. An enterprise whose appointments changed after the
 * preload read them is forgotten here (the caller reads it again). Rows are given back as the
 * on-demand read builds them, in the order they were added.
 */
export class CompactAppointments {
  private entNum = new Uint32Array(1024);
  private entStart = new Int32Array(1025);
  private gone = new Uint8Array(1024);
  private enterprises = 0;
  private person = new Float64Array(1024);
  private kind = new Uint32Array(1024);
  private appointedBy = new Float64Array(1024);
  private created = new Float64Array(1024);
  private from = new Float64Array(1024);
  private until = new Float64Array(1024);
  /** four words of a UUID id, or [index in otherIds, 0, 0, 0] */
  private id = new Uint32Array(4096);
  /** bit 0: an entry in `extra`; bit 1: the id is a UUID */
  private flags = new Uint8Array(1024);
  private count = 0;
  private readonly otherIds: string[] = [];
  private readonly extra = new Map<number, AppointmentExtra>();
  private readonly kinds: AppointmentKindRec[] = [];
  private readonly kindIds = new Map<string, number>();
  private readonly strings = new Strings();

  get size() {
    return { enterprises: this.enterprises, appointments: this.count };
  }

  get bytes(): number {
    return (
      this.entNum.byteLength +
      this.entStart.byteLength +
      this.gone.byteLength +
      this.person.byteLength * 6 +
      this.id.byteLength +
      this.flags.byteLength
    );
  }

  /** Whether `enterprise` can be held here at all (a 10-digit number, 0 or 1 first). */
  /** Whether addEnterprise takes `enterprise` now: a 10-digit number after every one added. */
  accepts(enterprise: string): boolean {
    const e = digitsOf(enterprise, 10, 1);
    return e >= 0 && (this.enterprises === 0 || e > this.entNum[this.enterprises - 1]!);
  }

  /**
   * Appends the appointments of one enterprise, which must come after every enterprise added
   * before (in number order) and hold a 10-digit number.
   */
  addEnterprise(enterprise: string, rows: readonly AppointmentTable[]) {
    const e = digitsOf(enterprise, 10, 1);
    if (e < 0) throw new Error('CompactAppointments: not a 10-digit enterprise number');
    if (this.enterprises > 0 && e <= this.entNum[this.enterprises - 1]!)
      throw new Error('CompactAppointments: enterprises out of order');
    if (rows.length === 0) return;
    this.ensure(this.count + rows.length, this.enterprises + 1);
    this.entNum[this.enterprises] = e;
    this.entStart[this.enterprises] = this.count;
    for (const r of rows) this.add(r);
    this.enterprises++;
    this.entStart[this.enterprises] = this.count;
  }

  private add(r: AppointmentTable) {
    const i = this.count++;
    this.person[i] = this.strings.numberOr(r.person_number);
    const k = `${r.kind}\u0000${r.domain}\u0000${r.procedure}\u0000${r.appointed_by_role}`;
    let kind = this.kindIds.get(k);
    if (kind === undefined) {
      kind = this.kinds.length;
      this.kinds.push({ kind: r.kind, domain: r.domain, procedure: r.procedure, appointedByRole: r.appointed_by_role });
      this.kindIds.set(k, kind);
    }
    this.kind[i] = kind;
    this.appointedBy[i] = r.appointed_by === null ? Number.NaN : this.strings.numberOr(r.appointed_by);
    let x: AppointmentExtra | undefined;
    const more = () => {
      x ??= {
        mandate_id: r.mandate_id,
        ended_at: r.ended_at,
        end_reason: r.end_reason,
        access_request_id: r.access_request_id ?? null,
      };
      return x;
    };
    const created = canonicalIsoMs(r.created_at);
    this.created[i] = created;
    if (Number.isNaN(created)) more().created_at = r.created_at;
    const from = canonicalIsoMs(r.valid_from);
    this.from[i] = from;
    if (Number.isNaN(from)) more().valid_from = r.valid_from;
    if (r.valid_until === null) this.until[i] = Number.POSITIVE_INFINITY;
    else {
      const until = canonicalIsoMs(r.valid_until);
      this.until[i] = until;
      if (Number.isNaN(until)) more().valid_until = r.valid_until;
    }
    if (r.mandate_id !== null || r.ended_at !== null || r.end_reason !== null || r.access_request_id) more();
    let f = x ? 1 : 0;
    if (HEX.test(r.id)) {
      const h = r.id.replaceAll('-', '');
      for (let w = 0; w < 4; w++) this.id[i * 4 + w] = Number.parseInt(h.slice(w * 8, w * 8 + 8), 16);
      f |= 2;
    } else {
      this.id[i * 4] = this.otherIds.length;
      this.otherIds.push(r.id);
    }
    this.flags[i] = f;
    if (x) this.extra.set(i, x);
  }

  private ensure(count: number, enterprises: number) {
    if (count > this.person.length) {
      const n = Math.max(count, Math.ceil(this.person.length * 1.5));
      this.person = grow(this.person, n);
      this.kind = grow(this.kind, n);
      this.appointedBy = grow(this.appointedBy, n);
      this.created = grow(this.created, n);
      this.from = grow(this.from, n);
      this.until = grow(this.until, n);
      this.id = grow(this.id, n * 4);
      this.flags = grow(this.flags, n);
    }
    if (enterprises + 1 > this.entStart.length) {
      const n = Math.max(enterprises + 1, Math.ceil(this.entStart.length * 1.5));
      this.entNum = grow(this.entNum, n);
      this.entStart = grow(this.entStart, n);
      this.gone = grow(this.gone, n);
    }
  }

  private find(enterprise: string): number {
    const at = search(this.entNum, this.enterprises, digitsOf(enterprise, 10, 1));
    return at >= 0 && this.gone[at] === 0 ? at : -1;
  }

  has(enterprise: string): boolean {
    return this.find(enterprise) >= 0;
  }

  /** Drops what is held for the enterprise (its appointments changed): has() says no from now on. */
  forget(enterprise: string) {
    const at = this.find(enterprise);
    if (at >= 0) this.gone[at] = 1;
  }

  /** The enterprise's appointments as the on-demand read gives them, built now; undefined when not held. */
  appointmentsOf(enterprise: string): AppointmentTable[] | undefined {
    const at = this.find(enterprise);
    if (at < 0) return undefined;
    const end = this.entStart[at + 1]!;
    const out: AppointmentTable[] = [];
    for (let i = this.entStart[at]!; i < end; i++) out.push(this.row(enterprise, i));
    return out;
  }

  private row(enterprise: string, i: number): AppointmentTable {
    const k = this.kinds[this.kind[i]!]!;
    const x = this.flags[i]! & 1 ? this.extra.get(i) : undefined;
    const by = this.appointedBy[i]!;
    const until = this.until[i]!;
    return {
      id: this.flags[i]! & 2 ? uuidOf(this.id, i * 4) : this.otherIds[this.id[i * 4]!]!,
      enterprise_number: enterprise,
      person_number: this.strings.of(this.person[i]!, 11),
      kind: k.kind,
      domain: k.domain,
      mandate_id: x?.mandate_id ?? null,
      procedure: k.procedure,
      appointed_by: Number.isNaN(by) ? null : this.strings.of(by, 11),
      appointed_by_role: k.appointedByRole,
      created_at: x?.created_at ?? iso(this.created[i]!),
      valid_from: x?.valid_from ?? iso(this.from[i]!),
      valid_until:
        x?.valid_until !== undefined ? x.valid_until : until === Number.POSITIVE_INFINITY ? null : iso(until),
      ended_at: x?.ended_at ?? null,
      end_reason: x?.end_reason ?? null,
      access_request_id: x?.access_request_id ?? null,
    } as AppointmentTable;
  }
}

/**
 * Every enterprise's register status, compact (issue 20): numbers (10 digits, 0 or 1 first) in
 * ascending order with one byte of status each (the distinct statuses are few); any other number,
 * or more than 255 distinct statuses, in a Map.
 */
export class CompactStatuses {
  private nums = new Uint32Array(1024);
  private codes = new Uint8Array(1024);
  private n = 0;
  private readonly values: string[] = [];
  private readonly other = new Map<string, string>();

  get size(): number {
    return this.n + this.other.size;
  }

  add(enterprise: string, status: string) {
    const e = digitsOf(enterprise, 10, 1);
    let code = this.values.indexOf(status);
    if (code < 0 && this.values.length < 255) code = this.values.push(status) - 1;
    if (e < 0 || code < 0 || (this.n > 0 && e <= this.nums[this.n - 1]!)) {
      this.other.set(enterprise, status);
      return;
    }
    if (this.n === this.nums.length) {
      this.nums = grow(this.nums, this.n * 2);
      this.codes = grow(this.codes, this.n * 2);
    }
    this.nums[this.n] = e;
    this.codes[this.n++] = code;
  }

  /** the status, or undefined when the enterprise is not held */
  get(enterprise: string): string | undefined {
    const at = search(this.nums, this.n, digitsOf(enterprise, 10, 1));
    return at >= 0 ? this.values[this.codes[at]!] : this.other.get(enterprise);
  }
}

/** identifiers that are not numbers of `len` digits, as negative entries of a table */
class Strings {
  private readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  /** the number of an 11-digit identifier, else -(1 + its entry) */
  numberOr(s: string): number {
    const n = digitsOf(s, 11, 9);
    if (n >= 0) return n;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.ids.set(s, id);
    }
    return -(1 + id);
  }

  of(v: number, len: number): string {
    return v >= 0 ? String(v).padStart(len, '0') : this.list[-v - 1]!;
  }
}

/** the position of `v` in the first `n` (ascending) entries of `a`, or -1 */
function search(a: Uint32Array | Float64Array, n: number, v: number): number {
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

function uuidOf(words: Uint32Array, at: number): string {
  const h =
    words[at]!.toString(16).padStart(8, '0') +
    words[at + 1]!.toString(16).padStart(8, '0') +
    words[at + 2]!.toString(16).padStart(8, '0') +
    words[at + 3]!.toString(16).padStart(8, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
