import { describe, expect, it } from 'vitest';
import { daysInMonth, isLeapYear, isRealDay } from '../../src/core/calendar.js';
import { isIsoDate } from '../../src/core/fields.js';

describe('the calendar', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [100, 2, 28],
    [0, 2, 29], // Date.UTC reads the year 0 as 1900, which is not a leap year
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it.each([
    [1996, true],
    [1900, false],
    [2000, true],
    [2026, false],
  ])('%i is a leap year: %s', (year, leap) => expect(isLeapYear(year)).toBe(leap));

  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['0000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-01', false],
    ['9999-12-31', true],
  ])('isIsoDate(%s) is %s, by the one calendar', (text, real) => {
    expect(isIsoDate(text)).toBe(real);
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) expect(isRealDay(y, m, d)).toBe(real);
  });
});
