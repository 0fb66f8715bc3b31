/**
 * Issue 19, section 4: the capacities in which an enterprise acts in a domain of Social Security
 * (employer, recognised social secretariat, service provider). A closed list: they come from the
 * authentic sources (the ONSS employer register, the list of recognised social secretariats) by
 * register import, never by declaration; the catalogue says which services need which.
 */
export const CAPACITIES = ['employer', 'social_secretariat', 'service_provider'] as const;
export type Capacity = (typeof CAPACITIES)[number];

const known: ReadonlySet<string> = new Set(CAPACITIES);

export function isCapacity(value: string): value is Capacity {
  return known.has(value);
}
