/**
 * PostgreSQL's answer to SQLite's `data_version` (issue 20): a counter that moves when another
 * process commits a change the check index depends on, read without a query. A dedicated
 * connection LISTENs on this schema's channel; triggers (migration 20261208300000) NOTIFY it in
 * the same transaction as the audit head's advance (payload: the new seq) and as any write to the
 * register and mandate tables. PostgreSQL delivers a notification only once its transaction has
 * committed, in commit order.
 *
 * What makes it safe to trust (docs/consistency.md): the connection proves itself every
 * HEARTBEAT_MS by notifying itself, on a channel of its own, and counts the proof only when that
 * notification comes back: PostgreSQL delivers notifications in commit order, so every change
 * committed before the proof was sent has been counted by then. A plain round trip (`select 1`)
 * would prove the connection alive but not that notifications still reach it: behind a pooler in
 * transaction mode the LISTEN sits on one server connection and the round trip on another (review
 * 8), and the feed would vouch for changes it never hears of; with the self-notification it never
 * vouches there, and every check reads. `version()` returns the same number only while the last
 * proof was sent less than STALE_MS ago on a connection that has listened throughout;
 * otherwise (connection dropped, not yet re-established, or silent) every call returns a new
 * number, so every check reads the database, as before this feed existed. Never a stale answer
 * without saying so: the bound is STALE_MS, and a consistency token makes it exact.
 */
import pg from 'pg';

/** how often the listening connection proves itself alive */
export const HEARTBEAT_MS = 25;
/** a proof older than this (sent longer ago) no longer lets a check skip its read */
export const STALE_MS = 100;
const RECONNECT_MS = [50, 100, 250, 500, 1000];
/**
 * Tables notified (migrations 20261208300000, 20261210100000) that no register status is read from: their
 * notifications move version() but not registerVersion(). Anything else (`enterprise`, or a payload
 * this code does not know) moves both.
 */
const OTHER_TABLES = new Set([
  'employment',
  'legal_function',
  'mandate',
  'mandate_scope',
  'access_grant',
  'appointment',
  // review 10: resource search reads capacities (issue 19); its kept answer's stamp is this feed
  'enterprise_capacity',
]);

export interface ChangeFeedOptions {
  /** waits before each reconnection attempt, the last repeated (tests hold a drop open with a long one) */
  reconnectMs?: number[];
  /** a proof older than this lets no check skip its read (default STALE_MS) */
  staleMs?: number;
  /**
   * Tests only: the channel the proofs are sent to (default: the one this connection listens on
   * for them). A channel nobody listens on stands for a pooler that sends them elsewhere.
   */
  proofChannel?: (schema: string, pid: number) => string;
}

export interface ChangeFeed {
  /**
   * Stays the same while nothing was committed elsewhere since the last call that returned it;
   * a new number on every call while the feed cannot vouch for that.
   */
  version(): number;
  /**
   * Moves only when the enterprise register may have changed (issue 20): a notification of a write
   * to `enterprise` (the table a status is read from) or one whose payload it does not know, and a
   * drop or a reconnection of the listening connection (notifications may have been lost). Not
   * when the feed merely cannot vouch for a moment on the same connection: PostgreSQL delivers that
   * connection's notifications in commit order, so once a proof comes back every write committed
   * before it was sent has moved this counter. So statuses read while it stood still are current
   * whenever `version()` vouches; they must not be used while it does not.
   */
  registerVersion(): number;
  /**
   * Moves with every notification (of any table or of the audit head) and every drop or connection
   * of the listening connection: as `version()`, but not when the feed merely cannot vouch for a
   * moment on the same connection (issue 20, session 10). What is held beside it (the answers under
   * mandates) then outlives that moment, unused during it: once a proof comes back, every write
   * committed before it was sent has moved this counter.
   */
  changeVersion(): number;
  /** resolves once listening and proven (or after `ms` without: the feed then keeps trying) */
  ready(ms?: number): Promise<boolean>;
  close(): Promise<void>;
  readonly stats: {
    notifications: number;
    lastSeq: number;
    connects: number;
    drops: number;
    listening: boolean;
    /** the listening connection's backend (pg_terminate_backend in tests) */
    pid: number;
  };
}

