// What a message in the inbox is: a delivery report (RFC 3464, or a bounce of a known non-standard shape), an
// automatic reply (RFC 3834 and its common cousins), or a person's reply. A report is recognised first: bounces carry
// `Auto-Submitted: auto-replied` too, and must never count as an out-of-office; an automatic reply never counts as a
// person's answer.
import { header, messageIds, type InboundMessage } from './message.js';

export type ReportAction = 'delivered' | 'delayed' | 'failed';

export interface DeliveryReport {
  kind: 'report';
  action: ReportAction;
  /** RFC 3463 status, e.g. 5.1.1. */
  status?: string | undefined;
  diagnostic?: string | undefined;
  /** Final-Recipient / Original-Recipient addresses, lowercased. */
  recipients: string[];
  /** Original-Envelope-Id: our ENVID. */
  envelopeId?: string | undefined;
  /** The Message-ID of the message it returns (from the enclosed headers or text). */
  originalMessageIds: string[];
  /** standard: RFC 3464; else the shape it was recognised by. */
  shape: 'dsn' | 'exchange' | 'qmail' | 'postfix' | 'generic';
}

export type Classification = DeliveryReport | { kind: 'auto-reply'; why: string } | { kind: 'reply' };

export function classify(m: InboundMessage): Classification {
  return deliveryReport(m) ?? autoReply(m) ?? { kind: 'reply' };
}

// ---------------------------------------------------------------------------------------------------------------------
// Delivery reports

function deliveryReport(m: InboundMessage): DeliveryReport | undefined {
  if (m.deliveryStatus !== undefined && /^multipart\/report\b/.test(m.contentType)) return standardReport(m, m.deliveryStatus);
  const shape = bounceShape(m);
  return shape ? textReport(m, shape) : undefined;
}

/** RFC 3464: per-message fields, then one block per recipient, separated by empty lines. */
export function parseDeliveryStatus(text: string): { message: Record<string, string>; recipients: Record<string, string>[] } {
  const blocks = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/)
    .map((block) => Object.fromEntries(block.split('\n').flatMap((line) => fieldOf(line))))
    .filter((fields) => Object.keys(fields).length > 0);
  const [message = {}, ...recipients] = blocks;
  return { message, recipients };
}

function fieldOf(line: string): [string, string][] {
  const at = line.indexOf(':');
  return at > 0 ? [[line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()]] : [];
}

/** `rfc822; sg@example.org` → `sg@example.org`. */
const typedAddress = (value: string | undefined): string | undefined =>
  value
    ?.replace(/^[^;]*;\s*/, '')
    .trim()
    .toLowerCase() || undefined;

const ACTIONS: Record<string, ReportAction> = { failed: 'failed', delayed: 'delayed', delivered: 'delivered', relayed: 'delivered', expanded: 'delivered' };

function standardReport(m: InboundMessage, status: string): DeliveryReport {
  const parsed = parseDeliveryStatus(status);
  // The worst outcome among the recipients speaks for the message: one failed address is a bounce.
  const rank: Record<ReportAction, number> = { failed: 2, delayed: 1, delivered: 0 };
  const blocks = parsed.recipients.map((r) => ({ action: ACTIONS[(r.action ?? '').toLowerCase()] ?? 'failed', fields: r }));
  const worst = blocks.reduce<(typeof blocks)[number] | undefined>((a, b) => (a && rank[a.action] >= rank[b.action] ? a : b), undefined);
  return {
    kind: 'report',
    action: worst?.action ?? 'failed',
    status: worst?.fields.status?.split(/\s/)[0],
    diagnostic: worst?.fields['diagnostic-code']?.replace(/^[^;]*;\s*/, ''),
    recipients: blocks.flatMap((b) => [typedAddress(b.fields['final-recipient']), typedAddress(b.fields['original-recipient'])]).filter((x): x is string => x !== undefined),
    envelopeId: parsed.message['original-envelope-id'],
    originalMessageIds: originalIds(m),
    shape: 'dsn',
  };
}

const MAILER = /^(mailer-daemon|postmaster|mail-daemon|mailer|mail delivery (sub)?system|microsoftexchange[0-9a-f]*)@/i;

