/** Solves the proof of work off the main thread, so the form stays responsive while it runs. */
import { solve } from './pow.ts';

interface Job {
  challenge: string;
  difficulty: number;
}

addEventListener('message', (e: MessageEvent<Job>) => {
  const { challenge, difficulty } = e.data;
  let last = 0;
  solve(challenge, difficulty, (p) => {
    // a few progress messages per second are enough for a progress bar
    const now = Date.now();
    if (now - last > 150) {
      last = now;
      postMessage({ type: 'progress', ...p });
    }
  }).then(
    (r) => postMessage({ type: 'done', ...r }),
    (err: unknown) => postMessage({ type: 'error', message: String(err) }),
  );
});
