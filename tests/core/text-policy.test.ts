import { describe, expect, it } from 'vitest';
import { checkText, exceeds, isSafeLink, lineAt, type TextKind, type TextRule } from '../../src/core/text-policy.js';
import { escapeTerminal } from '../../src/ui/escape.js';

describe('checkText', () => {
  it.each<[string, string, TextKind, TextRule | undefined]>([
    ['plain text', 'António Guterres', 'header', undefined],
    ['Khmer', 'ជម្រាបមក លោក កឹម សុខា', 'header', undefined],
    ['NUL anywhere', 'a\u0000b', 'multiline', 'nul'],
    ['ESC in a body', 'a\u001b[2Jb', 'multiline', 'control'],
    ['a C1 control (CSI) in a line', 'a\u009bb', 'line', 'control'],
    ['DEL in a header', 'a\u007f', 'header', 'control'],
    ['a tab and line breaks in a body', 'a\tb\r\nc', 'multiline', undefined],
    ['a tab in a header', 'a\tb', 'header', 'control'],
    ['LF in a header', 'a\nb', 'header', 'line-break'],
    ['NEL in an address', 'a\u0085b', 'address', 'line-break'],
    ['U+2028 in a line', 'a\u2028b', 'line', 'line-break'],
    ['a bidi override in a header', 'evil\u202egnp.exe', 'header', 'bidi'],
    ['a bidi isolate in a header', 'a\u2067b', 'header', 'bidi'],
    ['a bidi override in a body', 'a\u202eb', 'multiline', undefined],
    ['a bidi override in a line', 'a\u202eb', 'line', undefined],
    ['an RLM in a header', 'Sara\u200f Levi', 'header', undefined],
    ['an RLM in an address', 'sg\u200f@example.org', 'address', 'bidi'],
    ['300 characters in a header', 'x'.repeat(300), 'header', undefined],
    ['301 characters in a header', 'x'.repeat(301), 'header', 'too-long'],
    ['300 astral characters in a header', '𝒜'.repeat(300), 'header', undefined],
    ['255 characters in an address', 'x'.repeat(255), 'address', 'too-long'],
    ['1001 characters in a line', 'x'.repeat(1001), 'line', 'too-long'],
    ['1 MB in a body', 'x'.repeat(1_000_000), 'multiline', undefined],
  ])('%s', (_name, value, kind, rule) => {
    expect(checkText(value, kind)?.rule).toBe(rule);
  });

  it('names the character, never shows it', () => {
    const fault = checkText('Ann \u001b[2J', 'header')!;
    expect(fault.message).toBe('holds a control character (U+001B)');
    expect(fault.hint).not.toMatch(/[\u0000-\u001f]/);
  });

  it('stays linear on 5 MB', () => {
    const started = performance.now();
    expect(checkText('n'.repeat(5_000_000), 'header')?.rule).toBe('too-long');
    expect(checkText(`${'n'.repeat(5_000_000)}\u202e`, 'header')?.rule).toBe('bidi');
    expect(exceeds('é'.repeat(5_000_000), 300)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['abc', 1, 1],
    ['a\nb\nc', 4, 3],
    ['a\nb\nc', 2, 2],
  ])('lineAt(%j, %i) = %i', (text, index, line) => expect(lineAt(text, index)).toBe(line));
});

describe('isSafeLink', () => {
  it.each([
    ['https://example.org/x', true],
    ['HTTP://example.org', true],
    ['mailto:committee@example.org', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['data:text/html;base64,PHNjcmlwdD4=', false],
    ['vbscript:msgbox', false],
    ['file:///etc/passwd', false],
    ['&#106;avascript:alert(1)', false],
    ['/relative/path', false],
    ['#anchor', false],
    ['ftp://example.org', false],
    ['https:', false],
  ])('%s → %s', (href, safe) => expect(isSafeLink(href)).toBe(safe));
});

describe('escapeTerminal', () => {
  it.each([
    ['plain text', 'António — ជម្រាប', 'António — ជម្រាប'],
    ['tab and newline stay', 'a\tb\nc', 'a\tb\nc'],
    ['ESC', 'a\u001b[2Jb', 'a\\u001b[2Jb'],
    ['CR', 'a\rb', 'a\\u000db'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['BEL', '\u0007', '\\u0007'],
    ['DEL', '\u007f', '\\u007f'],
    ['C1 CSI', '\u009b2J', '\\u009b2J'],
    ['a bidi override', 'evil\u202egnp', 'evil\\u202egnp'],
    ['an RLM', 'a\u200fb', 'a\\u200fb'],
    ['a line separator', 'a\u2028b', 'a\\u2028b'],
    ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
    ['a surrogate pair stays', '𝒜', '𝒜'],
  ])('%s', (_name, input, expected) => expect(escapeTerminal(input)).toBe(expected));

  it('keeps our colours only when asked, and only colours', () => {
    expect(escapeTerminal('\u001b[31mred\u001b[39m', { keepStyles: true })).toBe('\u001b[31mred\u001b[39m');
    expect(escapeTerminal('\u001b[31mred\u001b[39m')).toBe('\\u001b[31mred\\u001b[39m');
    expect(escapeTerminal('\u001b[2J\u001b[8m\u001b]0;title\u0007', { keepStyles: true })).toBe('\\u001b[2J\\u001b[8m\\u001b]0;title\\u0007');
  });

  it('leaves JSON valid and its values unchanged', () => {
    const value = { name: 'a\u001b\u0085\u009b\u202e\u2028b' };
    expect(JSON.parse(escapeTerminal(JSON.stringify(value, null, 2)))).toEqual(value);
  });

  it('is idempotent', () => {
    const once = escapeTerminal('\u001b\u0000\u202e');
    expect(escapeTerminal(once)).toBe(once);
  });
});
