// What a letter's records add up to, one row per history: above all, a letter that may have been delivered stays
// unknown until it is sent or a person settles it.
import { describe, expect, it } from 'vitest';
import { foldLedger, type LedgerEvent, type LedgerRecord } from '../../src/core/delivery/ledger.js';

const at = (n: number) => new Date(Date.UTC(2026, 9, 23, 1, n)).toISOString();
const history = (...events: (LedgerEvent | [LedgerEvent, Partial<LedgerRecord>])[]): LedgerRecord[] =>
  events.map((e, i) => {
    const [event, extra] = Array.isArray(e) ? e : [e, {}];
    return { v: 1, at: at(i), letter: 'p/un/en', event, contentHash: 'h1', ...extra };
  });

const rows: [string, LedgerRecord[], string, boolean][] = [
  ['sent', history('queued', 'sending', 'sent'), 'sent', false],
  ['deferred then sent', history('queued', 'sending', 'deferred', 'sending', 'sent'), 'sent', false],
  ['deferred: queued again', history('queued', 'sending', 'deferred'), 'queued', false],
  ['failed', history('queued', 'sending', 'failed'), 'failed', false],
  ['sending, then nothing (the process died)', history('queued', 'sending'), 'unknown', false],
  ['unknown', history('queued', 'sending', 'unknown'), 'unknown', true],
  ['unknown, retried, refused: still unknown', history('queued', 'sending', 'unknown', 'queued', 'sending', 'failed'), 'unknown', true],
  ['died mid-send, retried, deferred: still unknown', history('queued', 'sending', 'queued', 'sending', 'deferred'), 'unknown', true],
  ['unknown, retried, sent', history('queued', 'sending', 'unknown', 'queued', 'sending', 'sent'), 'sent', true],
  ['unknown, settled by hand as not delivered: queued', history('queued', 'sending', 'unknown', ['deferred', { byHand: true, reason: 'settled by hand' }]), 'queued', false],
  ['unknown, settled by hand as delivered: sent', history('queued', 'sending', 'unknown', ['sent', { byHand: true }]), 'sent', false],
];

describe('foldLedger', () => {
  it.each(rows)('%s', (_name, records, status, inDoubt) => {
    const entry = foldLedger(records).letters.get('p/un/en');
    expect(entry?.status).toBe(status);
    expect(Boolean(entry?.mayHaveBeenDelivered)).toBe(inDoubt);
  });
});

describe('what came back, after a new send', () => {
  it('starts anew: last send’s report and replies are not about this message', () => {
    const replied: LedgerRecord = { v: 1, at: at(4), letter: 'p/un/en', event: 'replied', contentHash: 'h1', inbound: { key: 'k', date: at(4) } };
    const before = foldLedger([...history('queued', 'sending', 'sent'), replied]).letters.get('p/un/en');
    expect(before?.replies?.map((r) => r.event)).toEqual(['replied']);
    const again = history('queued', 'sending', 'sent').map((r) => ({ ...r, at: at(10 + r.at.length) }));
    const after = foldLedger([...history('queued', 'sending', 'sent'), replied, ...again]).letters.get('p/un/en');
    expect(after?.replies).toBeUndefined();
    expect(after?.timesSent).toBe(2);
  });
});
