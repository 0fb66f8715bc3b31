import { DomainError } from '../domain/errors.ts';
import { formatEnterpriseId } from '../domain/foreign-enterprise.ts';
import { formatEstablishmentNumber } from '../domain/identifiers.ts';
import { ownValue } from '../domain/own.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import type { Deps } from './deps.ts';
import { requireEnterpriseNumber } from './shared/input.ts';

export type NameLang = 'nl' | 'fr' | 'de' | 'en' | 'unknown';

export interface EnterpriseView {
  number: string;
  display: string;
  status: { code: string; isActive: boolean; label: Record<string, string> };
  names: { language: NameLang; type: string; name: string }[];
  legalForm: { code: string; label: Record<string, string> } | null;
  startDate: string | null;
  establishmentUnits: { number: string; display: string; startDate: string | null }[];
}

/** KBO language codes in denomination.csv. */
const kboLanguage: Record<string, NameLang> = { '0': 'unknown', '1': 'fr', '2': 'nl', '3': 'de', '4': 'en' };

/** The language of a register name; a code the register does not define is 'unknown'. */
export function kboNameLanguage(code: string): NameLang {
  return ownValue(kboLanguage, code) ?? 'unknown';
}

async function codeLabels(deps: Deps, category: string, code: string | null): Promise<Record<string, string>> {
  if (!code) return {};
  const rows = await deps.db.db
    .selectFrom('kbo_code')
    .select(['language', 'description'])
    .where('category', '=', category)
    .where('code', '=', code)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.language.toLowerCase(), r.description]));
}

/** Public register data: the KBO publishes it as open data, so reading it needs no login. */
export async function getEnterprise(deps: Deps, input: string): Promise<EnterpriseView> {
  const number = requireEnterpriseNumber(input);
  const db = deps.db.db;
  const e = await db.selectFrom('enterprise').selectAll().where('number', '=', number).executeTakeFirst();
  if (!e) throw new DomainError('enterprise.not_found', { enterprise: number });
  const [names, units, statusLabel, formLabel] = await Promise.all([
    db.selectFrom('denomination').selectAll().where('entity_number', '=', number).execute(),
    db.selectFrom('establishment').selectAll().where('enterprise_number', '=', number).orderBy('number').execute(),
    codeLabels(deps, 'Status', e.status),
    codeLabels(deps, 'JuridicalForm', e.juridical_form),
  ]);
  return {
    number,
    display: formatEnterpriseId(number),
    status: { code: e.status, isActive: e.status === ACTIVE_STATUS, label: statusLabel },
    names: names.map((n) => ({ language: kboNameLanguage(n.language), type: n.type, name: n.denomination })),
    legalForm: e.juridical_form ? { code: e.juridical_form, label: formLabel } : null,
    startDate: e.start_date,
    establishmentUnits: units.map((u) => ({
      number: u.number,
      display: formatEstablishmentNumber(u.number),
      startDate: u.start_date,
    })),
  };
}
