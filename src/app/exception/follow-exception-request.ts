import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { MAX_CODE_ATTEMPTS, newToken, normaliseCode, sha256, TOKEN_TTL_MS } from './shared.ts';

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The requester trades the reference and the one-time code of their mail for a follow-up token
 * (a day long). The code works once; a few wrong codes burn it, and a new one must be asked for
 * by mail, so guessing is bounded by the mailbox, not by the attacker's patience.
 */
export async function followExceptionRequest(deps: Deps, input: { reference: string; code: string }) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const reference = input.reference.trim().toUpperCase();
  const code = normaliseCode(input.code);
  return deps.db
    .unitOfWork(async (tx) => {
      const r = await tx
        .selectFrom('exception_request')
        .select(['id', 'follow_code_hash', 'follow_code_expires_at', 'follow_code_attempts'])
        .where('reference', '=', reference)
        .executeTakeFirst();
      const usable =
        r?.follow_code_hash &&
        r.follow_code_expires_at &&
        r.follow_code_expires_at > now &&
        r.follow_code_attempts < MAX_CODE_ATTEMPTS;
      if (!r || !usable || !sameHash(r.follow_code_hash ?? '', sha256(code))) {
        if (r && usable) {
          await tx
            .updateTable('exception_request')
            .set({ follow_code_attempts: r.follow_code_attempts + 1 })
            .where('id', '=', r.id)
            .execute();
        }
        // A wrong attempt must count even though we refuse: return the refusal after commit.
        return { error: true as const };
      }
      await tx
        .updateTable('exception_request')
        .set({ follow_code_hash: null, follow_code_expires_at: null, follow_code_attempts: 0 })
        .where('id', '=', r.id)
        .execute();
      const token = newToken();
      const expiresAt = new Date(nowDate.getTime() + TOKEN_TTL_MS).toISOString();
      await tx
        .insertInto('exception_follow_token')
        .values({ token_hash: sha256(token), request_id: r.id, created_at: now, expires_at: expiresAt })
        .execute();
      await tx.deleteFrom('exception_follow_token').where('expires_at', '<', now).execute();
      return { error: false as const, token, expiresAt };
    })
    .then((res) => {
      if (res.error) throw new DomainError('exception.invalid_code');
      return { token: res.token, expiresAt: res.expiresAt };
    });
}
