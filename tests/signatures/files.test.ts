import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import type { SignatureSourceSpec } from '../../src/core/types.js';
import { tallyFiles, tallySources } from '../../src/io/signatures/index.js';
import { HEADER, removeDir, tempDir, writeFixtures } from './fixtures.js';

let dir: string;
let paths: Map<string, string>;
beforeAll(async () => {
  dir = await tempDir();
  paths = await writeFixtures(dir);
});
afterAll(() => removeDir(dir));

const fixture = (name: string): string => paths.get(name)!;

/**
 * A generated petition file whose expected counts are known by construction: within every 50 rows, row 7 has a bad
 * email, 13 an unknown country, 21 a bad date, 33 too few fields, and 41 re-signs row 0 of its block (upper-case email).
 */
function generated(count: number) {
  const countries = [
    ['Cambodia', 'KH'],
    ['CA', 'CA'],
    ['Cambodge', 'KH'],
    ['', 'ZZ'],
    ['Viet Nam', 'VN'],
  ] as const;
  const lines: string[] = [];
  const expected = { rows: count, reasons: {} as Record<string, number>, duplicates: 0, byCountry: {} as Record<string, number>, byDay: {} as Record<string, number> };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (let i = 0; i < count; i++) {
    const kind = i % 50;
    const [country, code] = countries[i % countries.length]!;
    const day = `2017-10-${String(10 + (i % 15)).padStart(2, '0')}`;
    const email = kind === 41 ? `person${i - 41}@example.org`.toUpperCase() : `person${i}@example.org`;
    if (kind === 7) {
      lines.push(`Person ${i},person${i}-at-example.org,${country},,${day},`);
      bump(expected.reasons, 'bad-email');
    } else if (kind === 13) {
      lines.push(`Person ${i},${email},Atlantis,,${day},`);
      bump(expected.reasons, 'unknown-country');
    } else if (kind === 21) {
      lines.push(`Person ${i},${email},${country},,23/10/2017,`);
      bump(expected.reasons, 'bad-date');
    } else if (kind === 33) {
      lines.push(`Person ${i},${email},${country}`);
      bump(expected.reasons, 'ragged-row');
    } else if (kind === 41) {
      lines.push(`Person ${i - 41},${email},${country},,${day},`);
      expected.duplicates++;
    } else {
      lines.push(`Person ${i},${email},${country},,${day},`);
      bump(expected.byCountry, code);
      bump(expected.byDay, day);
    }
  }
  const invalid = Object.values(expected.reasons).reduce((a, b) => a + b, 0);
  return { lines, expected: { ...expected, invalid, unique: count - invalid - expected.duplicates } };
}

describe('tallyFiles on a generated file', () => {
  it('finds exactly the duplicates and rejects that were put in', async () => {
    const { lines, expected } = generated(5000);
    const file = join(dir, 'generated.csv');
    await writeFile(file, `${HEADER}\n${lines.join('\n')}\n`);
    const { tally, problems } = await tallyFiles([file]);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({
      rows: expected.rows,
      invalid: expected.invalid,
      valid: expected.rows - expected.invalid,
      duplicates: expected.duplicates,
      unique: expected.unique,
      invalidByReason: expected.reasons,
      byCountry: expected.byCountry,
      byDay: expected.byDay,
      countries: 3,
      total: expected.unique,
    });
    expect(expected.duplicates).toBe(100);
    expect(tally.rejects[0]).toEqual({ source: file, row: 9, reason: 'bad-email', detail: 'not an email: p***' });
  });

  it('gives the same tally for one file and for the same rows split over three sources', async () => {
    const { lines } = generated(3000);
    await writeFile(join(dir, 'one.csv'), `${HEADER}\n${lines.join('\n')}\n`);
    const thirds = [lines.slice(0, 1000), lines.slice(1000, 2000), lines.slice(2000)];
    for (const [i, part] of thirds.entries()) await writeFile(join(dir, `part${i}.csv`), `${HEADER}\n${part.join('\n')}\n`);
    const spec = (path: string): SignatureSourceSpec => ({
      path,
      label: 'online',
      kind: 'person',
      delimiter: ',',
      columns: { name: 'name', email: 'email', country: 'country', postcode: 'postcode', signed_at: 'signed_at', comment: 'comment' },
    });
    const one = await tallySources(dir, [spec('one.csv')], []);
    const three = await tallySources(dir, [spec('part0.csv'), spec('part1.csv'), spec('part2.csv')], []);
    const { rejects: r1, ...t1 } = one.tally;
    const { rejects: r3, ...t3 } = three.tally;
    expect(t3).toEqual(t1);
    expect(t1.duplicates).toBeGreaterThan(0);
    // A signer whose second signature is in another file counts once.
    await writeFile(join(dir, 'again.csv'), `${HEADER}\nPerson 0,PERSON0@example.org,KH,,,\n`);
    const plus = await tallySources(dir, [spec('one.csv'), spec('again.csv')], []);
    expect(plus.tally.duplicates).toBe(one.tally.duplicates + 1);
    expect(plus.tally.unique).toBe(one.tally.unique);
    expect(r1.length).toBe(r3.length);
  });
});

