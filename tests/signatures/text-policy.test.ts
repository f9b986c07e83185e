// The text policy on signature cells: which rows are refused and why, the same on every path (fast-vs-full and
// parallel tests run HOSTILE_TEXT too).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRowChecker } from '../../src/core/signatures/tally.js';
import type { SignatureRow } from '../../src/core/types.js';
import { tallyFiles } from '../../src/io/signatures/index.js';
import { HOSTILE_TEXT, removeDir, tempDir, writeFixtures } from './fixtures.js';

const row = (fields: Partial<SignatureRow>): SignatureRow => ({ name: 'Ann Lee', email: '', country: 'KH', region: '', city: '', postcode: '', signed_at: '', source: '', comment: '', ...fields });

describe('createRowChecker and the text policy', () => {
  it.each<[string, Partial<SignatureRow>, string | undefined, RegExp?]>([
    ['a plain row', {}, undefined],
    ['ESC in the name', { name: 'Ann \u001b[2J' }, 'bad-text', /^name holds a control character \(U\+001B\)$/],
    ['NUL in the name', { name: 'Ann\u0000' }, 'bad-text', /^name holds a NUL character/],
    ['NUL in the email', { email: 'ann\u0000@example.org' }, 'bad-email'],
    ['ESC in the email', { email: 'ann\u001b@example.org' }, 'bad-email'],
    ['a bidi override in the email', { email: 'ann\u202e@example.org' }, 'bad-email'],
    ['an RLM in the email', { email: 'ann\u200f@example.org' }, 'bad-email'],
    ['a C1 control in the city', { city: 'Phnom\u0085Penh' }, 'bad-text', /^city contains a line break$/],
    ['a CSI in the region', { region: '\u009b2J' }, 'bad-text', /^region holds a control character \(U\+009B\)$/],
    ['a bidi isolate in the country', { country: 'K\u2066H' }, 'bad-text', /bidirectional control \(U\+2066\)/],
    ['a bidi override in the comment', { comment: 'note \u202e' }, undefined],
    ['a tab and a line break in the comment', { comment: 'a\tb\nc' }, undefined],
    ['a tab in the name', { name: 'Ann\tLee' }, 'bad-text', /tab/],
    ['DEL in the source', { source: 'web\u007f' }, 'bad-text', /U\+007F/],
    ['an RLM in the name', { name: 'Sara\u200f Levi' }, undefined],
    ['a name of 300 characters', { name: 'x'.repeat(300) }, undefined],
    ['a name of 301 characters', { name: 'x'.repeat(301) }, 'too-long', /^name is longer than 300 characters$/],
    ['a name of 300 astral characters', { name: '𝒜'.repeat(300) }, undefined],
    ['a name of 5 MB', { name: 'z'.repeat(5_000_000) }, 'too-long'],
  ])('%s', (_name, fields, reason, detail) => {
    const check = createRowChecker();
    const result = check(row(fields), false);
    if (reason === undefined) expect(result.ok, JSON.stringify(result)).toBe(true);
    else {
      expect(result).toMatchObject({ ok: false, reason });
      if (detail && !result.ok) expect(result.detail).toMatch(detail);
    }
  });

  it('checks a 5 MB cell in linear time', () => {
    const check = createRowChecker();
    const started = performance.now();
    expect(check(row({ comment: 'c'.repeat(5_000_000) + '\u001b' }), false)).toMatchObject({ ok: false, reason: 'bad-text' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a signature file with hostile text', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await tempDir();
    file = (await writeFixtures(dir, [HOSTILE_TEXT])).get(HOSTILE_TEXT.name)!;
  });
  afterAll(() => removeDir(dir));

  it('counts the good rows and rejects the others by reason, with their lines', async () => {
    for (const parser of ['fast', 'full'] as const) {
      const { tally } = await tallyFiles([file], { parser, rejectsPath: join(dir, `rejects-${parser}.csv`) });
      expect(tally.invalidByReason, parser).toEqual({ 'bad-text': 6, 'bad-email': 1, 'too-long': 2 });
      expect(tally.unique, parser).toBe(5);
      expect(
        tally.rejects.map((r) => `${r.row}:${r.reason}`),
        parser,
      ).toEqual(['3:bad-text', '4:bad-email', '5:bad-text', '6:bad-text', '7:bad-text', '10:bad-text', '11:bad-text', '13:too-long', '14:too-long']);
      expect(
        tally.rejects.every((r) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/.test(r.detail)),
        parser,
      ).toBe(true);
    }
  });
});
