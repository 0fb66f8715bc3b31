/**
 * Looks up a key that came from outside (a token claim, a request field, a register file) in a
 * plain object by OWN property only: `map['__proto__']`, `map['constructor']` or
 * `map['toString']` must find nothing, not what Object.prototype holds (issue 13, finding 14).
 */
export function ownValue<V>(obj: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
