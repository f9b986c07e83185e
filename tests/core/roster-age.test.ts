// A roster's age on the day of sending: who is named in validate's warnings, and when send refuses.
import { describe, expect, it } from 'vitest';
import { staleAddressees, staleRosterRefusal, staleRosterWarnings } from '../../src/core/roster-age.js';
import type { Addressee, Roster } from '../../src/core/types.js';

const addressee = (id: string, verified_on?: string): Addressee => ({
  id,
  group: 'un',
  honorific: 'Ms',
  name: `Name ${id}`,
  title: 'Minister',
  language: 'en',
  salutation: { en: 'Dear Minister' },
  verified_on,
  source: { file: 'r.yaml', line: 10 },
});
const roster = (as_of: string, max_age_days?: number): Roster => ({
  id: 'r',
  title: 'R',
  as_of,
  max_age_days,
  sources: ['s'],
  groups: { un: 'UN' },
  groupDetails: {},
  states: [],
  addressees: [],
  file: 'recipients/r.yaml',
});

describe('staleAddressees', () => {
  it.each([
    ['as_of within 180 days', roster('2026-06-10'), [addressee('a')], '2026-12-01', []],
    ['as_of 181 days ago', roster('2026-06-03'), [addressee('a')], '2026-12-01', ['a']],
    ['as_of old, but the addressee verified lately', roster('2017-10-23'), [addressee('a', '2026-11-01'), addressee('b')], '2026-12-01', ['b']],
    ['as_of fresh, but one addressee verified long ago', roster('2026-11-01'), [addressee('a', '2020-01-01')], '2026-12-01', ['a']],
    ['the roster allows a year', roster('2026-01-10', 365), [addressee('a')], '2026-12-01', []],
    ['the roster allows 30 days', roster('2026-10-01', 30), [addressee('a')], '2026-12-01', ['a']],
  ])('%s', (_name, r, addressees, today, stale) => {
    expect(staleAddressees(r, addressees, today).map((s) => s.addressee.id)).toEqual(stale);
  });
});

describe('staleRosterRefusal', () => {
  const old = roster('2017-10-23');
  const all = [addressee('un-sg'), addressee('fr'), addressee('id'), addressee('au')];
  it('refuses, naming the roster, its date, the first addressees and the way out', () => {
    const refusal = staleRosterRefusal(old, all, '2026-12-01');
    expect(refusal?.message).toBe(
      'roster r (recipients/r.yaml, as of 2017-10-23) is older than 180 days for 4 addressee(s): un-sg (2017-10-23), fr (2017-10-23), id (2017-10-23), … (1 more); officeholders may have changed',
    );
    expect(refusal?.hint).toMatch(/update as_of .* in recipients\/r\.yaml, or pass --roster-checked-on YYYY-MM-DD/);
  });
  it.each([
    ['a checked date today', '2026-12-01', undefined],
    ['a checked date within the window', '2026-07-01', undefined],
    ['a checked date too old', '2026-01-01', /--roster-checked-on 2026-01-01 is 334 days ago, more than the 180/],
    ['a checked date in the future', '2026-12-02', /is after today \(2026-12-01\)/],
    ['not a date', '2026-02-30', /is not a date/],
  ])('%s', (_name, checkedOn, message) => {
    const refusal = staleRosterRefusal(old, all, '2026-12-01', checkedOn);
    if (message === undefined) expect(refusal).toBeUndefined();
    else expect(refusal?.message).toMatch(message);
  });
  it('lets a fresh roster through', () => {
    expect(staleRosterRefusal(roster('2026-11-20'), all, '2026-12-01')).toBeUndefined();
  });
});

describe('staleRosterWarnings', () => {
  it('names each addressee at its line, never its (possibly huge) name', () => {
    const [w] = staleRosterWarnings(roster('2017-10-23'), [addressee('un-sg')], '2026-12-01');
    expect(w).toMatchObject({
      severity: 'warning',
      file: 'recipients/r.yaml',
      line: 10,
      field: 'addressees.un-sg',
      message: 'last verified on 2017-10-23, 3326 days ago (more than 180): the office may have changed hands',
    });
  });
});
