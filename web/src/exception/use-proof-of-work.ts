import { useCallback, useEffect, useRef, useState } from 'react';
import { call, client } from '../api.ts';
import { type PowProgress, solve } from './pow.ts';

export type PowState =
  | { phase: 'idle' | 'fetching' }
  | { phase: 'solving'; progress: number }
  | { phase: 'done'; challenge: string; nonce: string; ms: number }
  | { phase: 'error'; error: unknown };

/**
 * Fetches a challenge and solves it in a Web Worker (on the main thread if workers are not
 * available) as soon as the form opens: by the time the form is filled in, it is done.
 * `renew()` starts over with a fresh challenge (each is accepted once).
 */
export function useProofOfWork(): { state: PowState; renew(): void } {
  const [state, setState] = useState<PowState>({ phase: 'idle' });
  const [round, setRound] = useState(0);
  const worker = useRef<Worker | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how renew() asks again
  useEffect(() => {
    let isCurrent = true;
    const started = performance.now();
    const progress = (p: PowProgress) => {
      // the expected number of tries is an average: cap the bar below full until it is found
      if (isCurrent) setState({ phase: 'solving', progress: Math.min(0.95, p.tries / p.expected) });
    };
    const done = (challenge: string, nonce: string) => {
      if (isCurrent) setState({ phase: 'done', challenge, nonce, ms: Math.round(performance.now() - started) });
    };
    const fail = (error: unknown) => {
      if (isCurrent) setState({ phase: 'error', error });
    };
    setState({ phase: 'fetching' });
    call(client.GET('/api/v1/exception-requests/challenge')).then((c) => {
      if (!isCurrent) return;
      setState({ phase: 'solving', progress: 0 });
      let w: Worker | null = null;
      try {
        w = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
      } catch {
        w = null;
      }
      if (!w) {
        solve(c.challenge, c.difficulty, progress, () => !isCurrent).then((r) => done(c.challenge, r.nonce), fail);
        return;
      }
      worker.current = w;
      w.onmessage = (e: MessageEvent<{ type: string; tries: number; expected: number; nonce: string }>) => {
        if (e.data.type === 'progress') progress(e.data);
        else if (e.data.type === 'done') done(c.challenge, e.data.nonce);
        else fail(new Error('proof of work failed'));
      };
      w.onerror = () => {
        // a worker that cannot start (an old browser, a strict policy): solve here instead
        w?.terminate();
        solve(c.challenge, c.difficulty, progress, () => !isCurrent).then((r) => done(c.challenge, r.nonce), fail);
      };
      w.postMessage({ challenge: c.challenge, difficulty: c.difficulty });
    }, fail);
    return () => {
      isCurrent = false;
      worker.current?.terminate();
      worker.current = null;
    };
  }, [round]);

  const renew = useCallback(() => setRound((r) => r + 1), []);
  return { state, renew };
}
