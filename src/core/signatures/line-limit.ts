// A documented maximum line length, so memory stays bounded whatever the file: a 2 GB line without a newline is read
// in chunks and dropped, never held. Every reader (fast scanner, csv-parse, the parallel byte path's hand-off) reads
// text through `limitLineLength`, so all of them reject the same lines.

/** Characters in one line of a signature file, its line end not counted (README "Signature files"). */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * The longest record (from its first character to its line end, in string units) the scanners read themselves.
 * csv-parse refuses a record whose fields hold more than MAX_LINE_CHARS bytes of UTF-8, at most 3 per unit: a record
 * this long or shorter it always reads, a longer one the scanners leave to it (csv-record.ts HAND_OFF), so both
 * paths refuse the same records.
 */
export const MAX_RECORD_UNITS = Math.floor(MAX_LINE_CHARS / 3);

/**
 * What an over-long line becomes: one field no real file holds (a noncharacter), which the tally rejects as
 * `line-too-long` on that line. The line count is kept, so every later line keeps its number.
 */
export const TOO_LONG_LINE = '\uffff line-too-long \uffff';

const CR = 13;

/**
 * Passes text on in whole lines (the last one at the end), holding at most `max` characters of a line: a line longer
 * than that is dropped as it is read and replaced by TOO_LONG_LINE.
 */
export async function* limitLineLength(chunks: AsyncIterable<string>, max = MAX_LINE_CHARS): AsyncGenerator<string> {
  let partial = ''; // the current line so far, when it is within the limit
  let skipping = false; // the current line went over the limit: drop it up to its LF
  for await (const chunk of chunks) {
    let out = '';
    let from = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', from)) {
      const lastChar = newline > from ? chunk.charCodeAt(newline - 1) : partial.charCodeAt(partial.length - 1);
      const length = partial.length + newline - from - (lastChar === CR ? 1 : 0);
      out += skipping || length > max ? `${TOO_LONG_LINE}\n` : partial + chunk.slice(from, newline + 1);
      partial = '';
      skipping = false;
      from = newline + 1;
    }
    if (out.length > 0) yield out;
    if (skipping) continue;
    if (partial.length + chunk.length - from > max + 1) {
      // One more than the limit may be a CR whose LF is in the next chunk.
      partial = '';
      skipping = true;
    } else partial += chunk.slice(from);
  }
  if (skipping) yield TOO_LONG_LINE;
  else if (partial.length > 0) yield partial.length > max ? TOO_LONG_LINE : partial;
}