describe('tallyFiles on awkward files', () => {
  it('reads quoted fields holding newlines and reports the lines where records start', async () => {
    const { tally, problems } = await tallyFiles([fixture('quoted-newline.csv')]);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ rows: 5, unique: 3, invalid: 2, byCountry: { US: 1, KH: 1, KR: 1 } });
    expect(tally.rejects.map((r) => [r.row, r.reason])).toEqual([
      [6, 'bad-email'],
      [8, 'unknown-country'],
    ]);
  });

  it('hands over to the full parser at a late quote and keeps counting lines right', async () => {
    const { tally } = await tallyFiles([fixture('quote-late.csv')]);
    expect(tally).toMatchObject({ rows: 43, unique: 42, byCountry: { VN: 40, LA: 2 } });
    expect(tally.rejects).toEqual([{ source: fixture('quote-late.csv'), row: 45, reason: 'bad-date', detail: 'not an ISO 8601 date "2017-02-31"' }]);
  });

  it('strips a BOM and reads CRLF, skipping empty lines', async () => {
    const { tally, problems } = await tallyFiles([fixture('bom-crlf.csv')]);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ rows: 3, unique: 3, byCountry: { KH: 1, CA: 1, US: 1 }, byDay: { '2017-10-23': 1 } });
  });

  it('rejects ragged rows and counts the rest, last line without a newline included', async () => {
    const { tally } = await tallyFiles([fixture('ragged.csv')]);
    expect(tally).toMatchObject({ rows: 5, unique: 2, invalidByReason: { 'ragged-row': 2, 'no-name': 1 } });
    expect(tally.rejects.map((r) => [r.row, r.reason, r.detail])).toEqual([
      [3, 'ragged-row', '2 fields where the header has 6'],
      [4, 'ragged-row', '7 fields where the header has 6'],
      [5, 'no-name', 'name is empty'],
    ]);
  });

  it('rejects a row with Latin-1 bytes, names the row, and goes on', async () => {
    const { tally } = await tallyFiles([fixture('latin1.csv')]);
    expect(tally).toMatchObject({ rows: 3, unique: 2, byCountry: { SE: 1, SG: 1 } });
    expect(tally.rejects).toEqual([{ source: fixture('latin1.csv'), row: 3, reason: 'bad-encoding', detail: 'name has bytes that are not UTF-8 (file saved in another encoding?)' }]);
  });

  it('treats a bare CR inside a field as part of the field', async () => {
    const { tally } = await tallyFiles([fixture('bare-cr.csv')]);
    expect(tally).toMatchObject({ rows: 3, unique: 2 });
    expect(tally.rejects.map((r) => [r.row, r.reason])).toEqual([[3, 'bad-name']]);
  });

  it('keeps a stray quote inside an unquoted field as text', async () => {
    const { tally, problems } = await tallyFiles([fixture('stray-quotes.csv')]);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ rows: 4, unique: 4, invalid: 0, byCountry: { KH: 3, JP: 1 } });
  });

  it('reads a file with every field quoted, CRLF, and a quoted line break', async () => {
    const { tally, problems } = await tallyFiles([fixture('all-quoted.csv')]);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ rows: 6, unique: 3, duplicates: 1, byCountry: { KH: 2, KR: 1 } });
    expect(tally.rejects.map((r) => [r.row, r.reason])).toEqual([
      [5, 'no-name'],
      [8, 'unknown-country'],
    ]);
  });

  it('reads a doubled quote in a quoted field as one quote', async () => {
    const { tally } = await tallyFiles([fixture('doubled-quotes.csv')]);
    expect(tally).toMatchObject({ rows: 3, unique: 1, duplicates: 1 });
    expect(tally.rejects.map((r) => [r.row, r.reason, r.detail])).toEqual([[3, 'unknown-country', 'unknown country "Atlan"tis"']]);
  });

  it('keeps a CR at the very end of a file in the last field (only CRLF ends a line)', async () => {
    const { tally } = await tallyFiles([fixture('final-cr.csv')]);
    expect(tally).toMatchObject({ rows: 2, unique: 1 });
    expect(tally.rejects.map((r) => [r.row, r.reason])).toEqual([[3, 'bad-field']]);
  });

  it('warns about an empty file and a header-only file without failing', async () => {
    const { tally, problems } = await tallyFiles([fixture('empty.csv'), fixture('header-only.csv')]);
    expect(tally).toMatchObject({ rows: 0, unique: 0, total: 0 });
    expect(problems.map((p) => [p.severity, formatProblem(p)])).toEqual([
      ['warning', `${fixture('empty.csv')}: empty file: no header and no signatures`],
      ['warning', `${fixture('header-only.csv')}:1: no signatures after the header`],
    ]);
  });

  it('decompresses .gz sources while streaming', async () => {
    const plain = await tallyFiles([fixture('plain.csv')]);
    const gz = await tallyFiles([fixture('gzipped.csv.gz')]);
    expect(gz.tally).toEqual({ ...plain.tally, bySource: { [fixture('gzipped.csv.gz')]: plain.tally.unique } });
    expect(plain.tally).toMatchObject({ rows: 5, unique: 3, duplicates: 2 });
  });

  it('reports an unclosed quote at the record where it opens, keeping the rows before it', async () => {
    const { tally, problems } = await tallyFiles([fixture('unclosed-quote.csv')]);
    expect(tally.unique).toBe(1);
    expect(problems.map(formatProblem)).toEqual([
      `${fixture('unclosed-quote.csv')}:3: a quote opened in this record is never closed; the rest of the file is not counted (check the quotes on this line)`,
    ]);
  });

  it('reports progress up to the total size', async () => {
    const seen: [number, number][] = [];
    await tallyFiles([fixture('plain.csv'), fixture('gzipped.csv.gz')], { onProgress: (read, total) => seen.push([read, total]) });
    const last = seen.at(-1)!;
    expect(last[0]).toBe(last[1]);
    expect(last[1]).toBeGreaterThan(0);
  });
});

