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
 * recent ones), exactly as the on-demand path builds them from rows. The preload (session 10)
 * stages the grants in the table's order and orders them by person once (stage, finish).
 */

import type { GrantRec } from './check-grant-record.ts';
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
import type { GrantRow, GrantValues } from './check-store.ts';

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

/** the positions of the columns in GrantValues (PRELOAD_GRANT_COLS, check-store.ts) */
const V_PERSON = 0;
const V_ENTERPRISE = 1;
const V_SERVICE = 2;
const V_ROLE = 3;
const V_DOMAIN = 4;
const V_FROM = 5;
const V_UNTIL = 6;
const V_CREATED = 7;
const V_BY = 8;
const V_BY_ROLE = 9;
const V_REVOKED_AT = 10;
const V_REVOKED_BY = 11;
const V_REQUEST = 12;
const V_ESTABLISHMENTS = 13;

/** a row of the on-demand read as the preload's values */
export function grantValues(person: string, r: GrantRow): GrantValues {
  return [
    person,
    r.enterprise_number,
    r.service,
    r.service_role,
    r.domain,
    r.valid_from,
    r.valid_until,
    r.created_at,
    r.granted_by,
    r.granted_by_role,
    r.revoked_at,
    r.revoked_by,
    r.access_request_id ?? null,
    r.establishments ?? null,
  ];
}

/** the preload's values as the on-demand read's row */
export function grantRowOf(v: GrantValues): GrantRow & { person_number: string } {
  return {
    person_number: v[V_PERSON] as string,
    enterprise_number: v[V_ENTERPRISE] as string,
    service: v[V_SERVICE] as string,
    service_role: v[V_ROLE] as string,
    domain: v[V_DOMAIN] as string,
    valid_from: v[V_FROM] as string,
    valid_until: v[V_UNTIL] as string | null,
    created_at: v[V_CREATED] as string,
    granted_by: v[V_BY] as string,
    granted_by_role: v[V_BY_ROLE] as string,
    revoked_at: v[V_REVOKED_AT] as string | null,
    revoked_by: v[V_REVOKED_BY] as string | null,
    access_request_id: v[V_REQUEST] as string | null,
    establishments: v[V_ESTABLISHMENTS] as string | null,
  };
}

export class CompactGrants {
  /** persons (their numbers), ascending, and the offset of each one's first grant */
  private personNum: Float64Array;
  private personStart: Int32Array;
  private persons = 0;
  /** staged grants (the preload, session 10): each one's person, in the order read, until finish() */
  private rowPerson: Float64Array | undefined;
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
  private extra = new Map<number, Extra>();
  private readonly kinds: Kind[] = [];
  private readonly kindIds = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();

  /**
   * `capacity` grants to start with (the arrays grow). `staged`: grants are staged in any order
   * (stage()) and ordered once by finish(); else persons are added in order (addPerson()).
   */
  constructor(capacity: number, staged = false) {
    const g = Math.max(16, capacity);
    const p = staged ? 16 : g;
    this.personNum = new Float64Array(p);
    this.personStart = new Int32Array(p + 1);
    if (staged) this.rowPerson = new Float64Array(g);
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
      (this.rowPerson?.byteLength ?? 0) +
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
    if (this.rowPerson) throw new Error('CompactGrants: staged, not added in order');
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
    for (const r of sorted) this.addGrant(grantValues(person, r));
    this.persons++;
    this.personStart[this.persons] = this.grants;
  }

  /**
   * The preload (issue 20, session 10): one grant of any person, in any order (the table's own);
   * the person an 11-digit number (holds()). Answerable only after finish().
   */
  stage(v: GrantValues) {
    const p = digitsOf(v[V_PERSON] as string, 11, 9);
    if (p < 0) throw new Error('CompactGrants: not an 11-digit person number');
    if (!this.rowPerson) throw new Error('CompactGrants: not staged');
    this.ensure(this.grants + 1, 0);
    this.rowPerson![this.grants] = p;
    this.addGrant(v);
  }

  /**
   * Leaves out every grant staged so far at these enterprises: a change there was taken in while
   * the preload read (the caller stages their rows as read since, check-index-preload.ts).
   */
  dropStaged(enterprises: Iterable<string>) {
    const rp = this.rowPerson;
    if (!rp) throw new Error('CompactGrants: not staged');
    const codes = new Set<number>();
    for (const e of enterprises) {
      const n = digitsOf(e, 10, 1);
      const id = n >= 0 ? n : this.stringIds.get(e);
      if (id !== undefined) codes.add(n >= 0 ? n : FOREIGN + id);
    }
    if (codes.size === 0) return;
    const ent = this.enterprise;
    for (let i = 0; i < this.grants; i++) if (codes.has(ent[i]!)) rp[i] = -1;
  }

