// A message read from a mailbox, as the classifier needs it: the io side parses the MIME (io/inbox/parse.ts) and
// hands over this data; everything from here on is pure.

export interface InboundMessage {
  /** Where it is in its source (IMAP uid, Maildir file, mbox offset): for messages to the user. */
  ref: string;
  /** What makes this message the same one on every read: its Message-ID, else a hash of its bytes. */
  key: string;
  messageId?: string | undefined;
  /** The Date header as ISO, when it is a date. */
  date?: string | undefined;
  from?: { name: string; address: string } | undefined;
  /** To, Cc, Delivered-To, X-Original-To, Envelope-To: every address the message was for, lowercased. */
  recipients: string[];
  subject: string;
  inReplyTo: string[];
  references: string[];
  /** Every header, lowercased name → its values, unfolded. */
  headers: Readonly<Record<string, readonly string[]>>;
  /** The top-level content type with its parameters, lowercased (`multipart/report; report-type=delivery-status`). */
  contentType: string;
  /** The readable text (text/plain, else the HTML's text), cut to a bounded length. */
  text: string;
  /** The `message/delivery-status` part (RFC 3464), when there is one. */
  deliveryStatus?: string | undefined;
  /** The headers of the message it returns (`text/rfc822-headers` or `message/rfc822`), when a bounce encloses them. */
  returnedHeaders?: string | undefined;
  /** Only the start of a very large message was read. */
  truncated: boolean;
}

/** The first value of a header, or undefined. */
export const header = (m: Pick<InboundMessage, 'headers'>, name: string): string | undefined => m.headers[name.toLowerCase()]?.[0];

/** Message-IDs as `<…>` in a header value (In-Reply-To, References), in order, lowercased for comparison. */
export function messageIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<[^<>\s]+@[^<>\s]+>/g)].map((m) => m[0].toLowerCase());
}
