/**
 * A synthetic KBO open data full extract, in the format of the KBO's Cookbook (quoted CSV with a
 * header row, dates dd-mm-yyyy unquoted, numbers written 0201.310.929 / 2.000.000.339), with
 * valid checksums: meta.csv, code.csv, enterprise.csv, denomination.csv, establishment.csv.
 *
 * Per enterprise: one name (001), an abbreviation (002) for 2 in 10, an establishment unit for
 * 4 in 10, and a commercial name (003) for 1 establishment in 4: about 1.3 denominations and 0.4
 * establishments per enterprise, as in the real extract. Deterministic (no randomness), sorted by
 * number like the real files, written in 1 MB chunks that respect backpressure. As in the real
 * files, establishment numbers do not follow their enterprises' order: establishment.csv sorted by
 * unit number lists enterprises in scattered order, which is what makes the index on
 * establishment.enterprise_number costly to maintain row by row.
 *
 *   node bin/run-ts.mjs bench/generate-kbo.ts [DIR] [--enterprises N]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeEnterpriseNumber, makeEstablishmentNumber } from '../src/domain/identifiers.ts';

export interface GeneratedExtract {
  dir: string;
  enterprises: number;
  denominations: number;
  establishments: number;
  codes: number;
}

const LEGAL_FORMS = ['014', '015', '017', '030', '116', '124', '416', '417', '610', '706'];
const WORDS = [
  'Bakkerij',
  'Atelier',
  'Garage',
  'Brasserie',
  'Consult',
  'Immo',
  'Transport',
  'Studio',
  'Pharma',
  'Bouw',
];
const PLACES = ['Gent', 'Liège', 'Namur', 'Brugge', 'Eupen', 'Leuven', 'Mons', 'Hasselt', 'Arlon', 'Aalst'];

/** 0201.310.929 */
const dotted = (n: string): string => `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
/** 2.000.000.339 */
const dottedUnit = (n: string): string => `${n[0]}.${n.slice(1, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;

function kboDate(i: number): string {
  const day = (i % 28) + 1;
  const month = (Math.floor(i / 28) % 12) + 1;
  const year = 1950 + (i % 75);
  return `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`;
}

/** A buffered file writer: one write per megabyte, waits when the OS is behind. */
class Out {
  private readonly stream;
  private buf = '';
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  async line(s: string): Promise<void> {
    this.buf += `${s}\n`;
    if (this.buf.length >= 1 << 20) {
      const ok = this.stream.write(this.buf);
      this.buf = '';
      if (!ok) await once(this.stream, 'drain');
    }
  }
  async close(): Promise<void> {
    this.stream.end(this.buf);
    await once(this.stream, 'finish');
  }
}

export function codeRows(): string[][] {
  const rows: string[][] = [];
  const both = (category: string, code: string, nl: string, fr: string) => {
    rows.push([category, code, 'FR', fr], [category, code, 'NL', nl]);
  };
  both('Status', 'AC', 'Actief', 'Actif');
  both('TypeOfEnterprise', '1', 'Natuurlijk persoon', 'Personne physique');
  both('TypeOfEnterprise', '2', 'Rechtspersoon', 'Personne morale');
  both('JuridicalSituation', '000', 'Normale toestand', 'Situation normale');
  for (const code of LEGAL_FORMS) both('JuridicalForm', code, `Rechtsvorm ${code}`, `Forme légale ${code}`);
  both('Language', '0', 'Onbekend', 'inconnu');
  both('Language', '1', 'Frans', 'français');
  both('Language', '2', 'Nederlands', 'néerlandais');
  both('Language', '3', 'Duits', 'allemand');
  both('TypeOfDenomination', '001', 'Naam', 'Dénomination');
  both('TypeOfDenomination', '002', 'Afkorting', 'Abréviation');
  both('TypeOfDenomination', '003', 'Commerciële naam', 'Dénomination commerciale');
  // The real code.csv is mostly NACE codes (about 21 000 rows); keep its bulk realistic.
  for (let i = 0; i < 10_000; i++) {
    const code = String(1000 + i * 9).padStart(5, '0');
    both('Nace2008', code, `Activiteit ${code}, "groep" ${i % 99}`, `Activité ${code}`);
  }
  return rows;
}

export async function generateKboExtract(dir: string, opts: { enterprises?: number } = {}): Promise<GeneratedExtract> {
  const n = opts.enterprises ?? 1_000_000;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'meta.csv'),
    [
      '"Variable","Value"',
      '"SnapshotDate","30-05-2025"',
      '"ExtractTimestamp","01-06-2025 07:07:49"',
      '"ExtractType","full"',
      '"ExtractNumber","136"',
      '"Version","1.0.0"',
      '',
    ].join('\n'),
  );
  const codes = codeRows();
  writeFileSync(
    join(dir, 'code.csv'),
    `"Category","Code","Language","Description"\n${codes.map((r) => r.map(q).join(',')).join('\n')}\n`,
  );

  const ent = new Out(join(dir, 'enterprise.csv'));
  const den = new Out(join(dir, 'denomination.csv'));
  const est = new Out(join(dir, 'establishment.csv'));
  await ent.line(
    '"EnterpriseNumber","Status","JuridicalSituation","TypeOfEnterprise","JuridicalForm","JuridicalFormCAC","StartDate"',
  );
  await den.line('"EntityNumber","Language","TypeOfDenomination","Denomination"');
  await est.line('"EstablishmentNumber","StartDate","EnterpriseNumber"');
  // Units are written at the end, sorted by number; their names follow all enterprise names in
  // denomination.csv, as 2.x sorts after 0.x and 1.x.
  const units: { n: number; line: string; name?: string }[] = [];
  // Spread the prefixes over the 0- and 1-series so the numbers look like real ones.
  const step = Math.max(1, Math.floor((19_999_999 - 2_000_000) / n));
  let denominations = 0;
  let establishments = 0;
  for (let i = 0; i < n; i++) {
    const number = dotted(makeEnterpriseNumber(2_000_000 + i * step));
    const isPerson = i % 3 === 0;
    const form = isPerson ? '' : q(LEGAL_FORMS[i % LEGAL_FORMS.length]!);
    await ent.line(`${q(number)},"AC","000",${isPerson ? '"1"' : '"2"'},${form},,${kboDate(i)}`);
    const lang = String((i % 3) + 1);
    const word = WORDS[i % WORDS.length]!;
    const place = PLACES[(i >> 3) % PLACES.length]!;
    const name = i % 17 === 0 ? `${word} "${place}", BV ${i}` : `${word} ${place} ${i}`;
    await den.line(`${q(number)},${q(lang)},"001",${q(name)}`);
    denominations++;
    if (i % 10 < 2) {
      await den.line(`${q(number)},${q(lang)},"002",${q(`${word.slice(0, 3).toUpperCase()}${i}`)}`);
      denominations++;
    }
    if (i % 5 < 2) {
      // ×7 919 993 mod 70 000 000 is a bijection (coprime): unique numbers, scattered order
      const n8 = 20_000_000 + ((establishments * 7_919_993) % 70_000_000);
      const unit = dottedUnit(makeEstablishmentNumber(n8));
      units.push({
        n: n8,
        line: `${q(unit)},${kboDate(i + 7)},${q(number)}`,
        name: establishments % 4 === 0 ? `${q(unit)},${q(lang)},"003",${q(`${word} ${place} shop`)}` : undefined,
      });
      establishments++;
    }
  }
  units.sort((a, b) => a.n - b.n);
  for (const u of units) {
    await est.line(u.line);
    if (u.name) {
      await den.line(u.name);
      denominations++;
    }
  }
  await Promise.all([ent.close(), den.close(), est.close()]);
  return { dir, enterprises: n, denominations, establishments, codes: codes.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--enterprises');
  const count = at >= 0 ? Number(args[at + 1]) : 1_000_000;
  const dir = resolve(
    args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--enterprises') ?? 'data/kbo-synthetic',
  );
  const started = performance.now();
  const r = await generateKboExtract(dir, { enterprises: count });
  console.error(
    `${r.enterprises} enterprises, ${r.denominations} denominations, ${r.establishments} establishments, ` +
      `${r.codes} codes in ${dir} (${((performance.now() - started) / 1000).toFixed(1)}s)`,
  );
}
