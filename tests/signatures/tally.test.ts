import { describe, expect, it } from 'vitest';
import { createTally } from '../../src/core/signatures/index.js';
import type { Reject, SignatureRow } from '../../src/core/types.js';

const row = (fields: Partial<SignatureRow>): SignatureRow => ({
  name: '',
  email: '',
  country: '',
  region: '',
  city: '',
  postcode: '',
  signed_at: '',
  source: '',
  comment: '',
  ...fields,
});

describe('createTally: reject reasons, in rule order', () => {
  const cases: [string, Partial<SignatureRow>, Reject['reason'] | 'ok'][] = [
    ['a full row', { name: 'Sok Dara', email: 'dara@example.org', country: 'KH', signed_at: '2017-10-23' }, 'ok'],
    ['no email, no country, no date', { name: 'Sok Dara' }, 'ok'],
    ['empty name', { name: '  ', email: 'a@example.org' }, 'no-name'],
    ['name with a newline', { name: 'Sok\nDara' }, 'bad-name'],
    ['bad email', { name: 'A', email: 'not-an-email' }, 'bad-email'],
    ['email with a newline', { name: 'A', email: 'a@exa\nmple.org' }, 'bad-email'],
    ['unknown country', { name: 'A', country: 'Atlantis' }, 'unknown-country'],
    ['bad date', { name: 'A', signed_at: '31/02/2017' }, 'bad-date'],
    ['city with a newline', { name: 'A', city: 'Phnom\nPenh' }, 'bad-field'],
    ['comment with a newline is fine', { name: 'A', comment: 'line one\nline two' }, 'ok'],
    ['replacement character', { name: 'Ren\uFFFD' }, 'bad-encoding'],
    ['encoding is checked before the name', { name: '', comment: '\uFFFD' }, 'bad-encoding'],
    ['name is checked before the email', { name: '', email: 'bad' }, 'no-name'],
    ['email is checked before the country', { name: 'A', email: 'bad', country: 'Atlantis' }, 'bad-email'],
    ['country is checked before the date', { name: 'A', country: 'Atlantis', signed_at: 'never' }, 'unknown-country'],
  ];
  it.each(cases)('%s', (_, fields, expected) => {
    const tally = createTally('person');
    const result = tally.add(row(fields), { source: 'a.csv', row: 2 });
    expect(result.ok ? 'ok' : result.reject.reason).toBe(expected);
    const t = tally.finish([]);
    expect(t.rows).toBe(1);
    expect(t.invalid).toBe(expected === 'ok' ? 0 : 1);
  });
});

describe('createTally: dedup', () => {
  const cases: [string, Partial<SignatureRow>, Partial<SignatureRow>, boolean][] = [
    ['same email, other case and spaces', { name: 'A', email: 'Jane@Example.org' }, { name: 'B', email: ' jane@example.ORG ' }, true],
    ['Gmail dots are different people', { name: 'A', email: 'jane.doe@gmail.com' }, { name: 'A', email: 'janedoe@gmail.com' }, false],
    ['Gmail +tags are different people', { name: 'A', email: 'jane@gmail.com' }, { name: 'A', email: 'jane+x@gmail.com' }, false],
    ['same email, different names', { name: 'A', email: 'a@example.org' }, { name: 'Z', email: 'a@example.org', country: 'FR' }, true],
    ['no email: same name, country, postcode', { name: 'Sok  Dara', country: 'Cambodia', postcode: '12000' }, { name: 'sok dara', country: 'KH', postcode: ' 12000' }, true],
    ['no email: postcode spacing and case', { name: 'Chan Thy', country: 'CA', postcode: 'V5K 0A1' }, { name: 'Chan Thy', country: 'Canada', postcode: 'v5k0a1' }, true],
    ['no email: different country', { name: 'Sok Dara', country: 'KH' }, { name: 'Sok Dara', country: 'FR' }, false],
    ['no email: different postcode', { name: 'Sok Dara', postcode: '1' }, { name: 'Sok Dara', postcode: '2' }, false],
    ['no email: NFC and NFD names', { name: 'Ce\u0301line Roy' }, { name: 'C\u00e9line Roy' }, true],
    ['one with email, one without', { name: 'Sok Dara', email: 'd@example.org' }, { name: 'Sok Dara' }, false],
  ];
  it.each(cases)('%s → duplicate: %s', (_, first, second, duplicate) => {
    const tally = createTally('person');
    expect(tally.add(row(first), { source: 'a.csv', row: 2 })).toEqual({ ok: true, duplicate: false });
    expect(tally.add(row(second), { source: 'b.csv', row: 2 })).toEqual({ ok: true, duplicate });
    const t = tally.finish([]);
    expect(t.duplicates).toBe(duplicate ? 1 : 0);
    expect(t.unique).toBe(duplicate ? 1 : 2);
  });

  it('the first occurrence decides country, source and day', () => {
    const tally = createTally('person');
    tally.add(row({ name: 'A', email: 'a@example.org', country: 'KH', signed_at: '2017-10-22' }), { source: 'paper.csv', row: 2, label: 'paper' });
    tally.add(row({ name: 'A', email: 'A@example.org', country: 'FR', signed_at: '2017-10-23' }), { source: 'online.csv', row: 2, label: 'online' });
    const t = tally.finish([]);
    expect(t.byCountry).toEqual({ KH: 1 });
    expect(t.bySource).toEqual({ paper: 1 });
    expect(t.byDay).toEqual({ '2017-10-22': 1 });
  });
});

