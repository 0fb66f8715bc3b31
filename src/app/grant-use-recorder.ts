/**
 * When a grant last answered a check "yes" (issue 17, use-based expiry), recorded without a write
 * per check: the check path hands the grant's cached record to `record()`, which compares one
 * number on that record and, the first time in a batch, appends it to a list (no hashing, no
 * clock read, no allocation but the list's growth); `flush()` writes every grant seen
 * since the last flush in transactions of CHUNK grants, one multi-row upsert each, stamped with
 * the flush time, and clears the unused-grant flag of those grants. A grant used a million times a minute is one upsert a minute.
 *
 * The recorder flushes itself every GRANT_USE_FLUSH_SECONDS once something was recorded, and
 * when the server stops; if more than `maxPending` distinct grants pile up before that, it
 * flushes early. What a crashed node had not yet written only delays a flag by that interval.
 * A flush that fails (the database away, a lock timeout) puts its batch back, so the next flush
 * writes it, and reports the failure to `onError` as a `GrantUseFlushError` that carries no
 * personal data (the driver's error may quote the values it tried to write).
 */
import { sql } from 'kysely';
import type { DbHandle } from '../infra/db/database.ts';
import type { Clock } from '../ports.ts';

/** The fields of a check index grant record that identify the grant (with its holder). */
export interface UsedGrant {
  enterprise: string;
  service: string;
  role: string;
  /**
   * The recorder's batch in which this record was last noted (0 or absent: never). Kept on the
   * record itself so that a repeated "yes" costs a comparison, not a Map lookup; the check index
   * sets it to 0 when it builds the record so that every record has the same shape.
   */
  usedIn?: number;
}

export interface GrantUseRecorder {
  /** called by the check path on every "yes" from an own grant */
  record(person: string, grant: UsedGrant): void;
  /**
   * writes what was recorded; resolves to the number of uses noted (grant records: a grant whose
   * record the index replaced during the batch counts once per record, and is written once)
   */
  flush(): Promise<number>;
  /** stops the timer and writes what is left */
  stop(): Promise<void>;
  /** distinct grants waiting to be written (metrics, tests) */
  readonly pending: number;
}

export interface RecorderOptions {
  flushMs: number;
  maxPending?: number;
  onError?: (e: GrantUseFlushError) => void;
}

/** What a failed flush tells the log: how many grants wait, and the driver's error class and code only. */
export class GrantUseFlushError extends Error {
  readonly grants: number;
  /** the driver's error class and code (never its message, which may quote the values) */
  readonly failure: { name: string; code: string | undefined };

  constructor(grants: number, e: unknown) {
    const name = e instanceof Error ? e.name : typeof e;
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
    super(`grant use not written (${name}${code ? ` ${code}` : ''}); ${grants} grants kept for the next flush`);
    this.name = 'GrantUseFlushError';
    this.grants = grants;
    this.failure = { name, code };
  }
}

/**
 * Grants written per transaction. A flush of 100,000 distinct grants in one transaction kept the
 * event loop (and SQLite's one connection) for seconds: every check waited (the benchmark's
 * mandate and system mixes fell from ~100K/s to 5–10K/s when a flush landed in them). A chunk
 * that fails puts the whole batch back; the chunks already written are written again (an upsert).
 */
const CHUNK = 500;

export function createGrantUseRecorder(db: DbHandle, clock: Clock, opts: RecorderOptions): GrantUseRecorder {
  const maxPending = opts.maxPending ?? 100_000;
  // the grants noted in the current batch, and their holders at the same index
  let batch = 1;
  let grants: UsedGrant[] = [];
  let persons: string[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;

  const note = (person: string, g: UsedGrant) => {
    g.usedIn = batch;
    grants.push(g);
    persons.push(person);
  };

  const flushNow = async (): Promise<number> => {
    if (grants.length === 0) return 0;
    const [taken, holders] = [grants, persons];
    grants = [];
    persons = [];
    batch++; // every record may be noted again, in the new batch
    const at = clock.now().toISOString();
    try {
      await write(taken, holders, at);
    } catch (e) {
      // back into the queue, behind nothing: a use recorded meanwhile keeps its own entry
      taken.forEach((g, i) => {
        if (g.usedIn !== batch) note(holders[i] as string, g);
      });
      throw new GrantUseFlushError(grants.length, e);
    }
    return taken.length;
  };

  const write = async (taken: UsedGrant[], holders: string[], at: string) => {
    for (let i = 0; i < taken.length; i += CHUNK) {
      // between chunks the event loop runs: checks are answered while a large flush goes on
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await writeChunk(taken.slice(i, i + CHUNK), holders.slice(i, i + CHUNK), at);
    }
  };

  /**
   * One statement per chunk (issue 20: one per grant cost a query build and a round trip each):
   * the chunk's (person, enterprise, service, role) as a table of values, joined to the active
   * own grant they name (the unique index access_grant_unique_active finds each). `distinct`: the
   * index may hold two records of one grant (one replaced by a reload), and an upsert may touch a
   * row once.
   */
  const writeChunk = (chunk: UsedGrant[], who: string[], at: string) =>
    db.unitOfWork(async (tx) => {
      const values = sql.join(chunk.map((g, i) => sql`(${who[i]}, ${g.enterprise}, ${g.service}, ${g.role})`));
      await sql`with used (person, enterprise, service, service_role) as (values ${values})
        insert into grant_use (grant_id, last_used_at, flagged_at)
        select distinct g.id, cast(${at} as varchar(30)), cast(null as varchar(30))
        from used cross join access_grant g
        where g.enterprise_number = used.enterprise and g.person_number = used.person
          and g.service = used.service and g.service_role = used.service_role
          and g.mandate_id is null and g.revoked_at is null
        on conflict (grant_id) do update set last_used_at = excluded.last_used_at, flagged_at = null`.execute(tx);
    });

  const flush = (): Promise<number> => {
    // one flush at a time: a second caller waits for the first, then writes what came since
    running = running.catch(() => 0).then(flushNow);
    return running;
  };

  const report = (e: unknown) => {
    opts.onError?.(e instanceof GrantUseFlushError ? e : new GrantUseFlushError(grants.length, e));
  };

  const startTimer = () => {
    timer = setInterval(() => {
      flush().catch(report);
    }, opts.flushMs);
    timer.unref?.();
  };

  return {
    record(person, grant) {
      if (stopped || grant.usedIn === batch) return;
      note(person, grant);
      if (timer === undefined) startTimer();
      if (grants.length >= maxPending) flush().catch(report);
    },
    flush,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await flush();
    },
    get pending() {
      return grants.length;
    },
  };
}
