import { describe, expect, it } from 'vitest';
import { foldLedger, parseLedgerLine, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { planDelivery, summarizePlan, type DeliveryAction, type PlanOptions } from '../../src/core/delivery/plan.js';
import { headerProblems } from '../../src/core/delivery/headers.js';
import { makeLetter } from './letters.js';

const rec = (letter: string, event: LedgerRecord['event'], contentHash: string, extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  v: 1,
  at: extra.at ?? '2026-10-23T01:00:00.000Z',
  letter,
  event,
  contentHash,
  ...extra,
});
const id = (a: string): string => `paris-2017/${a}/en`;

describe('planDelivery', () => {
  const cases: { name: string; records: LedgerRecord[]; letter?: Parameters<typeof makeLetter>[1]; options?: PlanOptions; action: DeliveryAction; reason: RegExp }[] = [
    { name: 'no record: send', records: [], action: 'send', reason: /not sent yet/ },
    { name: 'queued only (died before sending): send', records: [rec(id('fr'), 'queued', 'hash-fr-1')], action: 'send', reason: /not sent yet/ },
    {
      name: 'deferred after a 451: send',
      records: [rec(id('fr'), 'queued', 'hash-fr-1'), rec(id('fr'), 'sending', 'hash-fr-1'), rec(id('fr'), 'deferred', 'hash-fr-1', { reason: '451 try later' })],
      action: 'send',
      reason: /451 try later/,
    },
    {
      name: 'sent with the same content: skip',
      records: [rec(id('fr'), 'sending', 'hash-fr-1'), rec(id('fr'), 'sent', 'hash-fr-1', { messageId: '<m1@example.org>' })],
      action: 'skip-sent',
      reason: /sent on .*<m1@example.org>/,
    },
    {
      name: 'posted (its addressee had no email then), now with an email: not emailed as well',
      records: [rec(id('fr'), 'posted', 'hash-fr-1', { post: { on: '2026-10-23', tracking: 'RR123456789FR' } })],
      action: 'skip-posted',
      reason: /^posted on 2026-10-23 \(RR123456789FR\): not emailed as well \(--resend to email it too\)$/,
    },
    {
      name: 'posted, --resend: emailed too',
      records: [rec(id('fr'), 'posted', 'hash-fr-1', { post: { on: '2026-10-23' } })],
      options: { resend: true },
      action: 'send',
      reason: /not sent yet/,
    },
    {
      name: 'posted, then returned: emailed (the post did not reach them)',
      records: [rec(id('fr'), 'posted', 'hash-fr-1', { post: { on: '2026-10-23' } }), rec(id('fr'), 'returned', 'hash-fr-1', { post: { on: '2026-11-02' }, reason: 'moved' })],
      action: 'send',
      reason: /not sent yet/,
    },
    {
      name: 'sent, then the letter changed: skip and say so',
      records: [rec(id('fr'), 'sending', 'hash-fr-0'), rec(id('fr'), 'sent', 'hash-fr-0')],
      action: 'skip-changed',
      reason: /changed since sent/,
    },
    {
      name: 'sent, changed, --resend: resend',
      records: [rec(id('fr'), 'sending', 'hash-fr-0'), rec(id('fr'), 'sent', 'hash-fr-0')],
      options: { resend: true },
      action: 'resend',
      reason: /changed since sent/,
    },
    {
      name: 'resent new version already: skip-sent even with --resend',
      records: [rec(id('fr'), 'sent', 'hash-fr-0'), rec(id('fr'), 'queued', 'hash-fr-1'), rec(id('fr'), 'sending', 'hash-fr-1'), rec(id('fr'), 'sent', 'hash-fr-1')],
      options: { resend: true },
      action: 'skip-sent',
      reason: /sent/,
    },
    {
      name: 'died while sending: unknown, not resent',
      records: [rec(id('fr'), 'queued', 'hash-fr-1'), rec(id('fr'), 'sending', 'hash-fr-1')],
      action: 'skip-unknown',
      reason: /may have been delivered/,
    },
    {
      name: 'died while sending, --retry-unknown: send again',
      records: [rec(id('fr'), 'sending', 'hash-fr-1')],
      options: { retryUnknown: true },
      action: 'retry-unknown',
      reason: /--retry-unknown/,
    },
    {
      name: 'died while resending a changed letter: unknown even with --resend',
      records: [rec(id('fr'), 'sent', 'hash-fr-0'), rec(id('fr'), 'queued', 'hash-fr-1'), rec(id('fr'), 'sending', 'hash-fr-1')],
      options: { resend: true },
      action: 'skip-unknown',
      reason: /may have been delivered/,
    },
    {
      name: 'failed permanently before: try again',
      records: [rec(id('fr'), 'sending', 'hash-fr-1'), rec(id('fr'), 'failed', 'hash-fr-1', { reason: '550 no such user' })],
      action: 'retry-failed',
      reason: /550 no such user/,
    },
    { name: 'print letter: print, whatever the ledger says', records: [rec(id('fr'), 'sending', 'hash-fr-1')], letter: { channel: 'print', to: [] }, action: 'print', reason: /print/ },
    { name: 'not among --only', records: [], options: { only: ['de'] }, action: 'skip-not-selected', reason: /--only/ },
    { name: 'among --only by letter id', records: [], options: { only: [id('fr')] }, action: 'send', reason: /not sent yet/ },
    { name: '--limit 0', records: [], options: { limit: 0 }, action: 'skip-limit', reason: /--limit 0/ },
    { name: 'records of another letter do not count', records: [rec(id('de'), 'sent', 'hash-fr-1')], action: 'send', reason: /not sent yet/ },
  ];
  it.each(cases)('$name', ({ records, letter, options, action, reason }) => {
    const [planned] = planDelivery([makeLetter('fr', letter)], foldLedger(records), options);
    expect(planned?.action).toBe(action);
    expect(planned?.reason).toMatch(reason);
  });

  it('counts --limit over letters to send only, in order', () => {
    const letters = ['a', 'b', 'c', 'd'].map((a) => makeLetter(a));
    const state = foldLedger([rec(id('a'), 'sent', 'hash-a-1')]);
    const plan = planDelivery(letters, state, { limit: 2 });
    expect(plan.map((p) => p.action)).toEqual(['skip-sent', 'send', 'send', 'skip-limit']);
    expect(summarizePlan(plan)).toEqual({ total: 4, toSend: 2, byAction: { 'skip-sent': 1, send: 2, 'skip-limit': 1 } });
  });

  it('ignores records older than `since` (a new campaign year)', () => {
    const records = [rec(id('a'), 'sent', 'hash-a-1', { at: '2025-10-23T01:00:00.000Z' })];
    expect(planDelivery([makeLetter('a')], foldLedger(records))[0]?.action).toBe('skip-sent');
    expect(planDelivery([makeLetter('a')], foldLedger(records, { since: '2026-01-01T00:00:00.000Z' }))[0]?.action).toBe('send');
  });
});

