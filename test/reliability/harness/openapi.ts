/**
 * The endpoint list, read from the running server's /openapi.json: the fuzzer and the
 * cross-enterprise test are generated from it, so an endpoint added tomorrow is covered tomorrow.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  minLength?: number;
}

export interface Operation {
  method: string;
  /** OpenAPI form: /api/v1/enterprises/{en}/grants */
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  headerParams: string[];
  body?: JsonSchema;
  summary: string;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        parameters?: { in: string; name: string; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export async function loadOperations(base: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApiDoc;
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        headerParams: params.filter((p) => p.in === 'header').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
        summary: op.summary ?? '',
      });
    }
  }
  return ops;
}

/** Fills the path template; `values` by parameter name, with a fallback for names nobody listed. */
export function fillPath(path: string, values: Record<string, string>, fallback = 'x'): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? fallback);
}

export const key = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;
