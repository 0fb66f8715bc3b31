import { DomainError } from '../../domain/errors.ts';
import type { MandateSide } from '../../domain/mandate-rules.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { type BulkOutcome, parseMandateLines, refusal } from './bulk.ts';
import { proposeMandate } from './propose-mandate.ts';
import { authorizeSide } from './shared.ts';

/**
 * An office proposes mandates to many clients at once (or an enterprise to several offices).
 * Each line is its own proposal in its own transaction, with its own audit and mails; the answer
 * reports every line's outcome.
 */
export async function proposeMandatesFromCsv(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; text: string; format: 'csv' | 'jsonl'; side?: MandateSide },
): Promise<{ items: BulkOutcome[]; proposed: number; refused: number }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  // By default the caller is the office: the lines name clients (mandators).
  const side = input.side ?? 'mandatary';
  // Authorize once up front: a stranger gets one refusal, not one per line.
  await deps.db.unitOfWork((tx) => authorizeSide(tx, deps, ctx, 'propose', enterprise, side, deps.clock.now()));
  const lines = parseMandateLines(input.text, input.format);
  if (lines.length === 0) throw new DomainError('import.no_lines', { format: input.format });
  // every line is a proposal: counted as one before any is made (issue 13, finding 10)
  await ctx.spend?.(lines.length);
  const one = { ...ctx, spend: undefined };
  const items: BulkOutcome[] = [];
  for (const l of lines) {
    if ('outcome' in l) {
      items.push(l);
      continue;
    }
    try {
      const { mandate } = await proposeMandate(deps, one, {
        enterprise,
        ...(side === 'mandatary' ? { mandator: l.enterprise } : { mandatary: l.enterprise }),
        domains: l.domains,
        services: l.services,
        validFrom: l.validFrom,
        validUntil: l.validUntil,
        capacity: l.capacity,
      });
      items.push({
        line: l.line,
        enterprise: side === 'mandatary' ? mandate.mandator_number : mandate.mandatary_number,
        outcome: 'done',
        id: mandate.id,
      });
    } catch (e) {
      items.push({ line: l.line, enterprise: l.enterprise, outcome: 'refused', ...refusal(e) });
    }
  }
  const proposed = items.filter((i) => i.outcome === 'done').length;
  return { items, proposed, refused: items.length - proposed };
}
