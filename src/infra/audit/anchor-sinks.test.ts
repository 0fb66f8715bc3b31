/** Issue 13, finding 4: anchoring is ordered and coalesced in a process; the remote copy never blocks. */
import { describe, expect, it } from 'vitest';
import { type Anchor, type AnchorSink, createAnchorer, isAnchorSignatureValid, webhookSink } from './anchor.ts';
import { generateAuditKeyPem, parsePrivateKey, signerFromPrivateKey } from './audit-key.ts';

const signer = signerFromPrivateKey(parsePrivateKey(generateAuditKeyPem()));
const head = (seq: number) => ({ seq, hash: seq.toString(16).padStart(64, '0') });

/** A sink whose writes finish when the test says so. */
function gatedSink() {
  const written: Anchor[] = [];
  let release: (() => void) | undefined;
  const sink: AnchorSink = {
    write: (a) =>
      new Promise<void>((resolve) => {
        release = () => {
          written.push(a);
          resolve();
        };
      }),
    close: async () => {},
  };
  return { sink, written, release: () => release?.() };
}

describe('issue 13 finding 4: the anchorer', () => {
  it('coalesces commits that land during a write into one anchor of the newest head, and answers each only once covered', async () => {
    const g = gatedSink();
    const anchorer = createAnchorer({ signer, sink: g.sink });
    const settled: number[] = [];
    const p1 = anchorer.anchor(head(1)).then(() => settled.push(1));
    const rest = [3, 2, 4].map((s) => anchorer.anchor(head(s)).then(() => settled.push(s)));
    await new Promise((r) => setImmediate(r));
    expect(settled).toEqual([]);
    g.release(); // seq 1 written
    await p1;
    expect(settled).toEqual([1]);
    await new Promise((r) => setImmediate(r));
    g.release(); // one write covers 2, 3 and 4
    await Promise.all(rest);
    expect(g.written.map((a) => a.seq)).toEqual([1, 4]);
    expect(settled.slice(1).sort()).toEqual([2, 3, 4]);
    expect(g.written.every((a) => isAnchorSignatureValid(signer.publicKey, a))).toBe(true);
    await anchorer.anchor(head(3)); // already covered: no write
    expect(g.written).toHaveLength(2);
  });

  it('a failed local write fails the waiting units of work (the change is not silently unanchored)', async () => {
    const anchorer = createAnchorer({
      signer,
      sink: { write: async () => Promise.reject(new Error('disk full')), close: async () => {} },
    });
    await expect(anchorer.anchor(head(1))).rejects.toThrow('disk full');
  });

  it('the webhook gets the newest anchor after the local write, retried, without delaying the write', async () => {
    const posted: Anchor[] = [];
    let calls = 0;
    const fetch = (async (_url: string, init: RequestInit) => {
      calls++;
      if (calls === 1) throw new Error('connection refused');
      posted.push(JSON.parse(String(init.body)) as Anchor);
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    const remote = webhookSink('https://anchors.example/btb', { fetch, backoffMs: 1 });
    const local: Anchor[] = [];
    const anchorer = createAnchorer({
      signer,
      sink: { write: async (a) => void local.push(a), close: async () => {} },
      remote,
    });
    await anchorer.anchor(head(1));
    expect(local.map((a) => a.seq)).toEqual([1]); // answered before the remote copy arrived
    await expect.poll(() => posted.map((a) => a.seq)).toEqual([1]);
    expect(calls).toBe(2);
    await anchorer.close();
  });
});
