import { describe, expect, it } from 'vitest';
import { describeHolder, holderFileName, parseHolder, startTimeFromProcStat, type LockHolder } from '../../src/core/delivery/lock-holder.js';

const holder: LockHolder = { pid: 1234, host: 'sender.example.org', startTime: 98765, startedAt: '2026-10-23T01:00:00.000Z' };
// Fields 3..21 of a real stat line, then starttime (22) and two more.
const middle = 'S 1 1234 1234 0 -1 4194560 1000 0 0 0 10 5 0 0 20 0 11 0';

describe('startTimeFromProcStat', () => {
  it.each([
    ['a plain command name', `1234 (node) ${middle} 98765 1000000 2000`, 98765],
    ['a command name with spaces and parentheses', `1234 (my (odd) name) ${middle} 42 1000000 2000`, 42],
    ['a trailing newline', `1234 (node) ${middle} 7 1 2\n`, 7],
    ['no closing parenthesis', `1234 node ${middle} 98765`, null],
    ['too few fields', '1234 (node) S 1 2 3', null],
    ['a starttime that is not a number', `1234 (node) ${middle} abc 1 2`, null],
  ])('reads %s', (_, stat, expected) => {
    expect(startTimeFromProcStat(stat)).toBe(expected);
  });
});

describe('parseHolder', () => {
  it.each([
    ['a holder', JSON.stringify(holder), holder],
    ['a holder without a start time', JSON.stringify({ ...holder, startTime: null }), { ...holder, startTime: null }],
    ['a torn file', '{"pid":12', 'is not JSON'],
    ['a JSON string', '"pid"', 'is not a JSON object'],
    ['no pid', JSON.stringify({ ...holder, pid: undefined }), 'has no valid "pid"'],
    ['a pid of 0', JSON.stringify({ ...holder, pid: 0 }), 'has no valid "pid"'],
    ['a fractional pid', JSON.stringify({ ...holder, pid: 1.5 }), 'has no valid "pid"'],
    ['an empty host', JSON.stringify({ ...holder, host: '' }), 'has no valid "host"'],
    ['a start time as text', JSON.stringify({ ...holder, startTime: '98765' }), 'has no valid "startTime"'],
    ['no startedAt', JSON.stringify({ ...holder, startedAt: 5 }), 'has no valid "startedAt"'],
  ])('reads %s', (_, text, expected) => {
    expect(parseHolder(text)).toEqual(expected);
  });
});

describe('holderFileName', () => {
  it.each([
    [holder, 'n-1', `${Buffer.from('sender.example.org').toString('hex')}.1234.98765.n-1.json`],
    [{ ...holder, host: 'ホスト/../x', startTime: null }, 'a/b.c', `${Buffer.from('ホスト/../x').toString('hex')}.1234.x.abc.json`],
  ])('names %j with nonce %s as %s', (h, nonce, expected) => {
    expect(holderFileName(h, nonce)).toBe(expected);
  });
});

describe('describeHolder', () => {
  it('names pid, host and time', () => {
    expect(describeHolder(holder)).toBe('process 1234 on host sender.example.org since 2026-10-23T01:00:00.000Z');
  });
});
