// What `status` and `send` say about the rosters an archive's letters came from: pure, table-driven.
import { describe, expect, it } from 'vitest';
import { foldLedger, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { archivedLetterOf, rosterChanges, statusReport, type ArchivedLetter } from '../../src/core/delivery/status.js';
import type { RosterRef } from '../../src/core/types.js';
import { makeLetter } from './letters.js';

const A: RosterRef = { id: 'paris-2017', file: 'recipients/paris-2017.yaml', sha256: 'a'.repeat(64) };
const A2: RosterRef = { ...A, sha256: 'b'.repeat(64) }; // the same file, edited
const B: RosterRef = { id: 'parliaments', file: 'recipients/parliaments.yaml', sha256: 'c'.repeat(64) };
const at = '2026-10-23T01:02:03.456Z';
const rec = (letter: string, event: LedgerRecord['event'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({ v: 1, at, letter, event, contentHash: `hash-${letter.split('/')[1]}-1`, ...extra });
const sentFrom = (letter: string, roster: RosterRef | undefined): LedgerRecord[] => [rec(letter, 'queued', { roster }), rec(letter, 'sending'), rec(letter, 'sent', { messageId: '<m@example.org>' })];

describe('statusReport', () => {
  it('lists the ledger, then the manifest, with the roster each letter came from', () => {
    const state = foldLedger(sentFrom('paris-2017/un/en', A));
    const archived: ArchivedLetter[] = [
      { id: 'paris-2017/un/en', addressee: 'un', channel: 'email', contentHash: 'hash-un-1', roster: A },
      { id: 'paris-2017/post/en', addressee: 'post', channel: 'print', contentHash: 'hash-post-1', roster: A },
    ];
    const report = statusReport(state, archived);
    expect(report.letters.map((l) => [l.id, l.status, l.roster?.id])).toEqual([
      ['paris-2017/un/en', 'sent', 'paris-2017'],
      ['paris-2017/post/en', 'print', 'paris-2017'],
    ]);
    expect(report.rosters).toEqual([{ ...A, letters: 2 }]);
    expect(report.warnings).toEqual([]);
  });

  it.each([
    [
      'another roster',
      B,
      /recorded from roster paris-2017 \(recipients\/paris-2017\.yaml, sha256 aaaaaaaaaaaa\), planned today from parliaments \(recipients\/parliaments\.yaml, sha256 cccccccccccc\)/,
    ],
    ['the same roster edited since', A2, /recorded from roster paris-2017 .*sha256 aaaaaaaaaaaa\), planned today from paris-2017 .*sha256 bbbbbbbbbbbb\)/],
    ['the same roster', A, undefined],
  ] as const)('marks a sent letter planned today from %s', (_, today, reason) => {
    const report = statusReport(foldLedger(sentFrom('paris-2017/un/en', A)), [], [makeLetter('un', { roster: today })]);
    const row = report.letters[0]!;
    expect(row.status).toBe('sent');
    if (reason) expect(row.reason).toMatch(reason);
    else expect(row.reason).toBeUndefined();
    // The row is the letter as sent: from A. The roster list counts rows, so the difference is the row's to say.
    expect(report.rosters).toEqual([{ ...A, letters: 1 }]);
    expect(report.warnings).toEqual([]);
  });

  it('warns when the rows come from several rosters', () => {
    const state = foldLedger([...sentFrom('paris-2017/un/en', A), ...sentFrom('paris-2017/fr/en', A2)]);
    const report = statusReport(state, [{ id: 'paris-2017/post/en', addressee: 'post', channel: 'print', contentHash: 'h', roster: B }]);
    expect(report.rosters.map((r) => [r.sha256?.[0], r.letters])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^paris-2017: its letters come from 3 rosters: paris-2017 \(recipients\/paris-2017\.yaml, sha256 aaaaaaaaaaaa\): 1 letter\(s\); paris-2017 .*bbbbbbbbbbbb\): 1 letter\(s\); parliaments .*: 1 letter\(s\); the roster column says which$/,
      ),
    ]);
  });

  it("does not take a later run's roster for a letter sent before rosters were recorded", () => {
    const state = foldLedger([...sentFrom('paris-2017/un/en', undefined), rec('paris-2017/un/en', 'queued', { roster: B })]);
    expect(statusReport(state, []).letters[0]).toMatchObject({ status: 'sent', roster: undefined });
    expect(rosterChanges(state, [makeLetter('un', { roster: A })])).toEqual([]);
  });

  it('lets each petition have its own roster without a warning, and warns for a petition whose letters mix two', () => {
    const two = foldLedger([...sentFrom('paris-2017/un/en', A), ...sentFrom('parliaments/un/en', B)]);
    expect(statusReport(two, []).warnings).toEqual([]);
    expect(statusReport(two, []).rosters).toHaveLength(2);
    const mixed = foldLedger([...sentFrom('paris-2017/un/en', A), ...sentFrom('paris-2017/fr/en', B), ...sentFrom('parliaments/un/en', B)]);
    expect(statusReport(mixed, []).warnings).toEqual([expect.stringMatching(/^paris-2017: its letters come from 2 rosters: /)]);
  });

  it.each([
    [
      { id: 'p/a/en', addressee: 'a', channel: 'email', content_hash: 'h', roster: A },
      { id: 'p/a/en', addressee: 'a', channel: 'email', contentHash: 'h', roster: A },
    ],
    [
      { id: 'p/a/en', addressee: 7, channel: 'fax', content_hash: 1, roster: { id: 'r', file: 'f', sha256: 1 } },
      { id: 'p/a/en', addressee: 'a', channel: undefined, contentHash: '', roster: undefined },
    ],
    [
      { id: 'p/a/en', roster: 'recipients/r.yaml' },
      { id: 'p/a/en', addressee: 'a', channel: undefined, contentHash: '', roster: undefined },
    ],
    [{ addressee: 'a' }, undefined],
  ])('reads a manifest entry, trusting only fields of the right type: %j', (entry, read) => {
    expect(archivedLetterOf(entry)).toEqual(read);
  });

  it('reads a ledger written before rosters were recorded', () => {
    const report = statusReport(foldLedger(sentFrom('paris-2017/un/en', undefined)), [], [makeLetter('un', { roster: B })]);
    expect(report.letters[0]).toMatchObject({ status: 'sent', roster: undefined, reason: undefined });
    expect(report.rosters).toEqual([]);
  });

  it('keeps the roster a letter was sent from, not the one of a later queued run', () => {
    const state = foldLedger([...sentFrom('paris-2017/un/en', A), rec('paris-2017/un/en', 'queued', { roster: B })]);
    expect(statusReport(state, []).letters[0]).toMatchObject({ status: 'sent', roster: A });
  });
});

describe('rosterChanges', () => {
  it('names, letter by letter, letters recorded from another roster and letters the new roster no longer has', () => {
    const state = foldLedger([...sentFrom('paris-2017/un/en', A), ...sentFrom('paris-2017/gone/en', A), ...sentFrom('other/un/en', A)]);
    expect(rosterChanges(state, [makeLetter('un', { roster: B }), makeLetter('new', { roster: B })])).toEqual([
      'paris-2017/un/en: recorded from roster paris-2017 (recipients/paris-2017.yaml, sha256 aaaaaaaaaaaa), planned today from parliaments (recipients/parliaments.yaml, sha256 cccccccccccc)',
      "paris-2017/gone/en: sent from roster paris-2017 (recipients/paris-2017.yaml, sha256 aaaaaaaaaaaa), not in today's plan from parliaments (recipients/parliaments.yaml, sha256 cccccccccccc)",
    ]);
  });

  it('says nothing when the roster is the one the archive used', () => {
    const state = foldLedger([...sentFrom('paris-2017/un/en', A), ...sentFrom('paris-2017/gone/en', A)]);
    expect(rosterChanges(state, [makeLetter('un', { roster: A })])).toEqual([]);
  });
});
