import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_DATE_EPOCH, optionRanges, parseIsoDay, parseNamesCap, parseSourceDateEpoch, parseWholeNumber } from '../../src/core/option-values.js';

describe('parseWholeNumber', () => {
  it.each([
    ['0', optionRanges.lateBy, 0],
    ['720', optionRanges.lateBy, 720],
    ['64', optionRanges.jobs, 64],
    ['007', optionRanges.rate, 7],
  ])('%s in %o is %d', (text, range, value) => {
    expect(parseWholeNumber(text, range)).toEqual({ ok: true, value });
  });

  it.each([
    ['', optionRanges.limit, '"" is not a whole number (give 1 to 10000000)'],
    [' 5', optionRanges.limit, '" 5" is not a whole number (give 1 to 10000000)'],
    ['-5', optionRanges.maxErrors, '"-5" is not a whole number (give 1 to 10000000)'],
    ['0x10', optionRanges.rate, '"0x10" is not a whole number (give 1 to 100000)'],
    ['1e3', optionRanges.rate, '"1e3" is not a whole number (give 1 to 100000)'],
    ['1.5', optionRanges.rate, '"1.5" is not a whole number (give 1 to 100000)'],
    ['Infinity', optionRanges.rate, '"Infinity" is not a whole number (give 1 to 100000)'],
    ['0', optionRanges.jobs, '0 is out of range (give 1 to 64)'],
    ['721', optionRanges.lateBy, '721 is out of range (give 0 to 720)'],
    ['99999999999999999999', optionRanges.lateBy, '99999999999999999999 is out of range (give 0 to 720)'],
  ])('%j in %o is refused: %s', (text, range, message) => {
    expect(parseWholeNumber(text, range)).toEqual({ ok: false, message });
  });
});

describe('parseNamesCap', () => {
  it.each([
    ['all', Infinity],
    ['none', 0],
    ['0', 0],
    ['2000', 2000],
  ])('%s is %d', (text, value) => expect(parseNamesCap(text)).toEqual({ ok: true, value }));

  it.each(['-5', 'foo', 'ALL', '', '2.5', '10000001'])('%j is refused naming what to give', (text) => {
    expect(parseNamesCap(text)).toEqual({ ok: false, message: `"${text}" is not a number of names (give 0 to 10000000, all or none)` });
  });
});

describe('parseIsoDay', () => {
  it.each(['2026-12-01', '2024-02-29'])('%s is a date', (text) => expect(parseIsoDay(text)).toEqual({ ok: true, value: text }));
  it.each(['2026-02-30', '2025-02-29', '26-12-01', '2026-12-1', 'today', ''])('%s is not', (text) => {
    expect(parseIsoDay(text)).toEqual({ ok: false, message: `"${text}" is not a date (give YYYY-MM-DD)` });
  });
});

describe('parseSourceDateEpoch', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['0', new Date(0)],
    ['1508716800', new Date('2017-10-23T00:00:00Z')],
    [String(MAX_SOURCE_DATE_EPOCH), new Date('9999-12-31T23:59:59Z')],
  ])('%j is %o', (text, value) => expect(parseSourceDateEpoch(text)).toEqual({ ok: true, value }));

  it.each(['abc', '-1', '1508716800.5', ' 1508716800', '1e9', String(MAX_SOURCE_DATE_EPOCH + 1), '99999999999999999999'])('%j is refused', (text) => {
    expect(parseSourceDateEpoch(text)).toEqual({ ok: false, message: `"${text}" is not whole seconds since 1970-01-01 UTC, up to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31)` });
  });
});
