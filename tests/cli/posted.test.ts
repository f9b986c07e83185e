// `petition posted` and `petition returned` with the built binary on a temp campaign: one email letter (un-sg) and two
// print letters (fr-minister, kh-copy). The ledger records each posting once, status and report show it beside the
// email letters, and every mistake is refused at once with nothing written.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject, petitionKmMd, petitionMd, signaturesCsv } from '../support/fixtures.js';

type Row = { id: string; status: string; channel?: string; rendered: boolean; post?: Record<string, unknown> };

describe('petition posted / returned', () => {
  let dir = '';
  const ledger = (): string => readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8');
  const run = (args: string[], code = 0) => {
    const r = petition(args, dir);
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
    return r;
  };
  const rows = (): Row[] => (JSON.parse(run(['status', '--json']).stdout) as { letters: Row[] }).letters;
  const row = (id: string): Row | undefined => rows().find((r) => r.id === id);
  const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(() => {
    dir = makeProject();
    run(['render']);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records a posting with its tracking number, and status shows it beside the email letter', () => {
    const r = run(['posted', 'fr-minister', '--tracking', 'RR123456789FR', '--service', 'La Poste', '--on', '2026-10-23', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      event: 'posted',
      ledger: 'archive/ledger.jsonl',
      recorded: [{ letter: 'test/fr-minister/en', event: 'posted', on: '2026-10-23', tracking: 'RR123456789FR', service: 'La Poste', content_hash: expect.stringMatching(/\S/) }],
      already: [],
      warnings: [],
    });
    const records = ledger().trim().split('\n');
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0]!)).toMatchObject({ v: 1, letter: 'test/fr-minister/en', event: 'posted', post: { on: '2026-10-23', tracking: 'RR123456789FR', service: 'La Poste' } });
    expect(row('test/fr-minister/en')).toMatchObject({
      status: 'posted',
      channel: 'print',
      rendered: true,
      post: { state: 'posted', on: '2026-10-23', posted_on: '2026-10-23', tracking: 'RR123456789FR', times_posted: 1 },
    });
    expect(row('test/un-sg/en')).toMatchObject({ status: 'not sent', channel: 'email', rendered: true });
    expect(row('test/un-sg/en')?.post).toBeUndefined();
    expect(row('test/kh-copy/km')).toMatchObject({ status: 'print', channel: 'print' });
    const text = run(['status']).stdout;
    expect(text).toMatch(/^test\/fr-minister\/en\s+fr-minister\s+posted\s.*posted 2026-10-23 RR123456789FR \(La Poste\)/m);
    expect(text).toMatch(/, 2 print \(1 posted, 0 returned\)$/m);
  });

  it('adds nothing when the same posting is recorded again, and refuses another tracking number without --again', () => {
    const before = ledger();
    const again = run(['posted', 'test/fr-minister/en', '--tracking', 'RR123456789FR', '--service', 'La Poste']);
    expect(again.stdout).toMatch(/test\/fr-minister\/en: already recorded as posted: nothing added/);
    const other = run(['posted', 'fr-minister', '--tracking', 'RR000000000FR'], 2);
    expect(other.stderr).toMatch(/command line: test\/fr-minister\/en: was posted on 2026-10-23, tracking RR123456789FR; .*add --again/);
    expect(ledger()).toBe(before);
  });

  it('refuses an email letter, an unknown id, a future day and a hostile tracking number, all at once, writing nothing', () => {
    const before = ledger();
    const r = run(['posted', 'un-sg', 'nobody', 'kh-copy', '--on', inDays(2), '--tracking', 'RR1\u001b[2J'], 2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(lines, r.stderr).toEqual([
      expect.stringMatching(/^error: command line: --on: \d{4}-\d\d-\d\d is in the future \(today is \d{4}-\d\d-\d\d\)/),
      expect.stringMatching(/^error: command line: --tracking: holds a control character \(U\+001B\)/),
      expect.stringMatching(/^error: command line: letter: no letter for "nobody"/),
      expect.stringMatching(/^error: command line: --tracking: one tracking number for 2 letters/),
      expect.stringMatching(
        /^error: command line: test\/un-sg\/en: is an email letter: petition send sends it, it is never posted \(only print letters, those of an addressee without an email, are posted/,
      ),
    ]);
    expect(r.stderr).not.toContain('\u001b[2J');
    expect(r.stderr).not.toMatch(/^warning:/m); // the roster's age is not a posting's business
    expect(ledger()).toBe(before);
  });

  it('records a letter that came back, once, and only a posted one', () => {
    const r = run(['returned', 'test/fr-minister/en', '--on', '2026-11-02', '--reason', 'moved, no forwarding address']);
    expect(r.stdout).toMatch(/archive\/ledger\.jsonl: test\/fr-minister\/en: returned on 2026-11-02 \(reason: moved, no forwarding address\)/);
    const after = ledger();
    expect(run(['returned', 'fr-minister']).stdout).toMatch(/already recorded as returned: nothing added/);
    expect(ledger()).toBe(after);
    expect(run(['returned', 'kh-copy'], 2).stderr).toMatch(/test\/kh-copy\/km: has not been posted: nothing can come back \(record its posting first/);
    expect(run(['returned', 'un-sg'], 2).stderr).toMatch(/test\/un-sg\/en: is an email letter/);
    expect(ledger()).toBe(after);
    expect(row('test/fr-minister/en')).toMatchObject({
      status: 'returned',
      post: { state: 'returned', on: '2026-11-02', posted_on: '2026-10-23', tracking: 'RR123456789FR', reason: 'moved, no forwarding address' },
    });
  });

  it('posts a returned letter again with --again, and report counts print letters per state apart from email', () => {
    expect(run(['posted', 'fr-minister', '--tracking', 'RR123456789FR'], 2).stderr).toMatch(/and returned on 2026-11-02; .*--again/);
    run(['posted', 'fr-minister', '--tracking', 'RR222222222FR', '--again']);
    expect(row('test/fr-minister/en')).toMatchObject({ status: 'posted', post: { tracking: 'RR222222222FR', times_posted: 2 } });
    const report = JSON.parse(run(['report', '--json']).stdout) as {
      reports: { year: string; states: { state: string; print: number; posted: number; returned: number; sent: number; delivered: number }[] }[];
    };
    const thisYear = report.reports.find((r) => r.year === new Date().getFullYear().toString());
    expect(thisYear?.states).toEqual([expect.objectContaining({ state: 'FR', print: 1, posted: 1, returned: 0, sent: 0, delivered: 0 })]);
    const unsent = report.reports.find((r) => r.year === 'unsent');
    expect(unsent?.states.find((s) => s.state === 'KH')).toMatchObject({ print: 1, posted: 0, delivered: 0 });
    expect(run(['report']).stdout).toMatch(/state\s+letters\s+sent\s+delivered\s+bounced\s+acknowledged\s+replied\s+reminded\s+silent\s+print\s+posted\s+returned/);
  });
});

describe('petition posted with two petitions to the same addressee', () => {
  it('refuses an addressee id that names a letter of each (one envelope is one letter), and takes the letter id', () => {
    const dir = makeProject({
      'petitions/second/petition.md': petitionMd.replace('title: Test petition', 'title: Second petition'),
      'petitions/second/petition.km.md': petitionKmMd,
      'petitions/second/signatures/online.csv': signaturesCsv,
    });
    const refused = petition(['posted', 'fr-minister', '--on', '2026-11-01'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error: command line: letter: "fr-minister" names 2 letters, one per petition \(give the letter id \(second\/fr-minister\/en, test\/fr-minister\/en\), or --petition\)$/m,
    );
    expect(existsSync(join(dir, 'archive', 'ledger.jsonl'))).toBe(false);
    const posted = petition(['posted', 'test/fr-minister/en', '--on', '2026-11-01'], dir);
    expect(posted.code, posted.stderr).toBe(0);
    expect(
      readFileSync(join(dir, 'archive', 'ledger.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
