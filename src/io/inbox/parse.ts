// One raw message (RFC 5322 bytes) → the data the classifier reads (core/inbox/message.ts), with mailparser. A message
// it cannot make sense of still becomes one: headers it could read, empty text; the classifier then lists it as
// unmatched rather than the inbox stopping on one bad message.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { messageIds, type InboundMessage } from '../../core/inbox/message.js';

/** Text kept of a message: enough for a bounce's diagnostic and a reply's first lines. */
const TEXT_LIMIT = 64 * 1024;
const RECIPIENT_HEADERS = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to'];
/** A header value longer than this is cut: no real header is, and every scan of it stays short. */
const HEADER_LIMIT = 16 * 1024;

export async function parseInbound(ref: string, raw: Buffer, truncated: boolean): Promise<InboundMessage> {
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
  const headers = headerRecord(mail);
  const messageId = messageIds(mail.messageId)[0];
  const attachment = (type: string): Attachment | undefined => mail.attachments.find((a) => a.contentType.toLowerCase() === type);
  const returned = attachment('text/rfc822-headers') ?? attachment('message/rfc822');
  // mailparser shows a delivery-status part as text among the rest: it is read from the MIME parts directly.
  const deliveryStatus = reportPart(raw, headers['content-type']?.[0] ?? '');
  return {
    ref,
    key: messageId ? `message-id:${messageId}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    messageId,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined,
    from: firstAddress(mail.from),
    recipients: recipients(headers),
    subject: mail.subject ?? '',
    inReplyTo: messageIds(mail.inReplyTo),
    references: messageIds(Array.isArray(mail.references) ? mail.references.join(' ') : mail.references),
    headers,
    contentType: (headers['content-type']?.[0] ?? 'text/plain').toLowerCase().replace(/\s+/g, ' '),
    text: (mail.text ?? '').slice(0, TEXT_LIMIT),
    deliveryStatus,
    returnedHeaders: returned ? headerBlock(returned.content) : undefined,
    truncated,
  };
}

/** Each header's raw values, unfolded, by lowercased name. */
function headerRecord(mail: ParsedMail): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1, HEADER_LIMIT)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (out[key.toLowerCase()] ??= []).push(value);
  }
  return out;
}

function firstAddress(from: AddressObject | undefined): InboundMessage['from'] {
  const first = from?.value[0];
  return first?.address ? { name: first.name, address: first.address.toLowerCase() } : undefined;
}

/** Every address the message was for, from its headers' raw values (a Delivered-To is no address object). */
function recipients(headers: Record<string, string[]>): string[] {
  // Split, then look at each word: a regular expression over the whole value would be quadratic on a crafted one.
  const found = RECIPIENT_HEADERS.flatMap((name) => headers[name] ?? [])
    .flatMap((value) => value.split(/[\s<>,;:"]+/))
    .filter((word) => /^[^@]+@[^@]+$/.test(word))
    .map((word) => word.toLowerCase());
  return [...new Set(found)];
}

/** The header block of an enclosed message: up to its first empty line. */
function headerBlock(content: Buffer): string {
  const text = content.subarray(0, TEXT_LIMIT).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * The `message/delivery-status` part of a `multipart/report` (RFC 3462: a top-level part), its body as text. RFC 3464
 * fields are ASCII (7bit); a part sent base64 or quoted-printable is decoded.
 */
export function reportPart(raw: Buffer, contentType: string): string | undefined {
  if (!/^\s*multipart\/report\b/i.test(contentType)) return undefined;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const text = raw.subarray(0, 4 * TEXT_LIMIT).toString('latin1');
  for (const part of text.split(`--${marker}`).slice(1)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = part.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
    if (!/^content-type:\s*message\/(global-)?delivery-status\b/im.test(head)) continue;
    const body = part.slice(split).replace(/^\r?\n\r?\n/, '');
    const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
    if (encoding === 'quoted-printable')
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
    return Buffer.from(body, 'latin1').toString('utf8');
  }
  return undefined;
}
