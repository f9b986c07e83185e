// The reminder: a letter of its own, threaded to the letter it follows up, due only when that letter was sent long
// enough ago and neither bounced nor got a person's reply.
import { describe, expect, it } from 'vitest';
import { foldLedger, type LedgerRecord } from '../../src/core/delivery/ledger.js';
import { followedUpId, followUpId, planFollowUps, reminderRecordsInScope, replySubject } from '../../src/core/follow-up.js';
import { planRun } from '../../src/core/delivery/run-plan.js';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { compileTemplates } from '../../src/core/templates.js';
import type { SignatureTally } from '../../src/core/types.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';
import { repoTemplates } from '../support/templates.js';

const tally = {
  rows: 0,
  valid: 0,
  invalid: 0,
  duplicates: 0,
  unique: 0,
  invalidByReason: {},
  byCountry: {},
  bySource: {},
  byDay: {},
  rejects: [],
  declared: [],
  declaredTotal: 5000,
  total: 5000,
  countries: 0,
  kind: 'person',
} satisfies SignatureTally;
/** The minister gets an email too, in Khmer: a language the bundled reminders are not written in. */
const withKhmerEmail = rosterYaml.replace(
  '    language: fr\n    salutation:\n      en: Dear Minister\n',
  '    language: km\n    email: minister@example.org\n    salutation:\n      km: ឯកឧត្តមរដ្ឋមន្ត្រី\n      en: Dear Minister\n',
);

function plan(options: { roster?: string; petition?: string } = {}) {
  const petition = parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: options.petition ?? petitionMd },
    translations: [{ path: 'petitions/test/petition.km.md', text: petitionKmMd, language: 'km' }],
  }).value!;
  const roster = parseRoster(options.roster ?? withKhmerEmail, 'recipients/test-roster.yaml').value!;
  const templates = compileTemplates(repoTemplates()).value!;
  return planLetters({ petition, roster, tally, templates, followUps: true });
}

describe('the reminder of a letter', () => {
  const planned = plan();
  const letter = planned.letters.find((l) => l.id === 'test/un-sg/en')!;
  const reminder = planned.followUps?.letters[0];

  it('is merged for each email letter whose language has a follow-up template; the others are listed with the template', () => {
    expect(planned.problems).toEqual([]);
    expect(planned.followUps?.letters.map((l) => l.id)).toEqual(['test/un-sg.follow-up/en']);
    expect(planned.followUps?.missing.map((m) => [m.letter.id, m.template])).toEqual([['test/fr-minister/km', 'templates/km/follow-up.md.hbs']]);
  });

  it('goes to the same people, "Re:" the subject, without attachments, threaded to the letter as it is', () => {
    expect(reminder).toMatchObject({
      addresseeId: 'un-sg',
      to: letter.to,
      from: letter.from,
      subject: `Re: ${letter.subject}`,
      attachments: [],
      followUp: { of: letter.id, ofContentHash: letter.contentHash },
    });
    expect(reminder?.text).toContain('Dear Secretary-General,');
    expect(reminder?.text).toContain('On 23 October 2017 we wrote to you about “Restore the Paris Peace Agreements”.');
    expect(reminder?.text).toContain('This petition is supported by 5,000 signatures');
    expect(reminder?.html).toContain('We have not yet received a reply.');
    expect(reminder?.contentHash).not.toBe(letter.contentHash);
  });

  it('changes with the letter: an approval of the reminder holds for the letter it follows up', () => {
    const changed = plan({ petition: petitionMd.replace('to act.', 'to act now.') });
    expect(changed.followUps?.letters[0]?.text).toBe(reminder?.text);
    expect(changed.followUps?.letters[0]?.contentHash).not.toBe(reminder?.contentHash);
  });

  it.each([
    ['Restore the agreements', 'Re: Restore the agreements'],
    ['Re: Restore the agreements', 'Re: Restore the agreements'],
    ['RE: x', 'RE: x'],
    ['Reconvene the conference', 'Re: Reconvene the conference'],
  ])('replySubject(%j) is %j', (subject, expected) => expect(replySubject(subject)).toBe(expected));

  it.each([
    ['test/un-sg.follow-up/en', 'test/un-sg/en'],
    ['test/un-sg/en', undefined],
    ['test/a/b/c.follow-up/en', undefined],
  ])('followedUpId(%j) is %j', (id, expected) => expect(followedUpId(id)).toBe(expected));

  it('has an id no roster can give a letter (roster ids hold no dot), and that names its letter', () => expect(followedUpId(followUpId(letter))).toBe(letter.id));
});

