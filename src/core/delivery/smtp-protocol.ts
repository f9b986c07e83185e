// The pure half of our SMTP client (RFC 5321): reading replies, EHLO capabilities, dot-stuffing, envelope checks.
// Nothing here touches a socket, so every rule is table-tested on its own.

export interface SmtpReply {
  /** The three-digit reply code, e.g. 250. */
  code: number;
  /** RFC 3463 enhanced status from the first line, e.g. `5.1.1`, when the server gave one. */
  enhanced?: string | undefined;
  /** The text of each line, code and separator removed. */
  lines: string[];
  /** The whole reply on one line, as an error message shows it: `550 5.1.1 No such user`. */
  text: string;
}

export interface ReplyLimits {
  /** Bytes of one reply, all its lines together. */
  maxBytes: number;
  maxLines: number;
}

/** A multi-line reply counts as one reply: its size is capped as a whole, like its deadline. */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = { maxBytes: 64 * 1024, maxLines: 512 };

export type ReplyFeed = { replies: SmtpReply[]; violation?: undefined } | { replies: SmtpReply[]; violation: string };

const REPLY_LINE = /^([2-5]\d\d)([ -]|$)(.*)$/s;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/** Turns text as it arrives into whole replies; a reply that breaks the grammar or the limits is a violation. */
export class ReplyReader {
  private partial = '';
  private lines: string[] = [];
  private code: number | undefined;
  private bytes = 0;

  constructor(private readonly limits: ReplyLimits = DEFAULT_REPLY_LIMITS) {}

  push(chunk: string): ReplyFeed {
    const replies: SmtpReply[] = [];
    this.partial += chunk;
    this.bytes += chunk.length;
    for (let end = this.partial.indexOf('\n'); end >= 0; end = this.partial.indexOf('\n')) {
      const line = this.partial.slice(0, end).replace(/\r$/, '');
      this.partial = this.partial.slice(end + 1);
      const violation = this.takeLine(line, replies);
      if (violation) return { replies, violation };
    }
    if (this.bytes > this.limits.maxBytes) return { replies, violation: `a reply longer than ${this.limits.maxBytes} bytes` };
    return { replies };
  }

  private takeLine(line: string, replies: SmtpReply[]): string | undefined {
    const match = REPLY_LINE.exec(line);
    if (!match) return `a reply line that is not "<code> text": ${JSON.stringify(line.slice(0, 80))}`;
    const code = Number(match[1]);
    if (this.code !== undefined && code !== this.code) return `a multi-line reply whose code changes from ${this.code} to ${code}`;
    this.code = code;
    this.lines.push(match[3] ?? '');
    if (this.lines.length > this.limits.maxLines) return `a reply of more than ${this.limits.maxLines} lines`;
    if (match[2] === '-') return undefined;
    replies.push(makeReply(code, this.lines));
    this.lines = [];
    this.code = undefined;
    this.bytes = this.partial.length;
    return undefined;
  }
}

export function makeReply(code: number, lines: string[]): SmtpReply {
  const first = lines[0] ?? '';
  const enhanced = ENHANCED.exec(first);
  const sameClass = enhanced && enhanced[1] === String(code)[0];
  return { code, enhanced: sameClass ? `${enhanced[1]}.${enhanced[2]}.${enhanced[3]}` : undefined, lines, text: `${code} ${lines.join(' ')}`.trim() };
}

export interface Capabilities {
  starttls: boolean;
  /** Upper-case mechanism names, e.g. PLAIN, LOGIN. */
  auth: ReadonlySet<string>;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  /** RFC 2920: the envelope (MAIL, RCPT…, DATA) may go in one write, its replies read in order. */
  pipelining: boolean;
  /** RFC 3461: MAIL and RCPT may ask for delivery status notifications (RET, ENVID, NOTIFY, ORCPT). */
  dsn: boolean;
  /** The SIZE limit in bytes, when announced and not 0 (no limit). */
  maxSize?: number | undefined;
}

/** Reads the extension lines of an EHLO reply (the first line is the server's name). */
export function parseCapabilities(reply: SmtpReply): Capabilities {
  const keywords = new Map<string, string[]>();
  for (const line of reply.lines.slice(1)) {
    // Old servers announce `AUTH=LOGIN PLAIN`; it means the same as `AUTH LOGIN PLAIN`.
    const [keyword = '', ...params] = line
      .trim()
      .replace(/^AUTH=/i, 'AUTH ')
      .split(/\s+/);
    if (keyword === '') continue;
    const key = keyword.toUpperCase();
    keywords.set(key, [...(keywords.get(key) ?? []), ...params.map((p) => p.toUpperCase())]);
  }
  const size = Number(keywords.get('SIZE')?.[0]);
  return {
    starttls: keywords.has('STARTTLS'),
    auth: new Set(keywords.get('AUTH') ?? []),
    eightBitMime: keywords.has('8BITMIME'),
    smtpUtf8: keywords.has('SMTPUTF8'),
    pipelining: keywords.has('PIPELINING'),
    dsn: keywords.has('DSN'),
    maxSize: Number.isInteger(size) && size > 0 ? size : undefined,
  };
}

export function hasEightBitBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return true;
  return false;
}

export const isAsciiAddress = (address: string): boolean => /^[\x20-\x7e]*$/.test(address);

/** A mailbox fit for `MAIL FROM:<…>` / `RCPT TO:<…>`: no line breaks, controls, spaces or angle brackets. */
export const isSafeEnvelopeAddress = (address: string): boolean => address.length > 0 && !/[\x00-\x20\x7f<>]/.test(address);

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;

/**
 * The message as DATA carries it (RFC 5321 §4.5.2): every line ends in CRLF, a line starting with "." gets another
 * ".", and the last line ends in CRLF so the terminator `.CRLF` can follow. The bytes are returned as they are when
 * nothing needs changing, which is the usual case for a composed message.
 */
export function dotStuff(raw: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < raw.length; i++) {
    const atLineStart = i === 0 || raw[i - 1] === LF;
    if (atLineStart && raw[i] === DOT) extra++;
    if (raw[i] === LF && (i === 0 || raw[i - 1] !== CR)) extra++;
  }
  const endsWithCrlf = raw.length >= 2 && raw[raw.length - 2] === CR && raw[raw.length - 1] === LF;
  const tail = raw.length === 0 || endsWithCrlf ? 0 : raw[raw.length - 1] === LF ? 0 : 2;
  if (extra === 0 && tail === 0) return raw;
  const out = new Uint8Array(raw.length + extra + tail);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if ((i === 0 || raw[i - 1] === LF) && byte === DOT) out[o++] = DOT;
    if (byte === LF && (i === 0 || raw[i - 1] !== CR)) out[o++] = CR;
    out[o++] = byte;
  }
  if (tail > 0) {
    out[o++] = CR;
    out[o] = LF;
  }
  return out;
}
