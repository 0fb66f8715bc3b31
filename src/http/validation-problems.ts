/**
 * Every violation of a request's schema at once, one per field, each with the rule it broke and
 * that rule's limit (issue 16, item 10), so a form can show them all next to their fields:
 *
 *   { "code": "validation.invalid_input", "errors": [
 *       { "in": "body", "field": "/email", "rule": "maxLength", "limit": 254 },
 *       { "in": "body", "field": "/person", "rule": "required" } ] }
 *
 * `field` is a JSON pointer (RFC 6901) into the part named by `in` (body, query, path, header);
 * `rule` is the JSON Schema keyword (required, maxLength, minLength, maximum, minimum, maxItems,
 * minItems, pattern, format, type, enum, additionalProperties…); `limit` is that keyword's value
 * where it has one (100 for maxLength, "string" for type); `allowed` lists the values of an enum.
 * At most MAX_VIOLATIONS are listed; `truncated` says there were more.
 */
import type { ValueError } from '@sinclair/typebox/errors';
import { ValueErrorType } from '@sinclair/typebox/errors';

export const MAX_VIOLATIONS = 20;

export interface Violation {
  in: 'body' | 'query' | 'path' | 'header';
  field: string;
  rule: string;
  limit?: number | string;
  allowed?: unknown[];
}

/** The part of ajv's ErrorObject we read (Fastify's FastifySchemaValidationError). */
interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const PARTS: Record<string, Violation['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Keywords whose params carry the limit under `limit` (ajv's naming), in the order of PRIORITY. */
const LIMIT_KEYWORDS = [
  'maxLength',
  'minLength',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
  'multipleOf',
];
const LIMITED = new Set(LIMIT_KEYWORDS);

/**
 * Which of several violations of one field a person should read first: the missing value, then
 * the broken limit, then the wrong form, then the wrong type; a union's own "none matched" last.
 */
const PRIORITY = ['required', 'additionalProperties', ...LIMIT_KEYWORDS, 'pattern', 'format', 'enum', 'type', 'anyOf'];
const rank = (rule: string) => {
  const i = PRIORITY.indexOf(rule);
  return i < 0 ? PRIORITY.length - 1 : i;
};

const pointerToken = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function fromAjvError(e: AjvError, part: Violation['in']): Violation {
  const p = e.params ?? {};
  // a missing or an unknown property: ajv reports it on the object; the field is the property
  const property =
    e.keyword === 'required' ? p.missingProperty : e.keyword === 'additionalProperties' ? p.additionalProperty : null;
  if (typeof property === 'string')
    return { in: part, field: `${e.instancePath}/${pointerToken(property)}`, rule: e.keyword };
  const v: Violation = { in: part, field: e.instancePath, rule: e.keyword };
  if (LIMITED.has(e.keyword) && (typeof p.limit === 'number' || typeof p.limit === 'string')) v.limit = p.limit;
  if (e.keyword === 'type' && typeof p.type === 'string') v.limit = p.type;
  if (e.keyword === 'format' && typeof p.format === 'string') v.limit = p.format;
  if (e.keyword === 'pattern' && typeof p.pattern === 'string') v.limit = p.pattern;
  if (e.keyword === 'const') return { in: part, field: e.instancePath, rule: 'enum', allowed: [p.allowedValue] };
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) v.allowed = p.allowedValues;
  return v;
}

/**
 * One violation per field: the constants of a union of literals become one enum with every
 * allowed value, the types a union accepts are joined ("string|null"), and of the rest the one
 * a person should read first stays. A union's own error is dropped when a branch says more.
 */
function condense(all: Violation[]): { errors: Violation[]; truncated: boolean } {
  const byField = new Map<string, Violation>();
  for (const v of all) {
    const key = `${v.in}\u0000${v.field}`;
    const had = byField.get(key);
    if (!had) {
      byField.set(key, { ...v });
    } else if (had.rule === v.rule && v.rule === 'enum') {
      had.allowed = [...new Set([...(had.allowed ?? []), ...(v.allowed ?? [])])];
    } else if (had.rule === v.rule && v.rule === 'type' && v.limit !== undefined) {
      const types = new Set(String(had.limit ?? '').split('|'));
      types.add(String(v.limit));
      had.limit = [...types].filter(Boolean).join('|');
    } else if (rank(v.rule) < rank(had.rule)) {
      byField.set(key, { ...v });
    }
  }
  // the fields under which a branch said something more precise than "none matched"
  const explained = new Set<string>();
  for (const o of all) {
    if (o.rule === 'anyOf') continue;
    for (let i = o.field.lastIndexOf('/'); i >= 0; i = o.field.lastIndexOf('/', i - 1)) {
      explained.add(`${o.in}\u0000${o.field.slice(0, i)}`);
      if (i === 0) break;
    }
  }
  const list = [...byField.values()].filter((v) => v.rule !== 'anyOf' || !explained.has(`${v.in}\u0000${v.field}`));
  return { errors: list.slice(0, MAX_VIOLATIONS), truncated: list.length > MAX_VIOLATIONS };
}

