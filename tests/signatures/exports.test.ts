// Real exports read from files: Windows-1252 and ISO-8859-1 text, `;` delimiters, names joined from first and last
// name columns — the same tally, problems and rejects.csv on every reader (csv-parse, fast scanner, parallel bytes).
// The parallel workers run the compiled code: the test script builds first.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import type { SignatureSourceSpec } from '../../src/core/types.js';
import { tallySources, type TallySourcesOptions } from '../../src/io/signatures/index.js';
import { EXCEL_EXPORT } from './export-fixtures.js';
import { removeDir, tempDir } from './fixtures.js';

const EXCEL_COLUMNS = { name: ['Prénom', 'Nom'], email: 'Adresse e-mail', country: 'Pays', postcode: 'Code postal', signed_at: 'Date', comment: 'Commentaire' };
const HEADER = 'first_name,last_name,email,country,signed_at,comment';
const JOIN_COLUMNS = { name: ['first_name', 'last_name'], email: 'email', country: 'country', signed_at: 'signed_at', comment: 'comment' };

interface Case {
  name: string;
  bytes: Buffer;
  spec: Omit<SignatureSourceSpec, 'path' | 'label' | 'kind'>;
}

/** ASCII rows that the parallel path accepts from their bytes, and rows of every awkward kind between them. */
function joinedNames(rows: number): Buffer {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const k = i % 10;
    if (k === 3)
      lines.push(` , ,p${i}@example.org,KH,,`); // no name
    else if (k === 4)
      lines.push(`${'a'.repeat(150)},${'b'.repeat(149)},p${i}@example.org,KH,,`); // 300 characters: the limit
    else if (k === 5)
      lines.push(`${'a'.repeat(150)},${'b'.repeat(150)},p${i}@example.org,KH,,`); // 301: too long
    else if (k === 6) lines.push(`,Only Last,p${i}@example.org,FR,2017-10-23,`);
    else if (k === 7) lines.push(`"Anne, Marie",  Curie  ,p${i}@example.org,FR,,`);
    else if (k === 8)
      lines.push(`Sok,Dara,,KH,,`); // no email: keyed by the joined name
    else if (k === 9 && i % 100 === 99)
      lines.push(`Multi,Line,p${i}@example.org,KH,,"one\ntwo"`); // hands off
    else lines.push(`Person,${i},p${i % 700}@example.org,KH,2017-10-${10 + (i % 18)},`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Every byte from 0x80 in a comment (0x80–0x9F C1 controls in ISO-8859-1: refused) and in names. */
function highBytes(): Buffer {
  const lines = [Buffer.from(`${HEADER}\r\n`)];
  for (let b = 0x80; b < 0x100; b++) {
    lines.push(Buffer.concat([Buffer.from('Ren'), Buffer.from([b]), Buffer.from(`,Char,r${b}@example.org,FR,,x`), Buffer.from([b]), Buffer.from('y\r\n')]));
    lines.push(Buffer.from(`Plain,Row,p${b}@example.org,FR,,\r\n`));
  }
  return Buffer.concat(lines);
}

const CASES: Case[] = [
  { name: 'excel.csv', bytes: EXCEL_EXPORT, spec: { delimiter: ';', encoding: 'windows-1252', columns: EXCEL_COLUMNS } },
  { name: 'excel-latin1.csv', bytes: EXCEL_EXPORT, spec: { delimiter: ';', encoding: 'latin1', columns: EXCEL_COLUMNS } },
  { name: 'high-1252.csv', bytes: highBytes(), spec: { delimiter: ',', encoding: 'windows-1252', columns: JOIN_COLUMNS } },
  { name: 'high-latin1.csv', bytes: highBytes(), spec: { delimiter: ',', encoding: 'latin1', columns: JOIN_COLUMNS } },
  { name: 'high-utf8.csv', bytes: highBytes(), spec: { delimiter: ',', encoding: 'utf-8', columns: JOIN_COLUMNS } },
  { name: 'joined.csv', bytes: joinedNames(1500), spec: { delimiter: ',', columns: JOIN_COLUMNS } },
  { name: 'joined-1252.csv', bytes: joinedNames(1500), spec: { delimiter: ',', encoding: 'windows-1252', columns: JOIN_COLUMNS } },
  { name: 'bom-1252.csv', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), joinedNames(20)]), spec: { delimiter: ',', encoding: 'windows-1252', columns: JOIN_COLUMNS } },
];

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  for (const c of CASES) await writeFile(join(dir, c.name), c.bytes);
});
afterAll(() => removeDir(dir));

