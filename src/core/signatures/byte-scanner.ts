/**
 * The byte path of the parallel count: reads records from the file's bytes without decoding them first. The caller
 * passes each chunk as Latin-1 text — one character per byte, which is the cheapest decoding there is and lets the
 * searches run natively on one-byte strings — and says whether the chunk is all ASCII.
 *
 * Records are split by `splitRecord` (csv-record.ts), as the text scanner splits them. Each is first tried the cheap
 * way: ASCII only, no CR or LF inside a field, no doubled quote in a field the count reads, as many fields as the
 * header, a name, a valid email, a country and a date of the usual shapes. Such a row is accepted from its bytes (the
 * email is hashed as it is lower-cased). Any other record — non-ASCII bytes, a line break inside a field, an empty or
 * odd email, an unknown country, a ragged row, a bad date — takes the slow way: the record is decoded (UTF-8,
 * Windows-1252 or ISO-8859-1, as the source says), split again and checked by `createRowChecker`, the same code as
 * the sequential path. So the cheap way only ever accepts rows the checker accepts with the same key, country and
 * day; a test holds the two paths equal on every fixture.
 *
 * A record `splitRecord` refuses (text after a closing quote, a quote never closed, a record too long) stops the
 * scanner: the caller hands the rest of the file, from the start of that record, to the full parser.
 */
import { daysInMonth } from '../calendar.js';
import type { RejectReason, SignatureEncoding } from '../types.js';
import { fromLatin1Text } from './encoding.js';
import { recordToRow, type ColumnIndexes } from './columns.js';
import { HAND_OFF, NEED_MORE, RecordFields, splitRecord } from './csv-record.js';
import { parseSignedAt } from './signed-at.js';
import { TEXT_LIMITS } from '../text-policy.js';
import { needsCheckPattern, nextMatch } from './text.js';
import { hashEmailText, hashHi, hashLo } from './signer-set.js';
import { countryCodeOf, createRowChecker, UNSPECIFIED_COUNTRY } from './tally.js';

/** Receives the rows of a range in file order; lines are counted from the start of the range (first line = 1). */
export interface ByteSink {
  /** A valid row: its signer's key hash, and ids into `ByteScanner.countries` / `ByteScanner.days`. */
  valid(hi: number, lo: number, country: number, day: number): void;
  reject(line: number, reason: RejectReason, detail: string): void;
}

export interface ByteScannerOptions {
  /** One ASCII byte other than a quote, CR or LF (see `byteDelimiter`). */
  delimiter: number;
  headerLength: number;
  columns: ColumnIndexes;
  /** How a line that takes the slow way is decoded (ASCII lines read the same in every one). */
  encoding: SignatureEncoding;
}

const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const AT = 64;
const UPPER_T = 84;
const LOWER_T = 116;
const UPPER_Z = 90;
const LOWER_Z = 122;
const CACHE_MAX = 10_000;

/** The delimiter as a byte when the byte path can use it, else undefined. */
export function byteDelimiter(delimiter: string): number | undefined {
  if (delimiter.length !== 1) return undefined;
  const code = delimiter.charCodeAt(0);
  return code < 128 && code !== QUOTE && code !== CR && code !== 10 ? code : undefined;
}

export class ByteScanner {
  /** Country codes by id. */
  readonly countries: string[] = [];
  /** UTC days by id; id 0 is "no date". */
  readonly days: (string | undefined)[] = [undefined];
  /** Lines consumed (an empty line counts), records read (a ragged one counts). */
  lines = 0;
  records = 0;
  handedOff = false;

  private readonly delimiter: number;
  private readonly delimiterText: string;
  private readonly headerLength: number;
  private readonly columns: ColumnIndexes;
  // The columns the cheap way reads, as plain fields: the mapping object may be a slow dictionary-mode object.
  private readonly nameAt: number;
  private readonly nameParts: readonly number[] | undefined;
  private readonly emailAt: number;
  private readonly countryAt: number;
  private readonly signedAtAt: number;
  /** The columns the cheap way reads: a doubled quote in any of them sends the record the slow way. */
  private readonly mappedColumns: readonly number[];
  /** The mapped columns that may not hold a line break (all but the comment and the email, which the cheap way checks itself). */
  private readonly lineColumns: readonly number[];
  private readonly fields: RecordFields;
  private readonly decodedFields: RecordFields;
  private readonly check = createRowChecker();
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly encoding: SignatureEncoding;
  /** Characters the text policy looks at (a control, a tab that is not the delimiter…): their lines go the slow way. */
  private readonly needsCheck: RegExp;
  private readonly delimiterNeedsCheck: boolean;
  private readonly countryIds = new Map<string, number>();
  /** Raw country cells (as bytes, read as Latin-1 = ASCII here) → country id, or -1 for unknown. */
  private readonly rawCountries = new Map<string, number>();
  private readonly dayIds = new Map<string, number>();
  /** Raw country cells by length, first and last character (all ASCII here): found again without slicing them. */
  private readonly countryShapes = new Map<number, { raw: string; id: number }[]>();
  private countryShapesSize = 0;
  /** Day ids + 1 by date, for 1900–2155: found again without slicing or hashing a string. */
  private readonly dayNumbers = new Int32Array(256 * 13 * 32);

