// Builds the exact bytes of a letter's email once, so the archived .eml and what the server receives are the same.
import { createHash } from 'node:crypto';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import DKIM from 'nodemailer/lib/dkim';
import type { Letter, MailAddress } from '../../core/types.js';
import type { OutgoingMessage } from '../../core/delivery/sender.js';
import { headerProblems, testAddressProblems } from '../../core/delivery/headers.js';
import { envelopeId, returnPath, testEnvelopeId } from '../../core/delivery/dsn.js';
import { formatProblem } from '../../core/errors.js';
import { hasLineBreak } from '../../core/text-policy.js';

/** A letter the adapter refuses to put on the wire. Permanent: sending it again would not help. */
export class UnsafeLetterError extends Error {
  readonly code = 'EUNSAFE';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeLetterError';
  }
}

export interface ComposeOptions {
  date: Date;
  /** Send to this one address instead, subject prefixed "[TEST] ", no Cc, a Message-ID of its own. */
  testTo?: string | undefined;
  dkim?: { domainName: string; keySelector: string; privateKey: string } | undefined;
  envelopeFrom?: string | undefined;
  /** SMTP_RETURN_PATH, e.g. `bounces+{token}@example.org`: each real letter's MAIL FROM names the letter (VERP). */
  returnPath?: string | undefined;
}

export interface AttachmentFile {
  path: string;
  filename: string;
  /** The file's bytes, read once for a run when several letters enclose it (the annex); else read from `path`. */
  content?: Buffer | undefined;
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** `<first 32 hex of sha256(id + contentHash)@sender-domain>`: the same letter always gets the same Message-ID. */
export function letterMessageId(letter: Pick<Letter, 'id' | 'contentHash' | 'from'>, testRun?: string): string {
  const seed = testRun === undefined ? letter.id + letter.contentHash : `test:${testRun}:${letter.id}${letter.contentHash}`;
  const hash = createHash('sha256').update(seed).digest('hex').slice(0, 32);
  const domain = letter.from ? domainOf(letter.from.address) : 'petition.invalid';
  return `<${testRun === undefined ? '' : 'test-'}${hash}@${domain}>`;
}

export async function composeMessage(letter: Letter, attachments: readonly AttachmentFile[], options: ComposeOptions): Promise<OutgoingMessage> {
  // The core validates letters before a run; this is the last line of defence before the wire.
  const problems = headerProblems(letter);
  problems.push(...testAddressProblems(options.testTo));
  for (const a of attachments) if (hasLineBreak(a.filename)) problems.push({ severity: 'error', file: letter.id, field: 'attachment', message: 'file name contains a line break' });
  if (problems.length > 0) throw new UnsafeLetterError(`refusing to send ${letter.id}: ${problems.map(formatProblem).join('; ')}`);

  const from = letter.from as MailAddress; // headerProblems guarantees it
  const test = options.testTo !== undefined;
  const to = test ? [{ name: '', address: options.testTo as string }] : letter.to;
  const cc = test ? [] : letter.cc;
  const messageId = letterMessageId(letter, test ? options.date.toISOString() : undefined);
  const composer = new MailComposer({
    from,
    replyTo: letter.replyTo,
    to,
    cc: cc.length > 0 ? cc : undefined,
    subject: test ? `[TEST] ${letter.subject}` : letter.subject,
    messageId,
    date: options.date,
    text: letter.text.replace(/\r\n|\r|\n/g, '\r\n'),
    html: letter.html.replace(/\r\n|\r|\n/g, '\r\n'),
    attachments: attachments.map((a) => ({ ...(a.content ? { content: a.content } : { path: a.path }), filename: a.filename, contentType: contentTypeOf(a.filename) })),
    ...threading(letter),
    headers: { 'X-Petition-Letter': letter.id },
    xMailer: false,
    disableUrlAccess: true,
  });
  // SMTP carries CRLF line ends; normalising here makes the archived .eml the bytes the server receives.
  let raw: Buffer = toCrlf(await composer.compile().build());
  if (options.dkim) raw = await signDkim(raw, options.dkim);
  return {
    letterId: letter.id,
    messageId,
    envelope: { from: envelopeSender(letter, options), to: [...to, ...cc].map((a) => a.address) },
    envelopeId: test ? testEnvelopeId(letter.id) : envelopeId(letter.id),
    raw,
  };
}

/** A reminder answers the letter it follows up, as a reply would: mail programs show both in one thread, and a reply
 *  to either names a Message-ID of ours. */
function threading(letter: Letter): { inReplyTo?: string; references?: string[] } {
  if (!letter.followUp) return {};
  const original = letterMessageId({ ...letter, id: letter.followUp.of, contentHash: letter.followUp.ofContentHash });
  return { inReplyTo: original, references: [original] };
}

/** MAIL FROM: the letter's own return path when SMTP_RETURN_PATH is set, except in a test send, whose bounce must not
 *  be taken for a real letter's; else SMTP_ENVELOPE_FROM or the letter's From. */
function envelopeSender(letter: Letter, options: ComposeOptions): string {
  if (options.returnPath !== undefined && options.testTo === undefined) return returnPath(options.returnPath, letter.id);
  return options.envelopeFrom ?? (letter.from as MailAddress).address;
}

/**
 * nodemailer's signer passes the message through UNSIGNED when the key cannot sign (its sign() returns false): a
 * message that was meant to be signed and is not never leaves. The key is checked up front (config.ts); this is the
 * last line of defence.
 */
async function signDkim(raw: Buffer, dkim: NonNullable<ComposeOptions['dkim']>): Promise<Buffer> {
  const signed = await streamToBuffer(new DKIM(dkim).sign(raw));
  if (!signed.subarray(0, DKIM_HEADER.length).equals(DKIM_HEADER)) throw new DkimSigningError('DKIM signing failed: check DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE; nothing unsigned was sent');
  return signed;
}

const DKIM_HEADER = Buffer.from('DKIM-Signature:');

/** The DKIM key could not sign: nothing goes out unsigned. */
export class DkimSigningError extends Error {
  readonly code = 'EDKIM';
  constructor(message: string) {
    super(message);
    this.name = 'DkimSigningError';
  }
}

function toCrlf(raw: Buffer): Buffer {
  let bare = false;
  for (let i = raw.indexOf(0x0a); i !== -1; i = raw.indexOf(0x0a, i + 1)) {
    if (i === 0 || raw[i - 1] !== 0x0d) {
      bare = true;
      break;
    }
  }
  return bare ? Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1') : raw;
}

function contentTypeOf(filename: string): string {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.pdf') return 'application/pdf';
  if (ext === '.txt') return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