export function createChangeFeed(connectionString: string, opts: ChangeFeedOptions = {}): ChangeFeed {
  const reconnectMs = opts.reconnectMs ?? RECONNECT_MS;
  const staleMs = opts.staleMs ?? STALE_MS;
  let epoch = 0;
  /** registerVersion(): moves with epoch on a notification of the register, a drop or a connection */
  let registerEpoch = 0;
  /** changeVersion(): moves with epoch on a notification, a drop or a connection */
  let changeEpoch = 0;
  let client: pg.Client | undefined;
  /** the connection listens and every notification it got has been counted */
  let listening = false;
  /** performance.now() at which the last round trip answered on the listening connection was sent */
  let provenAt = Number.NEGATIVE_INFINITY;
  let closed = false;
  let attempt = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let inFlight = false;
  /** the proof channel of the current connection, and the proofs sent on it: token → sent at */
  let proofChannel = '';
  const proofs = new Map<string, number>();
  let proofSeq = 0;
  const waiters: (() => void)[] = [];
  const stats = { notifications: 0, lastSeq: 0, connects: 0, drops: 0, listening: false, pid: 0 };

  const down = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    listening = false;
    stats.listening = false;
    provenAt = Number.NEGATIVE_INFINITY;
    epoch++;
    registerEpoch++;
    changeEpoch++;
    stats.drops++;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    c.end().catch(() => {});
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    const ms = reconnectMs[Math.min(attempt++, reconnectMs.length - 1)]!;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, ms);
    retry.unref();
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString, keepAlive: true, application_name: 'btb-change-feed' });
    client = c;
    c.on('error', () => down(c));
    c.on('end', () => down(c));
    c.on('notification', (n) => {
      if (client !== c) return;
      if (n.channel === proofChannel) {
        const sentAt = proofs.get(n.payload ?? '');
        if (sentAt !== undefined && listening) {
          // this proof and every older one are answered (a later one may still be on its way)
          for (const t of proofs.keys()) {
            proofs.delete(t);
            if (t === n.payload) break;
          }
          if (sentAt > provenAt) provenAt = sentAt;
          for (const w of waiters.splice(0)) w();
        }
        return;
      }
      epoch++;
      changeEpoch++;
      stats.notifications++;
      const seq = Number(n.payload);
      if (Number.isInteger(seq)) {
        if (seq > stats.lastSeq) stats.lastSeq = seq;
      } else if (!OTHER_TABLES.has(n.payload ?? '')) registerEpoch++;
    });
    try {
      await c.connect();
      const { rows } = await c.query('select current_schema() as s, pg_backend_pid() as pid');
      const row = rows[0] as { s: string; pid: number };
      const channel = `btb_change:${row.s}`;
      const ownProofs = `btb_proof:${row.s}:${row.pid}`;
      await c.query(`listen "${channel.replaceAll('"', '""')}"`);
      await c.query(`listen "${ownProofs.replaceAll('"', '""')}"`);
      proofChannel = ownProofs;
      proofs.clear();
      if (client !== c || closed) return;
      // From here every commit notifies this connection; the first check reads the database
      // (the epoch moves) and so catches up with whatever committed while nobody listened.
      listening = true;
      stats.listening = true;
      // the LISTEN itself is no proof that notifications reach this connection: the first
      // self-notification is (until then every check reads)
      provenAt = Number.NEGATIVE_INFINITY;
      epoch++;
      registerEpoch++;
      changeEpoch++;
      stats.connects++;
      stats.pid = row.pid;
      attempt = 0;
      heartbeat = setInterval(() => prove(c, row), HEARTBEAT_MS);
      heartbeat.unref();
      prove(c, row);
    } catch {
      down(c);
    }
  };

  const prove = (c: pg.Client, at: { s: string; pid: number }) => {
    if (inFlight || client !== c) return;
    inFlight = true;
    const token = String(++proofSeq);
    proofs.set(token, performance.now());
    // a proof never answered (lost behind a pooler) must not grow the map for ever
    if (proofs.size > 1000) proofs.delete(proofs.keys().next().value!);
    const target = opts.proofChannel ? opts.proofChannel(at.s, at.pid) : proofChannel;
    c.query('select pg_notify($1, $2)', [target, token]).then(
      () => {
        inFlight = false;
      },
      () => {
        inFlight = false;
        down(c);
      },
    );
  };

  void connect();

  return {
    version() {
      if (listening && performance.now() - provenAt < staleMs) return epoch;
      return ++epoch;
    },
    registerVersion() {
      return registerEpoch;
    },
    changeVersion() {
      return changeEpoch;
    },
    ready(ms = 5000) {
      if (listening && provenAt > Number.NEGATIVE_INFINITY) return Promise.resolve(true);
      return new Promise((resolve) => {
        const t = setTimeout(() => resolve(false), ms);
        t.unref();
        waiters.push(() => {
          clearTimeout(t);
          resolve(true);
        });
      });
    },
    async close() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      listening = false;
      stats.listening = false;
      if (c) await c.end().catch(() => {});
    },
    stats,
  };
}
