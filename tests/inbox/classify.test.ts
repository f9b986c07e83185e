// Every kind of message the inbox meets, parsed from its raw bytes (io/inbox/parse.ts), classified and matched to
// the letter it is about (core/inbox): as a table, one row per message.
import { describe, expect, it } from 'vitest';
import { classify, parseDeliveryStatus, stripReplyPrefix } from '../../src/core/inbox/classify.js';
import { matchIndex, matchMessage, type SentLetter } from '../../src/core/inbox/match.js';
import { excerpt as excerptOf, planInbox } from '../../src/core/inbox/plan.js';
import { foldLedger, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { parseInbound } from '../../src/io/inbox/parse.js';
import { formatInbox } from '../../src/ui/inbox-report.js';
import { Chalk } from 'chalk';
import { dsnDelayed, dsnFailure, exchangeBounce, humanReply, outOfOffice, qmailBounce, unrelated, type Sent } from './messages.js';

const subject = 'Restore the Paris Peace Agreements';
const sg: Sent = { messageId: '<a1b2c3@example.org>', to: 'sg@example.org', subject };
const minister: Sent = { messageId: '<d4e5f6@example.org>', to: 'minister@example.org', subject };
const letters: SentLetter[] = [
  { id: 'test/un-sg/en', messageIds: [sg.messageId], to: [sg.to], subject, envelopeId: 'env-sg', returnToken: 'tok5g' },
  { id: 'test/fr-minister/en', messageIds: [minister.messageId], to: [minister.to], subject, envelopeId: 'env-fr', returnToken: 'tokfr' },
];
const index = matchIndex(letters);
const read = (raw: string, ref = 'm') => parseInbound(ref, Buffer.from(raw), false);

describe('classify and match', () => {
  it.each([
    ['an RFC 3464 failure, by its envelope id', dsnFailure(sg, { envelopeId: 'env-sg' }), { kind: 'report', action: 'failed', status: '5.1.1' }, { letter: 'test/un-sg/en', by: 'envelope-id' }],
    [
      'an RFC 3464 failure without envelope id, by the returned Message-ID',
      dsnFailure(minister),
      { kind: 'report', action: 'failed', status: '5.1.1' },
      { letter: 'test/fr-minister/en', by: 'original-message-id', about: minister.messageId },
    ],
    ['an RFC 3464 delay', dsnDelayed(sg), { kind: 'report', action: 'delayed', status: '4.4.1' }, { letter: 'test/un-sg/en', by: 'original-message-id', about: sg.messageId }],
    [
      'an Exchange "Undeliverable" without a report part',
      exchangeBounce(minister),
      { kind: 'report', action: 'failed', shape: 'exchange' },
      { letter: 'test/fr-minister/en', by: 'original-message-id', about: minister.messageId },
    ],
    [
      'a qmail failure notice, by the address it failed for',
      qmailBounce(sg),
      { kind: 'report', action: 'failed', status: '5.1.1', shape: 'qmail' },
      { letter: 'test/un-sg/en', by: 'recipient-address' },
    ],
    ['an out-of-office (Auto-Submitted)', outOfOffice(minister), { kind: 'auto-reply' }, { letter: 'test/fr-minister/en', by: 'in-reply-to', about: minister.messageId }],
    [
      'an out-of-office in French by its subject only',
      outOfOffice(minister, { subject: `Réponse automatique : ${subject}`, headers: [] }),
      { kind: 'auto-reply', why: 'out-of-office subject' },
      { letter: 'test/fr-minister/en', by: 'in-reply-to', about: minister.messageId },
    ],
    [
      'an out-of-office in Khmer by its subject only',
      outOfOffice(sg, { subject: 'ការឆ្លើយតបស្វ័យប្រវត្តិ', headers: [] }),
      { kind: 'auto-reply' },
      { letter: 'test/un-sg/en', by: 'in-reply-to', about: sg.messageId },
    ],
    [
      'an X-Autoreply',
      outOfOffice(sg, { subject: 'Re: your letter', headers: ['X-Autoreply: yes'] }),
      { kind: 'auto-reply', why: 'x-autoreply' },
      { letter: 'test/un-sg/en', by: 'in-reply-to', about: sg.messageId },
    ],
    ['a person’s reply, threaded', humanReply(minister), { kind: 'reply' }, { letter: 'test/fr-minister/en', by: 'in-reply-to', about: minister.messageId }],
    ['a person’s reply without In-Reply-To, by address and subject', humanReply(minister, { threaded: false }), { kind: 'reply' }, { letter: 'test/fr-minister/en', by: 'address-and-subject' }],
  ])('%s', async (_, raw, kind, match) => {
    const m = await read(raw);
    const c = classify(m);
    expect(c).toMatchObject(kind);
    expect(matchMessage(m, c, index)).toEqual(match);
  });

  it.each([
    ['mail about something else', unrelated(), /not from an addressee, and it names no Message-ID/],
    [
      'a reply from an addressee about another subject, unthreaded',
      humanReply(minister, { threaded: false }).replace(`RE: ${subject}`, 'Invitation to a reception'),
      /from minister@example.org \(an addressee\), but its subject is not one of the letters/,
    ],
    [
      'a forged reply naming a Message-ID of another campaign',
      humanReply(sg, { from: 'someone@example.net' }).replace(new RegExp(sg.messageId, 'g'), '<other-campaign@example.com>'),
      /not from an addressee/,
    ],
    ['a bounce that names nothing of ours', qmailBounce({ ...sg, to: 'nobody@example.net' }), /names no letter sent from this archive/],
  ])('leaves %s unmatched, saying why', async (_, raw, why) => {
    const m = await read(raw);
    const result = matchMessage(m, classify(m), index);
    expect(result.letter).toBeUndefined();
    expect('why' in result ? result.why : '').toMatch(why);
  });

  it.each([
    ['bytes that are no message at all', '\u0000\u0001garbage\r\n\r\n\u00ff\u00fe'],
    ['a multipart without its boundary', 'From: a@example.net\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\nhalf a part'],
    [
      'a report whose delivery-status part is cut off',
      'From: MAILER-DAEMON@example.net\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nAction: fai',
    ],
    ['terminal escapes in the subject', 'From: x@example.net\r\nSubject: \u001b]8;;http://example.net\u0007click\u001b]8;;\u0007\r\n\r\nhi'],
  ])('a malformed message (%s) is read and left unmatched, never a crash', async (_, raw) => {
    const m = await read(raw);
    const result = matchMessage(m, classify(m), index);
    expect(result.letter).toBeUndefined();
  });

  it('matches a reply to a letter and its reminder: threaded to the one it names, else to the letter', async () => {
    const reminder: Sent = { messageId: '<r7e8f9@example.org>', to: minister.to, subject: `Re: ${subject}` };
    const both = matchIndex([...letters, { id: 'test/fr-minister.follow-up/en', messageIds: [reminder.messageId], to: [minister.to], subject: reminder.subject }]);
    const toReminder = await read(humanReply(reminder));
    expect(matchMessage(toReminder, classify(toReminder), both)).toEqual({ letter: 'test/fr-minister.follow-up/en', by: 'in-reply-to', about: reminder.messageId });
    const unthreaded = await read(humanReply(reminder, { threaded: false }));
    expect(matchMessage(unthreaded, classify(unthreaded), both)).toEqual({ letter: 'test/fr-minister/en', by: 'address-and-subject' });
  });

  it('leaves a bounce of a message not ours unmatched, though it names an addressee', async () => {
    const raw = exchangeBounce({ messageId: '<newsletter-42@lists.example.org>', to: minister.to, subject: 'Our December newsletter' });
    const m = await read(raw);
    expect(matchMessage(m, classify(m), index)).toEqual({ why: 'a delivery report about <newsletter-42@lists.example.org>, a message not sent from this archive' });
  });

  it('reads a crafted 1 MB header and body in linear time', async () => {
    const long = 'a'.repeat(1_000_000);
    const started = Date.now();
    const m = await read(`From: x@example.net\r\nTo: ${long}\r\nSubject: Undeliverable: x\r\n\r\n${long}`);
    classify(m);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('matches a bounce sent to the return path by its token, whatever it says', async () => {
    const raw = qmailBounce({ ...sg, to: 'nobody@example.net' }).replace('To: committee@example.org', 'To: bounces+TOKFR@example.org');
    const m = await read(raw);
    expect(matchMessage(m, classify(m), index)).toEqual({ letter: 'test/fr-minister/en', by: 'return-path' });
  });

  it('never takes a delivery report for an automatic reply, though it says Auto-Submitted', async () => {
    expect(classify(await read(dsnFailure(sg))).kind).toBe('report');
  });
});

describe('the inbox plan', () => {
  const records: LedgerRecord[] = [
    { v: 1, at: '2017-10-23T01:00:00.000Z', letter: 'test/un-sg/en', event: 'sent', contentHash: 'h-sg', messageId: sg.messageId, accepted: [sg.to] },
    { v: 1, at: '2017-10-23T01:00:00.000Z', letter: 'test/fr-minister/en', event: 'sent', contentHash: 'h-fr', messageId: minister.messageId, accepted: [minister.to] },
  ];
  const ledger = foldLedger(records);

  it('records one event per message about a letter, and nothing the second time', async () => {
    const messages = await Promise.all([dsnFailure(sg, { envelopeId: 'env-sg' }), outOfOffice(minister), humanReply(minister, { threaded: false }), unrelated()].map((raw, i) => read(raw, `r${i}`)));
    const first = planInbox(messages, index, ledger, new Set(), '2017-11-07T00:00:00.000Z');
    expect(first.records.map((r) => [r.letter, r.event, r.contentHash, r.inbound?.matchedBy])).toEqual([
      ['test/un-sg/en', 'bounced', 'h-sg', 'envelope-id'],
      ['test/fr-minister/en', 'auto-replied', 'h-fr', 'in-reply-to'],
      ['test/fr-minister/en', 'replied', 'h-fr', 'address-and-subject'],
    ]);
    expect(first.records[0]?.inbound).toMatchObject({ status: '5.1.1', date: '2017-10-24T02:15:00.000Z', diagnostic: expect.stringContaining('User unknown') as string });
    expect(first.records[2]?.inbound?.excerpt).toBe('Thank you for your letter. The Minister has asked us to reply that France remains committed to the Agreements.');
    expect(first.outcomes.filter((o) => !o.letter).map((o) => o.ref)).toEqual(['r3']);

    const folded = foldLedger([...records, ...first.records]);
    expect(folded.letters.get('test/un-sg/en')).toMatchObject({ status: 'sent', report: { event: 'bounced' } });
    expect(folded.letters.get('test/fr-minister/en')?.replies?.map((r) => r.event)).toEqual(['auto-replied', 'replied']);

    const again = planInbox(messages, index, folded, new Set(first.records.map((r) => r.inbound!.key)), '2017-11-08T00:00:00.000Z');
    expect(again.records).toEqual([]);
    expect(again.outcomes.filter((o) => o.recordedBefore)).toHaveLength(3);
  });

  it('a report about an earlier send of the letter is history, not the state of the last one', async () => {
    const resent: LedgerRecord = { v: 1, at: '2017-10-25T00:00:00.000Z', letter: 'test/un-sg/en', event: 'sent', contentHash: 'h-sg2', messageId: '<resent@example.org>', accepted: [sg.to] };
    const state = foldLedger([...records, resent]);
    const stale = await read(dsnFailure(sg)); // returns the first message's headers
    const plan = planInbox([stale], matchIndex([{ ...letters[0]!, messageIds: [sg.messageId, '<resent@example.org>'] }]), state, new Set(), '2017-11-07T00:00:00.000Z');
    expect(plan.records[0]?.inbound?.about).toBe(sg.messageId);
    expect(foldLedger([...records, resent, ...plan.records]).letters.get('test/un-sg/en')?.report).toBeUndefined();
  });

  it('a delay never hides a final report, and a new send clears the old report', () => {
    const inbound = (event: LedgerRecord['event'], key: string): LedgerRecord => ({
      v: 1,
      at: '2017-10-25T00:00:00.000Z',
      letter: 'test/un-sg/en',
      event,
      contentHash: 'h-sg',
      inbound: { key, date: '2017-10-25T00:00:00.000Z' },
    });
    const state = foldLedger([...records, inbound('delivered', 'k1'), inbound('delayed', 'k2')]);
    expect(state.letters.get('test/un-sg/en')?.report?.event).toBe('delivered');
    const resent = foldLedger([...records, inbound('bounced', 'k1'), { ...records[0]!, at: '2017-10-26T00:00:00.000Z' }]);
    expect(resent.letters.get('test/un-sg/en')?.report).toBeUndefined();
  });
});

describe('helpers', () => {
  it.each([
    ['RE: Restore', 'Restore'],
    ['Re: Fwd: AW: TR : Restore', 'Restore'],
    ['Réf : Restore', 'Restore'],
    ['Restore', 'Restore'],
  ])('stripReplyPrefix(%j)', (input, expected) => {
    expect(stripReplyPrefix(input)).toBe(expected);
  });

  it('reads a delivery-status part: per message, then per recipient, folded lines joined', () => {
    expect(
      parseDeliveryStatus('Reporting-MTA: dns; mx\r\nOriginal-Envelope-Id: e1\r\n\r\nFinal-Recipient: rfc822; a@example.org\r\nAction: failed\r\nDiagnostic-Code: smtp; 550\r\n  user unknown\r\n'),
    ).toEqual({
      message: { 'reporting-mta': 'dns; mx', 'original-envelope-id': 'e1' },
      recipients: [{ 'final-recipient': 'rfc822; a@example.org', action: 'failed', 'diagnostic-code': 'smtp; 550 user unknown' }],
    });
  });

  it('prints a message’s subject on one line, so it cannot fake a line of the report', () => {
    const text = formatInbox(
      'mbox x',
      [{ ref: '0', key: 'k', subject: 'hi\nrecorded 5 event(s) in the ledger', kind: 'reply', why: 'not ours', recordedBefore: false }],
      0,
      0,
      new Chalk({ level: 0 }),
    );
    expect(text.split('\n').filter((l) => l.startsWith('recorded'))).toEqual(['recorded 0 event(s) in the ledger']);
  });

  it('an excerpt is what the person wrote, not what they quoted', () => {
    expect(excerptOf('Thanks, received.\n\nOn 23 Oct 2017, Committee wrote:\n> We ask you')).toBe('Thanks, received.');
    expect(excerptOf('> only quoted')).toBeUndefined();
  });
});
