import type { TFunction } from 'i18next';

/** The name of a capacity (issue 19: employer, social_secretariat, service_provider) in the page's language. */
export function capacityName(t: TFunction, capacity: string): string {
  return t(`mandates.capacities.${capacity}`, { defaultValue: capacity });
}
