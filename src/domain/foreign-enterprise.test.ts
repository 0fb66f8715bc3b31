import { describe, expect, it } from 'vitest';
import {
  formatEnterpriseId,
  makeForeignEnterpriseNumber,
  parseEnterpriseId,
  parseEuid,
  parseForeignEnterpriseNumber,
} from './foreign-enterprise.ts';

const reasonOf = (r: { ok: boolean; reason?: string; value?: unknown }) => (r.ok ? r.value : r.reason);

describe('F-numbers of foreign enterprises (issue 19, section 2)', () => {
  it.each([
    ['F000000196', 'F000000196'],
    ['f000000196', 'F000000196'],
    [' F000.000.196 ', 'F000000196'],
    ['F 0000001 96', 'F000000196'],
    ['F-000-000-196', 'F000000196'],
    ['F\u00a0000\u202f000196', 'F000000196'],
    ['F123456789', 'checksum'],
    ['F000000195', 'checksum'],
    ['F000000097', 'sequence'],
    ['F00000019', 'length'],
    ['F0000001960', 'length'],
    ['F', 'length'],
    ['', 'characters'],
    ['G000000196', 'characters'],
    ['__proto__', 'characters'],
    ['F00000019６', 'characters'], // fullwidth digit
    ['F00000019٦', 'characters'], // Arabic-Indic digit
    ['Ｆ000000196', 'characters'], // fullwidth F
    ['Ϝ000000196', 'characters'],
    ['F000000196x', 'characters'],
    ['F0000/00196', 'characters'],
    [`F${'0'.repeat(100)}`, 'length'],
  ])('parseForeignEnterpriseNumber(%j) → %s', (input, expected) => {
    expect(reasonOf(parseForeignEnterpriseNumber(input))).toBe(expected);
  });

  it.each([
    ['0403.199.702', '0403199702'],
    ['BE 403 199 702', '0403199702'],
    ['f000.000.196', 'F000000196'],
    ['  F000000196', 'F000000196'],
    ['0403199703', 'checksum'],
    ['__proto__', 'characters'],
    ['constructor', 'characters'],
    ['Ｆ000000196', 'characters'],
  ])('parseEnterpriseId(%j) → %s takes KBO numbers and F-numbers', (input, expected) => {
    expect(reasonOf(parseEnterpriseId(input))).toBe(expected);
  });

  it('makes numbers that parse back, and shows them in KBO grouping', () => {
    for (const seq of [1, 96, 97, 98, 1234567, 9_999_999]) {
      const n = makeForeignEnterpriseNumber(seq);
      expect(n).toHaveLength(10);
      expect(reasonOf(parseForeignEnterpriseNumber(n))).toBe(n);
    }
    expect(makeForeignEnterpriseNumber(1)).toBe('F000000196');
    expect(formatEnterpriseId('f000000196')).toBe('F000.000.196');
    expect(formatEnterpriseId('0403199702')).toBe('0403.199.702');
    expect(() => formatEnterpriseId('F1')).toThrow(RangeError);
    expect(() => makeForeignEnterpriseNumber(0)).toThrow(RangeError);
    expect(() => makeForeignEnterpriseNumber(10_000_000)).toThrow(RangeError);
  });
});

describe('EUIDs', () => {
  it.each([
    ['NLNHR.12345678', 'NLNHR.12345678'],
    [' nlnhr.12345678 ', 'NLNHR.12345678'],
    ['DEK1101R.HRB116737', 'DEK1101R.HRB116737'],
    ['GRGEMI.123', 'ELGEMI.123'],
    ['FRRCS.552-100-554', 'FRRCS.552-100-554'],
    ['USSEC.123', 'country'],
    ['BEKBO.0403199702', 'country'], // a Belgian enterprise has a KBO number,
    ['NLNHR12345678', 'format'],
    ['NL.123', 'format'],
    ['NLNHR.', 'format'],
    ['NLNHR.123 456', 'format'],
    ['NLNHR.１２３', 'format'],
    [`NLNHR.${'1'.repeat(41)}`, 'format'],
    [`NLNHR.${'1'.repeat(200)}`, 'length'],
    ['__proto__', 'format'],
  ])('parseEuid(%j) → %s', (input, expected) => {
    const r = parseEuid(input);
    expect(r.ok ? r.value.euid : r.reason).toBe(expected);
  });
});
