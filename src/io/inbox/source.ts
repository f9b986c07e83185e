// What `petition inbox` reads replies and bounces from: an IMAP mailbox, a Maildir folder or an mbox file, each as the
// same stream of raw messages, so the classifier never knows which one it reads.

/** Larger than this, a message is kept only in part: a bounce or reply that big is an attachment, not a verdict. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** How much of a message over MAX_MESSAGE_BYTES is kept: its headers and first parts, where a DSN says what failed. */
export const MAX_READ_BYTES = 1024 * 1024;

export interface InboundRaw {
  /** Stable id of the message within its source, the same on every read: IMAP `<uidvalidity>:<uid>`, a Maildir file's unique name (the part before ':2,'), an mbox message's byte offset. */
  ref: string;
  /** The message's bytes (RFC 5322), or its first MAX_READ_BYTES when `truncated`. */
  raw: Buffer;
  /** Its full size in bytes. */
  size: number;
  /** Only the start was read: the message is larger than MAX_MESSAGE_BYTES (25 MiB); headers and the first parts are kept (first 1 MiB). */
  truncated: boolean;
}

export interface InboxSource {
  /** How the source is named in messages: 'imap://user@host/INBOX' (never the password), 'maildir replies/', 'mbox replies.mbox'. */
  readonly name: string;
  messages(): AsyncIterable<InboundRaw>;
  /** Marks these messages seen (IMAP \Seen flag; Maildir: the 'S' info flag by renaming into cur/; mbox: unsupported → throws InputError saying so). Only called with --mark-seen. */
  markSeen(refs: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Gathers one message's bytes as they arrive: all of them while it is within MAX_MESSAGE_BYTES, then only its first
 * MAX_READ_BYTES, so a huge message costs at most MAX_MESSAGE_BYTES of memory however large it is.
 */
export class MessageBytes {
  private chunks: Buffer[] = [];
  private size = 0;

  add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const keep = this.size <= MAX_MESSAGE_BYTES;
    this.size += bytes.length;
    if (!keep) return;
    this.chunks.push(bytes);
    if (this.size > MAX_MESSAGE_BYTES) this.chunks = [Buffer.concat(this.chunks, MAX_READ_BYTES)]; // a copy: the 25 MiB read so far is let go
  }

  done(ref: string): InboundRaw {
    const truncated = this.size > MAX_MESSAGE_BYTES;
    return { ref, raw: Buffer.concat(this.chunks), size: this.size, truncated };
  }
}
