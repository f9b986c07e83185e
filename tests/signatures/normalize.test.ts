import { describe, expect, it } from 'vitest';
import { isEmail, maskEmail, normalizeCountry, normalizeEmail, normalizeName, parseSignedAt } from '../../src/core/signatures/index.js';
import { hash64, hashEmailText, hashHi, hashLo, SignerSet } from '../../src/core/signatures/signer-set.js';

describe('normalizeCountry', () => {
  const cases: [string, string | undefined][] = [
    ['Canada', 'CA'],
    ['canada ', 'CA'],
    ['CA', 'CA'],
    ['ca', 'CA'],
    ['CAN', 'CA'],
    ['Kanada', 'CA'],
    ['USA', 'US'],
    ['United States of America', 'US'],
    ['U.S.A.', 'US'],
    ['united states', 'US'],
    ['États-Unis', 'US'],
    ['etats unis', 'US'],
    ['Vereinigte Staaten', 'US'],
    ['Viet Nam', 'VN'],
    ['Vietnam', 'VN'],
    ['Cambodia', 'KH'],
    ['Kampuchea', 'KH'],
    ['Cambodge', 'KH'],
    ['Kambodscha', 'KH'],
    ['KHM', 'KH'],
    ['UK', 'GB'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Russia', 'RU'],
    ['Russian Federation', 'RU'],
    ['Laos', 'LA'],
    ['Lao PDR', 'LA'],
    ["Lao People's Democratic Republic", 'LA'],
    ['Korea, Republic of', 'KR'],
    ['South Korea', 'KR'],
    ['Südkorea', 'KR'],
    ['Côte d’Ivoire', 'CI'],
    ["cote d'ivoire", 'CI'],
    ['Ivory Coast', 'CI'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['the Netherlands', 'NL'],
    ['Burma', 'MM'],
    ['Myanmar (Burma)', 'MM'],
    ['Indonesia', 'ID'],
    ['Indonésie', 'ID'],
    ['  thailand\t', 'TH'],
    ['Atlantis', undefined],
    ['', undefined],
    ['EU', undefined],
    ['ZZ', undefined],
    ['Cambodia!!', 'KH'],
    ['Cambodian', undefined],
  ];
  it.each(cases)('%j → %s', (input, code) => {
    expect(normalizeCountry(input)).toBe(code);
  });

  it('knows the 18 states of the Paris Peace Agreements by English name', () => {
    const states = [
      'Australia',
      'Brunei Darussalam',
      'Cambodia',
      'Canada',
      'China',
      'France',
      'India',
      'Indonesia',
      'Japan',
      'Laos',
      'Malaysia',
      'Philippines',
      'Singapore',
      'Thailand',
      'United Kingdom',
      'United States',
      'Viet Nam',
      'Yugoslavia',
    ];
    const codes = states.map((s) => normalizeCountry(s));
    // Yugoslavia no longer exists: it is not an ISO 3166-1 country today, and we do not guess a successor.
    expect(codes).toEqual(['AU', 'BN', 'KH', 'CA', 'CN', 'FR', 'IN', 'ID', 'JP', 'LA', 'MY', 'PH', 'SG', 'TH', 'GB', 'US', 'VN', undefined]);
  });
});

describe('emails', () => {
  it.each([
    [' Jane.Doe@Example.ORG ', 'jane.doe@example.org'],
    ['jane.doe+petition@gmail.com', 'jane.doe+petition@gmail.com'],
    ['J.A.N.E@gmail.com', 'j.a.n.e@gmail.com'],
    ['', ''],
  ])('normalizeEmail(%j) = %j (no provider rewriting)', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['jane@example.org', true],
    ['jane.doe+tag@mail.example.co.uk', true],
    ['dara@例え.jp', true],
    ['not-an-email', false],
    ['jane@example', false],
    ['jane@@example.org', false],
    ['ja ne@example.org', false],
    ['jane@example.org\n', false],
    ['jane\r@example.org', false],
    ['@example.org', false],
    ['jane@.org', false],
    ['jane@example..org', false],
    ['jane@example.org.', false],
  ])('isEmail(%j) = %s', (input, expected) => {
    expect(isEmail(input)).toBe(expected);
  });

  it.each([
    ['jane.doe@example.org', 'j***@example.org'],
    ['not-an-email', 'n***'],
    ['', '***'],
  ])('maskEmail(%j) = %j', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });
});

