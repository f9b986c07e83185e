// The parallel byte path (worker threads, byte ranges, ByteScanner) is only allowed because it changes nothing: forced
// on small files, it must give the full csv-parse path's tally, problems and rejects.csv, wherever the cuts fall.
// The workers run the compiled code (a worker thread cannot load TypeScript): the test script builds first.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tallyFiles, type TallySourcesOptions } from '../../src/io/signatures/index.js';
import { FIXTURES, HEADER, random, removeDir, tempDir, writeFixtures } from './fixtures.js';

let dir: string;
let paths: Map<string, string>;
beforeAll(async () => {
  dir = await tempDir();
  paths = await writeFixtures(dir);
});
afterAll(() => removeDir(dir));

let runs = 0;
async function run(files: string[], opts: TallySourcesOptions) {
  const rejectsPath = join(dir, `rejects-${++runs}.csv`);
  const { tally, problems, threads, fullParser } = await tallyFiles(files, { ...opts, rejectsPath });
  return { result: { tally, problems, rejectsCsv: await readFile(rejectsPath, 'utf8') }, threads, fullParser };
}

const full = (files: string[]) => run(files, { parser: 'full' });
/** Ranges cut near the given offsets and read in this thread: the workers' code, without a thread per cut. */
const cutNear = (files: string[], offsets: number[], chunkBytes?: number) => run(files, { workers: 2, minParallelBytes: 0, chunkBytes, ranges: { cutsNear: offsets, inThisThread: true } });
const parallel = (files: string[], workers: number, chunkBytes?: number) => run(files, { workers, minParallelBytes: 0, chunkBytes });

const NAMES = ['Sok Dara', ' Sok  Dara ', 'sok dara', '', '  ', 'Zoë Ng', 'សុខ ដារា', 'Marie Curie', '"Dee, Esq."', '"Eve ""Evie"" Moss"', 'Tab\tName', 'Bo Ra'];
const COUNTRIES = ['KH', 'Cambodia', 'cambodge', ' CA ', 'Atlantis', '', 'U.S.A.', '"Korea, Republic of"', 'Côte d’Ivoire', 'kh', 'FRA', '"KH"'];
const DATES = [
  '',
  '2017-10-23',
  '2017-10-23T10:00:00Z',
  '2017-10-23 10:00',
  '2017-10-23T01:00+07:00',
  '2017-02-31',
  '2017-10-23T24:00:00Z',
  ' 2017-10-23',
  '2017-10-23T10:00:00z',
  '2017-10-23T10:00:60Z',
  '2017-10-23t10:00:00',
  'yesterday',
  '2016-02-29',
  '2017-10-23T10:00:00.123Z',
  '2017-10-23T10:00:61Z',
  '2017-13-01',
  '2017-10-23T10:60',
  '"2017-10-24"',
];
const COMMENTS = ['', 'for peace', '"a,b"', '"He said ""yes"""', 'ok'];

/**
 * A messy file from a seed: valid rows and every kind of reject, duplicates far apart (so they cross the cuts),
 * emails of odd shapes, non-ASCII text, a Latin-1 byte, CRLF, empty lines, ragged rows, and — when `multiline` —
 * quoted fields spanning lines whose inner lines look like records, so a cut inside one is a trap.
 */
function messyFile(seed: number, rows: number, multiline: number): Buffer {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const parts: Buffer[] = [Buffer.from(`${HEADER},source\n`)];
  for (let i = 0; i < rows; i++) {
    const n = next() < 0.15 ? Math.floor(next() * (i + 1)) : i; // re-signs someone earlier
    const emails = [
      `p${n}@example.org`,
      `P${n}@Example.ORG`,
      ` p${n}@example.org `,
      '',
      'not-an-email',
      'a@b',
      'a@@b.org',
      'a@.b.org',
      'a@b..org',
      'a@b.org.',
      'a b@c.org',
      `"p${n}@example.org"`,
      `@example.org`,
    ];
    const email = next() < 0.6 ? `p${n}@example.org` : pick(emails);
    let line = [pick(NAMES), email, pick(COUNTRIES), pick(['', '12000', 'v5k 0a1', 'V5K0A1']), pick(DATES), pick(COMMENTS), pick(['web', 'paper', ''])];
    const shape = next();
    if (shape < 0.03)
      line = line.slice(0, 3); // ragged: too few
    else if (shape < 0.05) line.push('extra'); // ragged: too many
    const inner = next() < 0.5 ? '\n' : '\r\n';
    if (next() < multiline) line[5] = `"first line${inner}Sok Dara,p${i}@example.org,KH,,,,web${inner}last ""line"""`;
    const ending = next() < 0.1 ? '\r\n' : '\n';
    if (next() < 0.02) parts.push(Buffer.from(ending)); // an empty line
    if (next() < 0.01) parts.push(Buffer.concat([Buffer.from('Ren'), Buffer.from([0xe9]), Buffer.from(`,r${i}@example.org,FR,,,,\n`)])); // not UTF-8
    parts.push(Buffer.from(line.join(',') + ending));
  }
  return Buffer.concat(parts);
}