let runs = 0;
async function count(c: Case, opts: TallySourcesOptions) {
  const rejectsPath = join(dir, `rejects-${++runs}.csv`);
  const spec: SignatureSourceSpec = { path: c.name, label: 'export', kind: 'person', ...c.spec };
  const { tally, problems, threads } = await tallySources(dir, [spec], [], { ...opts, rejectsPath });
  return { result: { tally, problems, rejectsCsv: await readFile(rejectsPath, 'utf8') }, threads };
}

describe('every reader reads real exports alike', () => {
  for (const c of CASES) {
    it(
      c.name,
      async () => {
        const expected = (await count(c, { parser: 'full' })).result;
        expect((await count(c, { workers: 1 })).result, 'fast').toEqual(expected);
        for (const chunkBytes of c.bytes.length < 10_000 ? [1, 7] : [7, 100]) expect((await count(c, { workers: 1, chunkBytes })).result, `fast, ${chunkBytes}-byte reads`).toEqual(expected);
        for (const workers of [2, 3]) {
          const parallel = await count(c, { workers, minParallelBytes: 0 });
          expect(parallel.result, `${workers} threads`).toEqual(expected);
          if (c.name.startsWith('joined')) expect(parallel.threads).toBe(workers);
        }
        expect((await count(c, { workers: 2, minParallelBytes: 0, chunkBytes: 5 })).result, '2 threads, 5-byte reads').toEqual(expected);
      },
      20_000,
    );
  }
});

describe('what the readers find', () => {
  const byName = (name: string) => CASES.find((c) => c.name === name)!;

  it('an Excel export: accented names decoded, first and last name joined, a quoted ; kept', async () => {
    const names: string[] = [];
    const { result } = await count(byName('excel.csv'), { onSigner: (name) => names.push(name) });
    expect(result.problems).toEqual([]);
    expect(names).toEqual(['Zoë Ng', 'René Char', 'Dupont', 'Chloé O’Brien', 'Ann Lee']);
    expect(result.tally).toMatchObject({ rows: 7, unique: 5, duplicates: 1, invalid: 1, byCountry: { FR: 3, IE: 1, KH: 1 }, byDay: { '2017-10-23': 2, '2017-10-24': 1, '2017-10-25': 1 } });
    expect(result.tally.rejects.map((r) => [r.row, r.reason])).toEqual([[5, 'no-name']]);
  });

  it('ISO-8859-1 has no ’ or –: the C1 controls those bytes are, are refused, row by row', async () => {
    const { result } = await count(byName('excel-latin1.csv'), {});
    expect(result.tally.rejects.map((r) => [r.row, r.reason, r.detail])).toEqual([
      [3, 'bad-text', 'comment holds a control character (U+0096)'],
      [5, 'no-name', 'name is empty'],
      [6, 'bad-text', 'name holds a control character (U+0092)'],
    ]);
  });

  it('bytes 0x80–0xFF: Windows-1252 refuses only its five undefined bytes, ISO-8859-1 all of 0x80–0x9F, UTF-8 every one', async () => {
    const reasons = async (name: string) => (await count(byName(name), {})).result.tally.invalidByReason;
    expect(await reasons('high-1252.csv')).toEqual({ 'bad-text': 5 });
    expect(await reasons('high-latin1.csv')).toEqual({ 'bad-text': 32 });
    expect(await reasons('high-utf8.csv')).toEqual({ 'bad-encoding': 128 });
  });

  it('joined names: empty parts skipped, the 300-character limit on the joined name, no email keyed by it', async () => {
    const { result } = await count(byName('joined.csv'), {});
    expect(result.problems).toEqual([]);
    expect(result.tally.invalidByReason).toEqual({ 'no-name': 150, 'too-long': 150 });
    expect(result.tally.rejects[0]).toMatchObject({ row: 5, reason: 'no-name' });
    expect(result.tally.rejects[1]).toMatchObject({ row: 7, reason: 'too-long' });
    // Sok Dara without an email, 150 times, is one signer (149 duplicates); rows 700 on re-sign as Person (312).
    expect(result.tally.duplicates).toBe(149 + 312);
  });

  it('a UTF-8 byte order mark on a Windows-1252 source: an error, nothing counted', async () => {
    const { result } = await count(byName('bom-1252.csv'), {});
    expect(result.problems.map((p) => formatProblem(p))).toEqual([
      `${join(dir, 'bom-1252.csv')}:1: encoding: the file starts with a UTF-8 byte order mark, but its source says windows-1252 (the file is UTF-8: remove encoding from the source)`,
    ]);
    expect(result.tally.rows).toBe(0);
  });
});
