// One raw message (RFC 5322 bytes) → the data the classifier reads (core/inbox/message.ts), with mailparser. A message
// it cannot make sense of still becomes one: headers it could read, empty text; the classifier then lists it as
// unmatched rather than the inbox stopping on one bad message.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { messageIds, type InboundMessage } from '../../core/inbox/message.js';

/** Text kept of a message: enough for a bounce's diagnostic and a reply's first lines. */
const TEXT_LIMIT = 64 * 1024;
const RECIPIENT_HEADERS = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to'];

export async function parseInbound(ref: string, raw: Buffer, truncated: boolean): Promise<InboundMessage> {
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 1024 * 1024 });
  const headers = headerRecord(mail);
  const messageId = messageIds(mail.messageId)[0];
  const attachment = (type: string): Attachment | undefined => mail.attachments.find((a) => a.contentType.toLowerCase() === type);
  const returned = attachment('text/rfc822-headers') ?? attachment('message/rfc822');
  const deliveryStatus = attachment('message/delivery-status') ?? attachment('message/global-delivery-status');
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
    deliveryStatus: deliveryStatus?.content.toString('utf8').slice(0, TEXT_LIMIT),
    returnedHeaders: returned ? headerBlock(returned.content) : undefined,
    truncated,
  };
}

/** Each header's raw values, unfolded, by lowercased name. */
function headerRecord(mail: ParsedMail): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
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
  const found = RECIPIENT_HEADERS.flatMap((name) => headers[name] ?? []).flatMap((value) => [...value.matchAll(/[^\s<>,;:"]+@[^\s<>,;:"]+/g)].map((m) => m[0].toLowerCase()));
  return [...new Set(found)];
}

/** The header block of an enclosed message: up to its first empty line. */
function headerBlock(content: Buffer): string {
  const text = content.subarray(0, TEXT_LIMIT).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}
