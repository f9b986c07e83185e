/**
 * The fast path for the common shapes of CSV. Records are lines; a line is split on the delimiter, and a field that is
 * quoted from its first to its last character ("Dee, Esq.", "6"" tall") is unquoted by hand — the form spreadsheet
 * and form exports write, often for every field.
 *
 * The scanner never guesses: at the first line it cannot read this way — a quoted field that goes on to the next line,
 * a quote inside an unquoted field, text after a closing quote, a bare CR — it stops and hands the rest of the text,
 * starting at that line, to the full parser (csv-parse). Everything before that point was unambiguous, so the two
 * paths give the same records with the same line numbers; a test checks this on every fixture at every chunk size.
 *
 * Line endings: LF or CRLF (as the full parser is configured). Empty lines are skipped, as the full parser does.
 */

import { needsCheckPattern } from './text.js';

/**
 * Receives each record with the line it starts on. `plain` is a promise from the fast path: no field holds CR, LF,
 * U+FFFD or any other character the text policy looks at (`needsCheckPattern`), so the tally may skip those checks.
 */
export type RecordSink = (fields: string[], line: number, plain?: boolean) => void;

const QUOTE = 34;
const CR = 13;

export class FastScanner {
  private carry = '';
  /** Lines fully consumed so far (a skipped empty line counts). */
  private linesDone = 0;
  private handedOff = false;

  private readonly needsCheck: RegExp;
  private readonly delimiterNeedsCheck: boolean;

  constructor(private readonly delimiter: string) {
    ({ pattern: this.needsCheck, delimiterNeedsCheck: this.delimiterNeedsCheck } = needsCheckPattern(delimiter));
  }

  /** Scans the complete lines of `text`. Returns false once it has handed off (see `takeRemainder`). */
  push(text: string, sink: RecordSink): boolean {
    if (this.handedOff) {
      this.carry += text;
      return false;
    }
    let from = 0;
    if (this.carry.length > 0) {
      // Finish the carried line on its own rather than prepending it: concatenating to a 1 MB chunk copies the chunk.
      const newline = text.indexOf('\n');
      if (newline < 0) {
        this.carry += text;
        return true;
      }
      const head = this.carry + text.slice(0, newline + 1);
      this.carry = '';
      const stopped = this.scanLines(head, 0, head.length, sink);
      if (this.handedOff) {
        this.carry = head.slice(stopped) + text.slice(newline + 1);
        return false;
      }
      from = newline + 1;
    }
    const end = text.lastIndexOf('\n') + 1;
    const stopped = end > from ? this.scanLines(text, from, end, sink) : from;
    this.carry = text.slice(stopped);
    return !this.handedOff;
  }

  /** Scans the last line (one without a final newline). Returns false if it had to hand off. */
  end(sink: RecordSink): boolean {
    if (this.handedOff) return false;
    const line = this.carry;
    if (line.length === 0) return true;
    // A CR at the very end is not a line end for the full parser (only CRLF is): it stays in the last field.
    if (line.includes('\r')) return this.handOff(0) > 0;
    // A newline makes the last line look like any other; then it is handed off whole if it cannot be read.
    const stopped = this.scanLines(`${line}\n`, 0, line.length + 1, sink);
    if (this.handedOff) {
      this.carry = line.slice(stopped);
      return false;
    }
    this.carry = '';
    return true;
  }

  /** After a hand-off: the unread text (from the start of the first unusual line) and how many lines came before it. */
  takeRemainder(): { text: string; linesBefore: number } {
    const text = this.carry;
    this.carry = '';
    return { text, linesBefore: this.linesDone };
  }

  /**
   * Reads the lines in data[start, end) (end just after a newline), slicing fields straight from the chunk; returns
   * where it stopped: `end`, or the start of a line it cannot read (then it has handed off).
   */
  private scanLines(data: string, start: number, end: number, sink: RecordSink): number {
    const delimiter = this.delimiter;
    const step = delimiter.length;
    // One search per chunk: bytes that were not UTF-8 decode to U+FFFD; without any, nor any control or bidi
    // character, the tally can skip those checks.
    this.needsCheck.lastIndex = start;
    const damaged = this.needsCheck.exec(data)?.index ?? -1;
    const plain = damaged < 0 || damaged >= end;
    let nextCR = data.indexOf('\r', start);
    let nextQuote = data.indexOf('"', start);
    while (start < end) {
      const newline = data.indexOf('\n', start);
      let stop = newline;
      if (stop > start && data.charCodeAt(stop - 1) === CR) stop--;
      if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf('\r', start);
      if (nextCR >= 0 && nextCR < stop) return this.handOff(start); // a bare CR
      if (nextQuote >= 0 && nextQuote < start) nextQuote = data.indexOf('"', start);
      if (stop > start) {
        let fields: string[] | undefined;
        const quoted = nextQuote >= 0 && nextQuote < stop;
        if (quoted) {
          fields = splitQuotedLine(data, start, stop, delimiter);
          if (!fields) return this.handOff(start);
        } else {
          fields = [];
          let from = start;
          for (;;) {
            const at = data.indexOf(delimiter, from);
            if (at < 0 || at >= stop) break;
            fields.push(data.slice(from, at));
            from = at + step;
          }
          fields.push(data.slice(from, stop));
        }
        this.linesDone++;
        // A quoted field may hold the delimiter, which the chunk search skipped: a tab in a tab-separated file.
        sink(fields, this.linesDone, plain && !(quoted && this.delimiterNeedsCheck));
      } else {
        this.linesDone++;
      }
      start = newline + 1;
    }
    return start;
  }

  private handOff(at: number): number {
    this.handedOff = true;
    return at;
  }
}

/**
 * Fields of one line (without its line end) read as `FastScanner` reads it, or undefined where it would hand off to
 * the full parser (a bare CR, a quoted field that does not close on this line, a stray quote).
 */
export function splitLine(line: string, delimiter: string): string[] | undefined {
  if (line.includes('\r')) return undefined;
  if (line.includes('"')) return splitQuotedLine(line, 0, line.length, delimiter);
  return line.split(delimiter);
}

/**
 * Fields of one line data[start, stop) where every field is either unquoted and free of quotes, or quoted from its
 * first character to its last (a doubled quote inside is one quote). Anything else returns undefined: the full
 * parser's rules (a field continuing on the next line, relaxed stray quotes) are not repeated here.
 */
function splitQuotedLine(data: string, start: number, stop: number, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let p = start;
  for (;;) {
    if (p < stop && data.charCodeAt(p) === QUOTE) {
      let value = '';
      let segment = p + 1;
      let search = segment;
      for (;;) {
        const close = data.indexOf('"', search);
        if (close < 0 || close >= stop) return undefined; // the field goes on past this line
        if (close + 1 < stop && data.charCodeAt(close + 1) === QUOTE) {
          value += data.slice(segment, close + 1);
          segment = search = close + 2;
          continue;
        }
        value += data.slice(segment, close);
        p = close + 1;
        break;
      }
      fields.push(value);
      if (p === stop) return fields;
      if (!data.startsWith(delimiter, p)) return undefined; // text after the closing quote
      p += delimiter.length;
    } else {
      const at = data.indexOf(delimiter, p);
      const fieldEnd = at < 0 || at >= stop ? stop : at;
      const quote = data.indexOf('"', p);
      if (quote >= 0 && quote < fieldEnd) return undefined; // a quote inside an unquoted field
      fields.push(data.slice(p, fieldEnd));
      if (fieldEnd === stop) return fields;
      p = fieldEnd + delimiter.length;
    }
  }
}