describe('planFollowUps', () => {
  const planned = plan({ roster: rosterYaml });
  const letter = planned.letters.find((l) => l.id === 'test/un-sg/en')!;
  const followUps = planned.followUps!;
  const day = (n: number) => new Date(Date.UTC(2026, 9, 23 + n, 9)).toISOString();
  const sent = (extra: Partial<LedgerRecord> = {}): LedgerRecord[] => [
    { v: 1, at: day(0), letter: letter.id, event: 'queued', contentHash: letter.contentHash },
    { v: 1, at: day(0), letter: letter.id, event: 'sending', contentHash: letter.contentHash, messageId: '<m@example.org>' },
    { v: 1, at: day(0), letter: letter.id, event: 'sent', contentHash: letter.contentHash, messageId: '<m@example.org>', ...extra },
  ];
  const inbound = (event: LedgerRecord['event'], extra: Partial<NonNullable<LedgerRecord['inbound']>> = {}): LedgerRecord => ({
    v: 1,
    at: day(2),
    letter: letter.id,
    event,
    contentHash: letter.contentHash,
    inbound: { key: `k-${event}`, date: day(2), about: '<m@example.org>', ...extra },
  });
  const reminded: LedgerRecord = { v: 1, at: day(15), letter: 'test/un-sg.follow-up/en', event: 'sent', contentHash: 'r', messageId: '<r@example.org>' };
  // (day(15) is 2026-11-07)

  const rows: [string, LedgerRecord[], number, string | undefined][] = [
    ['never sent', [], 14, 'not sent'],
    ['sent 14 days ago, silent: due', sent(), 14, undefined],
    ['sent, silent, not yet 30 days', sent(), 30, 'sent on 2026-10-23: due on 2026-11-22'],
    ['sent, an out-of-office came back: due (it is no answer)', [...sent(), inbound('auto-replied')], 14, undefined],
    ['sent, delayed: due', [...sent(), inbound('delayed')], 14, undefined],
    ['sent, bounced', [...sent(), inbound('bounced', { status: '5.1.1' })], 14, 'bounced (5.1.1): fix the address, or print the letter'],
    ['sent, a person replied', [...sent(), inbound('replied')], 14, 'replied on 2026-10-25'],
    ['sending, then nothing: unknown', sent().slice(0, 2), 14, 'its delivery is unknown'],
    ['sent an older version of the letter', sent().map((r) => ({ ...r, contentHash: 'older' })), 14, 'changed since it was sent: a reminder would name a letter the addressee never got'],
  ];

  it.each(rows)('%s', (_name, records, afterDays, reason) => {
    const plan = planFollowUps(planned.letters, followUps, foldLedger(records), { afterDays, now: new Date(day(14)) });
    expect(plan.notDue.find((n) => n.id === letter.id)?.reason).toBe(reason);
    expect(plan.due.map((l) => l.id)).toEqual(reason ? [] : ['test/un-sg.follow-up/en']);
  });

  it.each([
    ['sent: not again', [reminded], 'reminded on 2026-11-07'],
    ['failed, and the addressee replied since: not sent again', [{ ...reminded, event: 'failed' as const }, inbound('replied')], 'replied on 2026-10-25'],
    [
      'cut off (unknown): not again without --retry-unknown',
      [{ ...reminded, event: 'sending' as const }],
      expect.stringMatching(/^its reminder may have been delivered \(unknown\)/) as unknown as string,
    ],
    ['failed, still due: sent again', [{ ...reminded, event: 'failed' as const }], undefined],
  ])('a reminder the ledger knows, %s', (_name, records, reason) => {
    const plan = planFollowUps(planned.letters, followUps, foldLedger([...sent(), ...records]), { afterDays: 14, now: new Date(day(20)) });
    expect(plan.notDue.find((n) => n.id === letter.id)?.reason).toEqual(reason);
    expect(plan.due.map((l) => l.id)).toEqual(reason === undefined ? ['test/un-sg.follow-up/en'] : []);
  });

  it("a reply to last year's letter does not answer this year's", () => {
    const nextYear = sent().map((r) => ({ ...r, at: day(365) }));
    const plan = planFollowUps(planned.letters, followUps, foldLedger([...sent(), inbound('replied'), ...nextYear]), { afterDays: 14, now: new Date(day(380)) });
    expect(plan.due.map((l) => l.id)).toEqual(['test/un-sg.follow-up/en']);
  });

  it('reminds a letter sent again next year, though its reminder of last year was sent: the runner plans to send it', () => {
    const nextYear = sent().map((r) => ({ ...r, at: day(365) }));
    const records = [...sent(), { ...reminded, contentHash: followUps.letters[0]!.contentHash }, ...nextYear];
    const reminders = followUps.letters;
    const scoped = foldLedger(reminderRecordsInScope(reminders, records));
    const plan = planFollowUps(planned.letters, followUps, scoped, { afterDays: 14, now: new Date(day(380)) });
    expect(plan.due.map((l) => l.id)).toEqual(['test/un-sg.follow-up/en']);
    const run = planRun(plan.due, records, { testMode: false }, new Date(day(380)));
    expect(run.idle ? [] : run.plan.map((p) => p.action)).toEqual(['send']);
    // The same records without the new year's send: last year's reminder stands, and the runner skips it.
    const once = planRun(plan.due, [...sent(), { ...reminded, contentHash: followUps.letters[0]!.contentHash }], { testMode: false }, new Date(day(20)));
    expect(once.idle ? [] : once.plan.map((p) => p.action)).toEqual(['skip-sent']);
  });

  it('never reminds a print letter, and says why it does not remind a copy', () => {
    const withCopyEmail = plan({ roster: rosterYaml.replace('  - id: kh-copy\n', '  - id: kh-copy\n    email: copy@example.org\n') });
    const copy = withCopyEmail.letters.find((l) => l.id === 'test/kh-copy/km')!;
    expect(copy.channel).toBe('email');
    const records = [...sent(), ...sent().map((r) => ({ ...r, letter: copy.id, contentHash: copy.contentHash }))];
    const result = planFollowUps(withCopyEmail.letters, withCopyEmail.followUps!, foldLedger(records), { afterDays: 14, now: new Date(day(14)) });
    expect(result.notDue).toEqual([{ id: 'test/kh-copy/km', reason: 'a copy for information: no reply is awaited' }]);
    expect(result.due.map((l) => l.id)).toEqual(['test/un-sg.follow-up/en']); // test/fr-minister/en, a print letter, is not listed
    expect(result.missing).toEqual([]);
  });

  it('lists a due letter whose language has no reminder, for the command to refuse', () => {
    const khmer = plan({ roster: withKhmerEmail });
    const minister = khmer.letters.find((l) => l.id === 'test/fr-minister/km')!;
    const records = sent().map((r) => ({ ...r, letter: minister.id, contentHash: minister.contentHash }));
    const result = planFollowUps(khmer.letters, khmer.followUps!, foldLedger(records), { afterDays: 14, now: new Date(day(14)) });
    expect(result.missing.map((m) => [m.letter.id, m.template])).toEqual([['test/fr-minister/km', 'templates/km/follow-up.md.hbs']]);
    expect(result.notDue.map((n) => n.id)).toEqual(['test/un-sg/en']);
  });
});
