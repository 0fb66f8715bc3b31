import { describe, expect, it } from 'vitest';
import { demoApp } from '../../test/builders.ts';

type Schema = { description?: string; properties?: Record<string, Schema>; anyOf?: Schema[] };
const describedBy = (s: Schema) => s.description ?? s.anyOf?.map((a) => a.description).find(Boolean);

/** Every date input of the API says what a date means (issue 14, item 2: "say which in the API docs"). */
describe('the API docs state the date semantics (issue 14, item 2)', () => {
  const s = demoApp('sqlite', { seed: false });

  it('every validFrom, validUntil, from and to a request takes names the Brussels day and the inclusive end', async () => {
    const doc = (await s.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; description?: string; schema?: { description?: string } }[];
            requestBody?: { content: Record<string, { schema: Schema }> };
          }
        >
      >;
    };
    const found: [string, string | undefined][] = [];
    const dateNames = new Set(['validFrom', 'validUntil', 'from', 'to']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) {
          if (p.in === 'query' && dateNames.has(p.name))
            found.push([`${method} ${path} ?${p.name}`, p.description ?? p.schema?.description]);
        }
        for (const media of Object.values(op.requestBody?.content ?? {})) {
          for (const s of [media.schema, ...(media.schema.anyOf ?? [])]) {
            for (const [name, prop] of Object.entries(s.properties ?? {})) {
              if (dateNames.has(name)) found.push([`${method} ${path} ${name}`, describedBy(prop)]);
            }
          }
        }
      }
    }
    expect(found.length).toBeGreaterThan(8);
    for (const [where, description] of found) {
      expect(description, where).toMatch(/Europe\/Brussels/);
      expect(description, where).toMatch(/2027-02-30/);
    }
  });
});
