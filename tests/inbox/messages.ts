// Raw messages (RFC 5322) of every kind the inbox meets, as mail servers and programs write them: a standard delivery
// report (RFC 3464), bounces without one (Exchange, qmail, Postfix), automatic replies, people's replies, and mail
// about something else. Addresses at example.org; names invented.

export interface Sent {
  /** The letter's Message-ID as sent, `<…@example.org>`. */
  messageId: string;
  to: string;
  subject: string;
}

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;
const date = 'Tue, 24 Oct 2017 09:15:00 +0700';

export function dsnFailure(sent: Sent, options: { envelopeId?: string; id?: string } = {}): string {
  const b = 'dsn-boundary-1';
  return crlf([
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: committee@example.org',
    `Subject: Undelivered Mail Returned to Sender`,
    `Message-ID: ${options.id ?? '<dsn-failure-1@mx.example.org>'}`,
    `Date: ${date}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.org.',
    'I am sorry to have to inform you that your message could not be delivered.',
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    ...(options.envelopeId ? [`Original-Envelope-Id: ${options.envelopeId}`] : []),
    'Arrival-Date: Tue, 24 Oct 2017 09:14:58 +0700',
    '',
    `Final-Recipient: rfc822; ${sent.to}`,
    `Original-Recipient: rfc822;${sent.to}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${sent.to}>: Recipient address rejected: User unknown`,
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: Test Committee <committee@example.org>',
    `To: ${sent.to}`,
    `Subject: ${sent.subject}`,
    `Message-ID: ${sent.messageId}`,
    '',
    `--${b}--`,
  ]);
}

export function dsnDelayed(sent: Sent): string {
  return dsnFailure(sent, { id: '<dsn-delay-1@mx.example.org>' })
    .replace('Action: failed', 'Action: delayed')
    .replace('Status: 5.1.1', 'Status: 4.4.1')
    .replace(/Diagnostic-Code: .*\r\n/, 'Diagnostic-Code: smtp; 451 4.4.1 connection timed out\r\nWill-Retry-Until: Thu, 26 Oct 2017 09:14:58 +0700\r\n');
}

/** Exchange's "Undeliverable:" without a delivery-status part: the original quoted as text. */
export function exchangeBounce(sent: Sent): string {
  return crlf([
    'From: postmaster@mail.example.org',
    'To: committee@example.org',
    `Subject: Undeliverable: ${sent.subject}`,
    'Message-ID: <exchange-ndr-1@mail.example.org>',
    `Date: ${date}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Delivery has failed to these recipients or groups:',
    '',
    sent.to,
    "The email address you entered couldn't be found.",
    '',
    'Diagnostic information for administrators:',
    `Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'`,
    '',
    'Original message headers:',
    '',
    `Message-ID: ${sent.messageId}`,
    `Subject: ${sent.subject}`,
  ]);
}

/** qmail's "failure notice": no Message-ID of the original, only the address it failed for. */
export function qmailBounce(sent: Sent): string {
  return crlf([
    'From: MAILER-DAEMON@relay.example.org',
    'To: committee@example.org',
    'Subject: failure notice',
    'Message-ID: <qmail-1@relay.example.org>',
    `Date: ${date}`,
    '',
    'Hi. This is the qmail-send program at relay.example.org.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    `<${sent.to}>:`,
    'Sorry, no mailbox here by that name. (#5.1.1)',
  ]);
}

export function outOfOffice(sent: Sent, options: { subject?: string; headers?: string[]; id?: string } = {}): string {
  return crlf([
    `From: Office of the Minister <${sent.to}>`,
    'To: committee@example.org',
    `Subject: ${options.subject ?? `Automatic reply: ${sent.subject}`}`,
    `Message-ID: ${options.id ?? '<ooo-1@ministry.example.org>'}`,
    `Date: ${date}`,
    `In-Reply-To: ${sent.messageId}`,
    ...(options.headers ?? ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All']),
    'Content-Type: text/plain; charset=utf-8',
    '',
    'I am out of the office until 30 October, with limited access to email.',
  ]);
}

export function humanReply(sent: Sent, options: { threaded?: boolean; id?: string; body?: string; from?: string } = {}): string {
  const threaded = options.threaded ?? true;
  return crlf([
    `From: Cabinet du Ministre <${options.from ?? sent.to}>`,
    'To: Test Committee <committee@example.org>',
    `Subject: RE: ${sent.subject}`,
    `Message-ID: ${options.id ?? '<reply-1@ministry.example.org>'}`,
    `Date: Mon, 6 Nov 2017 11:00:00 +0100`,
    ...(threaded ? [`In-Reply-To: ${sent.messageId}`, `References: ${sent.messageId}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Thank you for your letter. The Minister has asked us to reply that France remains committed to the Agreements.',
    '',
    'On 23 Oct 2017, Test Committee <committee@example.org> wrote:',
    '> We, the undersigned, ask you to act.',
  ]);
}

export function unrelated(): string {
  return crlf([
    'From: Newsletter <news@example.org>',
    'To: committee@example.org',
    'Subject: Our monthly newsletter',
    'Message-ID: <news-1@example.org>',
    `Date: ${date}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'News of the month.',
  ]);
}
