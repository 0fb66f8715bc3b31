/**
 * The check index's preload (issue 20): every enterprise's own appointments and register status in
 * typed arrays (check-index-compact.ts holds the grants).
 */
import type { AppointmentTable } from '../infra/db/schema.ts';
import {
  canonicalIsoMs,
  digitsOf,
  grow,
  iso,
  orderByKey,
  pickF64,
  pickU8,
  pickU32,
  search,
} from './check-index-arrays.ts';

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
 * on-demand read builds them, in the order they were added. The preload (session 10) stages them
 * in the table's order and orders them by enterprise once (stage, finish).
 */
export class CompactAppointments {
  private entNum = new Uint32Array(1024);
  private entStart = new Int32Array(1025);
  private gone = new Uint8Array(1024);
  private enterprises = 0;
  /** staged appointments (the preload): each one's enterprise, in the order read, until finish() */
  private rowEnt: Float64Array | undefined;
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
  private extra = new Map<number, AppointmentExtra>();
  private readonly kinds: AppointmentKindRec[] = [];
  private readonly kindIds = new Map<string, number>();
  private readonly strings = new Strings();

  /** `staged`: appointments are staged in any order (stage()) and ordered once by finish() */
  constructor(staged = false) {
    if (staged) this.rowEnt = new Float64Array(1024);
  }

  get size() {
    return { enterprises: this.enterprises, appointments: this.count };
  }

  /** Whether `enterprise` can be held here at all (a 10-digit number, 0 or 1 first). */
  static holds(enterprise: string): boolean {
    return digitsOf(enterprise, 10, 1) >= 0;
  }

  /**
   * The preload (session 10): one appointment of any enterprise, in any order (the table's own);
   * the enterprise a 10-digit number (holds()). Answerable only after finish().
   */
  stage(r: AppointmentTable) {
    const e = digitsOf(r.enterprise_number, 10, 1);
    if (e < 0) throw new Error('CompactAppointments: not a 10-digit enterprise number');
    if (!this.rowEnt) throw new Error('CompactAppointments: not staged');
    this.ensure(this.count + 1, 0);
    this.rowEnt![this.count] = e;
    this.add(r);
  }

  /**
   * Orders the staged appointments by enterprise, each one's in the order staged, and makes them
   * answerable. Synchronous (two counting passes and a copy per array).
   */
  finish() {
    const re = this.rowEnt;
    if (!re) throw new Error('CompactAppointments: not staged');
    const order = orderByKey(re, this.count);
    const n = order.length;
    const extra = new Map<number, AppointmentExtra>();
    const id = new Uint32Array(n * 4);
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      if (this.flags[i]! & 1) extra.set(j, this.extra.get(i)!);
      for (let w = 0; w < 4; w++) id[j * 4 + w] = this.id[i * 4 + w]!;
    }
    this.extra = extra;
    this.id = id;
    this.person = pickF64(this.person, order);
    this.kind = pickU32(this.kind, order);
    this.appointedBy = pickF64(this.appointedBy, order);
    this.created = pickF64(this.created, order);
    this.from = pickF64(this.from, order);
    this.until = pickF64(this.until, order);
    this.flags = pickU8(this.flags, order);
    let enterprises = 0;
    for (let j = 0; j < n; j++) if (j === 0 || re[order[j]!] !== re[order[j - 1]!]) enterprises++;
    this.entNum = new Uint32Array(enterprises);
    this.entStart = new Int32Array(enterprises + 1);
    this.gone = new Uint8Array(enterprises);
    let at = -1;
    for (let j = 0; j < n; j++) {
      const e = re[order[j]!]!;
      if (at < 0 || this.entNum[at] !== e) {
        this.entNum[++at] = e;
        this.entStart[at] = j;
      }
    }
    this.enterprises = enterprises;
    this.entStart[enterprises] = n;
    this.count = n;
    this.rowEnt = undefined;
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
    if (this.rowEnt) throw new Error('CompactAppointments: staged, not added in order');
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
      if (this.rowEnt) this.rowEnt = grow(this.rowEnt, n);
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

function uuidOf(words: Uint32Array, at: number): string {
  const h =
    words[at]!.toString(16).padStart(8, '0') +
    words[at + 1]!.toString(16).padStart(8, '0') +
    words[at + 2]!.toString(16).padStart(8, '0') +
    words[at + 3]!.toString(16).padStart(8, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
