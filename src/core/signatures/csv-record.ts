/**
 * One CSV record, split the way csv-parse splits it as records.ts configures it (records end at LF or CRLF, a quote
 * opens a quoted field only as the field's first character, `""` inside quotes is one quote, a quote anywhere else is
 * text) — for everything a CSV writer produces: quoted fields holding the delimiter, CR, LF, CRLF or doubled quotes,
 * a bare CR in an unquoted field, a last record without a line end. Both scanners read records through this one
 * function: the text scanner (fast-scanner.ts) on decoded text, the byte scanner (byte-scanner.ts) on Latin-1 text,
 * where one character is one byte.
 *
 * What a writer does not produce, `splitRecord` refuses (HAND_OFF) rather than guess, and the caller hands the rest
 * of the file, from the start of that record, to csv-parse: text after a closing quote (csv-parse's relaxed reading of
 * it keeps the quotes), a quote never closed (csv-parse reports where), a record that csv-parse's record-size limit
 * could refuse.
 */
import { MAX_RECORD_UNITS } from './line-limit.js';

/** The record does not end within the text given: call again with more (the same start). */
export const NEED_MORE = -1;
/** A record these scanners do not read: csv-parse reads it, and everything after it. */
export const HAND_OFF = -2;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The fields of the last record split, as bounds into the text: reused from record to record, grown as needed. */
export class RecordFields {
  /** Fields in the record. */
  count = 0;
  /** Content bounds of field i (quotes excluded): [starts[i], ends[i]). */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the field holds a doubled quote (its value is the content with `""` read as `"`). */
  escaped: Uint8Array;
  /** LFs inside quoted fields: the record spans 1 + lineFeeds lines. */
  lineFeeds = 0;
  /** Some field was quoted. */
  quoted = false;
  /** Where the record's content ends: its line end (LF or CRLF) starts here, or the text ends here. */
  stop = 0;
  /** Scratch: the quoted field being read held a doubled quote. */
  doubledQuote = false;