describe('foldLedger', () => {
  it('keeps what was sent through a later failed resend', () => {
    const state = foldLedger([
      rec(id('a'), 'sending', 'h0'),
      rec(id('a'), 'sent', 'h0', { messageId: '<x@example.org>', response: '250 ok' }),
      rec(id('a'), 'queued', 'h1'),
      rec(id('a'), 'sending', 'h1'),
      rec(id('a'), 'failed', 'h1', { reason: '550 gone' }),
    ]);
    expect(state.letters.get(id('a'))).toMatchObject({ status: 'failed', sentContentHash: 'h0', timesSent: 1, reason: '550 gone', attempts: 1 });
  });

  it('reads lines and rejects torn or foreign ones', () => {
    expect(parseLedgerLine(JSON.stringify(rec('x', 'sent', 'h'))).record?.event).toBe('sent');
    expect(parseLedgerLine('{"v":1,"at":"2026-10-23T01:0').error).toMatch(/not valid JSON/);
    expect(parseLedgerLine('{"v":1,"letter":"x","event":"exploded","at":"2026-10-23T01:00:00Z","contentHash":"h"}')).toEqual({ field: 'event', error: '"exploded" is not a known event' });
    expect(parseLedgerLine('[1,2]').error).toBeDefined();
  });

  it.each([
    [{ id: 'r', file: 'recipients/r.yaml', sha256: 'ab' }, undefined],
    [{ id: 'r', file: 'recipients/r.yaml' }, undefined],
    ['recipients/r.yaml', 'is not a roster ({ id, file, sha256 })'],
    [{ id: 'r' }, 'is not a roster ({ id, file, sha256 })'],
    [{ id: 'r', file: 'f', sha256: 7 }, 'is not a roster ({ id, file, sha256 })'],
  ])("reads a queued record's roster %j", (roster, error) => {
    const read = parseLedgerLine(JSON.stringify({ ...rec('x', 'queued', 'h'), roster }));
    if (error) expect(read).toEqual({ field: 'roster', error });
    else expect(read.record?.roster).toEqual(roster);
  });
});

describe('headerProblems', () => {
  const fields = (letter: ReturnType<typeof makeLetter>): (string | undefined)[] => headerProblems(letter).map((p) => p.field);
  it.each([
    ['subject with LF', { subject: 'Petition\nBcc: victim@example.com' }, 'subject'],
    ['subject with CR', { subject: 'Petition\rX: y' }, 'subject'],
    ['To name with CRLF', { to: [{ name: 'A\r\nBcc: victim@example.com', address: 'a@example.net' }] }, 'to[0].name'],
    ['Cc address with LF', { cc: [{ name: 'C', address: 'c@example.net\nx' }] }, 'cc[0].address'],
    ['From name with U+2028', { from: { name: 'A\u2028B', address: 'a@example.org' } }, 'from.name'],
    ['Reply-To not an address', { replyTo: { name: 'R', address: 'not-an-address' } }, 'replyTo.address'],
    ['no To', { to: [] }, 'to'],
    ['no From', { from: undefined }, 'from'],
    ['attachment name with LF', { attachments: [{ filename: 'a\n.pdf', kind: 'letter-pdf' as const }] }, 'attachments[0].filename'],
  ])('%s', (_name, overrides, field) => {
    expect(fields(makeLetter('fr', overrides))).toContain(field);
  });
  it('accepts a Khmer subject and names', () => {
    expect(headerProblems(makeLetter('kh', { subject: 'ញត្តិស្តីពីកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស', to: [{ name: 'ឯកឧត្តម', address: 'kh@example.net' }] }))).toEqual([]);
  });
});
