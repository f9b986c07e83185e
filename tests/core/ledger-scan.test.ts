// What a ledger line is, and what a damaged ledger can be rebuilt from: pure functions, table-driven.
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../src/core/delivery/ledger.js';
import { recoveredRecords, type ArchiveEvidence } from '../../src/core/delivery/ledger-recovery.js';
import { readLedgerLine, scanLedger, tornLineMarker, type LineReading } from '../../src/core/delivery/ledger-scan.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const AT = '2026-10-23T01:00:00.000Z';
const rec = (letter: string, event: LedgerRecord['event'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({ v: 1, at: AT, letter, event, contentHash: 'h', ...extra });
const line = (r: object): string => JSON.stringify(r);
const summary = (reading: LineReading): string =>
  reading.kind === 'unreadable' ? `${reading.tearable ? 'tearable' : 'damage'}: ${reading.field ? `${reading.field}: ` : ''}${reading.message}` : reading.kind;

describe('readLedgerLine', () => {
  it.each<[string, Uint8Array, boolean, string]>([
    ['a record', bytes(line(rec('p/a/en', 'sent'))), false, 'record'],
    [
      'a record with every optional field',
      bytes(
        line(rec('p/a/en', 'sent', { run: 'r', attempt: 2, messageId: '<m@example.org>', response: '250 ok', reason: 'x', accepted: ['a@example.org'], rejected: [], recovered: 'manifest.json' })),
      ),
      false,
      'record',
    ],
    ['a record with an unknown extra field (a later version)', bytes(line({ ...rec('p/a/en', 'sent'), later: true })), false, 'record'],
    ['an unknown event record', bytes(line(rec('p/a/en', 'unknown'))), false, 'record'],
    ['a whole record whose newline was cut off', bytes(line(rec('p/a/en', 'queued'))), true, 'record'],
    ['an empty line', bytes(''), false, 'blank'],
    ['the torn-line note', bytes(tornLineMarker(AT)), false, 'torn-marker'],
    ['an append cut short', bytes('{"v":1,"at":"2026-10-23T01:0'), true, 'tearable: not valid JSON (an interrupted write?)'],
    ['an append cut inside a character', bytes('{"v":1,"reason":"d\u00e9').subarray(0, -1), true, 'tearable: not valid JSON (an interrupted write?)'],
    ['a bad character inside a line', new Uint8Array([...bytes('{"v":1,"reason":"'), 0xc3, ...bytes('x"}')]), false, 'damage: not valid UTF-8'],
    ['NUL bytes', new Uint8Array(64), false, 'damage: NUL bytes (zeroed by a crash or power cut?)'],
    ['NUL bytes on the last line', new Uint8Array(64), true, 'damage: NUL bytes (zeroed by a crash or power cut?)'],
    ['a record with NUL bytes after it', new Uint8Array([...bytes(line(rec('p/a/en', 'sent'))), 0, 0]), true, 'damage: NUL bytes (zeroed by a crash or power cut?)'],
    ['garbage', bytes('lorem ipsum'), false, 'tearable: not valid JSON (an interrupted write?)'],
    ['a JSON array', bytes('[1,2]'), false, 'damage: not a JSON object'],
    ['a JSON string', bytes('"sent"'), false, 'damage: not a JSON object'],
    ['null', bytes('null'), false, 'damage: not a JSON object'],
    ['no version', bytes(line({ at: AT, letter: 'p/a/en', event: 'sent', contentHash: 'h' })), false, 'damage: v: is missing'],
    ['version 2', bytes(line({ ...rec('p/a/en', 'sent'), v: 2 })), false, 'damage: v: is 2, not 1'],
    ['a time that is not ISO', bytes(line({ ...rec('p/a/en', 'sent'), at: '23 Oct 2026' })), false, 'damage: at: is not an ISO time'],
    ['an ISO-looking time that does not exist', bytes(line({ ...rec('p/a/en', 'sent'), at: '2026-13-45T01:00:00Z' })), false, 'damage: at: is not an ISO time'],
    ['no letter', bytes(line({ v: 1, at: AT, event: 'sent', contentHash: 'h' })), false, 'damage: letter: is missing'],
    ['a number for a letter', bytes(line({ ...rec('p/a/en', 'sent'), letter: 7 })), false, 'damage: letter: is not a letter id'],
    ['an unknown event', bytes(line({ ...rec('p/a/en', 'sent'), event: 'exploded' })), false, 'damage: event: "exploded" is not a known event'],
    ['no content hash', bytes(line({ v: 1, at: AT, letter: 'p/a/en', event: 'sent' })), false, 'damage: contentHash: is missing'],
    ['a fractional attempt', bytes(line(rec('p/a/en', 'sending', { attempt: 1.5 }))), false, 'damage: attempt: is not a whole number'],
    ['a null message id', bytes(line({ ...rec('p/a/en', 'sent'), messageId: null })), false, 'damage: messageId: is not a string'],
    ['accepted not a list of strings', bytes(line({ ...rec('p/a/en', 'sent'), accepted: [1] })), false, 'damage: accepted: is not a list of strings'],
    ['several wrong fields', bytes(line({ v: 1, at: 'then', letter: 'p/a/en', event: 'sent', contentHash: 3 })), false, 'damage: at: is not an ISO time; also contentHash is not a string'],
    [
      'a torn-line note of another version',
      bytes(line({ v: 2, at: AT, note: 'the line above is an interrupted write; it is ignored' })),
      false,
      'damage: v: is 2, not 1; also letter is missing, event is missing, contentHash is missing',
    ],
  ])('%s', (_name, input, unterminated, expected) => {
    expect(summary(readLedgerLine(input, unterminated))).toBe(expected);
  });
});

describe('scanLedger', () => {
  const a = line(rec('p/a/en', 'sending'));
  const b = line(rec('p/a/en', 'sent'));
  const nul = '\0'.repeat(40);
  const torn = '{"v":1,"at":"2026-10-23T01:00:01.000Z","letter":"p/b/en","ev';
  const marker = tornLineMarker(AT);
  const outcome = (text: string) => {
    const scan = scanLedger(bytes(text));
    return { records: scan.records.length, torn: scan.tornLastLine, closed: scan.closedTornLines, damage: scan.damage.map((d) => `${d.line}: ${d.field ? `${d.field}: ` : ''}${d.message}`) };
  };

  it.each<[string, string, ReturnType<typeof outcome>]>([
    ['an empty file', '', { records: 0, torn: undefined, closed: [], damage: [] }],
    ['whole records', `${a}\n${b}\n`, { records: 2, torn: undefined, closed: [], damage: [] }],
    ['a torn last line', `${a}\n${torn}`, { records: 1, torn: 2, closed: [], damage: [] }],
    ['a torn line closed by a later run', `${a}\n${torn}\n${marker}\n${b}\n`, { records: 2, torn: undefined, closed: [2], damage: [] }],
    ['a torn-looking line in the middle, not closed', `${a}\n${torn}\n${b}\n`, { records: 2, torn: undefined, closed: [], damage: ['2: not valid JSON (an interrupted write?)'] }],
    ['a torn-looking last line with a newline', `${a}\n${torn}\n`, { records: 1, torn: undefined, closed: [], damage: ['2: not valid JSON (an interrupted write?)'] }],
    ['a note with no torn line before it', `${a}\n${marker}\n`, { records: 1, torn: undefined, closed: [], damage: ['2: a torn-line note with no torn line before it'] }],
    ['a NUL-filled middle line', `${a}\n${nul}\n${b}\n`, { records: 2, torn: undefined, closed: [], damage: ['2: NUL bytes (zeroed by a crash or power cut?)'] }],
    ['a NUL-filled tail without a newline', `${a}\n${b}\n${nul}`, { records: 2, torn: undefined, closed: [], damage: ['3: NUL bytes (zeroed by a crash or power cut?)'] }],
    ['a whole zeroed ledger', nul.repeat(100), { records: 0, torn: undefined, closed: [], damage: ['1: NUL bytes (zeroed by a crash or power cut?)'] }],
    [
      'every damaged line, with the torn one',
      `${nul}\n${a}\nnot json\n{"v":1}\n${torn}`,
      {
        records: 1,
        torn: 5,
        closed: [],
        damage: ['1: NUL bytes (zeroed by a crash or power cut?)', '3: not valid JSON (an interrupted write?)', '4: at: is missing; also letter is missing, event is missing, contentHash is missing'],
      },
    ],
  ])('%s', (_name, text, expected) => {
    expect(outcome(text)).toEqual(expected);
  });
});

describe('recoveredRecords', () => {
  const sentInManifest: ArchiveEvidence = { kind: 'manifest', letter: 'p/a/en', contentHash: 'h', status: 'sent', at: '2026-10-23T01:00:02.000Z', messageId: '<a@example.org>', response: '250 ok' };
  const emlOf = (letter: string, contentHash = 'h', at = '2026-10-23T01:00:01.000Z'): ArchiveEvidence => ({
    kind: 'eml',
    letter,
    contentHash,
    at,
    file: `mail/${letter.replace(/\/([^/]+)$/, '.$1')}.eml`,
  });
  const brief = (records: LedgerRecord[]): string[] => records.map((r) => `${r.event} ${r.letter} ${r.contentHash} ${r.recovered}${r.messageId ? ` ${r.messageId}` : ''}`);

  it.each<[string, LedgerRecord[], ArchiveEvidence[], string[]]>([
    ['nothing in the archive', [rec('p/a/en', 'queued')], [], []],
    ['the manifest proves a send the records lost', [rec('p/a/en', 'queued'), rec('p/a/en', 'sending')], [sentInManifest], ['sent p/a/en h manifest.json <a@example.org>']],
    ['the records already say it was sent', [rec('p/a/en', 'sending'), rec('p/a/en', 'sent')], [sentInManifest, emlOf('p/a/en', 'h', '2026-10-22T23:59:59.000Z')], []],
    ['an .eml of unknown content composed before the recorded send is that send', [rec('p/a/en', 'sent')], [emlOf('p/a/en', 'unknown', AT)], []],
    ['an .eml composed after the recorded send: a later attempt whose records were lost', [rec('p/a/en', 'sending'), rec('p/a/en', 'sent')], [emlOf('p/a/en')], ['unknown p/a/en h mail/p/a.en.eml']],
    ['an .eml of a letter the manifest proves sent adds nothing', [], [emlOf('p/a/en'), sentInManifest], ['sent p/a/en h manifest.json <a@example.org>']],
    ['an .eml without a settling record: may have been sent', [rec('p/b/en', 'queued')], [emlOf('p/b/en')], ['unknown p/b/en h mail/p/b.en.eml']],
    ['an .eml after a deferral (later attempts may be lost)', [rec('p/b/en', 'sending'), rec('p/b/en', 'deferred')], [emlOf('p/b/en')], ['unknown p/b/en h mail/p/b.en.eml']],
    ['an .eml after a failure', [rec('p/b/en', 'failed')], [emlOf('p/b/en')], ['unknown p/b/en h mail/p/b.en.eml']],
    ['an .eml of a letter already unknown', [rec('p/b/en', 'sending')], [emlOf('p/b/en')], []],
    [
      'an .eml of a changed letter sent before in its old version',
      [rec('p/b/en', 'sent', { contentHash: 'h0' }), rec('p/b/en', 'queued', { contentHash: 'h1' })],
      [emlOf('p/b/en', 'h1')],
      ['unknown p/b/en h1 mail/p/b.en.eml'],
    ],
    ['a manifest saying unknown', [], [{ kind: 'manifest', letter: 'p/c/en', contentHash: 'h', status: 'unknown', at: AT }], ['unknown p/c/en h manifest.json']],
    [
      'a manifest saying unknown, settled by a later recorded send',
      [rec('p/c/en', 'sent', { at: '2026-10-23T02:00:00.000Z' })],
      [{ kind: 'manifest', letter: 'p/c/en', contentHash: 'h', status: 'unknown', at: AT }],
      [],
    ],
    ['letters no record mentions, in letter order', [], [emlOf('p/z/en'), emlOf('p/b/en')], ['unknown p/b/en h mail/p/b.en.eml', 'unknown p/z/en h mail/p/z.en.eml']],
  ])('%s', (_name, readable, evidence, expected) => {
    expect(brief(recoveredRecords(readable, evidence))).toEqual(expected);
  });

  it('marks what it recovered and keeps the time of the evidence', () => {
    const [sent, unknown] = recoveredRecords([], [sentInManifest, emlOf('p/b/en')]);
    expect(sent).toEqual({
      v: 1,
      at: '2026-10-23T01:00:02.000Z',
      letter: 'p/a/en',
      contentHash: 'h',
      event: 'sent',
      messageId: '<a@example.org>',
      response: '250 ok',
      reason: 'recovered from manifest.json',
      recovered: 'manifest.json',
    });
    expect(unknown).toEqual({
      v: 1,
      at: '2026-10-23T01:00:01.000Z',
      letter: 'p/b/en',
      contentHash: 'h',
      event: 'unknown',
      reason: 'recovered: a message was prepared (mail/p/b.en.eml); it may have been sent',
      recovered: 'mail/p/b.en.eml',
    });
  });
});
