import { describe, expect, it } from 'vitest';
import { tokenise, wordDiff, type DiffRun } from '../../src/core/review/word-diff.js';

const same = (text: string): DiffRun => ({ op: 'same', text });
const added = (text: string): DiffRun => ({ op: 'added', text });
const removed = (text: string): DiffRun => ({ op: 'removed', text });

describe('wordDiff', () => {
  it.each<[string, string, string, DiffRun[]]>([
    ['identical texts', 'We ask you to act.', 'We ask you to act.', [same('We ask you to act.')]],
    ['one word changed', 'the quick brown fox', 'the slow brown fox', [same('the '), removed('quick'), added('slow'), same(' brown fox')]],
    ['an insertion at the start', 'ask you to act', 'We ask you to act', [added('We '), same('ask you to act')]],
    ['an insertion at the end', 'We ask you', 'We ask you to act.', [same('We ask you'), added(' to act.')]],
    ['a word removed in the middle', 'a x b c', 'a b c', [same('a '), removed('x '), same('b c')]],
    ['a Khmer word changed (no spaces)', 'យើងខ្ញុំសូមស្នើ។', 'យើងខ្ញុំសូមអំពាវនាវ។', [same('យើងខ្ញុំសូម'), removed('ស្នើ'), added('អំពាវនាវ'), same('។')]],
    ['a number changed', 'signed by 1,234 people', 'signed by 1,240 people', [same('signed by '), removed('1,234'), added('1,240'), same(' people')]],
    ['an empty before', '', 'new text', [added('new text')]],
    ['an empty after', 'old text', '', [removed('old text')]],
    ['both empty', '', '', []],
  ])('%s', (_, before, after, runs) => {
    expect(wordDiff(before, after)).toEqual(runs);
  });

  it('gives back both texts from its runs', () => {
    const before = 'Dear Minister,\n\nWe, the undersigned (1,234 of us), ask you.\n';
    const after = 'Dear Minister,\n\nWe, the 1,240 undersigned, ask you today.\n';
    const runs = wordDiff(before, after);
    expect(
      runs
        .filter((r) => r.op !== 'added')
        .map((r) => r.text)
        .join(''),
    ).toBe(before);
    expect(
      runs
        .filter((r) => r.op !== 'removed')
        .map((r) => r.text)
        .join(''),
    ).toBe(after);
    runs.slice(1).forEach((run, i) => expect(run.op).not.toBe(runs[i]!.op));
  });

  it('splits Khmer into words and keeps spaces and punctuation as tokens', () => {
    expect(tokenise('Hello, world!\n\n  យើងខ្ញុំសូម 1,234.')).toEqual(['Hello', ',', ' ', 'world', '!', '\n\n  ', 'យើងខ្ញុំ', 'សូម', ' ', '1,234', '.']);
  });

  it('compares texts with few changes in time that grows with their length, not its square', () => {
    const text = (words: number) => Array.from({ length: words }, (_, i) => `wörd${i % 97}${i % 11 === 0 ? ',' : ''}`).join(' ');
    const changed = (before: string) => before.replace('wörd5 ', 'changed ').replace('wörd90 wörd91', 'x');
    // The fastest of several interleaved runs of each size: on a shared machine a ratio of two sizes holds where an
    // absolute time does not, and interleaving lets a pause or a busy moment fall on both sides alike.
    const sides = [5_000, 20_000].map((words) => ({ before: text(words), after: changed(text(words)), fastest: Infinity }));
    for (const side of sides) wordDiff(side.before, side.after); // warm up the segmenter and the regular expressions
    for (let round = 0; round < 9; round++)
      for (const side of sides) {
        const start = performance.now();
        wordDiff(side.before, side.after);
        side.fastest = Math.min(side.fastest, performance.now() - start);
      }
    // Four times the words: about four times the time when linear, sixteen when quadratic.
    expect(sides[1]!.fastest / sides[0]!.fastest).toBeLessThan(10);
    expect(wordDiff(text(5000), changed(text(5000))).filter((r) => r.op !== 'same')).toEqual([removed('wörd5'), added('changed'), removed('wörd90 wörd91'), added('x')]);
  });

  it('shows a rewrite past the edit limit as removed then added', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const runs = wordDiff(before, after);
    expect(runs.map((r) => r.op)).toEqual(['removed', 'added']);
  });
});
