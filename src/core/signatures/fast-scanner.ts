/**
 * The fast path for the common case of CSV: no quotes and no bare CR. Such text is exactly "records are lines, fields
 * are split on the delimiter", so a record is `line.split(delimiter)` — several times faster than a general CSV parser.
 *
 * The scanner never guesses: at the first line holding a quote or a bare CR it stops and hands the rest of the text,
 * starting at that line, to the full parser. Everything before that point was unambiguous, so the two paths give the
 * same records with the same line numbers (a test checks this on every fixture).
 *
 * Line endings: LF or CRLF (as the full parser is configured). Empty lines are skipped, as the full parser does.
 */
/**
 * Receives each record with the line it starts on. `plain` is a promise from the fast path: no field holds CR, LF or
 * U+FFFD, so the tally may skip those checks.
 */
export type RecordSink = (fields: string[], line: number, plain?: boolean) => void;

export class FastScanner {
  private carry = '';
  /** Lines fully consumed so far (a skipped empty line counts). */
  private linesDone = 0;
  private handedOff = false;

  constructor(private readonly delimiter: string) {}

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
        return this.checkCarry();
      }
      const head = this.carry + text.slice(0, newline + 1);
      this.carry = '';
      const stopped = this.scanRegion(head, 0, sink);
      if (this.handedOff) {
        this.carry = head.slice(stopped) + text.slice(newline + 1);
        return false;
      }
      from = newline + 1;
    }
    const stopped = this.scanRegion(text, from, sink);
    this.carry = text.slice(stopped);
    return this.handedOff ? false : this.checkCarry();
  }

  /** Scans the last line (one without a final newline). Returns false if it had to hand off. */
  end(sink: RecordSink): boolean {
    if (this.handedOff) return false;
    const line = this.carry;
    if (line.length === 0) return true;
    if (line.includes('"') || line.includes('\r')) {
      this.handedOff = true;
      return false;
    }
    this.carry = '';
    this.linesDone++;
    sink(line.split(this.delimiter), this.linesDone, !line.includes('\uFFFD'));
    return true;
  }

  /** After a hand-off: the unread text (from the start of the first unusual line) and how many lines came before it. */
  takeRemainder(): { text: string; linesBefore: number } {
    const text = this.carry;
    this.carry = '';
    return { text, linesBefore: this.linesDone };
  }

  /** A quote in an unfinished line means a hand-off is coming; do it now rather than buffering the whole file. */
  private checkCarry(): boolean {
    if (this.carry.includes('"')) this.handedOff = true;
    return !this.handedOff;
  }

  /**
   * Scans the complete lines of data[from…]; stops (and hands off) before the first line with a quote or a bare CR.
   * Returns where it stopped: the start of the unfinished last line, or of the line handed off.
   */
  private scanRegion(data: string, from: number, sink: RecordSink): number {
    const lastNewline = data.lastIndexOf('\n');
    if (lastNewline < from) return from;
    let end = lastNewline + 1;
    const quote = data.indexOf('"', from);
    if (quote >= 0 && quote < end) {
      end = Math.max(from, data.lastIndexOf('\n', quote) + 1);
      this.handedOff = true;
    }
    const stopped = this.scanLines(data, from, end, sink);
    if (stopped < end) this.handedOff = true;
    return stopped;
  }

  /**
   * Splits the lines in data[start, end) into fields, slicing straight from the chunk (no per-line string); returns
   * where it stopped (before a line with a bare CR).
   */
  private scanLines(data: string, start: number, end: number, sink: RecordSink): number {
    const delimiter = this.delimiter;
    const step = delimiter.length;
    // One search per chunk: bytes that were not UTF-8 decode to U+FFFD; without any, the tally can skip that check.
    const damaged = data.indexOf('\uFFFD', start);
    const plain = damaged < 0 || damaged >= end;
    let nextCR = data.indexOf('\r', start);
    while (start < end) {
      const newline = data.indexOf('\n', start);
      let stop = newline;
      if (stop > start && data.charCodeAt(stop - 1) === 13) stop--;
      if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf('\r', start);
      if (nextCR >= 0 && nextCR < stop) return start; // a bare CR: the full parser decides what it means
      this.linesDone++;
      if (stop > start) {
        const fields: string[] = [];
        let from = start;
        for (;;) {
          const at = data.indexOf(delimiter, from);
          if (at < 0 || at >= stop) break;
          fields.push(data.slice(from, at));
          from = at + step;
        }
        fields.push(data.slice(from, stop));
        sink(fields, this.linesDone, plain);
      }
      start = newline + 1;
    }
    return start;
  }
}
