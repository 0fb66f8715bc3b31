/**
 * Anchors: signed checkpoints of the audit chain's head, written outside the database after
 * every committed change (docs/audit.md). Someone who can write the database but does not hold
 * the signing key can then neither cut the end off the chain nor rewrite it and recompute the
 * hashes without `btb audit verify` naming the sequence numbers.
 *
 * Within one process anchoring is ordered and coalesced: one write at a time, and commits that
 * land while a write is under way are covered by one anchor of the newest head. A unit of work
 * returns (so the response is sent) only once an anchor at or past its own head is fsync'd.
 */

import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DbHandle } from '../db/database.ts';
import { type AuditSigner, verifySignature } from './audit-key.ts';
import { type AuditHead, appendedHead, forgetAppendedHead } from './audit-log.ts';

export interface Anchor {
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  at: string;
}

/** What is signed: a fixed-order array with a version tag, so no field can be moved to another. */
export function anchorMessage(a: Omit<Anchor, 'signature'>): Buffer {
  return Buffer.from(JSON.stringify(['btb-audit-anchor/1', a.seq, a.hash, a.keyId, a.at]));
}

export function signAnchor(signer: AuditSigner, head: AuditHead, at: string): Anchor {
  const unsigned = { seq: head.seq, hash: head.hash, keyId: signer.keyId, at };
  return { ...unsigned, signature: signer.sign(anchorMessage(unsigned)) };
}

export function isAnchorSignatureValid(publicKey: KeyObject, a: Anchor): boolean {
  return verifySignature(publicKey, anchorMessage(a), a.signature);
}

export interface AnchorSink {
  write(anchor: Anchor): Promise<void>;
  close(): Promise<void>;
}

/** The local anchor file: opened O_APPEND (one line per write, never a seek), fsync'd per write. */
export function fileSink(path: string): AnchorSink {
  let handle: Promise<FileHandle> | undefined;
  const get = () => {
    if (!handle) {
      mkdirSync(dirname(path), { recursive: true });
      handle = open(path, 'a', 0o640);
      handle.catch(() => {
        handle = undefined;
      });
    }
    return handle;
  };
  return {
    async write(anchor) {
      const fh = await get();
      await fh.write(`${JSON.stringify(anchor)}\n`);
      await fh.sync();
    },
    async close() {
      const h = handle;
      handle = undefined;
      if (h) await (await h).close();
    },
  };
}

/**
 * The remote copy: fire-and-forget after the local fsync, newest anchor only (a later anchor
 * covers an earlier one), retried with backoff. It never delays a change.
 */
export function webhookSink(
  url: string,
  opts: { fetch: typeof globalThis.fetch; onError?: (e: unknown) => void; retries?: number; backoffMs?: number },
): AnchorSink {
  let latest: Anchor | undefined;
  let isDraining = false;
  let closed = false;
  const retries = opts.retries ?? 5;
  const backoff = opts.backoffMs ?? 1000;
  const post = async (a: Anchor) => {
    // A receiver that hangs must not hold the queue: each attempt has its own deadline.
    const res = await opts.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(a),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`anchor webhook answered ${res.status}`);
  };
  // A newer anchor waiting covers this one: stop retrying it.
  const isSuperseded = (a: Anchor) => latest !== undefined && latest.seq > a.seq;
  const drain = async () => {
    isDraining = true;
    while (latest && !closed) {
      const a = latest;
      latest = undefined;
      for (let attempt = 0; ; attempt++) {
        try {
          await post(a);
          break;
        } catch (e) {
          if (attempt >= retries || closed || isSuperseded(a)) {
            opts.onError?.(e);
            break;
          }
          await new Promise((r) => setTimeout(r, backoff * 2 ** attempt).unref());
        }
      }
    }
    isDraining = false;
  };
  return {
    async write(anchor) {
      if (!latest || anchor.seq > latest.seq) latest = anchor;
      if (!isDraining) void drain();
    },
    async close() {
      closed = true;
    },
  };
}

export interface Anchorer {
  /** Resolves once an anchor at or past `head.seq` is in the local file. */
  anchor(head: AuditHead): Promise<void>;
  close(): Promise<void>;
}

export function createAnchorer(opts: {
  signer: AuditSigner;
  sink: AnchorSink;
  remote?: AnchorSink;
  now?: () => Date;
}): Anchorer {
  const now = opts.now ?? (() => new Date());
  let anchored = 0;
  let pending: AuditHead | undefined;
  let running = false;
  let waiters: { seq: number; resolve(): void; reject(e: unknown): void }[] = [];

  const drain = async () => {
    running = true;
    try {
      while (pending) {
        const head = pending;
        pending = undefined;
        try {
          const a = signAnchor(opts.signer, head, now().toISOString());
          await opts.sink.write(a);
          anchored = Math.max(anchored, head.seq);
          void opts.remote?.write(a);
          settle(
            (w) => w.seq <= anchored,
            (w) => w.resolve(),
          );
        } catch (e) {
          settle(
            (w) => w.seq <= head.seq,
            (w) => w.reject(e),
          );
        }
      }
    } finally {
      running = false;
    }
  };
  const settle = (match: (w: (typeof waiters)[number]) => boolean, act: (w: (typeof waiters)[number]) => void) => {
    const done = waiters.filter(match);
    waiters = waiters.filter((w) => !match(w));
    for (const w of done) act(w);
  };

  return {
    anchor(head) {
      if (head.seq <= anchored) return Promise.resolve();
      if (!pending || head.seq > pending.seq) pending = head;
      const p = new Promise<void>((resolve, reject) => waiters.push({ seq: head.seq, resolve, reject }));
      if (!running) void drain();
      return p;
    },
    async close() {
      await opts.remote?.close();
      await opts.sink.close();
    },
  };
}

/**
 * The database handle whose units of work anchor what they committed. The head is taken inside
 * the transaction (the head row is locked there, so it is exactly what this commit made) and
 * anchored after the commit: a rolled-back change is never anchored.
 */
export function withAuditAnchoring(inner: DbHandle, anchorer: Anchorer): DbHandle {
  return {
    ...inner,
    async unitOfWork(work) {
      let head: AuditHead | undefined;
      const result = await inner.unitOfWork(async (tx) => {
        forgetAppendedHead(tx);
        const r = await work(tx);
        head = appendedHead(tx);
        return r;
      });
      if (head) await anchorer.anchor(head);
      return result;
    },
    async close() {
      await inner.close();
      await anchorer.close();
    },
  };
}
