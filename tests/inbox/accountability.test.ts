// The per-state table after a send, as data: each letter's status row in, counts per petition, year and state out.
import { describe, expect, it } from 'vitest';
import { accountability, type CountedLetter } from '../../src/core/inbox/accountability.js';
import type { StatusRow } from '../../src/core/delivery/status.js';

const row = (id: string, extra: Partial<StatusRow> = {}): StatusRow => ({
  id,
  addressee: id.split('/')[1] ?? id,
  status: 'sent',
  time: '2017-10-23T02:00:00.000Z',
  attempts: 1,
  timesSent: 1,
  ...extra,
});
const letter = (id: string, state: string, extra: Partial<StatusRow> = {}): CountedLetter => ({ row: row(id, extra), petition: id.split('/')[0] ?? '', state });

describe('accountability', () => {
  it('counts each state: delivered, bounced, acknowledged, replied, silent, print, days to the first reply', () => {
    const reports = accountability([
      letter('p/fr-minister/en', 'FR', { deliveryReport: { state: 'delivered', date: '2017-10-23T03:00:00.000Z' }, reply: { state: 'replied', date: '2017-11-02T14:00:00.000Z' } }),
      letter('p/fr-president/en', 'FR', { reply: { state: 'auto-replied', date: '2017-10-23T03:00:00.000Z' } }),
      letter('p/id-minister/en', 'ID', { deliveryReport: { state: 'bounced', date: '2017-10-23T03:00:00.000Z', status: '5.1.1' } }),
      letter('p/jp-minister/en', 'JP'),
      letter('p/kh-king/km', 'KH', { status: 'print', time: undefined }),
      letter('p/un-sg/en', 'United Nations', { time: '2016-10-23T02:00:00.000Z', reply: { state: 'replied', date: '2016-10-25T02:00:00.000Z' } }),
    ]);
    expect(reports.map((r) => [r.petition, r.year])).toEqual([
      ['p', 'unsent'],
      ['p', '2017'],
      ['p', '2016'],
    ]);
    const y2017 = reports[1]!;
    expect(y2017.states.map((s) => [s.state, s.letters, s.sent, s.delivered, s.bounced, s.acknowledged, s.replied, s.silent, s.daysToFirstReply])).toEqual([
      ['FR', 2, 2, 1, 0, 1, 1, 0, 10.5],
      ['ID', 1, 1, 0, 1, 0, 0, 0, undefined],
      ['JP', 1, 1, 0, 0, 0, 0, 1, undefined],
    ]);
    expect(y2017.total).toMatchObject({ state: 'all', letters: 4, sent: 4, replied: 1, silent: 1, bounced: 1, acknowledged: 1 });
    expect(reports[0]?.total).toMatchObject({ letters: 1, print: 1, sent: 0 });
    expect(reports[2]?.states).toEqual([expect.objectContaining({ state: 'United Nations', replied: 1, daysToFirstReply: 2 })]);
  });

  it('counts a reminder with its letter: reminded, and a reply to it is the letter’s reply, days counted from the letter', () => {
    const reports = accountability([
      letter('p/fr-minister/en', 'FR'),
      letter('p/fr-minister.follow-up/en', 'FR', { time: '2017-11-06T02:00:00.000Z', reply: { state: 'replied', date: '2017-11-08T02:00:00.000Z' } }),
      letter('p/jp-minister/en', 'JP', { reply: { state: 'auto-replied', date: '2017-10-23T03:00:00.000Z' } }),
      letter('p/jp-minister.follow-up/en', 'JP', { time: '2017-11-06T02:00:00.000Z' }),
      letter('p/id-minister/en', 'ID'),
      letter('p/id-minister.follow-up/en', 'ID', { status: 'failed', time: undefined }),
      // Sent again a year later: last year's reminder and its reply are not this letter's.
      letter('p/kh-minister/en', 'KH', { time: '2018-10-23T02:00:00.000Z' }),
      letter('p/kh-minister.follow-up/en', 'KH', { time: '2017-11-06T02:00:00.000Z', reply: { state: 'replied', date: '2017-11-08T02:00:00.000Z' } }),
    ]);
    expect(reports.map((r) => r.year)).toEqual(['2018', '2017']);
    expect(reports[0]?.states.map((s) => [s.state, s.reminded, s.replied, s.silent])).toEqual([['KH', 0, 0, 1]]);
    expect(reports[1]?.states.map((s) => [s.state, s.letters, s.sent, s.reminded, s.replied, s.acknowledged, s.silent, s.daysToFirstReply])).toEqual([
      ['FR', 1, 1, 1, 1, 0, 0, 16],
      ['ID', 1, 1, 0, 0, 0, 1, undefined],
      ['JP', 1, 1, 1, 0, 1, 0, undefined],
    ]);
  });

  it('counts print letters apart: printed, posted, returned; never sent or delivered, in the year they were posted', () => {
    const post = (state: 'posted' | 'returned', postedOn: string) => ({ state, on: postedOn, postedOn, timesPosted: 1 });
    const reports = accountability([
      letter('p/kh-king/km', 'KH', { status: 'print', time: undefined }),
      letter('p/kh-pm/km', 'KH', { status: 'posted', time: undefined, post: post('posted', '2017-10-23') }),
      letter('p/fr-pm/fr', 'FR', { status: 'returned', time: undefined, post: post('returned', '2017-10-24') }),
      letter('p/fr-minister/en', 'FR', { deliveryReport: { state: 'delivered', date: '2017-10-23T03:00:00.000Z' } }),
    ]);
    expect(reports.map((r) => [r.year, r.total.letters, r.total.sent, r.total.delivered, r.total.print, r.total.posted, r.total.returned])).toEqual([
      ['unsent', 1, 0, 0, 1, 0, 0],
      ['2017', 3, 1, 1, 2, 1, 1],
    ]);
    expect(reports[1]?.states.map((s) => [s.state, s.print, s.posted, s.returned, s.silent])).toEqual([
      ['FR', 1, 0, 1, 1], // silent: the email letter, delivered, no reply
      ['KH', 1, 1, 0, 0],
    ]);
  });

  it('counts a letter changed since it was sent as sent', () => {
    expect(accountability([letter('p/a/en', 'FR', { status: 'changed' })])[0]?.total).toMatchObject({ sent: 1, silent: 1 });
  });
});
