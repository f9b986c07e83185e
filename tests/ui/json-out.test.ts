import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/ui/json-out.js';

/** What a terminal's out() writes: each piece on its own line. */
function written(value: unknown): { text: string; pieces: number } {
  const pieces: string[] = [];
  writeJson((text) => pieces.push(text.endsWith('\n') ? text : `${text}\n`), value);
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('writeJson', () => {
  const letters = Array.from({ length: 3 }, (_, i) => ({ id: `p/a${i}/en`, text: 'line one\nline two "quoted" \u2028', to: [{ address: `a${i}@example.org` }], none: undefined }));
  it.each<[string, unknown]>([
    ['a preview-shaped output', { version: 1, letters, summary: [{ petition: 'p', letters: 3 }], warnings: [] }],
    ['empty lists and objects', { version: 1, letters: [], nested: {}, list: [[]] }],
    ['values JSON leaves out, and nulls in lists', { a: undefined, b: () => 1, c: [undefined, () => 1, null, 'x'], d: null }],
    ['a date and an object with toJSON', { at: new Date(Date.UTC(2026, 9, 23)), list: [new Date(0)], custom: { toJSON: () => [1, 2] } }],
    ['not an object at the top', [1, { a: [2] }]],
    ['a text', 'ញត្តិ\n'],
    ['an empty object', {}],
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is tested
    ['a list with holes', { a: [1, , 3], b: [1, ,] }],
    ['a toJSON that gives nothing', { x: { toJSON: () => undefined }, y: 1, z: [{ toJSON: () => undefined }] }],
    ['only values JSON leaves out', { a: undefined, b: () => 1 }],
    ['nested lists of objects', { reports: [{ outcomes: [{ id: 'x', counts: { sent: 1 } }], warnings: ['w'] }] }],
  ])('%s: the bytes of JSON.stringify(value, null, 2)', (_name, value) => {
    expect(written(value).text).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a top-level list one element at a time', () => {
    expect(written({ version: 1, letters }).pieces).toBe(3 + letters.length + 2); // {, version, "letters": [, each letter, ], }
  });
});
