// The fast paths are only allowed because they change nothing: on every fixture the byte scanner (`fast`, on one
// stream for these small files), the text scanner and csv-parse must give the same tally, problems and rejects.csv.
import { readFile, writeFile } from 'node:fs/promises';
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

async function runEach(files: string[], tag: string, chunkBytes?: number) {
  const results = [];
  for (const parser of ['fast', 'text', 'full'] as const) {
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
      const [fast, text, full] = await runEach([paths.get(fixture.name)!], fixture.name);
      expect(fast).toEqual(full);
      expect(text).toEqual(full);
    });
  }

  for (const chunkBytes of [1, 3, 7]) {
    it(`every fixture read ${chunkBytes} byte(s) at a time`, async () => {
      for (const fixture of FIXTURES) {
        const file = paths.get(fixture.name)!;
        const [fast, text, full] = await runEach([file], `${fixture.name}-${chunkBytes}`, chunkBytes);
        const [whole] = await runEach([file], `${fixture.name}-whole`);
        expect(fast, fixture.name).toEqual(full);
        expect(text, fixture.name).toEqual(full);
        expect(fast, fixture.name).toEqual(whole);
      }
    });
  }

  // Only what no CSV writer produces is left to csv-parse: text after a closing quote, a quote never closed.
  for (const parser of ['fast', 'text'] as const) {
    it(`the ${parser} scanner reads every fixture itself but two, and says where csv-parse took over`, async () => {
      const handedOver = new Map<string, number>();
      for (const fixture of FIXTURES) {
        const { fullParser } = await tallyFiles([paths.get(fixture.name)!], { chunkBytes: 5, parser });
        for (const { line } of fullParser) handedOver.set(fixture.name, line);
      }
      expect(Object.fromEntries(handedOver)).toEqual({ 'unclosed-quote.csv': 3, 'stray-quotes.csv': 4 });
    });
  }

  it('all fixtures together, one dedup set', async () => {
    const files = FIXTURES.map((f) => paths.get(f.name)!);
    const [fast, text, full] = await runEach(files, 'all');
    expect(fast).toEqual(full);
    expect(text).toEqual(full);
    expect(fast!.tally.rows).toBeGreaterThan(50);
    expect(fast!.tally.duplicates).toBeGreaterThan(0);
  });

  it('a country cell of 8,194 characters is not taken for the short one its first and last letters match', async () => {
    const file = join(dir, 'long-country.csv');
    await writeFile(file, `name,email,country\na,x@example.org,FR\nb,u@example.org,FR${'x'.repeat(8191)}R\n`);
    const [fast, text, full] = await runEach([file], 'long-country');
    expect(full!.tally).toMatchObject({ valid: 1, invalidByReason: { 'unknown-country': 1 } });
    expect(fast).toEqual(full);
    expect(text).toEqual(full);
  });
});