describe('parallel byte path ≡ full csv-parse', () => {
  for (const workers of [2, 3, 4]) {
    it(`every fixture on ${workers} threads`, async () => {
      for (const fixture of FIXTURES) {
        const file = paths.get(fixture.name)!;
        const [expected, actual] = [await full([file]), await parallel([file], workers)];
        expect(actual.result, fixture.name).toEqual(expected.result);
      }
    });
  }

  it('every fixture on 2 threads, read 1, 3 and 7 bytes at a time', async () => {
    for (const chunkBytes of [1, 3, 7]) {
      for (const fixture of FIXTURES) {
        const file = paths.get(fixture.name)!;
        const [expected, actual] = [await full([file]), await parallel([file], 2, chunkBytes)];
        expect(actual.result, `${fixture.name} ${chunkBytes}`).toEqual(expected.result);
      }
    }
  }, 15_000); // ~3 s alone; workers start slowly on a loaded machine

  it('all fixtures together, one dedup set', async () => {
    const files = FIXTURES.map((f) => paths.get(f.name)!);
    const [expected, actual] = [await full(files), await parallel(files, 3)];
    expect(actual.result).toEqual(expected.result);
  });

  it('really splits: a plain file is read by as many threads as asked', async () => {
    const file = join(dir, 'plain-many.csv');
    const lines = Array.from({ length: 2000 }, (_, i) => `Person ${i},p${i % 1500}@example.org,KH,,2017-10-${10 + (i % 18)},`);
    await writeFile(file, `${HEADER}\n${lines.join('\n')}\n`);
    const [expected, actual] = [await full([file]), await parallel([file], 3)];
    expect(actual.threads).toBe(3);
    expect(actual.result).toEqual(expected.result);
    expect(actual.result.tally).toMatchObject({ rows: 2000, unique: 1500, duplicates: 500 });
    // Small files stay on one thread unless told otherwise.
    expect((await run([file], {})).threads).toBe(1);
  });

  for (const [seed, multiline] of [
    [1, 0],
    [2, 0],
    [3, 0.002],
    [4, 0.02],
    [5, 0.3],
  ] as const) {
    it(`messy generated file, seed ${seed}, quoted newlines ${multiline * 100}%`, async () => {
      const file = join(dir, `messy-${seed}.csv`);
      await writeFile(file, messyFile(seed, 3000, multiline));
      const expected = await full([file]);
      expect(expected.result.tally.invalid).toBeGreaterThan(100);
      expect(expected.result.tally.duplicates).toBeGreaterThan(40);
      for (const workers of [2, 3, 5]) {
        const actual = await parallel([file], workers);
        expect(actual.threads, `${workers} threads`).toBe(workers);
        expect(actual.result, `${workers} threads`).toEqual(expected.result);
      }
      const small = await parallel([file], 4, 100);
      expect(small.result, 'reads of 100 bytes').toEqual(expected.result);
    });
  }

  it('a quoted field spanning a cut, at every cut point', async () => {
    // One record whose comment holds lines that look like records and fills most of the file, so cuts fall inside it.
    const before = Array.from({ length: 5 }, (_, i) => `Before ${i},b${i}@example.org,KH,,,`);
    const after = Array.from({ length: 5 }, (_, i) => `After ${i},b${i % 3}@example.org,FR,,,`);
    const fakes = Array.from({ length: 20 }, (_, i) => `Fake ${i},b${i % 4}@example.org,KH,,,`);
    const trap = `Trap Row,trap@example.org,KH,,,"x\n${fakes.join('\n')}\n"`;
    const text = `${HEADER}\n${before.join('\n')}\n${trap}\n${after.join('\n')}\n`;
    const file = join(dir, 'trap.csv');
    await writeFile(file, text);
    const expected = await full([file]);
    expect(expected.result.tally.rows).toBe(11);
    expect(expected.result.tally.duplicates).toBe(5);
    for (let workers = 2; workers <= 8; workers++) {
      const actual = await parallel([file], workers);
      expect(actual.result, `${workers} threads`).toEqual(expected.result);
    }
  });

  /** Offsets just after each LF of the file's body: every place a cut can fall. */
  const lineStarts = (bytes: Buffer): number[] => {
    const starts = [];
    for (let at = bytes.indexOf(10); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(10, at + 1)) starts.push(at + 1);
    return starts.slice(1); // the header's end is where the first range starts anyway
  };

  it('a messy export (BOM, CRLF, quoted lines that look like records) cut after every LF: the same count, and nothing left to csv-parse', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), messyFile(6, 120, 0.15)]);
    const file = join(dir, 'messy-every-cut.csv');
    await writeFile(file, bytes);
    const expected = await full([file]);
    expect(expected.result.tally.invalid).toBeGreaterThan(5);
    const sequential = await run([file], { workers: 1 });
    expect(sequential.result).toEqual(expected.result);
    expect(sequential.fullParser).toEqual([]);
    // The same export gzipped: read as one stream by the byte scanner, in reads of every size.
    const gzipped = join(dir, 'messy-every-cut.csv.gz');
    await writeFile(gzipped, gzipSync(bytes));
    const expectedGz = await full([gzipped]);
    const unnamed = (tally: typeof expected.result.tally) => ({ ...tally, bySource: Object.values(tally.bySource), rejects: tally.rejects.map((r) => ({ ...r, source: '' })) });
    expect(unnamed(expectedGz.result.tally)).toEqual(unnamed(expected.result.tally));
    for (const chunkBytes of [1, 7, 64, undefined]) {
      const streamed = await run([gzipped], { chunkBytes });
      expect(streamed.result, `.gz read ${chunkBytes ?? 'default'} bytes at a time`).toEqual(expectedGz.result);
      expect(streamed.fullParser).toEqual([]);
    }
    const cuts = lineStarts(bytes);
    expect(cuts.length).toBeGreaterThan(140); // lines inside quoted fields are cuts too
    for (const cut of cuts) {
      const actual = await cutNear([file], [cut]);
      expect(actual.threads, `cut at ${cut}`).toBe(2);
      expect(actual.result, `cut at ${cut}`).toEqual(expected.result);
      expect(actual.fullParser, `cut at ${cut}`).toEqual([]);
    }
  }, 60_000);

  it('three ranges with cuts at random pairs of line starts, read 1 to 9 bytes at a time', async () => {
    const bytes = messyFile(7, 60, 0.3);
    const file = join(dir, 'messy-pairs.csv');
    await writeFile(file, bytes);
    const expected = await full([file]);
    const cuts = lineStarts(bytes);
    const next = random(11);
    for (let round = 0; round < 60; round++) {
      const pair = [cuts[Math.floor(next() * cuts.length)]!, cuts[Math.floor(next() * cuts.length)]!].sort((a, b) => a - b);
      const chunkBytes = 1 + Math.floor(next() * 9);
      const actual = await cutNear([file], pair, chunkBytes);
      expect(actual.result, `cuts ${pair.join(', ')}, reads of ${chunkBytes}`).toEqual(expected.result);
    }
  }, 60_000);

  it('cuts inside a quoted CRLF, after a doubled quote, and where both readings of a range survive', async () => {
    // Row 2's comment holds CRLFs and doubled quotes, so cuts fall after an LF inside quotes; row 4's comment opens
    // with text that reads as records both ways, so both readings of a range cut inside it run on; row 5 has a bare
    // CR and a quote in an unquoted name; rows 7-9 hold line breaks in a name, a postcode and a comment.
    const rows = [
      'Ann Lee,ann@example.org,KH,,,',
      'Bo Ra,bo@example.org,KH,,,"say ""yes""\r\nFake One,f1@example.org,KH,,,\r\n""\r\n"',
      'Cy Po,cy@example.org,FR,,,ok',
      'Di Ng,di@example.org,KH,,,""",\nEve Ma,ann@example.org,KH,,,\n"",x\nFo Lu,fo@example.org,KH,,,\n"',
      'Sok "Dara" Chan,sok@example.org,KH,,,a\rb',
      'Gu Ro,bo@example.org,KH,,,',
      // A line break is allowed in the comment only: in a name or a postcode it is a reject, on every path.
      '"Ha\nLi",ha@example.org,KH,,,',
      'Io Ka,io@example.org,KH,"12\r\n000",,',
      'Ju Ne,ju@example.org,KH,,,"only a\rCR"',
    ];
    const bytes = Buffer.from(`${HEADER}\r\n${rows.join('\r\n')}\r\n`);
    const file = join(dir, 'crlf-traps.csv');
    await writeFile(file, bytes);
    const expected = await full([file]);
    expect(expected.result.tally).toMatchObject({ rows: 9, unique: 6, duplicates: 1, invalidByReason: { 'bad-name': 1, 'bad-field': 1 } });
    for (const cut of lineStarts(bytes)) {
      for (const chunkBytes of [1, 2, 3, undefined]) {
        const actual = await cutNear([file], [cut], chunkBytes);
        expect(actual.result, `cut at ${cut}, reads of ${chunkBytes}`).toEqual(expected.result);
        expect(actual.fullParser).toEqual([]);
      }
    }
  });

  it('a record the scanners refuse, after a cut: csv-parse reads the rest, from that record', async () => {
    const rows = ['Ann Lee,ann@example.org,KH,,,"a\nb"', 'Bo Ra,bo@example.org,KH,,,"6"" tall"x', 'Cy Po,cy@example.org,FR,,,'];
    const bytes = Buffer.from(`${HEADER}\n${rows.join('\n')}\n`);
    const file = join(dir, 'refused-after-cut.csv');
    await writeFile(file, bytes);
    const expected = await full([file]);
    for (const cut of lineStarts(bytes)) {
      const actual = await cutNear([file], [cut]);
      expect(actual.result, `cut at ${cut}`).toEqual(expected.result);
      expect(actual.fullParser, `cut at ${cut}`).toEqual([{ source: file, line: 4 }]);
    }
  });
});
