import { describe, expect, it } from 'vitest';
import { anniversaryDecision, assertAnniversaryAllows, parseMonthDay, scheduledRunDecision, startOfLocalDay } from '../../src/core/delivery/anniversary.js';
import type { LedgerRecord } from '../../src/core/delivery/ledger.js';
import { RefusedError } from '../../src/core/errors.js';

const H = 3_600_000;
const PP = 'Asia/Phnom_Penh';

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
    { name: 'Phnom Penh, January: wait, not missed', now: '2026-01-05T03:00:00Z', date: '10-23', zone: PP, action: 'wait', message: /2026-10-23 \(in 291 days\)/ },
    { name: 'Phnom Penh, new year there but not in UTC', now: '2026-12-31T20:00:00Z', date: '10-23', zone: PP, action: 'wait', message: /2027-10-23/ },
    { name: 'UTC says the 23rd, Phnom Penh the 24th', now: '2026-10-23T20:00:00Z', date: '10-23', zone: PP, action: 'send-late' },
    { name: '31 Dec anniversary, late into 1 Jan', now: '2027-01-01T02:00:00Z', date: '12-31', zone: PP, action: 'send-late', field: ['anniversary', '2026-12-31'] },
    { name: '31 Dec anniversary, 1 Jan past the late window', now: '2027-01-01T05:00:00Z', date: '12-31', zone: PP, action: 'wait', message: /2027-12-31 \(in 364 days\)/ },
    { name: '1 Jan anniversary, Los Angeles, last minute of the year, sent in January', now: '2027-01-01T07:59:00Z', date: '01-01', zone: 'America/Los_Angeles', sent: true, action: 'already-sent', message: /already sent for 2026-01-01; next anniversary is 2027-01-01/ },
    { name: '1 Jan anniversary, Los Angeles, last minute of the year, never sent', now: '2027-01-01T07:59:00Z', date: '01-01', zone: 'America/Los_Angeles', action: 'missed', field: ['anniversary', '2026-01-01'] },
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
    const decision = anniversaryDecision(new Date(now), { date, time_zone: zone }, lateBy, sent ?? false);
    expect(decision.action).toBe(action);
    if (field) expect((decision as unknown as Record<string, unknown>)[field[0]]).toEqual(field[1]);
    if (message) expect(decision.message).toMatch(message);
  });

  it('asks about the anniversary\'s own year', () => {
    const asked: number[] = [];
    anniversaryDecision(new Date('2027-11-01T00:00:00Z'), { date: '10-23', time_zone: PP }, undefined, (year) => (asked.push(year), false));
    expect(asked).toEqual([2027]);
  });

  it('refuses a missed window with exit code 3', () => {
    const missed = anniversaryDecision(new Date('2026-11-01T00:00:00Z'), { date: '10-23', time_zone: PP });
    expect(() => assertAnniversaryAllows(missed)).toThrow(RefusedError);
    try {
      assertAnniversaryAllows(missed);
    } catch (error) {
      expect((error as RefusedError).exitCode).toBe(3);
    }
  });

  it('rejects bad input clearly', () => {
    expect(() => parseMonthDay('13-01')).toThrow(/not MM-DD/);
    expect(() => parseMonthDay('2026-10-23')).toThrow(/not MM-DD/);
    expect(() => anniversaryDecision(new Date(), { date: '10-23', time_zone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
  });

  it('finds local midnight across offsets', () => {
    expect(startOfLocalDay(2026, 10, 23, PP).toISOString()).toBe('2026-10-22T17:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 29, 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay(2026, 3, 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay(2026, 1, 1, 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });
});

describe('scheduledRunDecision', () => {
  const spec = { date: '10-23', time_zone: PP };
  const sent = (letter: string, at: string): LedgerRecord => ({ v: 1, at, letter, event: 'sent', contentHash: 'h' });
  const ids = new Set(['p/un/en', 'p/fr/en']);
  it.each([
    { name: 'nothing sent, on the day: send this year', now: '2026-10-23T02:00:00Z', records: [], action: 'send', since: '2025-12-31T17:00:00.000Z' },
    { name: 'sent last year only, on the day: send', now: '2026-10-23T02:00:00Z', records: [sent('p/un/en', '2025-10-23T02:00:00Z')], action: 'send', since: '2025-12-31T17:00:00.000Z' },
    { name: 'sent this year, after the window: already sent', now: '2026-11-02T00:00:00Z', records: [sent('p/fr/en', '2026-10-23T02:00:00Z')], action: 'already-sent' },
    { name: 'sent last year only, after the window: missed', now: '2026-11-02T00:00:00Z', records: [sent('p/fr/en', '2025-10-23T02:00:00Z')], action: 'missed' },
    { name: 'another petition\'s letter does not count', now: '2026-11-02T00:00:00Z', records: [sent('q/fr/en', '2026-10-23T02:00:00Z')], action: 'missed' },
    { name: 'sent on 31 Dec UTC = 1 Jan in Phnom Penh counts for the new year', now: '2027-11-02T00:00:00Z', records: [sent('p/un/en', '2026-12-31T18:00:00Z')], action: 'already-sent' },
  ])('$name', ({ now, records, action, since }) => {
    const result = scheduledRunDecision(new Date(now), spec, 12 * H, records, ids);
    expect(result.decision.action).toBe(action);
    expect(result.since).toBe(since);
  });
});
