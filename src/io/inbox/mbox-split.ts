// Splits an mbox byte stream into messages, chunk by chunk, so a file of any size is read in bounded memory: the
// mboxo/mboxrd rules (a message starts at a `From ` line at the start or after an empty line; `>From ` in a body is
// an escaped `From `), line endings kept as they are.
import { MessageBytes, type InboundRaw } from './source.js';

const LF = 0x0a;
/** A line longer than this without its end is passed on in pieces: only its first bytes decide what it is. */
const LONGEST_HEAD = 64 * 1024;
const FROM = Buffer.from('From ');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const isBlank = (line: Buffer): boolean => (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === 0x0d && line[1] === LF);

/** `>From `, `>>From ` …: the line less its first `>`; undefined for any other line. */
function unescaped(line: Buffer): Buffer | undefined {
  let i = 0;
  while (line[i] === 0x3e) i++;
  return i > 0 && line.subarray(i, i + FROM.length).equals(FROM) ? line.subarray(1) : undefined;
}

export class MboxSplitter {
  /** Where the next byte pushed lies in the file. */
  private offset = 0;
  /** The start of a line not yet ended. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Inside a long line whose start was already passed on. */
  private midLine = false;
  /** The message being read, and the offset of its From line. */
  private current: { ref: number; bytes: MessageBytes } | undefined;
  /** An empty line held back: the separator before the next From line, or part of the body. */
  private pendingBlank: Buffer | undefined;
  private previousBlank = true;

  /** The messages completed by this chunk. */
  push(chunk: Buffer): InboundRaw[] {
    const done: InboundRaw[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      this.piece(chunk.subarray(start, end + 1), true, done);
      start = end + 1;
    }
    if (start < chunk.length) this.piece(chunk.subarray(start), false, done);
    return done;
  }

  /** The last message, if any. */
  end(): InboundRaw[] {
    const done: InboundRaw[] = [];
    if (this.carryLength > 0) this.line(this.takeCarry(), done);
    this.pendingBlank = undefined; // the separator mbox writers put after the last message
    if (this.current) done.push(this.current.bytes.done(String(this.current.ref)));
    this.current = undefined;
    return done;
  }

  private piece(bytes: Buffer, ended: boolean, done: InboundRaw[]): void {
    if (this.midLine) {
      this.current?.bytes.add(bytes);
      this.offset += bytes.length;
      this.midLine = !ended;
      return;
    }
    this.carry.push(bytes);
    this.carryLength += bytes.length;
    if (ended) this.line(this.takeCarry(), done);
    else if (this.carryLength > LONGEST_HEAD) {
      this.line(this.takeCarry(), done);
      this.midLine = true;
    }
  }

  private takeCarry(): Buffer {
    const line = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry);
    this.carry = [];
    this.carryLength = 0;
    return line;
  }

  /** One line (or the head of a long one), ending in LF unless it is the file's last. */
  private line(whole: Buffer, done: InboundRaw[]): void {
    // A byte-order mark is no part of the first line: a From line after it still starts the file.
    const bom = this.offset === 0 && whole.subarray(0, BOM.length).equals(BOM) ? BOM.length : 0;
    const line = whole.subarray(bom);
    this.offset += bom;
    const at = this.offset;
    this.offset += line.length;
    const separator = this.previousBlank && line.subarray(0, FROM.length).equals(FROM);
    this.previousBlank = isBlank(line);
    if (separator) {
      this.pendingBlank = undefined;
      if (this.current) done.push(this.current.bytes.done(String(this.current.ref)));
      this.current = { ref: at, bytes: new MessageBytes() };
      return;
    }
    if (!this.current) return; // blank lines (or a BOM) before the first From line: openMbox checked there is no more
    if (this.pendingBlank) this.current.bytes.add(this.pendingBlank);
    this.pendingBlank = undefined;
    if (this.previousBlank) this.pendingBlank = line;
    else this.current.bytes.add(unescaped(line) ?? line);
  }
}
