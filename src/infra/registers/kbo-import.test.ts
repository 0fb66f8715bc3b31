/**
 * KBO extract import on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set: each test gets
 * its own database from makeTestDeps (a fresh in-memory SQLite, or a fresh PostgreSQL schema
 * through test/pg-schema.ts, so parallel test files never collide).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/domain-error.ts';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { getEnterprise } from '../../app/get-enterprise.ts';
import { makeForeignEnterpriseNumber } from '../../domain/foreign-enterprise.ts';
import { makeEnterpriseNumber, makeEstablishmentNumber } from '../../domain/identifiers.ts';
import { importKboExtract } from './kbo-import.ts';

// ----- a tiny extract generator, in the KBO's own format ---------------------------------------

const dotted = (n: string) => `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
const dottedUnit = (n: string) => `${n[0]}.${n.slice(1, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
/** KBO quotes text and leaves dates and empty values bare */
const cell = (v: string) => (v === '' || /^\d\d-\d\d-\d{4}$/.test(v) ? v : `"${v.replaceAll('"', '""')}"`);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;

const ENT = [
  'EnterpriseNumber',
  'Status',
  'JuridicalSituation',
  'TypeOfEnterprise',
  'JuridicalForm',
  'JuridicalFormCAC',
  'StartDate',
];
const DEN = ['EntityNumber', 'Language', 'TypeOfDenomination', 'Denomination'];
const EST = ['EstablishmentNumber', 'StartDate', 'EnterpriseNumber'];
const CODE = ['Category', 'Code', 'Language', 'Description'];

const e1 = makeEnterpriseNumber(2_006_576); // 0200.657.6xx
const e2 = makeEnterpriseNumber(4_034_498);
const e3 = makeEnterpriseNumber(10_000_000); // a 1-series number
const u1 = makeEstablishmentNumber(20_000_003);
const u2 = makeEstablishmentNumber(21_234_567);

