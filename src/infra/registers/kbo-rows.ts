/**
 * A line of the KBO extract → the row it stores (or, in a delete file, the key whose rows go):
 * every value checked and normalised, a bad one named by column (RowError, which the reader turns
 * into file, line and reason).
 */
import { parseEstablishmentNumber } from '../../domain/identifiers.ts';
import { type Cell, parseDate, RowError, requireEnterprise, text } from './csv-reader.ts';
import type { TableName } from './kbo-extract.ts';

/** Enterprise, establishment unit or branch office, told apart by the first digit. */
function entityNumber(value: string, column: string): string | 'branch' {
  const first = value.trimStart()[0];
  if (first === '0' || first === '1') return requireEnterprise(value, column);
  if (first === '9') return 'branch';
  const p = parseEstablishmentNumber(value);
  if (!p.ok)
    throw new RowError(`${column}: invalid enterprise or establishment number ${JSON.stringify(value)} (${p.reason})`);
  return p.value;
}

function requireEstablishment(value: string, column: string): string {
  const p = parseEstablishmentNumber(value);
  if (!p.ok) throw new RowError(`${column}: invalid establishment number ${JSON.stringify(value)} (${p.reason})`);
  return p.value;
}

export interface Mappers {
  row: Record<TableName, (v: string[]) => Cell[] | null>;
  key: Record<TableName, (v: string[]) => Cell[] | null>;
  branches: number;
}

export function mappers(updatedAt: string): Mappers {
  const m: Mappers = {
    branches: 0,
    row: {
      code: ([category = '', code = '', language = '', description = '']) => [
        text(category, 'Category', 64, true),
        text(code, 'Code', 32, true),
        text(language, 'Language', 2, true),
        description,
      ],
      enterprise: ([number = '', status = '', situation = '', type = '', form = '', formCac = '', start = '']) => [
        requireEnterprise(number, 'EnterpriseNumber'),
        text(status, 'Status', 8, true),
        text(situation, 'JuridicalSituation', 8, false),
        text(type, 'TypeOfEnterprise', 8, false),
        text(form, 'JuridicalForm', 8, false),
        text(formCac, 'JuridicalFormCAC', 8, false),
        parseDate(start, 'StartDate', false),
        updatedAt,
      ],
      denomination: ([entity = '', language = '', type = '', name = '']) => {
        const number = entityNumber(entity, 'EntityNumber');
        if (number === 'branch') {
          m.branches++;
          return null;
        }
        return [
          number,
          text(language, 'Language', 2, true),
          text(type, 'TypeOfDenomination', 3, true),
          text(name, 'Denomination', 1000, true),
        ];
      },
      establishment: ([number = '', start = '', enterprise = '']) => [
        requireEstablishment(number, 'EstablishmentNumber'),
        requireEnterprise(enterprise, 'EnterpriseNumber'),
        parseDate(start, 'StartDate', false),
      ],
    },
    key: {
      code: ([category = '', code = '']) => [text(category, 'Category', 64, true), text(code, 'Code', 32, true)],
      enterprise: ([n = '']) => [requireEnterprise(n, 'EnterpriseNumber')],
      denomination: ([n = '']) => {
        const number = entityNumber(n, 'EntityNumber');
        return number === 'branch' ? null : [number];
      },
      establishment: ([n = '']) => [requireEstablishment(n, 'EstablishmentNumber')],
    },
  };
  return m;
}
