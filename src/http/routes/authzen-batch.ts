/**
 * POST /access/v1/evaluations (AuthZEN 1.0, section 7): several evaluations in one call, with the
 * three evaluation semantics, every item answered from the state committed before the call.
 */
import type { CheckCtx, CheckDeps, CheckResult, EvaluationInput } from '../../app/check-access.ts';
import { checkAccess } from '../../app/check-access.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseId } from '../../domain/foreign-enterprise.ts';
import type { EvaluationsBody } from './authzen-schemas.ts';

/**
 * The index as one batch sees it (issue 20), on PostgreSQL: one read barrier for the whole call,
 * and the register status of every enterprise the items name read in one statement, instead of a
 * barrier per item (a database round trip each). Every item is answered from the state committed
 * before the call began, as a single evaluation is; an enterprise not among those read (none
 * should be) takes the ordinary per-check barrier. On SQLite the per-check barrier is a local
 * statement that reads no table, with the statuses cached until the next commit: measured, one
 * status statement for 100 numbers costs more than 100 barriers, so SQLite keeps them.
 */
async function batchChecker(check: CheckDeps, inputs: EvaluationInput[]): Promise<CheckDeps> {
  const index = check.index;
  const wanted = new Set<string>();
  for (const x of inputs) {
    const raw = x.resource.properties?.enterprise;
    const e = typeof raw === 'string' ? parseEnterpriseId(raw) : undefined;
    if (e?.ok) wanted.add(e.value);
  }
  await index.begin(null);
  if (wanted.size === 0) return check;
  const statuses = await index.store.statuses([...wanted]);
  const begin = (e: string | null) => (e === null ? null : wanted.has(e) ? (statuses.get(e) ?? null) : index.begin(e));
  const bound = new Map<PropertyKey, unknown>();
  const view = new Proxy(index, {
    get(target, prop) {
      if (prop === 'begin') return begin;
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      let f = bound.get(prop);
      if (!f) {
        f = v.bind(target);
        bound.set(prop, f);
      }
      return f;
    },
  });
  return { ...check, index: view };
}

/**
 * Defaults from the top level, overridden per item; short-circuits as the semantic asks. With
 * `execute_all` the items run side by side (on PostgreSQL their reads overlap); a short-circuit
 * semantic runs them in order and stops at the first deny or permit.
 */
export async function evaluateMany(check: CheckDeps, ctx: CheckCtx, body: EvaluationsBody, roundTrips: boolean) {
  const items = body.evaluations ?? [];
  const complete = (item: Partial<EvaluationInput>): EvaluationInput | undefined => {
    const subject = item.subject ?? body.subject;
    const resource = item.resource ?? body.resource;
    const action = item.action ?? body.action;
    return subject && resource && action
      ? { subject, resource, action, context: item.context ?? body.context }
      : undefined;
  };
  if (items.length === 0) {
    const single = complete({});
    if (!single)
      throw new DomainError('validation.invalid_input', {
        field: 'evaluations',
        reason: 'give evaluations, or subject, resource and action',
      });
    return await checkAccess(check, ctx, single);
  }
  const inputs = items.map((item) => {
    const input = complete(item);
    if (!input)
      throw new DomainError('validation.invalid_input', {
        field: 'evaluations',
        reason: 'each evaluation needs a subject, resource and action, given or by default',
      });
    return input;
  });
  const view = roundTrips ? await batchChecker(check, inputs) : check;
  const semantic = body.options?.evaluations_semantic ?? 'execute_all';
  if (semantic === 'execute_all') {
    const out = inputs.map((input) => checkAccess(view, ctx, input));
    // most answers are synchronous: await only when some are not
    return { evaluations: out.some((r) => r instanceof Promise) ? await Promise.all(out) : (out as CheckResult[]) };
  }
  const out: CheckResult[] = [];
  for (const input of inputs) {
    const v = checkAccess(view, ctx, input);
    const r = v instanceof Promise ? await v : v;
    out.push(r);
    if ((semantic === 'deny_on_first_deny' && !r.decision) || (semantic === 'permit_on_first_permit' && r.decision))
      break;
  }
  return { evaluations: out };
}
