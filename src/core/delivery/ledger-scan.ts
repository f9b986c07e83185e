// Reads a whole ledger file and tells records from damage. Only an append cut short can be ignored: the last line, with
// no newline after it, no NUL byte in it, that is not JSON. Anything else unreadable is damage, and a ledger with damage
// must not be acted on: skipping a lost `sent` record would send that letter again.
import { problem } from '../errors.js';
import type { Problem } from '../types.js';
import { isIsoTime, parseLedgerLine, type LedgerRecord } from './ledger.js';

/**
 * The line a run writes after a torn last line it found, before its own records: it says that the line above is an
 * interrupted append, not damage, so the torn line can stay in the file (nothing is deleted) and still be ignored.
 */
export const TORN_LINE_NOTE = 'the line above is an interrupted write; it is ignored';

export const tornLineMarker = (at: string): string => JSON.stringify({ v: 1, at, note: TORN_LINE_NOTE });

export type LineReading =
  | { kind: 'blank' }
  | { kind: 'record'; record: LedgerRecord }
  | { kind: 'torn-marker' }
  /** `tearable`: could be an append cut short (no NUL byte, UTF-8 but for a cut character at the end, not JSON). */
  | { kind: 'unreadable'; message: string; field?: string | undefined; tearable: boolean };

const NUL_MESSAGE = 'NUL bytes (zeroed by a crash or power cut?)';

/** What one line (its bytes, without the newline) is. `unterminated`: the last line, with no newline after it. */
export function readLedgerLine(bytes: Uint8Array, unterminated: boolean): LineReading {
  if (bytes.includes(0)) return { kind: 'unreadable', message: NUL_MESSAGE, tearable: false };
  let text: string;
  try {
    // A cut append may end inside a character: on the last line an incomplete sequence at the end is allowed.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: unterminated });
  } catch {
    return { kind: 'unreadable', message: 'not valid UTF-8', tearable: false };
  }
  if (text.trim() === '') return { kind: 'blank' };
  const parsed = parseLedgerLine(text);
  if (parsed.record) return { kind: 'record', record: parsed.record };
  const notJson = parsed.field === undefined && parsed.error.startsWith('not valid JSON');
  if (!notJson && isTornMarker(JSON.parse(text))) return { kind: 'torn-marker' };
  return { kind: 'unreadable', message: parsed.error, field: parsed.field, tearable: notJson };
}

function isTornMarker(parsed: unknown): boolean {
  const value = parsed as Record<string, unknown> | null;
  return typeof value === 'object' && value !== null && value.v === 1 && isIsoTime(value.at) && value.note === TORN_LINE_NOTE && value.letter === undefined;
}

export interface LedgerDamage {
  /** 1-based. */
  line: number;
  field?: string | undefined;
  message: string;
}

export interface LedgerScan {
  /** Every readable record, in file order. */
  records: LedgerRecord[];
  /** A torn last line (an append cut short), ignored. */
  tornLastLine?: number | undefined;
  /** Torn lines a later run closed with a marker, ignored. */
  closedTornLines: number[];
  /** Every line that is damaged. Empty when the ledger can be trusted. */
  damage: LedgerDamage[];
  /** The file's last byte is not a newline (a torn line, or a whole record whose newline was cut off). */
  unterminated: boolean;
}

/** What `petition ledger check` found. */
export interface LedgerCheck {
  /** The ledger as the user knows it, e.g. `archive/ledger.jsonl`. */
  ledger: string;
  /** Undefined when there is no ledger file. */
  scan: LedgerScan | undefined;
  problems: Problem[];
}

export function scanLedger(bytes: Uint8Array): LedgerScan {
  const lines = splitLines(bytes);
  const unterminated = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
  const readings = lines.map((line, i) => readLedgerLine(line, unterminated && i === lines.length - 1));
  const scan: LedgerScan = { records: [], closedTornLines: [], damage: [], unterminated };
  readings.forEach((reading, i) => {
    const line = i + 1;
    if (reading.kind === 'record') scan.records.push(reading.record);
    else if (reading.kind === 'torn-marker') {
      if (!isTearable(readings[i - 1])) scan.damage.push({ line, message: 'a torn-line note with no torn line before it' });
    } else if (reading.kind === 'unreadable') {
      if (isTearable(reading) && readings[i + 1]?.kind === 'torn-marker') scan.closedTornLines.push(line);
      else if (isTearable(reading) && unterminated && i === readings.length - 1) scan.tornLastLine = line;
      else scan.damage.push({ line, field: reading.field, message: reading.message });
    }
  });
  return scan;
}

const isTearable = (reading: LineReading | undefined): boolean => reading?.kind === 'unreadable' && reading.tearable;

/** Lines without their newlines; a final newline does not start another line. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

export const recoveryHint = (out = '<dir>'): string => `nothing was sent; run \`petition ledger check --out ${out}\`, then \`petition ledger recover --out ${out}\``;

/** One problem per damaged line; `file` is the ledger as the user knows it. */
export function damageProblems(scan: LedgerScan, file: string, hint: string): Problem[] {
  return scan.damage.map((d) => problem(file, d.line, d.field, d.message, hint));
}

/** What was ignored, as warnings: torn lines are expected after a crash, but worth a word. */
export function scanWarnings(scan: LedgerScan, file: string): string[] {
  const warnings = scan.closedTornLines.map((line) => `${file}:${line}: ignoring a torn line (an interrupted write, closed by a later run)`);
  if (scan.tornLastLine !== undefined) warnings.push(`${file}:${scan.tornLastLine}: ignoring a torn last line (interrupted write)`);
  return warnings;
}