  constructor(
    options: ByteScannerOptions,
    private readonly sink: ByteSink,
  ) {
    this.delimiter = options.delimiter;
    this.delimiterText = String.fromCharCode(options.delimiter);
    this.headerLength = options.headerLength;
    this.encoding = options.encoding;
    this.columns = options.columns;
    this.nameAt = options.columns.name;
    this.nameParts = options.columns.nameParts;
    this.emailAt = options.columns.email;
    this.countryAt = options.columns.country;
    this.signedAtAt = options.columns.signed_at;
    ({ pattern: this.needsCheck, delimiterNeedsCheck: this.delimiterNeedsCheck } = needsCheckPattern(this.delimiterText));
    this.mappedColumns = [...(this.nameParts ?? [this.nameAt]), this.emailAt, this.countryAt, this.signedAtAt].filter((at) => at >= 0);
    const { name, country, region, city, postcode, signed_at, source } = options.columns;
    this.lineColumns = [...(this.nameParts ?? [name]), country, region, city, postcode, signed_at, source].filter((at) => at >= 0);
    this.fields = new RecordFields(options.headerLength + 1);
    this.decodedFields = new RecordFields(options.headerLength + 1);
  }

  /**
   * Reads the complete records in text[start, end) (Latin-1: one character per byte; `ascii`: no byte above 127);
   * returns where it stopped: `end`, the start of a record that goes on past `end`, or (handed off) the start of a
   * record it cannot read. `final`: `end` is the end of the file.
   */
  scan(text: string, start: number, end: number, ascii: boolean, final = false): number {
    const fields = this.fields;
    let pos = start;
    let nextCR = text.indexOf('\r', pos);
    const high = ascii ? undefined : /[\x80-\xff]/g;
    let nextHigh = high ? nextMatch(high, text, pos) : -1;
    let nextOdd = nextMatch(this.needsCheck, text, pos);
    while (pos < end) {
      const next = splitRecord(text, pos, end, final, this.delimiterText, fields);
      if (next === NEED_MORE) return pos;
      if (next === HAND_OFF) {
        this.handedOff = true;
        return pos;
      }
      const line = this.lines + 1;
      this.lines += 1 + fields.lineFeeds;
      if (!fields.isEmptyLine(pos)) {
        this.records++;
        const stop = fields.stop;
        if (nextCR >= 0 && nextCR < pos) nextCR = text.indexOf('\r', pos);
        if (high && nextHigh >= 0 && nextHigh < pos) nextHigh = nextMatch(high, text, pos);
        if (nextOdd >= 0 && nextOdd < pos) nextOdd = nextMatch(this.needsCheck, text, pos);
        const ascii = nextHigh < 0 || nextHigh >= stop;
        // A line break (a quoted comment over several lines) does not keep a record from the cheap way as long as it is
        // in a field the checker lets hold one: the comment, or a column not mapped.
        const breaks = fields.lineFeeds > 0 || (nextCR >= 0 && nextCR < stop);
        const plain = ascii && (nextOdd < 0 || nextOdd >= stop) && !(fields.quoted && this.delimiterNeedsCheck) && (!breaks || this.breaksOnlyInFreeText(text));
        if (!(plain && this.fastRecord(text))) this.slowRecord(text, pos, next, line, ascii);
      }
      pos = next;
    }
    return pos;
  }

