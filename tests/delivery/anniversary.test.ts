import { describe, expect, it } from 'vitest';
import {
  anniversaryDecision,
  assertAnniversaryAllows,
  campaignYearStart,
  DEFAULT_LATE_BY_MS,
  parseMonthDay,
  scheduledRunDecision,
  startOfLocalDay,
  type CampaignLetters,
} from '../../src/core/delivery/anniversary.js';
import type { LedgerRecord } from '../../src/core/delivery/ledger.js';
import { RefusedError } from '../../src/core/errors.js';

const H = 3_600_000;
const PP = 'Asia/Phnom_Penh';
const ALL_SENT: CampaignLetters = { sent: ['p/un/en'], failed: [], unsent: [], unknown: [] };
const NONE_SENT: CampaignLetters = { sent: [], failed: [], unsent: ['p/un/en'], unknown: [] };

describe('anniversaryDecision', () => {
  const cases: { name: string; now: string; date: string; zone: string; lateBy?: number; sent?: boolean; action: string; field?: [string, unknown]; message?: RegExp }[] = [
    { name: 'Phnom Penh, the second before the day', now: '2026-10-22T16:59:59Z', date: '10-23', zone: PP, action: 'wait', message: /next anniversary is 2026-10-23 \(in 1 day\)/ },
    { name: 'Phnom Penh, local midnight starts the day', now: '2026-10-22T17:00:00Z', date: '10-23', zone: PP, action: 'send', field: ['anniversary', '2026-10-23'] },
    { name: 'Phnom Penh, the last second of the day', now: '2026-10-23T16:59:59Z', date: '10-23', zone: PP, action: 'send' },
    { name: 'Phnom Penh, just after the day: late', now: '2026-10-23T17:00:00Z', date: '10-23', zone: PP, action: 'send-late', message: /ended 0.0 h ago/ },
    { name: 'Phnom Penh, 11.98 h late', now: '2026-10-24T04:59:00Z', date: '10-23', zone: PP, action: 'send-late' },
    { name: 'Phnom Penh, 12 h late: missed', now: '2026-10-24T05:00:00Z', date: '10-23', zone: PP, action: 'missed', field: ['exitCode', 3], message: /missed the window/ },
    { name: 'Phnom Penh, 12 h late but already sent', now: '2026-10-24T05:00:00Z', date: '10-23', zone: PP, sent: true, action: 'already-sent', field: ['next', '2027-10-23'] },
    { name: 'Phnom Penh, late window of 1 h', now: '2026-10-23T18:00:00Z', date: '10-23', zone: PP, lateBy: 1 * H, action: 'missed' },
    // A campaign runs from half a year before its day to half a year before the next: a missed window stays reported.
    { name: 'Phnom Penh, January after a missed October: still missed', now: '2026-01-05T03:00:00Z', date: '10-23', zone: PP, action: 'missed', field: ['anniversary', '2025-10-23'] },
    {
      name: 'Phnom Penh, January after a missed October, sent by hand since: already sent',
      now: '2026-01-05T03:00:00Z',
      date: '10-23',
      zone: PP,
      sent: true,
      action: 'already-sent',
      field: ['anniversary', '2025-10-23'],
    },
    { name: 'Phnom Penh, half a year before the day: the next campaign, wait', now: '2026-04-23T17:00:00Z', date: '10-23', zone: PP, action: 'wait', message: /2026-10-23 \(in 182 days\)/ },
    { name: 'Phnom Penh, the second before that: still the last one', now: '2026-04-23T16:59:59Z', date: '10-23', zone: PP, action: 'missed', field: ['anniversary', '2025-10-23'] },
    { name: 'Phnom Penh, new year there but not in UTC: still the October before', now: '2026-12-31T20:00:00Z', date: '10-23', zone: PP, action: 'missed', field: ['anniversary', '2026-10-23'] },
    { name: 'UTC says the 23rd, Phnom Penh the 24th', now: '2026-10-23T20:00:00Z', date: '10-23', zone: PP, action: 'send-late' },
    { name: '31 Dec anniversary, late into 1 Jan', now: '2027-01-01T02:00:00Z', date: '12-31', zone: PP, action: 'send-late', field: ['anniversary', '2026-12-31'] },
    { name: '31 Dec anniversary, 1 Jan past the late window: still that year, missed', now: '2027-01-01T05:00:00Z', date: '12-31', zone: PP, action: 'missed', field: ['anniversary', '2026-12-31'] },
    { name: '31 Dec anniversary, a day after the late window: still missed', now: '2027-01-02T05:00:00Z', date: '12-31', zone: PP, action: 'missed', field: ['anniversary', '2026-12-31'] },
    {
      name: '1 Jan anniversary, Los Angeles, last minute of the year: the coming one, wait',
      now: '2027-01-01T07:59:00Z',
      date: '01-01',
      zone: 'America/Los_Angeles',
      sent: true,
      action: 'wait',
      message: /next anniversary is 2027-01-01 \(in 1 day\)/,
    },
    { name: '1 Jan anniversary, Los Angeles, midnight', now: '2027-01-01T08:00:00Z', date: '01-01', zone: 'America/Los_Angeles', action: 'send', field: ['year', 2027] },
    { name: 'Paris, the 25-hour day DST ends (start, CEST)', now: '2026-10-24T22:00:00Z', date: '10-25', zone: 'Europe/Paris', action: 'send' },
    { name: 'Paris, before it', now: '2026-10-24T21:59:59Z', date: '10-25', zone: 'Europe/Paris', action: 'wait' },
    { name: 'Paris, the 25th hour (CET)', now: '2026-10-25T22:59:59Z', date: '10-25', zone: 'Europe/Paris', action: 'send' },
    { name: 'Paris, after the 25-hour day', now: '2026-10-25T23:00:00Z', date: '10-25', zone: 'Europe/Paris', action: 'send-late' },
    { name: 'New York, the 23-hour day DST starts, its last minute', now: '2026-03-09T03:59:00Z', date: '03-08', zone: 'America/New_York', action: 'send' },
    { name: 'New York, after the 23-hour day', now: '2026-03-09T04:00:00Z', date: '03-08', zone: 'America/New_York', action: 'send-late' },
    { name: 'New York, midnight EST starts the day', now: '2026-03-08T05:00:00Z', date: '03-08', zone: 'America/New_York', action: 'send' },
    { name: '29 February in a common year falls on the 28th', now: '2027-02-28T12:00:00Z', date: '02-29', zone: 'UTC', action: 'send', field: ['anniversary', '2027-02-28'] },
  ];
  it.each(cases)('$name', ({ now, date, zone, lateBy, sent, action, field, message }) => {
    const decision = anniversaryDecision(new Date(now), { date, time_zone: zone }, lateBy ?? DEFAULT_LATE_BY_MS, () => (sent ? ALL_SENT : NONE_SENT));
    expect(decision.action).toBe(action);
    if (field) expect((decision as unknown as Record<string, unknown>)[field[0]]).toEqual(field[1]);
    if (message) expect(decision.message).toMatch(message);
  });

  it("asks about the anniversary's own year", () => {
    const asked: number[] = [];
    anniversaryDecision(new Date('2027-11-01T00:00:00Z'), { date: '10-23', time_zone: PP }, DEFAULT_LATE_BY_MS, (year) => (asked.push(year), NONE_SENT));
    expect(asked).toEqual([2027]);
    anniversaryDecision(new Date('2027-10-23T00:00:00Z'), { date: '10-23', time_zone: PP }, DEFAULT_LATE_BY_MS, (year) => (asked.push(year), NONE_SENT));
    expect(asked).toEqual([2027]); // not while the window is open: the plan sends what is unsent
  });

  it('refuses a missed window with exit code 3, and lets every other decision through', () => {
    const at = (now: string, letters: CampaignLetters) => anniversaryDecision(new Date(now), { date: '10-23', time_zone: PP }, DEFAULT_LATE_BY_MS, () => letters);
    const missed = at('2026-11-01T00:00:00Z', NONE_SENT);
    expect(() => assertAnniversaryAllows(missed)).toThrow(RefusedError);
    try {
      assertAnniversaryAllows(missed);
    } catch (error) {
      expect((error as RefusedError).exitCode).toBe(3);
      expect((error as RefusedError).message).toBe(missed.message);
      expect((error as RefusedError).hint).toMatch(/send by hand without --on-anniversary/);
    }
    for (const ok of [at('2026-11-01T00:00:00Z', ALL_SENT), at('2026-10-23T00:00:00Z', NONE_SENT), at('2026-05-01T00:00:00Z', NONE_SENT)]) expect(assertAnniversaryAllows(ok)).toBe(ok);
  });

  it('rejects bad input clearly', () => {
    expect(() => parseMonthDay('13-01')).toThrow(/not MM-DD/);
    expect(() => parseMonthDay('2026-10-23')).toThrow(/not MM-DD/);
    expect(() => anniversaryDecision(new Date(), { date: '10-23', time_zone: 'Mars/Olympus' }, DEFAULT_LATE_BY_MS, () => NONE_SENT)).toThrow(/unknown time zone/);
  });

  it('finds local midnight across offsets', () => {
    expect(startOfLocalDay(2026, 10, 23, PP).toISOString()).toBe('2026-10-22T17:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 29, 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay(2026, 1, 1, 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });
});

describe('scheduledRunDecision counts letters, not runs', () => {
  const spec = { date: '10-23', time_zone: PP };
  const record = (letter: string, at: string, event: LedgerRecord['event'] = 'sent'): LedgerRecord => ({ v: 1, at, letter, event, contentHash: 'h' });
  const email = (id: string) => ({ id, channel: 'email' as const });
  const letters = [email('p/un/en'), email('p/fr/en'), email('p/de/en'), { id: 'p/kh/km', channel: 'print' as const }];
  const ON_THE_DAY = '2026-10-23T02:00:00Z';
  const DAY_AFTER = '2026-10-24T10:00:00Z'; // past the 12 h late window
  const AFTER = '2026-11-02T00:00:00Z';
  const rows: { name: string; now: string; records: LedgerRecord[]; action: string; since?: string; unsent?: string[]; unknown?: string[]; failed?: string[]; message?: RegExp }[] = [
    { name: 'none sent, on the day: send', now: ON_THE_DAY, records: [], action: 'send', since: '2026-04-23T17:00:00.000Z' },
    { name: 'some sent, on the day: send (the plan sends the rest)', now: ON_THE_DAY, records: [record('p/un/en', '2026-10-23T01:00:00Z')], action: 'send', since: '2026-04-23T17:00:00.000Z' },
    { name: 'sent last year only, on the day: send', now: ON_THE_DAY, records: [record('p/un/en', '2025-10-23T02:00:00Z')], action: 'send', since: '2026-04-23T17:00:00.000Z' },
    {
      name: 'none sent, after the window: missed, all listed',
      now: AFTER,
      records: [],
      action: 'missed',
      unsent: ['p/un/en', 'p/fr/en', 'p/de/en'],
      unknown: [],
      message: /3 of 3 letters never sent: p\/un\/en, p\/fr\/en, p\/de\/en$/,
    },
    {
      name: 'one of three sent by hand, the day after: missed, not "already sent"',
      now: DAY_AFTER,
      records: [record('p/fr/en', '2026-10-24T09:00:00Z')],
      action: 'missed',
      unsent: ['p/un/en', 'p/de/en'],
      unknown: [],
    },
    {
      name: 'all sent: already sent',
      now: AFTER,
      records: ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, '2026-10-23T02:00:00Z')),
      action: 'already-sent',
      message: /already sent for 2026-10-23 \(3 letters\); next anniversary is 2027-10-23/,
    },
    {
      name: 'all settled, one failed permanently: already sent, the failure said',
      now: AFTER,
      records: [record('p/un/en', '2026-10-23T02:00:00Z'), record('p/fr/en', '2026-10-23T02:00:00Z'), record('p/de/en', '2026-10-23T02:00:00Z', 'failed')],
      action: 'already-sent',
      failed: ['p/de/en'],
      message: /\(3 letters, 1 of them failed permanently\)/,
    },
    {
      name: 'a deferred letter is unsent',
      now: AFTER,
      records: [record('p/un/en', '2026-10-23T02:00:00Z'), record('p/fr/en', '2026-10-23T02:00:00Z'), record('p/de/en', '2026-10-23T02:00:00Z', 'deferred')],
      action: 'missed',
      unsent: ['p/de/en'],
      unknown: [],
    },
    {
      name: 'unknown ones: missed, listed apart',
      now: AFTER,
      records: [record('p/un/en', '2026-10-23T02:00:00Z'), record('p/fr/en', '2026-10-23T02:00:00Z', 'sending'), record('p/de/en', '2026-10-23T02:00:00Z', 'unknown')],
      action: 'missed',
      unsent: [],
      unknown: ['p/fr/en', 'p/de/en'],
      message: /; 2 of 3 letters of unknown delivery: p\/fr\/en, p\/de\/en$/,
    },
    {
      name: "last year's sends do not count: missed",
      now: AFTER,
      records: ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, '2025-10-23T02:00:00Z')),
      action: 'missed',
      unsent: ['p/un/en', 'p/fr/en', 'p/de/en'],
    },
    { name: "another petition's letter does not count", now: AFTER, records: [record('q/fr/en', '2026-10-23T02:00:00Z')], action: 'missed', unsent: ['p/un/en', 'p/fr/en', 'p/de/en'] },
    {
      name: 'sent by hand in May for the coming October counts for it',
      now: '2027-11-02T00:00:00Z',
      records: ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, '2027-05-01T02:00:00Z')),
      action: 'already-sent',
    },
    {
      name: 'sent in March, more than half a year before: the October before, not this one',
      now: '2027-11-02T00:00:00Z',
      records: ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, '2027-03-01T02:00:00Z')),
      action: 'missed',
    },
  ];
  it.each(rows)('$name', ({ now, records, action, since, unsent, unknown, failed, message }) => {
    const { decision, since: from } = scheduledRunDecision(new Date(now), spec, 12 * H, records, letters);
    expect(decision.action).toBe(action);
    expect(from).toBe(since);
    const fields = decision as unknown as Record<string, unknown>;
    if (unsent) expect(fields.unsent).toEqual(unsent);
    if (unknown) expect(fields.unknown).toEqual(unknown);
    if (failed) expect(fields.failed).toEqual(failed);
    if (message) expect(decision.message).toMatch(message);
    expect(decision.exitCode).toBe(action === 'missed' ? 3 : 0);
  });

  it('1 of 24 sent by hand the day after: missed, says how many, shows the first few, lists all', () => {
    const many = Array.from({ length: 24 }, (_, i) => email(`p/a${String(i + 1).padStart(2, '0')}/en`));
    const { decision } = scheduledRunDecision(new Date(DAY_AFTER), spec, 12 * H, [record('p/a01/en', '2026-10-24T09:00:00Z')], many);
    expect(decision.action).toBe('missed');
    expect(decision.message).toMatch(/; 23 of 24 letters never sent: p\/a02\/en, p\/a03\/en, p\/a04\/en, p\/a05\/en, p\/a06\/en, … \(18 more\)$/);
    expect((decision as { unsent: string[] }).unsent).toEqual(many.slice(1).map((l) => l.id));
  });

  it('only email letters count', () => {
    const sentAll = ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, '2026-10-23T02:00:00Z'));
    expect(scheduledRunDecision(new Date(AFTER), spec, 12 * H, sentAll, letters).decision.action).toBe('already-sent');
    expect(scheduledRunDecision(new Date(AFTER), spec, 12 * H, sentAll, [email('p/un/en'), email('p/kh/km')]).decision.action).toBe('missed');
  });

  it("a 1 January anniversary: a letter sent by hand on 31 December is that campaign's, so the day does not send it again", () => {
    const jan1 = { date: '01-01', time_zone: 'America/Los_Angeles' };
    const byHand = record('p/un/en', '2026-12-31T20:00:00Z');
    const { decision, since } = scheduledRunDecision(new Date('2027-01-01T10:00:00Z'), jan1, 12 * H, [byHand], letters);
    expect(decision.action).toBe('send');
    expect(since).toBe('2026-07-03T08:00:00.000Z');
    expect(Date.parse(byHand.at)).toBeGreaterThanOrEqual(Date.parse(since!)); // the plan counts it as sent
  });

  describe('a 31 December anniversary, whose late window runs into 1 January', () => {
    const dec31 = { date: '12-31', time_zone: PP };
    const all = (at: string, event: LedgerRecord['event'] = 'sent') => ['p/un/en', 'p/fr/en', 'p/de/en'].map((id) => record(id, at, event));
    it.each([
      // 1 January 09:00 in Phnom Penh: late; the campaign began half a year before 31 December.
      { name: 'on 1 Jan, late: send-late, this campaign since half a year before its day', now: '2027-01-01T02:00:00Z', records: [], action: 'send-late', since: '2026-07-01T17:00:00.000Z' },
      { name: 'letters sent late on 1 Jan count for 31 Dec', now: '2027-01-01T06:00:00Z', records: all('2027-01-01T02:00:00Z'), action: 'already-sent', anniversary: '2026-12-31' },
      { name: 'nothing sent: the run on 1 Jan after the late window reports it missed', now: '2027-01-01T06:00:00Z', records: [], action: 'missed', anniversary: '2026-12-31' },
      { name: 'the next day: still missed', now: '2027-01-02T06:00:00Z', records: [], action: 'missed', anniversary: '2026-12-31' },
      { name: "the next 31 Dec does not count last year's late sends", now: '2028-01-01T06:00:00Z', records: all('2027-01-01T02:00:00Z'), action: 'missed', anniversary: '2027-12-31' },
      { name: 'and sends them on its day', now: '2027-12-31T02:00:00Z', records: all('2027-01-01T02:00:00Z'), action: 'send', since: '2027-07-01T17:00:00.000Z' },
    ])('$name', ({ now, records, action, since, anniversary }) => {
      const { decision, since: from } = scheduledRunDecision(new Date(now), dec31, 12 * H, records, letters);
      expect(decision.action).toBe(action);
      expect(from).toBe(since);
      if (anniversary) expect((decision as { anniversary: string }).anniversary).toBe(anniversary);
    });
    it('campaign years begin half a year before the day, whatever the late window', () => {
      expect(campaignYearStart(2027, spec, 12 * H).toISOString()).toBe('2027-04-23T17:00:00.000Z');
      expect(campaignYearStart(2027, dec31, 12 * H).toISOString()).toBe('2027-07-01T17:00:00.000Z');
      expect(campaignYearStart(2027, dec31, 0).toISOString()).toBe('2027-07-01T17:00:00.000Z');
    });
  });
});
