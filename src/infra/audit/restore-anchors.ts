/**
 * After `btb restore`, the anchor file still vouches for the events the restored database no
 * longer holds (those written after the backup). Left in place, the next events would take the
 * same sequence numbers with other hashes, and every later `btb audit verify` would report them as
 * rewritten. So the restore sets the anchor file aside, untouched, as the record of what was lost,
 * and starts a new one from the anchors that still match the restored chain (docs/audit.md
 * "After a restore").
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface AnchorsAfterRestore {
  /** the highest seq the old anchor file vouched for */
  anchoredSeq: number;
  /** where the old anchor file was moved, unchanged */
  archivedTo: string;
  /** anchors kept in the new file (those up to the restored head) */
  kept: number;
}

/**
 * Sets the anchor file aside when it reaches past `restoredHead`; returns what it did, or
 * undefined when nothing reaches past it (then the file stays as it is). Lines that are not
 * anchors stay in the archived file only.
 */
export function setAnchorsAsideAfterRestore(
  anchorFile: string,
  restoredHead: number,
  now: Date,
): AnchorsAfterRestore | undefined {
  if (!existsSync(anchorFile)) return undefined;
  const lines = readFileSync(anchorFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const seqOf = (line: string): number | undefined => {
    try {
      const seq = (JSON.parse(line) as { seq?: unknown }).seq;
      return Number.isSafeInteger(seq) ? (seq as number) : undefined;
    } catch {
      return undefined;
    }
  };
  const seqs = lines.map(seqOf);
  const anchoredSeq = Math.max(0, ...seqs.filter((s): s is number => s !== undefined));
  if (anchoredSeq <= restoredHead) return undefined;
  const kept = lines.filter((_, i) => (seqs[i] ?? Number.POSITIVE_INFINITY) <= restoredHead);
  const archivedTo = `${anchorFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(anchorFile, archivedTo);
  writeFileSync(anchorFile, kept.map((l) => `${l}\n`).join(''), { flag: 'wx' });
  return { anchoredSeq, archivedTo, kept: kept.length };
}