  /**
   * The cheap way, for a record of ASCII text without CR or LF in any field; false (having done nothing) when it
   * needs the slow way.
   */
  private fastRecord(t: string): boolean {
    const { fields, headerLength } = this;
    if (fields.count !== headerLength) return false;
    const { starts, ends, escaped } = fields;
    const { nameAt, nameParts, emailAt, countryAt, signedAtAt } = this;
    // A mapped field with a doubled quote has a value other than its bytes: read on the slow way.
    if (this.mappedEscaped(escaped)) return false;
    // The name: anything but whitespace, not too long. (No line breaks, no U+FFFD, no control: the record is plain.)
    if (nameParts ? !this.fastJoinedName(t) : !fastName(t, starts[nameAt]!, ends[nameAt]!)) return false;

    // An email is required here; rows without one are keyed by name, country and postcode on the slow way.
    if (emailAt < 0) return false;
    let es = starts[emailAt]!;
    let ee = ends[emailAt]!;
    while (es < ee && isSpace(t.charCodeAt(es))) es++;
    while (ee > es && isSpace(t.charCodeAt(ee - 1))) ee--;
    if (es === ee) return false;

    const country = countryAt < 0 ? this.countryId(UNSPECIFIED_COUNTRY) : this.countryIdAt(t, starts[countryAt]!, ends[countryAt]!);
    if (country < 0) return false;
    const day = signedAtAt < 0 ? 0 : this.fastDayId(t, starts[signedAtAt]!, ends[signedAtAt]!);
    if (day < 0) return false;

    if (!hashAsciiEmail(t, es, ee)) return false;
    this.sink.valid(hashHi, hashLo, country, day);
    return true;
  }

  /** No CR or LF in a mapped column other than the comment (whose text may run over lines). */
  private breaksOnlyInFreeText(t: string): boolean {
    const { starts, ends } = this.fields;
    for (const at of this.lineColumns) {
      const s = starts[at]!;
      const e = ends[at]!;
      const lf = t.indexOf('\n', s);
      const cr = t.indexOf('\r', s);
      if ((lf >= 0 && lf < e) || (cr >= 0 && cr < e)) return false;
    }
    return true;
  }

  private mappedEscaped(escaped: Uint8Array): boolean {
    for (const at of this.mappedColumns) if (escaped[at] === 1) return true;
    return false;
  }

  /** A name joined from several columns (`recordToRow`): its trimmed, non-empty parts and a space between each two. */
  private fastJoinedName(t: string): boolean {
    let length = -1;
    for (const index of this.nameParts!) {
      let s = this.fields.starts[index]!;
      let e = this.fields.ends[index]!;
      while (s < e && isSpace(t.charCodeAt(s))) s++;
      while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
      if (e > s) length += e - s + 1;
    }
    return length > 0 && length <= TEXT_LIMITS.signerName;
  }

  /** The exact way: the record latin1[s, e) decoded (ASCII reads the same in every encoding), split again, checked by the checker. */
  private slowRecord(latin1: string, s: number, e: number, line: number, ascii: boolean): void {
    const text = ascii ? latin1.slice(s, e) : this.decode(latin1, s, e);
    // Decoding maps no byte to a quote, delimiter, CR or LF that was not one: the record splits the same.
    const record = this.decodedFields;
    splitRecord(text, 0, text.length, true, this.delimiterText, record);
    if (record.count !== this.headerLength) {
      this.sink.reject(line, 'ragged-row', `${record.count} fields where the header has ${this.headerLength}`);
      return;
    }
    const values = record.values(text);
    this.needsCheck.lastIndex = 0;
    const cr = text.indexOf('\r');
    const plain = record.lineFeeds === 0 && (cr < 0 || cr >= record.stop) && !this.needsCheck.test(text) && !(this.delimiterNeedsCheck && record.quoted);
    const checked = this.check(recordToRow(values, this.columns), plain);
    if (!checked.ok) this.sink.reject(line, checked.reason, checked.detail);
    else this.sink.valid(checked.hi, checked.lo, this.countryId(checked.country), this.dayId(checked.day));
  }

  /** latin1[s, e) (one character per byte) as the source's encoding reads those bytes. */
  private decode(latin1: string, s: number, e: number): string {
    if (this.encoding !== 'utf-8') return fromLatin1Text(latin1.slice(s, e), this.encoding);
    const bytes = new Uint8Array(e - s);
    for (let i = s; i < e; i++) bytes[i - s] = latin1.charCodeAt(i);
    return this.decoder.decode(bytes);
  }

  private countryId(code: string): number {
    let id = this.countryIds.get(code);
    if (id === undefined) {
      id = this.countries.length;
      this.countries.push(code);
      this.countryIds.set(code, id);
    }
    return id;
  }

  private countryIdAt(t: string, s: number, e: number): number {
    const length = e - s;
    const shape = length === 0 ? 0 : length | (t.charCodeAt(s) << 12) | (t.charCodeAt(e - 1) << 19);
    let seen = this.countryShapes.get(shape);
    if (seen) {
      // The shape holds the length only below 4096: a longer cell must match the raw text's length too.
      for (const entry of seen) if (entry.raw.length === length && t.startsWith(entry.raw, s)) return entry.id;
    }
    const raw = t.slice(s, e);
    const id = this.rawCountryId(raw);
    if (this.countryShapesSize < CACHE_MAX) {
      if (!seen) this.countryShapes.set(shape, (seen = []));
      seen.push({ raw, id });
      this.countryShapesSize++;
    }
    return id;
  }