  /**
   * Orders the staged grants by person, each person's oldest first (created_at compared as the
   * strings it was read as, ties in the order staged, as addPerson), and makes them answerable.
   * Synchronous: a few hundred ms for 5,000,000 grants (two counting passes and a copy per array).
   */
  finish() {
    const rp = this.rowPerson;
    if (!rp) throw new Error('CompactGrants: not staged');
    const order = orderByKey(rp, this.grants);
    const n = order.length;
    let persons = 0;
    for (let s = 0; s < n; ) {
      const p = rp[order[s]!]!;
      let e = s + 1;
      while (e < n && rp[order[e]!] === p) e++;
      if (e - s > 1) this.sortByCreated(order, s, e);
      persons++;
      s = e;
    }
    const extra = new Map<number, Extra>();
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      if (this.flags[i] === 1) extra.set(j, this.extra.get(i)!);
    }
    this.extra = extra;
    this.enterprise = pickU32(this.enterprise, order);
    this.kind = pickU32(this.kind, order);
    this.from = pickF64(this.from, order);
    this.until = pickF64(this.until, order);
    this.created = pickF64(this.created, order);
    this.grantedBy = pickF64(this.grantedBy, order);
    this.flags = pickU8(this.flags, order);
    this.personNum = new Float64Array(persons);
    this.personStart = new Int32Array(persons + 1);
    let at = -1;
    for (let j = 0; j < n; j++) {
      const p = rp[order[j]!]!;
      if (at < 0 || this.personNum[at] !== p) {
        this.personNum[++at] = p;
        this.personStart[at] = j;
      }
    }
    this.persons = persons;
    this.personStart[persons] = n;
    this.grants = n;
    this.rowPerson = undefined;
  }

  /** order[s..e) by created_at, stable: by insertion (a person's few grants, nearly in order as read) */
  private sortByCreated(order: Int32Array, s: number, e: number) {
    if (e - s > 32) {
      const sorted = [...order.subarray(s, e)].sort((a, b) =>
        this.createdBefore(a, b) ? -1 : this.createdBefore(b, a) ? 1 : a - b,
      );
      order.set(sorted, s);
      return;
    }
    for (let k = s + 1; k < e; k++) {
      const v = order[k]!;
      let m = k - 1;
      while (m >= s && this.createdBefore(v, order[m]!)) {
        order[m + 1] = order[m]!;
        m--;
      }
      order[m + 1] = v;
    }
  }

  /** grant a was created before grant b, comparing created_at as written (as addPerson does) */
  private createdBefore(a: number, b: number): boolean {
    const x = this.created[a]!;
    const y = this.created[b]!;
    // canonical ISO instants compare as their ms (fixed width, years 100-9999)
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x < y;
    return this.createdText(a) < this.createdText(b);
  }

  private createdText(i: number): string {
    const c = this.created[i]!;
    return Number.isNaN(c) ? this.extra.get(i)!.createdAt! : iso(c);
  }

  private addGrant(v: GrantValues) {
    const i = this.grants++;
    const enterprise = v[V_ENTERPRISE] as string;
    const e = digitsOf(enterprise, 10, 1);
    this.enterprise[i] = e >= 0 ? e : FOREIGN + this.stringId(enterprise);
    const service = v[V_SERVICE] as string;
    const role = v[V_ROLE] as string;
    const domain = v[V_DOMAIN] as string;
    const grantedByRole = v[V_BY_ROLE] as string;
    const k = `${service}\u0000${role}\u0000${domain}\u0000${grantedByRole}`;
    let kind = this.kindIds.get(k);
    if (kind === undefined) {
      kind = this.kinds.length;
      this.kinds.push({ service, role, domain, grantedByRole });
      this.kindIds.set(k, kind);
    }
    this.kind[i] = kind;
    const grantedBy = v[V_BY] as string;
    const by = digitsOf(grantedBy, 11, 9);
    this.grantedBy[i] = by >= 0 ? by : -(1 + this.stringId(grantedBy));
    const revokedAt = v[V_REVOKED_AT] as string | null;
    const revokedBy = v[V_REVOKED_BY] as string | null;
    const accessRequest = (v[V_REQUEST] as string | null | undefined) ?? null;
    let x: Extra | undefined;
    const more = () => {
      x ??= { revokedAt, revokedBy, accessRequest };
      return x;
    };
    const createdAt = v[V_CREATED] as string;
    const created = canonicalIsoMs(createdAt);
    this.created[i] = created;
    if (Number.isNaN(created)) more().createdAt = createdAt;
    const validFrom = v[V_FROM] as string;
    const from = canonicalIsoMs(validFrom);
    if (Number.isNaN(from)) {
      more().validFrom = validFrom;
      this.from[i] = Date.parse(validFrom);
    } else this.from[i] = from;
    const validUntil = v[V_UNTIL] as string | null;
    if (validUntil === null) this.until[i] = Number.POSITIVE_INFINITY;
    else {
      const until = canonicalIsoMs(validUntil);
      if (Number.isNaN(until)) {
        more().validUntil = validUntil;
        this.until[i] = Date.parse(validUntil);
      } else this.until[i] = until;
    }
    if (revokedAt !== null || revokedBy !== null || accessRequest) more();
    const establishments = v[V_ESTABLISHMENTS] as string | null | undefined;
    if (establishments) more().establishments = establishments.split(',');
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
      if (this.rowPerson) this.rowPerson = grow(this.rowPerson, n);
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
