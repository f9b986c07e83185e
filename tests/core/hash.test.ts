import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/hash.js';

/** What the content hash has always been made of: JSON.stringify of the value rebuilt with sorted keys. The letters an
 *  archive records were hashed this way; the direct writer must give the same bytes, or every letter would "change". */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

describe('canonicalJson', () => {
  const cases: [string, unknown][] = [
    ['text with quotes, controls and Khmer', 'a "b" \\ \n\t\u0007 ញត្តិ \u2028 \ud800'],
    ['numbers', [0, -0, 1.5, 1e21, -3e-7, NaN, Infinity, -Infinity]],
    ['booleans and null', [true, false, null]],
    ['left out in objects, null in lists', { a: undefined, b: () => 1, c: Symbol('x'), d: [undefined, () => 1, Symbol('y')] }],
    ['keys sorted by code unit, nested', { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' }, B: 2, é: 3, ញ: 4, '': 5 }],
    ['array-index keys first, in numeric order', { b: 1, 10: 'ten', 2: 'two', '01': 'not an index', 4294967295: 'too big', 4294967294: 'last index', a: 0 }],
    ['toJSON is called', { at: new Date(Date.UTC(2017, 9, 23)), inner: { toJSON: () => ({ y: 1, x: 2 }) } }],
    ['empty containers', { a: {}, b: [], c: [{}] }],
    [
      'a letter-shaped value',
      { id: 'p/a/en', document: { distribution: { to: ['A', 'B'], cc: [], labels: { to: 'To', cc: 'Copies to' }, annex: undefined } }, to: [{ name: 'N', address: 'n@example.org' }] },
    ],
  ];
  it.each(cases)('%s: the same bytes as the sorted JSON.stringify', (_name, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('is the same for the same content whatever the order of its keys', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
});