  private rawCountryId(raw: string): number {
    let id = this.rawCountries.get(raw);
    if (id === undefined) {
      const code = countryCodeOf(raw);
      id = code === null ? -1 : this.countryId(code);
      if (this.rawCountries.size < CACHE_MAX) this.rawCountries.set(raw, id);
    }
    return id;
  }

  private dayId(day: string | undefined): number {
    if (day === undefined) return 0;
    let id = this.dayIds.get(day);
    if (id === undefined) {
      id = this.days.length;
      this.days.push(day);
      this.dayIds.set(day, id);
    }
    return id;
  }

  /**
   * The day of `YYYY-MM-DD`, or of `YYYY-MM-DD[T ]hh:mm`, `…:ss`, `…:ssZ` (UTC: the day is the date as written), read
   * from bytes; any other shape goes through `parseSignedAt`. -1 when invalid.
   */
  private fastDayId(b: string, s: number, e: number): number {
    const length = e - s;
    if (length === 0) return 0;
    if (length === 10 || length === 16 || length === 19 || length === 20) {
      const year = digits(b, s, 4);
      const month = digits(b, s + 5, 2);
      const day = digits(b, s + 8, 2);
      let ok = year >= 0 && b.charCodeAt(s + 4) === DASH && b.charCodeAt(s + 7) === DASH && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
      if (ok && length > 10) {
        const separator = b.charCodeAt(s + 10);
        const hour = digits(b, s + 11, 2);
        const minute = digits(b, s + 14, 2);
        ok = (separator === UPPER_T || separator === LOWER_T || separator === SPACE) && b.charCodeAt(s + 13) === COLON && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
        if (ok && length >= 19) {
          const second = digits(b, s + 17, 2);
          ok = b.charCodeAt(s + 16) === COLON && second >= 0 && second <= 60;
        }
        if (ok && length === 20) ok = b.charCodeAt(s + 19) === UPPER_Z || b.charCodeAt(s + 19) === LOWER_Z;
      }
      if (ok) {
        if (year < 1900 || year > 2155) return this.dayId(b.slice(s, s + 10));
        const key = ((year - 1900) * 13 + month) * 32 + day;
        const known = this.dayNumbers[key]!;
        if (known > 0) return known - 1;
        const id = this.dayId(b.slice(s, s + 10));
        this.dayNumbers[key] = id + 1;
        return id;
      }
    }
    const parsed = parseSignedAt(b.slice(s, e));
    return parsed.ok ? this.dayId(parsed.day) : -1;
  }
}

/** A name in one column: not only whitespace, not too long (counted from its first visible character, conservatively). */
function fastName(t: string, start: number, end: number): boolean {
  let k = start;
  while (k < end && isSpace(t.charCodeAt(k))) k++;
  return k < end && end - k <= TEXT_LIMITS.signerName;
}

/** Whitespace as String.prototype.trim and \s see it, within ASCII. */
const isSpace = (x: number): boolean => x === SPACE || (x >= 9 && x <= 13);

/**
 * `isEmail` on a trimmed ASCII email, then its hash (lower-cased) as `hashEmailText` makes it: one @ with text before
 * it, no whitespace, and a domain of two or more dot-separated non-empty labels. Lower-casing changes none of the
 * characters the check looks at. False: not an email (no hash made). Two tight passes: hashing in this loop, through
 * module state, cost more than reading the email twice.
 */
function hashAsciiEmail(t: string, s: number, e: number): boolean {
  let at = -1;
  let dots = 0;
  let previous = 0;
  for (let i = s; i < e; i++) {
    const x = t.charCodeAt(i);
    if (x === AT) {
      if (at >= 0) return false;
      at = i;
    } else if (x === DOT) {
      // In the domain: not first, not doubled.
      if (at >= 0) {
        if (previous === AT || previous === DOT) return false;
        dots++;
      }
    } else if (x <= SPACE && isSpace(x)) {
      return false;
    }
    previous = x;
  }
  if (!(at > s && at < e - 1 && previous !== DOT && dots > 0)) return false;
  hashEmailText(t, s, e);
  return true;
}

/** The number written by the ASCII digits b[from, from + count) (count 2 or 4), or -1. Unrolled: once per row. */
function digits(b: string, from: number, count: number): number {
  const d0 = b.charCodeAt(from) - 48;
  const d1 = b.charCodeAt(from + 1) - 48;
  if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9)) return -1;
  if (count === 2) return d0 * 10 + d1;
  const d2 = b.charCodeAt(from + 2) - 48;
  const d3 = b.charCodeAt(from + 3) - 48;
  if (!(d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9)) return -1;
  return d0 * 1000 + d1 * 100 + d2 * 10 + d3;
}
