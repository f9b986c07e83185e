import { describe, expect, it } from 'vitest';
import { imageRefs } from '../../src/core/markdown-refs.js';
import { markdownToPlainText } from '../../src/core/plain-text.js';

describe('markdownToPlainText', () => {
  it.each([
    ['escapes and emphasis', 'We \\*really\\* **urge** you', 'We *really* urge you\n'],
    ['links keep their address', 'See [the letter](https://example.org/l).', 'See the letter (https://example.org/l).\n'],
    ['bare links stay as they are', 'See https://example.org/x', 'See https://example.org/x\n'],
    ['numbered lists keep their start', '5. five\n6. six', '5. five\n6. six\n'],
    ['quotes keep their marker', '> one\n>\n> two', '> one\n>\n> two\n'],
    ['headings are underlined', '## Notes', 'Notes\n=====\n'],
    ['Khmer passes through untouched', 'ញត្តិនេះ **សំខាន់**', 'ញត្តិនេះ សំខាន់\n'],
    ['raw HTML is shown, not interpreted', 'a <b>b</b> & c', 'a <b>b</b> & c\n'],
  ])('%s', (_name, markdown, expected) => {
    expect(markdownToPlainText(markdown)).toBe(expected);
  });
});

describe('imageRefs', () => {
  it.each([
    ['none', 'Just text.', []],
    ['one with its line', 'Para.\n\n![Seal of the committee](seal.png)\n', [{ href: 'seal.png', line: 3 }]],
    [
      'inside a list, and a second on a later line',
      '- a ![x](a.png)\n- b\n\ntext ![y](img/b.jpg)',
      [
        { href: 'a.png', line: 1 },
        { href: 'img/b.jpg', line: 4 },
      ],
    ],
  ])('%s', (_name, markdown, expected) => {
    expect(imageRefs(markdown)).toEqual(expected);
  });
});