/** The shapes of common bounces without a delivery-status part. */
function bounceShape(m: InboundMessage): DeliveryReport['shape'] | undefined {
  const from = m.from?.address ?? '';
  const fromMailer = MAILER.test(from) || /mail delivery (sub)?system/i.test(m.from?.name ?? '');
  const subject = m.subject;
  if (/^undeliverable:/i.test(subject) || /^non ?remis\s*:/i.test(subject)) return 'exchange';
  if (/this is the qmail-send program/i.test(m.text) || (fromMailer && /^failure notice$/i.test(subject))) return 'qmail';
  if (/^undelivered mail returned to sender$/i.test(subject)) return 'postfix';
  if (fromMailer && /(delivery status notification|mail delivery failed|returned mail|delivery failure|undeliver|could not be delivered|delivery has failed|échec de la remise)/i.test(subject))
    return 'generic';
  return undefined;
}

function textReport(m: InboundMessage, shape: DeliveryReport['shape']): DeliveryReport {
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(m.text)?.[1];
  const delayed = /\b(delayed|not yet been delivered|will (retry|keep trying)|temporar(y|ily))\b/i.test(`${m.subject}\n${m.text.slice(0, 2000)}`) && !status?.startsWith('5');
  // Word by word: one regular expression over a crafted 64 KiB text would be quadratic.
  const words = m.text.split(/[\s<>()[\],;:"']+/).filter((w) => w.length <= 254 && /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/i.test(w));
  const recipients = [...new Set(words.map((w) => w.toLowerCase()))];
  return {
    kind: 'report',
    action: delayed ? 'delayed' : 'failed',
    status,
    diagnostic: diagnosticLine(m.text),
    recipients,
    originalMessageIds: originalIds(m),
    shape,
  };
}

/** The line a bounce explains itself with: the first that quotes an SMTP reply or a status. */
function diagnosticLine(text: string): string | undefined {
  const line = text.split(/\r?\n/).find((l) => /\b[245]\d\d[ -][245]?\.?\d|\b[245]\.\d{1,3}\.\d{1,3}\b/.test(l));
  return line?.trim().slice(0, 300) || undefined;
}

/** Message-IDs of the returned message: from its enclosed headers, else from a Message-ID line quoted in the text. */
function originalIds(m: InboundMessage): string[] {
  const source = m.returnedHeaders ?? m.text;
  return [...source.matchAll(/^\s*message-id:\s*(<[^<>\s]+@[^<>\s]+>)/gim)].map((x) => (x[1] ?? '').toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------------
// Automatic replies

/** Out-of-office subjects: English, French, Khmer ("automatic reply", "absent"), as mail programs write them. */
const AUTO_SUBJECT =
  /^(auto(matic)?[ -]?(reply|response)|out of (the )?office|autoreply|absence|absent|réponse automatique|r[ée]ponse automatique|message d'absence|ការឆ្លើយតបស្វ័យប្រវត្តិ|ឆ្លើយតបស្វ័យប្រវត្តិ)(?=$|[\s:：,.(-])|^auto:/iu;

function autoReply(m: InboundMessage): { kind: 'auto-reply'; why: string } | undefined {
  const submitted = header(m, 'auto-submitted')?.toLowerCase();
  if (submitted && !submitted.startsWith('no')) return { kind: 'auto-reply', why: `Auto-Submitted: ${submitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) if (header(m, name) !== undefined) return { kind: 'auto-reply', why: name };
  const precedence = header(m, 'precedence')?.toLowerCase();
  if (precedence && /^(auto_reply|bulk|junk|list)$/.test(precedence)) return { kind: 'auto-reply', why: `Precedence: ${precedence}` };
  if (header(m, 'x-auto-response-suppress') !== undefined && AUTO_SUBJECT.test(stripReplyPrefix(m.subject))) return { kind: 'auto-reply', why: 'out-of-office subject' };
  if (AUTO_SUBJECT.test(m.subject.trim()) || AUTO_SUBJECT.test(stripReplyPrefix(m.subject))) return { kind: 'auto-reply', why: 'out-of-office subject' };
  return undefined;
}

/** "Re: Fwd: AW: TR: RE : subject" → "subject". */
export function stripReplyPrefix(subject: string): string {
  return subject.replace(/^\s*((re|fwd?|aw|tr|wg|sv|ref|réf)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

/** The Message-IDs a reply names: In-Reply-To first, then References from the newest. */
export const repliedTo = (m: InboundMessage): string[] => [...m.inReplyTo, ...[...m.references].reverse()].map((id) => id.toLowerCase());

export { messageIds };