/** Fastify's validation error (ajv, allErrors) as the problem's members. */
export function ajvViolations(
  errors: readonly AjvError[],
  context: string | undefined,
): { errors: Violation[]; truncated: boolean } {
  const part = PARTS[context ?? 'body'] ?? 'body';
  // a body of thousands of unknown members is read no further than needed to fill the answer
  return condense(errors.slice(0, MAX_VIOLATIONS * 50).map((e) => fromAjvError(e, part)));
}

const TYPEBOX_RULES: Partial<Record<ValueErrorType, [rule: string, limitKey?: string]>> = {
  [ValueErrorType.ObjectRequiredProperty]: ['required'],
  [ValueErrorType.ObjectAdditionalProperties]: ['additionalProperties'],
  [ValueErrorType.StringMaxLength]: ['maxLength', 'maxLength'],
  [ValueErrorType.StringMinLength]: ['minLength', 'minLength'],
  [ValueErrorType.StringPattern]: ['pattern', 'pattern'],
  [ValueErrorType.StringFormat]: ['format', 'format'],
  [ValueErrorType.NumberMaximum]: ['maximum', 'maximum'],
  [ValueErrorType.NumberMinimum]: ['minimum', 'minimum'],
  [ValueErrorType.IntegerMaximum]: ['maximum', 'maximum'],
  [ValueErrorType.IntegerMinimum]: ['minimum', 'minimum'],
  [ValueErrorType.ArrayMaxItems]: ['maxItems', 'maxItems'],
  [ValueErrorType.ArrayMinItems]: ['minItems', 'minItems'],
  [ValueErrorType.String]: ['type'],
  [ValueErrorType.Number]: ['type'],
  [ValueErrorType.Integer]: ['type'],
  [ValueErrorType.Boolean]: ['type'],
  [ValueErrorType.Object]: ['type'],
  [ValueErrorType.Array]: ['type'],
  [ValueErrorType.Null]: ['type'],
  [ValueErrorType.Literal]: ['enum'],
  [ValueErrorType.Union]: ['anyOf'],
};

/**
 * A JSON part of a multipart body checked by TypeBox (the exception request's `request` part):
 * the same shape as the API's own validation, under `prefix` (`/request`).
 */
export function typeboxViolations(
  errors: Iterable<ValueError>,
  prefix: string,
): { errors: Violation[]; truncated: boolean } {
  const out: Violation[] = [];
  for (const e of flatten(errors)) {
    const [rule, limitKey] = TYPEBOX_RULES[e.type] ?? ['invalid'];
    const schema = e.schema as Record<string, unknown>;
    const v: Violation = { in: 'body', field: `${prefix}${e.path}`, rule };
    const limit = limitKey ? schema[limitKey] : undefined;
    if (typeof limit === 'number' || typeof limit === 'string') v.limit = limit;
    if (rule === 'type' && typeof schema.type === 'string') v.limit = schema.type;
    if (rule === 'enum') v.allowed = [schema.const];
    if (rule === 'anyOf' && Array.isArray(schema.anyOf) && schema.anyOf.every((s) => s && 'const' in s)) {
      v.rule = 'enum';
      v.allowed = schema.anyOf.map((s: { const: unknown }) => s.const);
    }
    out.push(v);
    // the list is bounded; a huge body must not make a huge answer
    if (out.length > MAX_VIOLATIONS * 5) break;
  }
  return condense(out);
}

/** A union's branches report under it: read them as the union's own field's violations. */
function* flatten(errors: Iterable<ValueError>): Generator<ValueError> {
  for (const e of errors) {
    yield e;
    if (e.type === ValueErrorType.Union) for (const branch of e.errors ?? []) yield* flatten(branch);
  }
}
