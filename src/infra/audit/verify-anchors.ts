/**
 * Checks the audit chain in the database against the signed anchors kept outside it. Every
 * problem is named by sequence number (docs/audit.md "Verify"):
 * - bad_signature: an anchor whose signature does not verify (forged or damaged);
 * - unknown_key: an anchor signed by a key id that is not in the keyring;
 * - rewritten: the database's hash at an anchored seq differs from the anchored hash, so an event
 *   in (last matching anchor, seq] was changed and the later hashes recomputed;
 * - truncated: the database ends before the highest anchored seq: those events were cut off;
 * - anchor_ahead: each anchor past the database's head (the evidence of a truncation, or of a
 *   database restored from an older backup);
 * - malformed: a line of an anchor file that is not an anchor.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '../db/database.ts';
import { type Anchor, isAnchorSignatureValid } from './anchor.ts';
import type { AuditKeyring } from './audit-key.ts';

export type AnchorFinding =
  | { kind: 'bad_signature' | 'unknown_key' | 'anchor_ahead'; seq: number; keyId?: string; file?: string }
  | { kind: 'rewritten'; seq: number; from: number; laterAnchorsDiffering: number }
  | { kind: 'truncated'; from: number; to: number }
  | { kind: 'malformed'; file: string; line: number };

export interface AnchorReport {
  anchors: number;
  /** the highest seq covered by a valid anchor */
  anchoredSeq: number;
  databaseHead: number;
  /** events committed after the last valid anchor (a crash between commit and anchor leaves one) */
  unanchored: number;
  findings: AnchorFinding[];
}

interface Located extends Anchor {
  file?: string;
}

function isAnchor(v: unknown): v is Anchor {
  const a = v as Anchor;
  return (
    typeof a === 'object' &&
    a !== null &&
    Number.isSafeInteger(a.seq) &&
    a.seq > 0 &&
    typeof a.hash === 'string' &&
    typeof a.keyId === 'string' &&
    typeof a.signature === 'string' &&
    typeof a.at === 'string'
  );
}

/** Reads anchor files (several nodes may each keep one; they are merged by seq). */
export function readAnchorFiles(paths: string[]): { anchors: Located[]; malformed: AnchorFinding[] } {
  const anchors: Located[] = [];
  const malformed: AnchorFinding[] = [];
  for (const file of paths) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const v = JSON.parse(line) as unknown;
        if (isAnchor(v)) anchors.push({ ...v, file });
        else malformed.push({ kind: 'malformed', file, line: i + 1 });
      } catch {
        malformed.push({ kind: 'malformed', file, line: i + 1 });
      }
    });
  }
  return { anchors, malformed };
}

async function databaseHashes(db: Db, seqs: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const chunk = seqs.slice(i, i + 1000);
    const rows = await db.selectFrom('audit_event').select(['seq', 'hash']).where('seq', 'in', chunk).execute();
    for (const r of rows) out.set(r.seq, r.hash);
  }
  return out;
}

export async function verifyAnchors(db: Db, anchors: Located[], keyring: AuditKeyring): Promise<AnchorReport> {
  const findings: AnchorFinding[] = [];
  const valid: Located[] = [];
  for (const a of anchors) {
    const key = keyring.get(a.keyId);
    if (!key) findings.push({ kind: 'unknown_key', seq: a.seq, keyId: a.keyId, file: a.file });
    else if (!isAnchorSignatureValid(key, a))
      findings.push({ kind: 'bad_signature', seq: a.seq, keyId: a.keyId, file: a.file });
    else valid.push(a);
  }
  valid.sort((x, y) => x.seq - y.seq);

  const last = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  const lastEvent = Number(last?.seq ?? 0);
  const databaseHead = head?.seq ?? 0;

  const within = valid.filter((a) => a.seq <= lastEvent);
  const hashes = await databaseHashes(db, [...new Set(within.map((a) => a.seq))]);
  let lastGood = 0;
  let firstBad: { seq: number; from: number } | undefined;
  let laterBad = 0;
  for (const a of within) {
    if (hashes.get(a.seq) === a.hash) {
      if (!firstBad) lastGood = a.seq;
    } else if (!firstBad) firstBad = { seq: a.seq, from: lastGood + 1 };
    else if (a.seq !== firstBad.seq) laterBad++;
  }
  if (firstBad)
    findings.push({ kind: 'rewritten', seq: firstBad.seq, from: firstBad.from, laterAnchorsDiffering: laterBad });

  const ahead = valid.filter((a) => a.seq > lastEvent);
  const anchoredSeq = valid.at(-1)?.seq ?? 0;
  if (ahead.length > 0) {
    findings.push({ kind: 'truncated', from: lastEvent + 1, to: anchoredSeq });
    for (const a of ahead) findings.push({ kind: 'anchor_ahead', seq: a.seq, keyId: a.keyId, file: a.file });
  }
  return {
    anchors: anchors.length,
    anchoredSeq,
    databaseHead,
    unanchored: Math.max(0, lastEvent - anchoredSeq),
    findings,
  };
}

/** One line per finding, for the command line. */
export function describeFinding(f: AnchorFinding): string {
  switch (f.kind) {
    case 'bad_signature':
      return `seq ${f.seq}: bad signature on the anchor (key ${f.keyId}${f.file ? `, ${f.file}` : ''}): forged or damaged`;
    case 'unknown_key':
      return `seq ${f.seq}: anchor signed by unknown key id ${f.keyId}${f.file ? ` (${f.file})` : ''}: not in the keyring`;
    case 'rewritten':
      return `seq ${f.seq}: events rewritten: the database's hash differs from the signed anchor; the change lies in seq ${f.from}..${f.seq}${f.laterAnchorsDiffering ? ` (${f.laterAnchorsDiffering} later anchors differ too)` : ''}`;
    case 'truncated':
      return `seq ${f.from}..${f.to}: events missing at the end (truncation): signed anchors reach seq ${f.to}`;
    case 'anchor_ahead':
      return `seq ${f.seq}: anchor ahead of the database`;
    case 'malformed':
      return `${f.file}:${f.line}: not an anchor`;
  }
}
