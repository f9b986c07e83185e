// A print letter's life in the post, as data: what `posted` and `returned` records fold into (never an email status),
// and what `petition posted` / `petition returned` decide to record for each letter named, or refuse.
import { describe, expect, it } from 'vitest';
import { foldLedger, lettersByStatus, parseLedgerLine, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { planPosting, planReturn, postFactProblems, type PostedLetter, type PostingFacts } from '../../src/core/delivery/post.js';
import { statusReport } from '../../src/core/delivery/status.js';

const at = (n: number) => new Date(Date.UTC(2026, 9, 23, 1, n)).toISOString();
const LETTER = 'p/kh-king/km';
const posted = (n: number, post: LedgerRecord['post'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({ v: 1, at: at(n), letter: LETTER, event: 'posted', contentHash: 'h1', post, ...extra });
const returned = (n: number, on: string, reason?: string): LedgerRecord => ({ v: 1, at: at(n), letter: LETTER, event: 'returned', contentHash: 'h1', post: { on }, reason });

describe('foldLedger: post events', () => {
  const rows: [string, LedgerRecord[], unknown][] = [
    ['nothing posted', [], undefined],
    [
      'posted with tracking',
      [posted(0, { on: '2026-10-23', tracking: 'RR1FR', service: 'La Poste' })],
      { event: 'posted', on: '2026-10-23', postedOn: '2026-10-23', tracking: 'RR1FR', service: 'La Poste', timesPosted: 1 },
    ],
    [
      'posted, then returned: the posting kept',
      [posted(0, { on: '2026-10-23', tracking: 'RR1FR' }), returned(1, '2026-11-02', 'moved')],
      { event: 'returned', on: '2026-11-02', postedOn: '2026-10-23', tracking: 'RR1FR', reason: 'moved', timesPosted: 1 },
    ],
    [
      'returned, posted again',
      [posted(0, { on: '2026-10-23', tracking: 'RR1FR' }), returned(1, '2026-11-02'), posted(2, { on: '2026-11-03', tracking: 'RR2FR' })],
      { event: 'posted', postedOn: '2026-11-03', tracking: 'RR2FR', timesPosted: 2 },
    ],
    ['a return with no posting on record is ignored', [returned(0, '2026-11-02')], undefined],
    ['the content hash of the letter posted', [posted(0, { on: '2026-10-23' }, { contentHash: 'h2' })], { contentHash: 'h2' }],
  ];
  it.each(rows)('%s', (_name, records, expected) => {
    const post = foldLedger(records).posts.get(LETTER);
    if (expected === undefined) expect(post).toBeUndefined();
    else expect(post).toMatchObject(expected as object);
  });

  it('never gives a posted letter an email state: not sent, not queued, not counted by ledger check', () => {
    const state = foldLedger([posted(0, { on: '2026-10-23' }), returned(1, '2026-11-02')]);
    expect(state.letters.has(LETTER)).toBe(false);
    expect(lettersByStatus([posted(0, { on: '2026-10-23' })])).toMatchObject({ total: 0, sent: 0, queued: 0 });
  });

  it("keeps an email letter's sent status when it is posted too (it bounced, then went by post)", () => {
    const sent: LedgerRecord[] = [
      { v: 1, at: at(0), letter: LETTER, event: 'queued', contentHash: 'h1' },
      { v: 1, at: at(1), letter: LETTER, event: 'sending', contentHash: 'h1' },
      { v: 1, at: at(2), letter: LETTER, event: 'sent', contentHash: 'h1' },
    ];
    const state = foldLedger([...sent, posted(3, { on: '2026-10-24' })]);
    expect(state.letters.get(LETTER)).toMatchObject({ status: 'sent', timesSent: 1 });
    expect(statusReport(state, []).letters[0]).toMatchObject({ status: 'sent', post: { state: 'posted', postedOn: '2026-10-24' } });
  });

  it.each([
    ['a post without its day', { on: 1 }, 'post'],
    ['a tracking number of another type', { on: '2026-10-23', tracking: 7 }, 'post'],
  ])('refuses a record with %s', (_name, post, field) => {
    expect(parseLedgerLine(JSON.stringify({ v: 1, at: at(0), letter: LETTER, event: 'posted', contentHash: 'h', post }))).toMatchObject({ field });
  });

  it('reads a posted record back', () => {
    expect(parseLedgerLine(JSON.stringify(posted(0, { on: '2026-10-23', tracking: 'RR1FR' }))).record?.event).toBe('posted');
  });
});

describe('status rows of print letters', () => {
  const archived = [{ id: LETTER, addressee: 'kh-king', channel: 'print' as const, contentHash: 'h1' }];
  it.each([
    ['not posted', [], { status: 'print', channel: 'print', rendered: true }],
    ['posted', [posted(0, { on: '2026-10-23', tracking: 'RR1FR' })], { status: 'posted', post: { state: 'posted', on: '2026-10-23', tracking: 'RR1FR', timesPosted: 1 } }],
    ['returned', [posted(0, { on: '2026-10-23' }), returned(1, '2026-11-02', 'moved')], { status: 'returned', post: { state: 'returned', on: '2026-11-02', postedOn: '2026-10-23', reason: 'moved' } }],
  ] as const)('%s', (_name, records, expected) => {
    expect(statusReport(foldLedger(records), archived).letters).toMatchObject([expected]);
  });
});

const print: PostedLetter = { id: LETTER, channel: 'print', contentHash: 'h1' };
const other: PostedLetter = { id: 'p/fr-king/fr', channel: 'print', contentHash: 'h9' };
const email: PostedLetter = { id: 'p/un-sg/en', channel: 'email', contentHash: 'h3' };
const context = (records: LedgerRecord[], archived: [string, string][] = [[LETTER, 'h1']]) => ({ state: foldLedger(records), archived: new Map(archived), today: '2026-11-05', now: at(30) });
const facts = (extra: Partial<PostingFacts> = {}): PostingFacts => ({ again: false, ...extra });

describe('planPosting', () => {
  const first = posted(0, { on: '2026-10-23', tracking: 'RR1FR', service: 'La Poste' });
  const rows: [string, PostedLetter[], PostingFacts, LedgerRecord[], { records: number; already?: string[]; problem?: RegExp }][] = [
    ['a first posting, today by default', [print], facts({ tracking: 'RR1FR' }), [], { records: 1 }],
    ['the same posting again adds nothing', [print], facts({ tracking: 'RR1FR', service: 'La Poste' }), [first], { records: 0, already: [LETTER] }],
    ['the same posting, its day given, adds nothing', [print], facts({ tracking: 'RR1FR', service: 'La Poste', on: '2026-10-23' }), [first], { records: 0, already: [LETTER] }],
    ['another tracking number is refused', [print], facts({ tracking: 'RR2FR', service: 'La Poste' }), [first], { records: 0, problem: /was posted on 2026-10-23, tracking RR1FR; .*--again/ }],
    ['another day is refused', [print], facts({ tracking: 'RR1FR', service: 'La Poste', on: '2026-10-24' }), [first], { records: 0, problem: /was posted on 2026-10-23/ }],
    ['another tracking number with --again is a second posting', [print], facts({ tracking: 'RR2FR', again: true }), [first], { records: 1 }],
    [
      'that second posting recorded again adds nothing, --again or not',
      [print],
      facts({ tracking: 'RR2FR', again: true }),
      [first, posted(1, { on: '2026-11-05', tracking: 'RR2FR' })],
      { records: 0, already: [LETTER] },
    ],
    [
      'after a return, posting again needs --again',
      [print],
      facts({ tracking: 'RR1FR', service: 'La Poste' }),
      [first, returned(1, '2026-11-01')],
      { records: 0, problem: /returned on 2026-11-01.*--again/ },
    ],
    ['after a return, --again with the same facts is a new posting', [print], facts({ tracking: 'RR1FR', service: 'La Poste', again: true }), [first, returned(1, '2026-11-01')], { records: 1 }],
    ['an email letter is refused', [email], facts(), [], { records: 0, problem: /^is an email letter/ }],
    ['one tracking number for two letters is refused', [print, other], facts({ tracking: 'RR1FR' }), [], { records: 2, problem: /one tracking number for 2 letters/ }],
  ];
  it.each(rows)('%s', (_name, letters, given, records, expected) => {
    const plan = planPosting(letters, given, context(records));
    expect(plan.records).toHaveLength(expected.records);
    expect(plan.already).toEqual(expected.already ?? []);
    if (expected.problem) expect(plan.problems.map((p) => `${p.message} (${p.hint})`).join('\n')).toMatch(expected.problem);
    else expect(plan.problems).toEqual([]);
  });

  it('records the day, tracking, service and the content hash of the letter as it is', () => {
    const [record] = planPosting([print], facts({ tracking: 'RR1FR', service: 'La Poste' }), context([])).records;
    expect(record).toEqual({ v: 1, at: at(30), letter: LETTER, event: 'posted', contentHash: 'h1', post: { on: '2026-11-05', tracking: 'RR1FR', service: 'La Poste' } });
  });

  it.each([
    ['changed since it was rendered', [[LETTER, 'h0']] as [string, string][], /changed since it was rendered/],
    ['not rendered in the archive', [] as [string, string][], /not rendered in this archive/],
  ])('warns when the letter is %s', (_name, archived, warning) => {
    expect(planPosting([print], facts(), context([], archived)).warnings).toEqual([expect.stringMatching(warning)]);
  });
});

describe('planReturn', () => {
  const first = posted(0, { on: '2026-10-23', tracking: 'RR1FR' });
  const rows: [string, PostedLetter, { on?: string; reason?: string }, LedgerRecord[], { records: number; already?: boolean; problem?: RegExp }][] = [
    ['a posted letter comes back', print, { reason: 'moved' }, [first], { records: 1 }],
    ['never posted', print, {}, [], { records: 0, problem: /has not been posted/ }],
    ['an email letter', email, {}, [], { records: 0, problem: /is an email letter/ }],
    ['returned again adds nothing', print, {}, [first, returned(1, '2026-11-01')], { records: 0, already: true }],
    ['returned again on the same day adds nothing', print, { on: '2026-11-01' }, [first, returned(1, '2026-11-01')], { records: 0, already: true }],
    ['returned on another day is refused', print, { on: '2026-11-02' }, [first, returned(1, '2026-11-01')], { records: 0, problem: /and returned on 2026-11-01, not on 2026-11-02/ }],
    ['back before it was posted', print, { on: '2026-10-01' }, [first], { records: 0, problem: /before it was posted \(2026-10-23\)/ }],
  ];
  it.each(rows)('%s', (_name, letter, given, records, expected) => {
    const plan = planReturn([letter], given, context(records));
    expect(plan.records).toHaveLength(expected.records);
    expect(plan.already).toEqual(expected.already ? [letter.id] : []);
    if (expected.problem) expect(plan.problems.map((p) => p.message).join('\n')).toMatch(expected.problem);
    else expect(plan.problems).toEqual([]);
  });

  it('records the day it came back, why, and the hash of the letter posted', () => {
    expect(planReturn([print], { reason: 'moved' }, context([posted(0, { on: '2026-10-23' }, { contentHash: 'h0' })])).records).toEqual([
      { v: 1, at: at(30), letter: LETTER, event: 'returned', contentHash: 'h0', post: { on: '2026-11-05' }, reason: 'moved' },
    ]);
  });
});

describe('postFactProblems', () => {
  it.each([
    ['a date that is none', { on: '2026-02-30' }, '--on', /is not a date/],
    ['a date in the future', { on: '2026-11-06' }, '--on', /is in the future \(today is 2026-11-05\)/],
    ['a tracking number with an escape', { tracking: 'RR1\u001b[2J' }, '--tracking', /control character \(U\+001B\)/],
    ['a tracking number with a bidi mark', { tracking: 'RR1\u200fFR' }, '--tracking', /bidirectional control/],
    ['a tracking number too long', { tracking: 'R'.repeat(101) }, '--tracking', /longer than 100/],
    ['a service over two lines', { service: 'La Poste\nX-Header: 1' }, '--service', /line break/],
    ['an empty reason', { reason: ' ' }, '--reason', /is empty/],
  ])('refuses %s', (_name, given, field, message) => {
    const problems = postFactProblems(given, '2026-11-05');
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0]?.message).toMatch(message);
  });

  it('takes today, and plain values', () => {
    expect(postFactProblems({ on: '2026-11-05', tracking: 'RR 123 456 789 FR', service: 'La Poste, lettre recommandée', reason: 'addressee unknown' }, '2026-11-05')).toEqual([]);
  });
});
