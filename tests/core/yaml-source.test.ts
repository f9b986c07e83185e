import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { MAX_ALIAS_COPIES, parseYaml } from '../../src/core/yaml-source.js';

const errors = (text: string, lineOffset = 0) =>
  parseYaml(text, 'recipients/r.yaml', lineOffset)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

/** Each level repeats the one above nine times: 9^levels strings from a few hundred bytes ("billion laughs"). */
const aliasBomb = (levels: number) =>
  ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: levels }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n';

describe('parseYaml: aliases', () => {
  it('reads a roster sharing one salutation through an alias 120 times', () => {
    const text = `shared: &dear { en: Dear Minister, fr: Monsieur le Ministre }\nlist:\n${'  - *dear\n'.repeat(120)}`;
    const { source, problems } = parseYaml(text, 'r.yaml');
    expect(problems).toEqual([]);
    expect((source?.data as { list: unknown[] }).list).toHaveLength(120);
    expect((source?.data as { list: { fr: string }[] }).list[119]?.fr).toBe('Monsieur le Ministre');
  });

  it('reads thousands of aliases to a scalar', () => {
    const { problems } = parseYaml(`s: &s Dear\nlist:\n${'  - *s\n'.repeat(5_000)}`, 'r.yaml');
    expect(problems).toEqual([]);
  });

  it('refuses an alias bomb quickly, before expanding it, at the alias that goes over the limit', () => {
    const started = Date.now();
    expect(errors(aliasBomb(8))).toEqual([`recipients/r.yaml:5: too many aliases (aliases may copy at most ${MAX_ALIAS_COPIES} values in all; write the values out)`]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it.each([
    ['an alias without an anchor', 'a: 1\nb: *nope\n', 0, 'recipients/r.yaml:2: alias *nope has no anchor before it (write &nope on a value above it)'],
    ['an alias inside its own anchor', 'a: 1\nb: &loop [1, *loop]\n', 0, 'recipients/r.yaml:2: alias *loop is inside its own anchor (an alias can only repeat a value that is complete)'],
    ['a bomb in front matter: the line counts from the file', aliasBomb(8), 1, 'recipients/r.yaml:6: too many aliases'],
  ])('%s', (_, text, offset, prefix) => {
    const found = errors(text, offset);
    expect(found).toHaveLength(1);
    expect(found[0]?.startsWith(prefix)).toBe(true);
  });
});

describe('parseYaml: tags', () => {
  it.each([
    ['!!js/function', 'a: 1\nrun: !!js/function "function () {}"\n', 'recipients/r.yaml:2: unknown tag !!js/function (remove the tag'],
    ['a custom tag', 'a: 1\nb: 2\nc: !secret 3\n', 'recipients/r.yaml:3: unknown tag !secret (remove the tag'],
    ['a tag in front matter, one line number counted from the file', '\nrun: !!js/regexp /x/\n', 'recipients/r.yaml:7: unknown tag !!js/regexp ('],
  ])('%s is an error at the tag line, with no second line number', (_, text, prefix) => {
    const found = errors(text, text.startsWith('\n') ? 5 : 0);
    expect(found).toHaveLength(1);
    expect(found[0]?.startsWith(prefix)).toBe(true);
    expect(found[0]).not.toMatch(/at line/);
  });

  it('gives no data when a tag is unknown, so nothing reads it as text', () => {
    expect(parseYaml('a: !!js/function "x"\n', 'r.yaml').source).toBeUndefined();
  });

  it('still reads the standard tags', () => {
    expect(parseYaml('a: !!str 12\nb: !!int "3"\n', 'r.yaml').source?.data).toEqual({ a: '12', b: 3 });
  });
});