describe('tallySources: mappings and problems', () => {
  it('matches header names trimmed and case-insensitively, with the source delimiter', async () => {
    await writeFile(join(dir, 'semi.csv'), ' Full Name ;E-MAIL;Land\nSok Dara;dara@example.org;Kambodscha\nAnn Lee;ann@example.org;Frankreich\n');
    const { tally, problems } = await tallySources(dir, [{ path: 'semi.csv', label: 'paper', kind: 'person', delimiter: ';', columns: { name: 'full name', email: 'e-mail', country: 'LAND' } }], []);
    expect(problems).toEqual([]);
    expect(tally).toMatchObject({ unique: 2, byCountry: { KH: 1, FR: 1 }, bySource: { paper: 2 } });
  });

  it('reports every mapped column missing from the header on line 1 and skips only that source', async () => {
    await writeFile(join(dir, 'wrong.csv'), 'full name,mail\nSok Dara,dara@example.org\n');
    const { tally, problems } = await tallySources(
      dir,
      [
        { path: 'wrong.csv', label: 'a', kind: 'person', delimiter: ',', columns: { name: 'Full Name', email: 'E-mail', country: 'Country' } },
        { path: 'plain.csv', label: 'b', kind: 'person', delimiter: ',', columns: { name: 'name', email: 'email' } },
        { path: 'missing.csv', label: 'c', kind: 'person', delimiter: ',', columns: { name: 'name' } },
      ],
      [{ source: 'paper', count: 10 }],
    );
    const wrong = join(dir, 'wrong.csv');
    expect(problems.map(formatProblem)).toEqual([
      `${wrong}:1: columns.email: column "E-mail" is not in the header (the header has: full name, mail)`,
      `${wrong}:1: columns.country: column "Country" is not in the header (the header has: full name, mail)`,
      `${join(dir, 'missing.csv')}: signature file not found (check the path in the petition)`,
    ]);
    expect(tally).toMatchObject({ rows: 5, unique: 3, bySource: { b: 3 }, declaredTotal: 10, total: 13 });
  });

  it('writes every reject to rejects.csv without a single full email', async () => {
    const emails = Array.from({ length: 1500 }, (_, i) => `signer.${i}@example.org`);
    const rows = emails.map((e, i) => (i % 3 === 0 ? `Name ${i},${e.replace('@', '@@')},KH,,,` : i % 3 === 1 ? `Name ${i},${e},${e},,,` : `Name ${i},${e},KH,,${e},`));
    await writeFile(join(dir, 'leaky.csv'), `${HEADER}\n${rows.join('\n')}\n`);
    const rejectsPath = join(dir, 'out', 'rejects.csv');
    const { tally } = await tallyFiles([join(dir, 'leaky.csv')], { rejectsPath });
    const csv = await readFile(rejectsPath, 'utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('source,row,reason,detail');
    expect(lines).toHaveLength(1 + 1500);
    expect(tally.rejects).toHaveLength(1000);
    expect(tally.invalid).toBe(1500);
    for (const e of emails) expect(csv).not.toContain(e);
    expect(csv).not.toMatch(/[^*\s,"]@/); // every @ follows a mask
    expect(lines[1]).toBe(`${join(dir, 'leaky.csv')},2,bad-email,not an email: s***@example.org`);
  });

  it("quotes a signer's text in rejects.csv so it never starts a cell (no spreadsheet formula)", async () => {
    await writeFile(join(dir, 'formula.csv'), `${HEADER}\n=cmd,,=HYPERLINK(1),,,\n`);
    const rejectsPath = join(dir, 'formula-rejects.csv');
    await tallyFiles([join(dir, 'formula.csv')], { rejectsPath });
    expect(await readFile(rejectsPath, 'utf8')).toContain(`,2,unknown-country,"unknown country ""=HYPERLINK(1)"""`);
  });
});

describe('gzip and the fast path together', () => {
  it('counts a gzipped quoted file like the plain one', async () => {
    const text = await readFile(fixture('quoted-newline.csv'));
    await writeFile(join(dir, 'quoted.csv.gz'), gzipSync(text));
    const a = await tallyFiles([fixture('quoted-newline.csv')]);
    const b = await tallyFiles([join(dir, 'quoted.csv.gz')]);
    expect(b.tally.rejects.map((r) => r.row)).toEqual(a.tally.rejects.map((r) => r.row));
    expect(b.tally.unique).toBe(a.tally.unique);
  });
});