describe('createTally: the tally', () => {
  it('counts, groups, adds declared tallies and keeps only the first rejects', () => {
    const seen: Reject[] = [];
    const tally = createTally('person', { keepRejects: 3, onReject: (r) => seen.push(r) });
    const where = (n: number) => ({ source: 'online.csv', row: n + 1, label: 'online' });
    tally.add(row({ name: 'A', email: 'a@example.org', country: 'Cambodia', signed_at: '2017-10-23' }), where(1));
    tally.add(row({ name: 'B', email: 'b@example.org', country: 'KH', signed_at: '2017-10-23T01:00+07:00' }), where(2));
    tally.add(row({ name: 'C', country: 'Canada', signed_at: '2017-10-23' }), where(3));
    tally.add(row({ name: 'D' }), where(4));
    tally.add(row({ name: 'A again', email: 'A@EXAMPLE.ORG' }), where(5));
    for (let i = 0; i < 5; i++) tally.add(row({ name: `E${i}`, email: `e${i}@example.net`, country: 'Atlantis' }), where(6 + i));
    tally.reject({ source: 'online.csv', row: 20, reason: 'ragged-row', detail: '2 fields where the header has 6' });
    const t = tally.finish([
      { source: 'paper, Phnom Penh', count: 120, country: 'Cambodge' },
      { source: 'paper, Lyon', count: 30, country: 'France' },
      { source: 'unsorted', count: 5 },
    ]);
    expect(t).toMatchObject({
      rows: 11,
      invalid: 6,
      valid: 5,
      duplicates: 1,
      unique: 4,
      invalidByReason: { 'unknown-country': 5, 'ragged-row': 1 },
      byCountry: { KH: 2, CA: 1, ZZ: 1 },
      bySource: { online: 4 },
      byDay: { '2017-10-22': 1, '2017-10-23': 2 },
      declaredTotal: 155,
      total: 159,
      countries: 3, // KH, CA and FR (from a declared tally); ZZ is not a country
      kind: 'person',
    });
    expect(Object.keys(t.byCountry)).toEqual(['KH', 'CA', 'ZZ']);
    expect(t.rejects).toHaveLength(3);
    expect(seen).toHaveLength(6);
    expect(seen[5]).toEqual({ source: 'online.csv', row: 20, reason: 'ragged-row', detail: '2 fields where the header has 6' });
  });

  it('never puts a full email in a reject detail, whatever the field', () => {
    const seen: Reject[] = [];
    const tally = createTally('person', { onReject: (r) => seen.push(r) });
    tally.add(row({ name: 'A', email: 'jane.doe@example' }), { source: 's', row: 2 });
    tally.add(row({ name: 'A', country: 'jane.doe@example.org' }), { source: 's', row: 3 });
    tally.add(row({ name: 'A', signed_at: 'jane.doe@example.org' }), { source: 's', row: 4 });
    tally.reject({ source: 's', row: 5, reason: 'ragged-row', detail: 'jane.doe@example.org, extra' });
    expect(seen.map((r) => r.detail)).toEqual(['not an email: j***@example', 'unknown country "j***@example.org"', 'not an ISO 8601 date "j***@example.org"', 'j***@example.org, extra']);
  });

  it('counts organisations the same way', () => {
    const tally = createTally('organisation');
    tally.add(row({ name: 'Khmer Youth Association', country: 'KH' }), { source: 'orgs.csv', row: 2 });
    expect(tally.finish([])).toMatchObject({ kind: 'organisation', unique: 1, total: 1 });
  });
});
