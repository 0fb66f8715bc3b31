/**
 * The legal functions, employment and persons files, on SQLite and (with TEST_DATABASE_URL) on
 * PostgreSQL, each test in its own database (a fresh PostgreSQL schema via test/pg-schema.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/domain-error.ts';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import {
  formatEnterpriseNumber,
  formatPersonNumber,
  makeEnterpriseNumber,
  makePersonNumber,
} from '../../domain/identifiers.ts';
import { importRegisterFile } from './csv-import.ts';
import { parseDate, RowError } from './csv-reader.ts';
import { dbRegisters } from './db-registers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'btb-csv-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
const file = (lines: string[]): string => {
  const path = join(tmp, `f${files++}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

const ent = makeEnterpriseNumber(4_034_498);
const ent2 = makeEnterpriseNumber(10_000_000);
const an = makePersonNumber({ birth: { year: 1985, month: 7, day: 30 }, seq: 33 });
const luc = makePersonNumber({ birth: { year: 2001, month: 2, day: 3 }, seq: 12 });
const bad = `${an.slice(0, 10)}${(Number(an[10]) + 1) % 10}`;

describe('parseDate', () => {
  it('reads dd-mm-yyyy always and yyyy-mm-dd when allowed, and refuses dates that do not exist', () => {
    expect(parseDate('29-02-2000', 'D', false)).toBe('2000-02-29');
    expect(parseDate('2024-02-29', 'D', true)).toBe('2024-02-29');
    expect(parseDate('', 'D', true)).toBeNull();
    for (const v of ['2024-02-29', '29-02-1900', '31-04-2020', '1-1-2020', '00-01-2020', '2020/01/01']) {
      expect(() => parseDate(v, 'D', false), v).toThrow(RowError);
    }
  });
});

describe.each(engines)('btb import functions|employment|persons on %s', (engine) => {
  const withDeps = async (work: (deps: TestDeps) => Promise<void>) => {
    const deps = await makeTestDeps(engine);
    try {
      await work(deps);
    } finally {
      await deps.cleanup();
    }
  };
  const functions = (deps: TestDeps) =>
    deps.db.db.selectFrom('legal_function').selectAll().orderBy('person_number').orderBy('function_code').execute();

  it('imports legal functions in both date formats and with any separators, read back by the registers port', () =>
    withDeps(async (deps) => {
      const r = await importRegisterFile(
        deps.db,
        'functions',
        file([
          'EntityNumber,PersonNumber,FunctionCode,StartDate,EndDate',
          `${formatEnterpriseNumber(ent)},${formatPersonNumber(an)},10,2019-05-01,`,
          `"BE ${ent}","${luc}","30",01-01-2020,31-12-2020`,
        ]),
      );
      expect(r).toMatchObject({ kind: 'functions', rowsRead: 2, rowsWritten: 2 });
      // luc (born 2001) sorts before an (born 1985)
      expect(await functions(deps)).toEqual([
        {
          enterprise_number: ent,
          person_number: luc,
          function_code: '30',
          start_date: '2020-01-01',
          end_date: '2020-12-31',
        },
        { enterprise_number: ent, person_number: an, function_code: '10', start_date: '2019-05-01', end_date: null },
      ]);
      const registers = dbRegisters();
      expect(await registers.currentFunctions(deps.db.db, ent, an, '2026-11-28')).toHaveLength(1);
      expect(await registers.enterprisesRepresentedBy(deps.db.db, luc, '2026-11-28')).toEqual([]);
      expect(await deps.db.db.selectFrom('import_run').select(['kind', 'rows_read']).execute()).toEqual([
        { kind: 'functions', rows_read: 2 },
      ]);
    }));

  it('upserts on the key: the same file twice changes nothing, a later EndDate ends the function', () =>
    withDeps(async (deps) => {
      const header = 'EntityNumber,PersonNumber,FunctionCode,StartDate,EndDate';
      const f = file([header, `${ent},${an},10,2019-05-01,`, `${ent2},${an},10,2019-05-01,`]);
      await importRegisterFile(deps.db, 'functions', f);
      const once = await functions(deps);
      await importRegisterFile(deps.db, 'functions', f);
      expect(await functions(deps)).toEqual(once);
      await importRegisterFile(deps.db, 'functions', file([header, `${ent},${an},10,01-05-2019,30-06-2026`]));
      const after = await functions(deps);
      expect(after).toHaveLength(2);
      expect(after.find((x) => x.enterprise_number === ent)?.end_date).toBe('2026-06-30');
      expect(await dbRegisters().currentFunctions(deps.db.db, ent, an, '2026-11-28')).toEqual([]);
    }));

  it('rolls a file back on a bad line, names the line, and keeps the person number out of the message', () =>
    withDeps(async (deps) => {
      const header = 'EntityNumber,PersonNumber,FunctionCode,StartDate,EndDate';
      const e = await failure(
        importRegisterFile(
          deps.db,
          'functions',
          file([header, `${ent},${an},10,2019-05-01,`, `${ent},${luc},10,2019-05-01,`, `${ent},${bad},10,2019-05-01,`]),
        ),
      );
      expect(e.code).toBe('import.invalid_line');
      expect(e.details).toMatchObject({
        line: 4,
        reason: 'PersonNumber: invalid national register or BIS number (checksum)',
      });
      expect(JSON.stringify(e.details) + e.message).not.toContain(bad);
      expect(await functions(deps)).toEqual([]);
      expect(await deps.db.db.selectFrom('import_run').select('id').execute()).toEqual([]);

      const cases: [string, RegExp][] = [
        [`${ent.slice(0, 9)}0,${an},10,2019-05-01,`, /EntityNumber: invalid enterprise number/],
        [`${ent},${an},10,2019-05-01,2019-04-30`, /EndDate: before StartDate/],
        [`${ent},${an},10,,`, /StartDate: required/],
        [`${ent},${an},,2019-05-01,`, /FunctionCode: required/],
        [`${ent},${an},10,2019-13-01,`, /StartDate: not a date/],
      ];
      for (const [line, reason] of cases) {
        const err = await failure(importRegisterFile(deps.db, 'functions', file([header, line])));
        expect(err.details.line, line).toBe(2);
        expect(String(err.details.reason), line).toMatch(reason);
      }
      const noHeader = await failure(importRegisterFile(deps.db, 'functions', file([`${ent},${an},10,2019-05-01,`])));
      expect(noHeader.code).toBe('import.invalid_file');
      const empty = await failure(importRegisterFile(deps.db, 'functions', file([])));
      expect(empty.code).toBe('import.invalid_file');
    }));

  it('imports employment, idempotently, past the PostgreSQL batch size, last line of a key winning', () =>
    withDeps(async (deps) => {
      const lines = ['EntityNumber,PersonNumber,StartDate,EndDate'];
      for (let i = 0; i < 6_000; i++) {
        const p = makePersonNumber({
          birth: { year: 1970 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) },
          seq: 1 + (i % 997),
        });
        lines.push(`${ent},${p},2020-01-01,`);
      }
      lines.push(`${ent},${an},2021-03-01,`, `${ent},${an},2021-03-01,2022-03-01`);
      const f = file(lines);
      const r = await importRegisterFile(deps.db, 'employment', f);
      expect(r.rowsRead).toBe(6_002);
      await importRegisterFile(deps.db, 'employment', f);
      const count = await deps.db.db
        .selectFrom('employment')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(new Set(lines.slice(1).map((l) => l.split(',').slice(0, 3).join())).size);
      const registers = dbRegisters();
      expect(await registers.isEmployee(deps.db.db, ent, an, '2021-06-01')).toBe(true);
      expect(await registers.isEmployee(deps.db.db, ent, an, '2022-06-01')).toBe(false);
    }));

  it('upserts persons by number, lower-cases the language and checks language and e-mail', () =>
    withDeps(async (deps) => {
      const header = 'PersonNumber,FamilyName,GivenName,Language,Email';
      await importRegisterFile(
        deps.db,
        'persons',
        file([header, `${formatPersonNumber(an)},Peeters,An,NL,an@example.be`, `${luc},Dubois,Luc,fr,`]),
      );
      await importRegisterFile(deps.db, 'persons', file([header, `${an},Peeters,Anna,nl,anna@example.be`]));
      expect(await deps.db.db.selectFrom('person').selectAll().orderBy('number').execute()).toEqual(
        [
          { number: an, family_name: 'Peeters', given_name: 'Anna', language: 'nl', email: 'anna@example.be' },
          { number: luc, family_name: 'Dubois', given_name: 'Luc', language: 'fr', email: null },
        ].sort((a, b) => a.number.localeCompare(b.number)),
      );
      const lang = await failure(importRegisterFile(deps.db, 'persons', file([header, `${an},Peeters,An,es,`])));
      expect(lang.details).toMatchObject({ line: 2, reason: 'Language: must be nl, fr, de or en' });
      const mail = await failure(
        importRegisterFile(deps.db, 'persons', file([header, `${an},Peeters,An,nl,not-an-address`])),
      );
      expect(mail.details).toMatchObject({ line: 2, reason: 'Email: not an e-mail address' });
    }));
});
