/**
 * The command line's side of issue 17, section 1: every register import runs with its impact
 * guard; an import over the limits is rolled back, audited as held, and explained to the
 * operator, who runs it again with `--confirm <id>` (the id names exactly that impact: if the
 * registers or the rights moved meanwhile, the id changes and the import holds again). After a
 * committed import, its effects on rights are applied and audited under the import's id.
 */
import type { Deps } from '../app/deps.ts';
import { recordImportDecision } from '../app/record-import-decision.ts';
import { applyRegisterChanges, type RegisterEffects } from '../app/register-effects.ts';
import { brusselsDate } from '../domain/brussels-time.ts';
import { type ImpactGuard, ImportHeldError, type ImportImpact } from '../infra/registers/register-impact.ts';

export function guardFor(deps: Deps, confirm: string | undefined): ImpactGuard {
  const c = deps.config.registerChanges;
  const now = deps.clock.now();
  return {
    limits: {
      allShare: c.holdAllPercent / 100,
      enterpriseShare: c.holdEnterprisePercent / 100,
      minRights: c.holdMinRights,
    },
    confirm,
    now,
    day: brusselsDate(now),
  };
}

const pct = (a: number, b: number) => (b === 0 ? '0' : ((100 * a) / b).toFixed(1));

/** What a held import would have done, for the operator (one line per fact). */
export function describeHold(e: ImportHeldError, command: string): string {
  const i = e.impact;
  const lines = [
    `Import held: nothing was changed. It would end or put under review ${i.affectedRights} of ${i.totalRights} rights (${pct(i.affectedRights, i.totalRights)}%).`,
  ];
  if (e.wrongConfirmation)
    lines.push(
      `The confirmation ${e.wrongConfirmation} does not match what this import would do now (${i.confirmationId}).`,
    );
  if (i.isOverAll) lines.push('Over the limit for all rights (BTB_REGISTER_HOLD_ALL_PERCENT).');
  for (const o of i.overEnterprise.slice(0, 20))
    lines.push(
      `Over the limit for enterprise ${o.enterprise}: ${o.affected} of its ${o.rights} rights (BTB_REGISTER_HOLD_ENTERPRISE_PERCENT).`,
    );
  if (i.stopped.length)
    lines.push(
      `Enterprises it stops (every right ends): ${i.stopped.length}: ${i.stopped
        .slice(0, 20)
        .map((s) => `${s.enterprise} (${s.rights} rights, status ${s.status || 'gone'})`)
        .join(', ')}${i.stopped.length > 20 ? ', …' : ''}`,
    );
  if (i.ineligible.length)
    lines.push(
      `Main or co-main access managers it leaves without a basis (grace period, then suspended): ${i.ineligible.length}`,
    );
  lines.push(`If this is what the register says, run again with: ${command} --confirm ${i.confirmationId}`);
  return lines.join('\n');
}

/** Runs one import under the guard; on a hold, audits it and throws a message for the operator. */
export async function runGuarded<R extends { importRunId: string; impact?: ImportImpact }>(
  deps: Deps,
  what: { kind: string; source: string; command: string; confirm?: string },
  run: (guard: ImpactGuard) => Promise<R>,
): Promise<{ result: R; effects: RegisterEffects | undefined }> {
  let result: R;
  try {
    result = await run(guardFor(deps, what.confirm));
  } catch (e) {
    if (!(e instanceof ImportHeldError)) throw e;
    await recordImportDecision(deps, {
      isConfirmed: false,
      kind: what.kind,
      source: what.source,
      confirmationId: e.impact.confirmationId,
      affectedRights: e.impact.affectedRights,
      totalRights: e.impact.totalRights,
      stopped: e.impact.stopped.map((s) => s.enterprise),
      ineligible: e.impact.ineligible.length,
    });
    throw new Error(describeHold(e, what.command));
  }
  const impact = result.impact;
  if (!impact) return { result, effects: undefined };
  if (what.confirm && what.confirm === impact.confirmationId) {
    await recordImportDecision(deps, {
      isConfirmed: true,
      kind: what.kind,
      source: what.source,
      confirmationId: impact.confirmationId,
      affectedRights: impact.affectedRights,
      totalRights: impact.totalRights,
      stopped: impact.stopped.map((s) => s.enterprise),
      ineligible: impact.ineligible.length,
      importId: result.importRunId,
    });
  }
  const enterprises = [...impact.stopped.map((s) => s.enterprise), ...impact.ineligible.map((i) => i.enterprise)];
  const effects = await applyRegisterChanges(deps, { source: `import:${result.importRunId}`, enterprises });
  return { result, effects };
}

export function describeEffects(e: RegisterEffects | undefined): string {
  if (!e) return '';
  const parts = [
    e.enterprisesStopped && `${e.enterprisesStopped} enterprise(s) stopped`,
    e.appointmentsEnded && `${e.appointmentsEnded} appointment(s) ended`,
    e.grantsRevoked && `${e.grantsRevoked} grant(s) ended`,
    e.mandatesEnded && `${e.mandatesEnded} mandate(s) ended`,
    e.reviewsOpened && `${e.reviewsOpened} main/co-main under review`,
    e.reviewsResolved && `${e.reviewsResolved} review(s) resolved`,
  ].filter(Boolean);
  return parts.length ? `; rights: ${parts.join(', ')}` : '';
}