const tmp = mkdtempSync(join(tmpdir(), 'btb-kbo-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;

function writeExtract(files: Record<string, string[][] | string>): string {
  const dir = join(tmp, `x${dirs++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : csv(content));
  return dir;
}

const meta = (type: 'full' | 'update', number: string) => [
  ['Variable', 'Value'],
  ['SnapshotDate', '30-05-2025'],
  ['ExtractTimestamp', '01-06-2025 07:07:49'],
  ['ExtractType', type],
  ['ExtractNumber', number],
  ['Version', '1.0.0'],
];

const codes = [
  CODE,
  ['Status', 'AC', 'FR', 'Actif'],
  ['Status', 'AC', 'NL', 'Actief'],
  ['JuridicalForm', '014', 'NL', 'Naamloze vennootschap'],
  ['JuridicalForm', '014', 'FR', 'Société anonyme'],
  ['TypeOfDenomination', '001', 'NL', 'Naam'],
];

function fullExtract(overrides: Record<string, string[][] | string> = {}, number = '136'): string {
  return writeExtract({
    'meta.csv': meta('full', number),
    'code.csv': codes,
    'enterprise.csv': [
      ENT,
      [dotted(e1), 'AC', '000', '2', '014', '', '09-08-1960'],
      [dotted(e2), 'AC', '012', '1', '', '', '29-02-2000'],
      [dotted(e3), 'AC', '000', '2', '014', '610', '01-10-2023'],
    ],
    'denomination.csv': [
      DEN,
      [dotted(e1), '2', '001', 'Brouwerij "De Zon", BV'],
      [dotted(e1), '2', '002', 'De Zon'],
      [dotted(e2), '1', '001', 'Boulangerie Dupont'],
      [dotted(e3), '3', '001', 'Bäckerei Eupen'],
      [dottedUnit(u1), '2', '003', 'Zonnewinkel'],
      ['9.000.006.626', '2', '004', 'Bijkantoor'],
    ],
    'establishment.csv': [EST, [dottedUnit(u1), '01-11-1974', dotted(e1)], [dottedUnit(u2), '17-01-1967', dotted(e2)]],
    'address.csv': '"EntityNumber","TypeOfAddress"\n',
    'activity.csv': '"EntityNumber","ActivityGroup"\n',
    ...overrides,
  });
}

async function dump(deps: TestDeps) {
  const db = deps.db.db;
  return {
    enterprise: await db
      .selectFrom('enterprise')
      .select([
        'number',
        'status',
        'juridical_situation',
        'type_of_enterprise',
        'juridical_form',
        'juridical_form_cac',
        'start_date',
      ])
      .orderBy('number')
      .execute(),
    denomination: await db
      .selectFrom('denomination')
      .selectAll()
      .orderBy('entity_number')
      .orderBy('type')
      .orderBy('denomination')
      .execute(),
    establishment: await db.selectFrom('establishment').selectAll().orderBy('number').execute(),
    code: await db.selectFrom('kbo_code').selectAll().orderBy('category').orderBy('code').orderBy('language').execute(),
    meta: await db.selectFrom('kbo_meta').selectAll().orderBy('variable').execute(),
  };
}

const emptyEnterprise = {
  juridical_situation: null,
  juridical_form: null,
  juridical_form_cac: null,
  type_of_enterprise: null,
  start_date: null,
};

describe.each(engines)('btb import kbo on %s', (engine) => {
  const withDeps = async (work: (deps: TestDeps) => Promise<void>) => {
    const deps = await makeTestDeps(engine);
    try {
      await work(deps);
    } finally {
      await deps.cleanup();
    }
  };

  it('imports a full extract: numbers without dots, ISO dates, branch names skipped, other files ignored', () =>
    withDeps(async (deps) => {
      const r = await importKboExtract(deps.db, fullExtract());
      expect(r.type).toBe('full');
      expect(r.tables.enterprise).toEqual({ read: 3, written: 3, deleted: 0 });
      expect(r.tables.denomination.written).toBe(5);
      expect(r.skippedBranchDenominations).toBe(1);
      expect(r.ignoredFiles).toEqual(['activity.csv', 'address.csv']);
      const d = await dump(deps);
      expect(d.enterprise[0]).toEqual({
        number: e1,
        status: 'AC',
        juridical_situation: '000',
        type_of_enterprise: '2',
        juridical_form: '014',
        juridical_form_cac: null,
        start_date: '1960-08-09',
      });
      expect(d.enterprise[1]?.start_date).toBe('2000-02-29');
      expect(d.denomination.map((x) => x.entity_number)).toContain(u1);
      expect(d.denomination.find((x) => x.type === '001' && x.entity_number === e1)?.denomination).toBe(
        'Brouwerij "De Zon", BV',
      );
      expect(d.establishment).toEqual([
        { number: u1, enterprise_number: e1, start_date: '1974-11-01' },
        { number: u2, enterprise_number: e2, start_date: '1967-01-17' },
      ]);
      expect(Object.fromEntries(d.meta.map((m) => [m.variable, m.value]))).toMatchObject({
        ExtractType: 'full',
        ExtractNumber: '136',
        SnapshotDate: '30-05-2025',
      });
      const runs = await deps.db.db.selectFrom('import_run').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ kind: 'kbo-full', rows_read: 16, rows_written: 15 });
    }));

  it('resolves codes: the enterprise view carries status and legal form labels from code.csv', () =>
    withDeps(async (deps) => {
      await importKboExtract(deps.db, fullExtract());
      const view = await getEnterprise(deps, dotted(e1));
      expect(view.status).toEqual({ code: 'AC', isActive: true, label: { fr: 'Actif', nl: 'Actief' } });
      expect(view.legalForm).toEqual({ code: '014', label: { nl: 'Naamloze vennootschap', fr: 'Société anonyme' } });
      expect(view.names.map((n) => n.name).sort()).toEqual(['Brouwerij "De Zon", BV', 'De Zon']);
      expect(view.establishmentUnits.map((u) => u.number)).toEqual([u1]);
    }));

  it('is idempotent: the same full extract twice leaves the same content', () =>
    withDeps(async (deps) => {
      const dir = fullExtract();
      await importKboExtract(deps.db, dir);
      const first = await dump(deps);
      await importKboExtract(deps.db, dir);
      expect(await dump(deps)).toEqual(first);
      expect(await deps.db.db.selectFrom('import_run').select('id').execute()).toHaveLength(2);
    }));

  it('replaces the content on a full import: what the new extract lacks is gone', () =>
    withDeps(async (deps) => {
      await importKboExtract(deps.db, fullExtract());
      await importKboExtract(
        deps.db,
        fullExtract(
          { 'enterprise.csv': [ENT, [dotted(e2), 'AC', '000', '1', '', '', '01-01-2001']], 'establishment.csv': [EST] },
          '137',
        ),
      );
      const d = await dump(deps);
      expect(d.enterprise.map((e) => e.number)).toEqual([e2]);
      expect(d.establishment).toEqual([]);
    }));

  it('keeps the foreign enterprises the service desk registered (F-numbers) through a full import (issue 19)', () =>
    withDeps(async (deps) => {
      const foreign = makeForeignEnterpriseNumber(1);
      const at = '2026-12-03T09:00:00.000Z';
      await deps.db.db
        .insertInto('enterprise')
        .values({ ...emptyEnterprise, number: foreign, status: 'AC', updated_at: at })
        .execute();
      await deps.db.db
        .insertInto('denomination')
        .values({ entity_number: foreign, language: '2', type: '001', denomination: 'Vlaskwekerij BV' })
        .execute();
      await importKboExtract(deps.db, fullExtract());
      await importKboExtract(deps.db, fullExtract({ 'enterprise.csv': [ENT], 'denomination.csv': [DEN] }, '137'));
      const d = await dump(deps);
      expect(d.enterprise.map((e) => e.number)).toEqual([foreign]);
      expect(d.denomination.map((n) => n.entity_number)).toEqual([foreign]);
    }));

  it('applies an update extract: deletes first, then inserts; twice gives the same content', () =>
    withDeps(async (deps) => {
      await importKboExtract(deps.db, fullExtract());
      const update = writeExtract({
        'meta.csv': meta('update', '137'),
        'code.csv': [...codes, ['JuridicalForm', '610', 'NL', 'Besloten vennootschap']],
        'enterprise_delete.csv': [['EnterpriseNumber'], [dotted(e2)], [dotted(e3)]],
        'enterprise_insert.csv': [ENT, [dotted(e3), 'AC', '000', '2', '610', '', '02-10-2023']],
        'denomination_delete.csv': [['EntityNumber'], [dotted(e2)]],
        // e1 is missing from the delete file, yet its insert lines carry all its names
        'denomination_insert.csv': [DEN, [dotted(e1), '2', '001', 'Brouwerij De Maan']],
        'establishment_delete.csv': [['EstablishmentNumber'], [dottedUnit(u2)]],
        'establishment_insert.csv': [EST, [dottedUnit(u2), '18-01-1967', dotted(e1)]],
        'address_delete.csv': [['EntityNumber'], [dotted(e1)]],
      });
      const r = await importKboExtract(deps.db, update);
      expect(r.type).toBe('update');
      expect(r.tables.enterprise).toEqual({ read: 1, written: 1, deleted: 2 });
      expect(r.ignoredFiles).toEqual(['address_delete.csv']);
      const after = await dump(deps);
      expect(after.enterprise.map((e) => [e.number, e.juridical_form, e.start_date])).toEqual([
        [e1, '014', '1960-08-09'],
        [e3, '610', '2023-10-02'],
      ]);
      expect(after.denomination.filter((d) => d.entity_number === e1).map((d) => d.denomination)).toEqual([
        'Brouwerij De Maan',
      ]);
      expect(after.denomination.some((d) => d.entity_number === e2)).toBe(false);
      expect(after.establishment.find((u) => u.number === u2)).toEqual({
        number: u2,
        enterprise_number: e1,
        start_date: '1967-01-18',
      });
      expect(after.code.some((c) => c.code === '610')).toBe(true);
      expect(after.meta.find((m) => m.variable === 'ExtractNumber')?.value).toBe('137');

      await importKboExtract(deps.db, update);
      expect(await dump(deps)).toEqual(after);
    }));

  it('rolls the whole extract back on a bad line and names file, line and reason', () =>
    withDeps(async (deps) => {
      await importKboExtract(deps.db, fullExtract());
      const before = await dump(deps);
      const indexes = () =>
        deps.db.raw.kind === 'sqlite'
          ? deps.db.raw.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
          : [];
      const indexesBefore = indexes();
      const bad = dotted(e2).replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      const dir = fullExtract(
        {
          'enterprise.csv': [ENT, [dotted(e1), 'AC', '000', '2', '014', '', '09-08-1961']],
          // a quoted line break: the reported line is the physical line of the file
          'denomination.csv': `"EntityNumber","Language","TypeOfDenomination","Denomination"\n"${dotted(e1)}","2","001","Brouwerij\nDe Zon"\n"${bad}","1","001","Dupont"\n`,
        },
        '137',
      );
      const e = await failure(importKboExtract(deps.db, dir));
      expect(e.code).toBe('import.invalid_line');
      expect(e.details).toMatchObject({ file: 'denomination.csv', line: 4 });
      expect(String(e.details.reason)).toMatch(/EntityNumber.*checksum/);
      expect(await dump(deps)).toEqual(before);
      expect(indexes()).toEqual(indexesBefore); // dropped for the load, restored by the rollback
      expect(await deps.db.db.selectFrom('import_run').select('id').execute()).toHaveLength(1);
    }));

  it('refuses a bad checksum, a bad date and a duplicate enterprise, each at its line', () =>
    withDeps(async (deps) => {
      const bad = makeEnterpriseNumber(4_034_498).replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      const checksum = await failure(
        importKboExtract(
          deps.db,
          fullExtract({
            'enterprise.csv': [
              ENT,
              [dotted(e1), 'AC', '000', '2', '', '', ''],
              [dotted(bad), 'AC', '000', '2', '', '', ''],
            ],
          }),
        ),
      );
      expect(checksum.details).toMatchObject({ file: 'enterprise.csv', line: 3 });
      expect(String(checksum.details.reason)).toContain('checksum');

      const date = await failure(
        importKboExtract(
          deps.db,
          fullExtract({ 'establishment.csv': [EST, [dottedUnit(u1), '31-02-1974', dotted(e1)]] }),
        ),
      );
      expect(date.details).toMatchObject({ file: 'establishment.csv', line: 2 });
      expect(String(date.details.reason)).toContain('StartDate');

      const dup = await failure(
        importKboExtract(
          deps.db,
          fullExtract({
            'enterprise.csv': [
              ENT,
              [dotted(e1), 'AC', '', '', '', '', ''],
              [dotted(e2), 'AC', '', '', '', '', ''],
              [dotted(e1), 'AC', '', '', '', '', ''],
            ],
          }),
        ),
      );
      expect(dup.details).toMatchObject({ file: 'enterprise.csv', line: 4 });
      expect(String(dup.details.reason)).toContain('duplicate EnterpriseNumber');

      const width = await failure(
        importKboExtract(
          deps.db,
          fullExtract({ 'code.csv': '"Category","Code","Language","Description"\n"Status","AC","FR"\n' }),
        ),
      );
      expect(width.details).toMatchObject({ file: 'code.csv', line: 2 });

      expect(await deps.db.db.selectFrom('enterprise').select('number').execute()).toEqual([]);
    }));

  it('names the line of an error after thousands of rows, past the PostgreSQL batch size', () =>
    withDeps(async (deps) => {
      const rows = [ENT];
      for (let i = 0; i < 12_000; i++)
        rows.push([dotted(makeEnterpriseNumber(3_000_000 + i)), 'AC', '000', '2', '', '', '01-01-2000']);
      rows.push([dotted(makeEnterpriseNumber(3_000_000 + 7_000)), 'AC', '000', '2', '', '', '01-01-2000']);
      const e = await failure(importKboExtract(deps.db, fullExtract({ 'enterprise.csv': rows })));
      expect(e.details).toMatchObject({ file: 'enterprise.csv', line: 12_002 });
      rows.pop();
      const r = await importKboExtract(deps.db, fullExtract({ 'enterprise.csv': rows }));
      expect(r.tables.enterprise.written).toBe(12_000);
    }));

  it('refuses an older extract unless forced, and an extract without meta.csv or with a missing file', () =>
    withDeps(async (deps) => {
      await importKboExtract(deps.db, fullExtract({}, '140'));
      const older = fullExtract({}, '139');
      const e = await failure(importKboExtract(deps.db, older));
      expect(e.code).toBe('import.invalid_file');
      expect(e.details.file).toBe('meta.csv');
      await importKboExtract(deps.db, older, { force: true });

      const noMeta = writeExtract({ 'enterprise.csv': [ENT] });
      expect((await failure(importKboExtract(deps.db, noMeta))).details).toMatchObject({ file: 'meta.csv' });
      const noDen = writeExtract({
        'meta.csv': meta('full', '141'),
        'code.csv': codes,
        'enterprise.csv': [ENT],
        'establishment.csv': [EST],
      });
      expect((await failure(importKboExtract(deps.db, noDen))).details).toMatchObject({ file: 'denomination.csv' });
      const badHeader = fullExtract({ 'enterprise.csv': [['Number', 'Status']] }, '141');
      expect((await failure(importKboExtract(deps.db, badHeader))).code).toBe('import.invalid_file');
    }));
});
