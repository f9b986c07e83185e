import { describe, expect, it } from 'vitest';
import { foldLedger, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { formatPlanSummary, formatStatus } from '../../src/ui/delivery-report.js';
import { statusReport } from '../../src/core/delivery/status.js';
import { displayWidth } from '../../src/ui/terminal.js';
import { planDelivery, summarizePlan } from '../../src/core/delivery/plan.js';
import { makeLetter } from './letters.js';

const rec = (letter: string, event: LedgerRecord['event'], contentHash: string, extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  v: 1,
  at: '2026-10-23T01:02:03.456Z',
  letter,
  event,
  contentHash,
  ...extra,
});

describe('status table', () => {
  const letters = [makeLetter('un'), makeLetter('ឯកឧត្តម'), makeLetter('fr'), makeLetter('id'), makeLetter('post', { channel: 'print', to: [] })];
  const state = foldLedger([
    rec('paris-2017/un/en', 'sending', 'hash-un-1'),
    rec('paris-2017/un/en', 'sent', 'hash-un-1', { messageId: '<a@example.org>', response: '250 ok' }),
    rec('paris-2017/ឯកឧត្តម/en', 'sending', 'hash-ឯកឧត្តម-1'),
    rec('paris-2017/fr/en', 'sending', 'hash-fr-0'),
    rec('paris-2017/fr/en', 'sent', 'hash-fr-0', { messageId: '<b@example.org>' }),
  ]);

  it('lists every letter with its status, aligned for Khmer too, without color codes when color is off', () => {
    const text = formatStatus(statusReport(state, [], letters), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^letter\s+addressee\s+status\s+time\s+message-id \/ reason$/);
    expect(lines[1]).toMatch(/^paris-2017\/un\/en\s+un\s+sent\s+2026-10-23 01:02:03Z\s+<a@example\.org>$/);
    expect(lines[2]).toMatch(/unknown/);
    expect(lines[3]).toMatch(/changed\s+2026-10-23 01:02:03Z\s+changed since sent$/);
    expect(lines[4]).toMatch(/^paris-2017\/id\/en\s+id\s+not sent$/);
    expect(lines[5]).toMatch(/print$/);
    // The status column starts at the same terminal column on every row.
    const statusColumn = (line: string): number => displayWidth(line.slice(0, line.search(/ (sent|unknown|changed|not sent|print|status)\b/) + 1));
    expect(new Set(lines.slice(0, 6).map(statusColumn)).size).toBe(1);
    expect(lines[6]).toBe('2 sent (1 changed since), 0 failed, 1 unknown, 1 not sent, 1 print');
    expect(text).not.toMatch(/\u001b\[/);
    expect(formatStatus(statusReport(state, [], letters), { color: true })).toMatch(/\u001b\[32msent/);
  });

  it('has a JSON form', () => {
    const json = statusReport(state, []);
    expect(json.letters.map((l) => `${l.id}:${l.status}`)).toEqual(['paris-2017/un/en:sent', 'paris-2017/ឯកឧត្តម/en:unknown', 'paris-2017/fr/en:sent']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('says so when the ledger is empty', () => {
    expect(formatStatus(statusReport(foldLedger([]), []), { color: false })).toBe('The ledger is empty: nothing has been sent from this archive.');
  });

  it('summarises a plan for a confirmation prompt', () => {
    expect(formatPlanSummary(summarizePlan(planDelivery(letters, state)))).toBe('1 of 5 letter(s) to send (1 skip-sent, 1 skip-unknown, 1 skip-changed, 1 send, 1 print)');
  });
});
