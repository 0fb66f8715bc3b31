import { newChallenge, type PowChallenge } from '../../domain/proof-of-work.ts';
import type { Deps } from '../deps.ts';

/** A challenge lives thirty minutes: long enough to fill in the form after solving, short enough not to hoard. */
const CHALLENGE_TTL_MS = 30 * 60_000;

/**
 * Issues a proof-of-work challenge for the public request form. Stored, so that each one is
 * accepted once and only at the difficulty it was issued with.
 */
export async function issueChallenge(deps: Deps): Promise<PowChallenge & { expiresAt: string }> {
  const now = deps.clock.now();
  const c = newChallenge(deps.config.exception.powDifficulty);
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString();
  await deps.db.db
    .insertInto('exception_challenge')
    .values({
      challenge: c.challenge,
      difficulty: c.difficulty,
      issued_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  // Expired challenges are worthless: sweep them here rather than in a job.
  await deps.db.db.deleteFrom('exception_challenge').where('expires_at', '<', now.toISOString()).execute();
  return { ...c, expiresAt };
}
