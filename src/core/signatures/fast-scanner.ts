/**
 * The fast path of the text reader: records split by `splitRecord` (csv-record.ts), which reads everything a CSV
 * writer produces — quoted fields holding delimiters, doubled quotes and line breaks (CR, LF or CRLF), LF or CRLF
 * line ends, a last line without one — exactly as csv-parse reads it.
 *
 * The scanner never guesses: at the first record `splitRecord` refuses (text after a closing quote, a quote never
 * closed, a record csv-parse's size limit could refuse) it stops and hands the rest of the text, from the start of
 * that record, to the full parser (csv-parse). Everything before it was unambiguous, so the two paths give the same
 * records with the same line numbers; tests check this on every fixture at every chunk size.
 *
 * Empty lines are skipped, as the full parser does; they still count as lines.
 */

import { HAND_OFF, NEED_MORE, RecordFields, splitRecord } from './csv-record.js';
import { MAX_RECORD_UNITS } from './line-limit.js';
import { needsCheckPattern, nextMatch } from './text.js';

/**
 * Receives each record with the line it starts on. `plain` is a promise from the fast path: no field holds CR, LF,
 * U+FFFD or any other character the text policy looks at (`needsCheckPattern`), so the tally may skip those checks.
 */
export type RecordSink = (fields: string[], line: number, plain?: boolean) => void;

export class FastScanner {
  /** The start of a record not yet complete (or, after a hand-off, all the text not read). */
  private carry = '';
  /** Lines fully consumed so far (a skipped empty line counts). */
  private linesDone = 0;
  private handedOff = false;
  private readonly fields = new RecordFields();

  private readonly needsCheck: RegExp;
  private readonly delimiterNeedsCheck: boolean;

  constructor(private readonly delimiter: string) {
    ({ pattern: this.needsCheck, delimiterNeedsCheck: this.delimiterNeedsCheck } = needsCheckPattern(delimiter));
  }

  /** Scans the complete records of `text`. Returns false once it has handed off (see `takeRemainder`). */
  push(text: string, sink: RecordSink): boolean {
    if (this.handedOff) {
      this.carry += text;
      return false;
    }
    let from = 0;
    while (this.carry.length > 0) {
      // Finish the carried record with as little of `text` as it needs rather than prepending it: concatenating to
      // a 1 MB chunk copies the chunk. Each try takes at least as much again as the carry, so a long record is
      // copied a bounded number of times.
      const newline = text.indexOf('\n', Math.min(text.length, from + this.carry.length - 1));
      if (newline < 0) {
        this.carry += text.slice(from);
        // A record this long is csv-parse's to read (see MAX_RECORD_UNITS): no need to hold more of it.
        if (this.carry.length > MAX_RECORD_UNITS) this.handOff(0);
        return !this.handedOff;
      }
      const head = this.carry + text.slice(from, newline + 1);
      from = newline + 1;
      const stopped = this.scanRecords(head, 0, head.length, false, sink);
      this.carry = head.slice(stopped);
      if (this.handedOff) {
        this.carry += text.slice(from);
        return false;
      }
    }
    const end = text.lastIndexOf('\n') + 1;
    const stopped = end > from ? this.scanRecords(text, from, end, false, sink) : from;
    this.carry = text.slice(stopped);
    return !this.handedOff;
  }

  /** Scans the last record (one without a final line end). Returns false if it had to hand off. */
  end(sink: RecordSink): boolean {
    if (this.handedOff) return false;
    const rest = this.carry;
    if (rest.length === 0) return true;
    const stopped = this.scanRecords(rest, 0, rest.length, true, sink);
    this.carry = rest.slice(stopped);
    return !this.handedOff;
  }

  /** After a hand-off: the unread text (from the start of the first record not read) and how many lines came before it. */
  takeRemainder(): { text: string; linesBefore: number } {
    const text = this.carry;
    this.carry = '';
    return { text, linesBefore: this.linesDone };
  }

  /**
   * Reads the records in data[start, end), slicing fields straight from the chunk; returns where it stopped: `end`,
   * the start of a record that goes on past `end`, or the start of a record it cannot read (then it has handed off).
   */
  private scanRecords(data: string, start: number, end: number, final: boolean, sink: RecordSink): number {
    const fields = this.fields;
    // Bytes that were not UTF-8 decode to U+FFFD; without any, nor any control or bidi character, nor a line break
    // inside a field, the tally can skip those checks.
    let nextOdd = nextMatch(this.needsCheck, data, start);
    let nextCR = data.indexOf('\r', start);
    while (start < end) {
      const next = splitRecord(data, start, end, final, this.delimiter, fields);
      if (next === NEED_MORE) return start;
      if (next === HAND_OFF) return this.handOff(start);
      const line = this.linesDone + 1;
      this.linesDone += 1 + fields.lineFeeds;
      if (!fields.isEmptyLine(start)) {
        if (nextOdd >= 0 && nextOdd < start) nextOdd = nextMatch(this.needsCheck, data, start);
        if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf('\r', start);
        const plain = (nextOdd < 0 || nextOdd >= fields.stop) && (nextCR < 0 || nextCR >= fields.stop) && fields.lineFeeds === 0 && !(fields.quoted && this.delimiterNeedsCheck);
        // A quoted field may hold the delimiter, which the search skipped: a tab in a tab-separated file.
        sink(fields.values(data), line, plain);
      }
      start = next;
    }
    return start;
  }

  private handOff(at: number): number {
    this.handedOff = true;
    return at;
  }
}

/**
 * Fields of one line (without its line end) read as `FastScanner` reads a record, or undefined where it would hand
 * off to the full parser or the line is not a whole record (a quoted field that goes on past it).
 */
export function splitLine(line: string, delimiter: string): string[] | undefined {
  const fields = new RecordFields();
  const next = splitRecord(line, 0, line.length, true, delimiter, fields);
  return next === line.length && fields.lineFeeds === 0 ? fields.values(line) : undefined;
}
