// The remembering lexer gives exactly what marked's own gives, the first time and every time after, for the texts
// letters are made of and for the inputs that change or read the lexer's state (tags, links, references).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, Parser } from 'marked';
import { describe, expect, it } from 'vitest';
import { memoLexer, type InlineCache } from '../../src/core/markdown-lexer.js';
import { repoRoot } from '../support/fixtures.js';

const options = { gfm: true, breaks: true };
const bundledTexts = readdirSync(join(repoRoot, 'petitions'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .map((f): [string, string] => [`petitions/${f}`, readFileSync(join(repoRoot, 'petitions', f), 'utf8')]);

const crafted: [string, string][] = [
  ['emphasis, nested and unbalanced', 'A **strong _and em_** word, *one*, __two__, ~~gone~~, ***three***, and a lone * star.\n\nA **strong _and em_** word again.'],
  ['autolinks and emails', 'See www.example.org, https://example.org/a_b_c and write to petition@example.org.\n\nSee www.example.org again.'],
  ['an unclosed <a> leaks into the next paragraph', 'Open <a href="https://example.org">a link\n\nThen www.example.org here.\n\nThen www.example.org here.'],
  ['raw HTML blocks and inline tags', '<div>\nblock *html*\n</div>\n\nInline <b>bold</b> and <pre>raw *x*</pre> text.\n\nInline plain *x* text.'],
  ['reference links and their definitions', 'A [reference][ref] and [another].\n\n[ref]: https://example.org\n[another]: https://example.org/b\n\nA [reference][ref] again.'],
  ['code spans and fenced code', 'Use `a [b] *c*` here.\n\n```\ncode *not em*\n```\n\nUse `a [b] *c*` here.'],
  ['lists, loose and tight, with text that repeats', '- one *a*\n- two\n\n- three *a*\n\n1. one *a*\n2. two'],
  ['Khmer with line breaks', 'ញត្តិ **នេះ**\nបន្ទាត់ថ្មី\n\nញត្តិ **នេះ**\nបន្ទាត់ថ្មី'],
  ['escapes and entities', 'Not \\*em\\*, &amp; &copy; 5 < 6 > 4, a_b_c.\n\nNot \\*em\\* again.'],
];

describe('memoLexer', () => {
  it.each([...bundledTexts, ...crafted])('%s: the same tokens and HTML as marked, cold and warm', (_name, markdown) => {
    const cache: InlineCache = new Map();
    const expected = new Lexer(options).lex(markdown);
    for (const round of ['cold', 'warm', 'warm again']) {
      const tokens = memoLexer(options, cache).lex(markdown);
      expect(tokens, round).toEqual(expected);
      expect(new Parser(options).parse(tokens), round).toBe(new Parser(options).parse(new Lexer(options).lex(markdown)));
    }
  });

  it.each(bundledTexts)('%s: remembered after one letter, nothing new to remember for the next', (_name, markdown) => {
    const cache: InlineCache = new Map();
    memoLexer(options, cache).lex(markdown);
    const remembered = cache.size;
    memoLexer(options, cache).lex(markdown);
    expect(remembered).toBeGreaterThan(0);
    expect(cache.size).toBe(remembered);
  });

  it('a token rewritten by one letter is not rewritten in the next (each gets a copy)', () => {
    const cache: InlineCache = new Map();
    const first = memoLexer(options, cache).lex('Some *emphasis* here.');
    (first[0] as { tokens: { text: string }[] }).tokens[0]!.text = 'changed';
    const second = memoLexer(options, cache).lex('Some *emphasis* here.');
    expect(second).toEqual(new Lexer(options).lex('Some *emphasis* here.'));
  });
});
