// Windowed segmentation must find exactly the boundaries Intl.Segmenter finds over the whole text.
import { describe, expect, it } from 'vitest';
import { graphemeClusters, khmerWords } from '../../src/io/pdf/segments.js';

const KHMER = 'ស្របតាមស្ថានការណ៍ខ្មៅងងឹតនៃការបត់ក្បាលទៅរកលទ្ធិផ្តាច់ការ យើងខ្ញុំចុះហត្ថលេខាខាងក្រោមនេះ ';

const direct = (granularity: 'grapheme' | 'word', locale: string | undefined, text: string) => [...new Intl.Segmenter(locale, { granularity }).segment(text)].map((s) => [s.index, s.segment]);

describe('graphemeClusters', () => {
  it.each([
    ['Latin and Vietnamese', 'Ánh Nguyễn, Ökonomie & co.'.repeat(100)],
    ['combining marks', 'e\u0301a\u0308\u0323x'.repeat(500)],
    ['Khmer stacks', 'ស្ត្រីកម្ពុជា'.repeat(300)],
    ['emoji with joiners and flags', '👩‍👩‍👧🇰🇭🇫🇷a👍🏽'.repeat(300)],
    ['CR LF and controls', 'a\r\nb\tc\u00ad\u200bd'.repeat(500)],
    ['one cluster longer than a window', `a${'\u0301'.repeat(5000)}b`],
    ['mixed', 'Sok ស្ត្រី e\u0301 👩‍👧 '.repeat(400)],
  ])("%s: the segmenter's clusters", (_name, text) => {
    expect([...graphemeClusters(text)].map((s) => [s.index, s.segment])).toEqual(direct('grapheme', undefined, text));
  });

  it('keeps a consonant after a coeng with it', () => {
    expect([...graphemeClusters('ស្ត')].map((s) => s.segment)).toEqual(['ស្ត']);
  });
});

describe('khmerWords', () => {
  it.each([
    ['short run', KHMER],
    ['long run with spaces, cut at spaces', KHMER.repeat(60)],
  ])("%s: the dictionary's words", (_name, text) => {
    expect([...khmerWords(text, 0, text.length)].map((s) => [s.index, s.segment])).toEqual(direct('word', 'km', text));
  });

  it('a long run without spaces: every boundary a dictionary word boundary, linear', () => {
    const text = KHMER.replace(/ /g, '').repeat(40);
    const expected = new Set(direct('word', 'km', text).map(([index]) => index));
    const found = [...khmerWords(text, 0, text.length)];
    expect(found.map((s) => s.segment).join('')).toBe(text);
    expect(found.filter((s) => !expected.has(s.index))).toEqual([]);
  });
});
