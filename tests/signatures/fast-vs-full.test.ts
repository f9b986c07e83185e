// The fast path is only allowed because it changes nothing: on every fixture both parsers must give the same tally,
// the same problems and the same rejects.csv.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tallyFiles } from '../../src/io/signatures/index.js';
import { FIXTURES, removeDir, tempDir, writeFixtures } from './fixtures.js';

let dir: string;
let paths: Map<string, string>;
beforeAll(async () => {
  dir = await tempDir();
  paths = await writeFixtures(dir);
});
afterAll(() => removeDir(dir));

async function runBoth(files: string[], tag: string, chunkBytes?: number) {
  const results = [];
  for (const parser of ['fast', 'full'] as const) {
    const rejectsPath = join(dir, `rejects-${tag}-${parser}.csv`);
    // Which parser read a record is not part of what was counted: it is checked below.
    const { fullParser, ...result } = await tallyFiles(files, { parser, rejectsPath, chunkBytes });
    if (parser === 'full') expect(fullParser).toEqual([]);
    results.push({ ...result, rejectsCsv: await readFile(rejectsPath, 'utf8') });
  }
  return results;
}

describe('fast path ≡ full csv-parse', () => {
  for (const fixture of FIXTURES) {
    it(fixture.name, async () => {
      const [fast, full] = await runBoth([paths.get(fixture.name)!], fixture.name);
      expect(fast).toEqual(full);
    });
  }

  for (const chunkBytes of [1, 3, 7]) {
    it(`every fixture read ${chunkBytes} byte(s) at a time`, async () => {
      for (const fixture of FIXTURES) {
        const file = paths.get(fixture.name)!;
        const [fast, full] = await runBoth([file], `${fixture.name}-${chunkBytes}`, chunkBytes);
        const [whole] = await runBoth([file], `${fixture.name}-whole`);
        expect(fast, fixture.name).toEqual(full);
        expect(fast, fixture.name).toEqual(whole);
      }
    });
  }

  // Only what no CSV writer produces is left to csv-parse: text after a closing quote, a quote never closed.
  it('the scanner reads every fixture itself but two, and says where csv-parse took over', async () => {
    const handedOver = new Map<string, number>();
    for (const fixture of FIXTURES) {
      const { fullParser } = await tallyFiles([paths.get(fixture.name)!], { chunkBytes: 5 });
      for (const { line } of fullParser) handedOver.set(fixture.name, line);
    }
    expect(Object.fromEntries(handedOver)).toEqual({ 'unclosed-quote.csv': 3, 'stray-quotes.csv': 4 });
  });

  it('all fixtures together, one dedup set', async () => {
    const files = FIXTURES.map((f) => paths.get(f.name)!);
    const [fast, full] = await runBoth(files, 'all');
    expect(fast).toEqual(full);
    expect(fast!.tally.rows).toBeGreaterThan(50);
    expect(fast!.tally.duplicates).toBeGreaterThan(0);
  });
});