  constructor(capacity = 16) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.escaped = new Uint8Array(capacity);
  }

  /** An empty line (LF or CRLF alone): skipped, as csv-parse skips it, though it counts as a line. */
  isEmptyLine(start: number): boolean {
    return this.count === 1 && !this.quoted && this.stop === start;
  }

  /** Field i's value. */
  value(text: string, i: number): string {
    const value = text.slice(this.starts[i], this.ends[i]);
    return this.escaped[i] === 1 ? value.replaceAll('""', '"') : value;
  }

  values(text: string): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.value(text, i);
    return out;
  }

  push(start: number, end: number, escaped: number): void {
    if (this.count === this.starts.length) this.grow();
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.escaped[i] = escaped;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

/**
 * Splits the record that starts at `start` in text[start, end) into `out`. Returns where the next record starts (just
 * after its LF, or `end`), NEED_MORE when the record goes on past `end`, or HAND_OFF. `final`: `end` is the end of the
 * file (a record may end there without a line end; a quote open there is never closed).
 */
export function splitRecord(text: string, start: number, end: number, final: boolean, delimiter: string, out: RecordFields): number {
  out.count = 0;
  out.lineFeeds = 0;
  out.quoted = false;
  const next = splitFields(text, start, end, final, delimiter, out);
  if (next === NEED_MORE) return end - start > MAX_RECORD_UNITS ? HAND_OFF : NEED_MORE;
  return next - start > MAX_RECORD_UNITS ? HAND_OFF : next;
}

/**
 * Where the record ends when `start` is inside a quoted field (a range of the file cut there): just after its line
 * end, NEED_MORE, or HAND_OFF when text[start, end) cannot be the rest of a quoted field and its record.
 */
export function endOfRecordInQuotes(text: string, start: number, end: number, final: boolean, delimiter: string, scratch: RecordFields): number {
  scratch.count = 0;
  scratch.lineFeeds = 0;
  scratch.quoted = true;
  const close = closingQuote(text, start, end, final, scratch);
  if (close < 0) return close;
  let next = afterQuotedField(text, start, close, end, final, delimiter, scratch);
  if (next === CONTINUE) next = splitFields(text, close + 1 + delimiter.length, end, final, delimiter, scratch);
  if (next === NEED_MORE) return end - start > MAX_RECORD_UNITS ? HAND_OFF : NEED_MORE;
  return next;
}

/** Fields from `p` (a field's first character) to the record's end; see splitRecord. */
function splitFields(text: string, p: number, end: number, final: boolean, delimiter: string, out: RecordFields): number {
  let lineEnd = text.indexOf('\n', p);
  if (lineEnd >= end) lineEnd = -1;
  for (;;) {
    if (p < end && text.charCodeAt(p) === QUOTE) {
      out.quoted = true;
      const close = closingQuote(text, p + 1, end, final, out);
      if (close < 0) return close;
      if (lineEnd >= 0 && lineEnd < close) lineEnd = countLineFeeds(text, lineEnd, close, end, out);
      const next = afterQuotedField(text, p + 1, close, end, final, delimiter, out);
      if (next !== CONTINUE) return next;
      p = close + 1 + delimiter.length;
      continue;
    }
    if (lineEnd < 0 && !final) return NEED_MORE;
    const limit = lineEnd < 0 ? end : lineEnd;
    const at = text.indexOf(delimiter, p);
    // A CR delimiter just before the LF is the line end's (csv-parse tries the record delimiter first).
    if (at >= 0 && at + delimiter.length <= limit && !(delimiter === '\r' && at === lineEnd - 1)) {
      out.push(p, at, 0);
      p = at + delimiter.length;
      continue;
    }
    // The last field: a CR just before the LF is the line end's, a CR anywhere else (or at the end of the file) is text.
    let stop = limit;
    if (lineEnd >= 0 && stop > p && text.charCodeAt(stop - 1) === CR) stop--;
    out.push(p, stop, 0);
    out.stop = stop;
    return lineEnd < 0 ? end : lineEnd + 1;
  }
}

/** Returned by afterQuotedField when a delimiter follows the field: the record goes on. */
const CONTINUE = -3;

/**
 * After a quoted field's closing quote at `close` (content [contentStart, close)): records the field, then CONTINUE
 * when a delimiter follows, or where the next record starts when a line end (or the end of the file) follows.
 */
function afterQuotedField(text: string, contentStart: number, close: number, end: number, final: boolean, delimiter: string, out: RecordFields): number {
  out.push(contentStart, close, out.doubledQuote ? 1 : 0);
  const after = close + 1;
  if (after >= end) {
    if (!final) return NEED_MORE;
    out.stop = end;
    return end;
  }
  const c = text.charCodeAt(after);
  if (c === LF) {
    out.stop = after;
    return after + 1;
  }
  if (c === CR) {
    if (after + 1 >= end) return final ? HAND_OFF : NEED_MORE;
    if (text.charCodeAt(after + 1) !== LF) return HAND_OFF;
    out.stop = after;
    return after + 2;
  }
  if (delimiter.length === 1 ? c === delimiter.charCodeAt(0) : text.startsWith(delimiter, after)) return CONTINUE;
  // A multi-character delimiter may be cut by the end of the text.
  if (!final && delimiter.length > 1 && end - after < delimiter.length && delimiter.startsWith(text.slice(after, end))) return NEED_MORE;
  return HAND_OFF; // text after the closing quote
}

/**
 * The closing quote of a quoted field whose content starts at `from`: a quote not followed by another (`""` is one
 * quote of the content; out.doubledQuote says whether there was one). NEED_MORE when the text ends first, HAND_OFF
 * when the file does (a quote never closed).
 */
function closingQuote(text: string, from: number, end: number, final: boolean, out: RecordFields): number {
  out.doubledQuote = false;
  for (let q = from; ;) {
    const quote = text.indexOf('"', q);
    if (quote < 0 || quote >= end) return final ? HAND_OFF : NEED_MORE;
    if (quote + 1 >= end) return final ? quote : NEED_MORE; // the next character decides
    if (text.charCodeAt(quote + 1) !== QUOTE) return quote;
    out.doubledQuote = true;
    q = quote + 2;
  }
}

/** Counts the LFs in [from, before) (the first at `from`) into out.lineFeeds; returns the next LF at or after `before`, or -1. */
function countLineFeeds(text: string, from: number, before: number, end: number, out: RecordFields): number {
  let at = from;
  while (at >= 0 && at < before) {
    out.lineFeeds++;
    at = text.indexOf('\n', at + 1);
  }
  return at >= end ? -1 : at;
}
