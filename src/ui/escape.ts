// The one escaping function for everything shown on a terminal: user text can move no cursor, clear no screen, set no
// title and reorder no line. Every Terminal write goes through it (terminal.ts).

// C0 controls but tab and LF, DEL, C1 controls, bidi marks, embeddings, overrides and isolates, the Unicode line and
// paragraph separators, and lone surrogates (not text at all).
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Our own colours: SGR sequences with one parameter from the set chalk uses (no conceal, blink or reverse).
const OWN_STYLE = /^\u001b\[(?:0|1|2|3|4|9|2[2-49]|3[0-9]|4[0-9]|9[0-7]|10[0-7])m/;

/**
 * `text` with every character that could act on a terminal shown as its `\u001b` escape (readable, and inside a JSON
 * string the same value). Tab and line feed stay. With `keepStyles`, the colour sequences chalk writes stay too; an
 * input can then at most change a colour.
 */
export function escapeTerminal(text: string, options: { keepStyles?: boolean } = {}): string {
  return text.replace(UNSAFE, (ch, offset: number) =>
    options.keepStyles && ch === '\u001b' && OWN_STYLE.test(text.slice(offset, offset + 6)) ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