describe('normalizeName', () => {
  it.each([
    ['  Sok   Dara ', 'sok dara'],
    ['SOK\tDARA', 'sok dara'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Ce\u0301line', 'c\u00e9line'], // decomposed é composes (NFC)
    ['សុខ ដារា', 'សុខ ដារា'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('parseSignedAt (the day is the UTC day)', () => {
  it.each([
    ['2017-10-23', '2017-10-23'],
    [' 2017-10-23 ', '2017-10-23'],
    ['2017-10-23T08:15:42Z', '2017-10-23'],
    ['2017-10-23T08:15Z', '2017-10-23'],
    ['2017-10-23 08:15:42', '2017-10-23'],
    ['2017-10-23T08:15:42.123Z', '2017-10-23'],
    ['2017-10-23T01:00:00+07:00', '2017-10-22'],
    ['2017-10-23T23:30:00-02:00', '2017-10-24'],
    ['2017-10-23T23:30:00-0200', '2017-10-24'],
    ['2017-10-23T05:00+07', '2017-10-22'],
    ['2016-02-29', '2016-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['', undefined],
  ])('%j counts on %s', (input, day) => {
    expect(parseSignedAt(input)).toEqual({ ok: true, day });
  });

  it.each([
    '31/02/2017',
    '2017-02-31',
    '2017-02-29',
    '1900-02-29',
    '2017-13-01',
    '2017-00-10',
    '2017-10-23T24:00:00Z',
    '2017-10-23T12:60:00Z',
    '2017-10-23T12:00:00+25:00',
    '2017-10-23T12:00:00 junk',
    '2017-10-23T12',
    '23 October 2017',
    '2017-1-5',
    '2017-10-23T12:00:00.Z',
  ])('%j is a bad date', (input) => {
    expect(parseSignedAt(input)).toEqual({ ok: false });
  });
});

describe('SignerSet (64-bit hashes, not keys)', () => {
  it('adds, recognises duplicates, and survives growth', () => {
    const set = new SignerSet(4);
    for (let i = 0; i < 50_000; i++) expect(set.add('e', `p${i}@example.org`)).toBe(true);
    for (let i = 0; i < 50_000; i += 7) expect(set.add('e', `p${i}@example.org`)).toBe(false);
    expect(set.size).toBe(50_000);
  });

  it('hashes to two 32-bit halves that differ for close keys', () => {
    const [a1, a2] = hash64('e', 'a@example.org');
    const [b1, b2] = hash64('e', 'b@example.org');
    expect(a1).not.toBe(b1);
    expect(a2).not.toBe(b2);
    for (const half of [a1, a2, b1, b2]) expect(half).toBeGreaterThanOrEqual(0);
  });

  it('hashes an ASCII email from text, lower-casing it, exactly as hash64 hashes the lower-cased string', () => {
    for (const email of ['a@b.org', 'Jane.DOE@Example.ORG', 'x@yz.com', 'AB@CD.EF', '[Z]@a.b']) {
      const text = `,,${email};`;
      hashEmailText(text, 2, 2 + email.length);
      expect([hashHi, hashLo], email).toEqual(hash64('e', email.toLowerCase()));
    }
  });

  it('keeps the parts of a key apart', () => {
    expect(hash64('e', 'a')).not.toEqual(hash64('e', 'a\0'));
    expect(hash64('e', 'ab')).not.toEqual(hash64('e', 'b', 'a'));
    expect(hash64('n', 'ab', 'c')).not.toEqual(hash64('n', 'a', 'bc'));
    expect(hash64('n', 'sok dara', 'KH', '')).not.toEqual(hash64('e', 'sok dara', 'KH', ''));
  });
});
