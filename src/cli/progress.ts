import cliProgress from 'cli-progress';

export interface Progress {
  /** set the total when it becomes known */
  total(n: number): void;
  tick(n?: number): void;
  done(summary?: string): void;
}

/**
 * A bar on a terminal; on a pipe or in CI a plain line every few seconds, so that logs stay
 * readable. Silent when `quiet`.
 */
export function progress(label: string, opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  let count = 0;
  let totalCount = 0;
  const started = Date.now();
  if (opts.quiet) return { total: () => {}, tick: () => {}, done: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0);
    return {
      total: (n) => {
        totalCount = n;
        bar.setTotal(n);
      },
      tick: (n = 1) => {
        count += n;
        if (count > totalCount) bar.setTotal(count);
        bar.update(count);
      },
      done: (summary) => {
        bar.stop();
        if (summary) stream.write(`${label}: ${summary}\n`);
      },
    };
  }
  let last = started;
  return {
    total: (n) => {
      totalCount = n;
    },
    tick: (n = 1) => {
      count += n;
      const now = Date.now();
      if (now - last >= 2000) {
        last = now;
        const pct = totalCount ? ` (${Math.min(100, Math.round((count / totalCount) * 100))}%)` : '';
        stream.write(
          `${label}: ${count}${totalCount ? `/${totalCount}` : ''}${pct}, ${Math.round((now - started) / 1000)}s\n`,
        );
      }
    },
    done: (summary) => {
      stream.write(`${label}: ${summary ?? `${count} done`} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    },
  };
}
