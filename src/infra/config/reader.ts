/**
 * How config.ts reads a variable: a blank value counts as unset, a wrong one is recorded as a
 * problem (and its default used) so that every problem is named at once, and each name consulted
 * is kept (docs/configuration.md is checked against them).
 */
export type Env = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Reads variables, records each name it consulted and each problem, and never throws. */
export function reader(env: Env) {
  const problems: ConfigProblem[] = [];
  const consulted = new Set<string>();
  const raw = (name: string): string | undefined => {
    consulted.add(name);
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const fail = (variable: string, problem: string): void => {
    problems.push({ variable, problem });
  };
  return {
    problems,
    consulted,
    raw,
    fail,
    str: (name: string, def: string): string => raw(name) ?? def,
    int(name: string, def: number, min: number, max: number): number {
      const v = raw(name);
      if (v === undefined) return def;
      if (!/^\d+$/.test(v)) {
        fail(name, `must be a whole number, got "${v}"`);
        return def;
      }
      const n = Number(v);
      if (n < min || n > max) {
        fail(name, `must be between ${min} and ${max}, got ${n}`);
        return def;
      }
      return n;
    },
    bool(name: string, def: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return def;
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      fail(name, `must be true or false, got "${env[name]}"`);
      return def;
    },
    url(name: string, def: string | undefined, protocols: string[]): string | undefined {
      const v = raw(name) ?? def;
      if (v === undefined) return undefined;
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        fail(name, `must be a URL, got "${v}"`);
        return def;
      }
      if (!protocols.includes(u.protocol)) {
        fail(name, `must start with ${protocols.join(' or ')}, got "${u.protocol}"`);
        return def;
      }
      return v;
    },
  };
}
export type Reader = ReturnType<typeof reader>;
