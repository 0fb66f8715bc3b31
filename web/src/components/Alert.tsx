import { type ReactNode, useEffect, useRef } from 'react';

/** A message block; errors take focus so keyboard and screen-reader users hear them at once. */
export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new message takes focus again
  useEffect(() => {
    if (kind !== 'info') ref.current?.focus();
  }, [kind, children]);
  return (
    <div ref={ref} className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'} tabIndex={-1}>
      {children}
    </div>
  );
}
