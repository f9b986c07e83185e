import { describe, expect, it } from 'vitest';
import { createTally } from '../../src/core/signatures/index.js';
import type { SignatureRow } from '../../src/core/types.js';
import { tallyJson } from '../../src/core/json.js';
import { formatTally } from '../../src/ui/tally-report.js';

function sampleTally() {
  const tally = createTally('person');
  const add = (name: string, email: string, country: string, signed_at = '', row = 2) =>
    tally.add({ name, email, country, signed_at, region: '', city: '', postcode: '', source: '', comment: '' } satisfies SignatureRow, { source: 'online.csv', row, label: 'online' });
  add('A', 'a@example.org', 'KH', '2017-10-23', 2);
  add('B', 'b@example.org', 'Cambodia', '2017-10-22', 3);
  add('C', 'c@example.org', 'France', '2017-10-23', 4);
  add('D', 'secret.person@example', 'KH', '', 5);
  add('E', '', '', '', 6);
  return tally.finish([{ source: 'paper, Lyon', count: 40, country: 'FR' }]);
}

describe('formatTally', () => {
  it('lines numbers up by display width, so a Khmer source label does not push its number out', () => {
    const tally = createTally('person');
    const add = (name: string, email: string, label: string, row: number) =>
      tally.add({ name, email, country: 'KH', signed_at: '', region: '', city: '', postcode: '', source: '', comment: '' } satisfies SignatureRow, { source: 'a.csv', row, label });
    add('A', 'a@example.org', 'អនឡាញ', 2); // 5 code points, 4 columns on screen (the vowel sign takes none)
    add('B', 'b@example.org', 'paper', 3);
    add('C', 'c@example.org', 'paper', 4);
    const lines = formatTally(tally.finish([]), { color: false }).split('\n');
    const bySource = lines.slice(lines.indexOf('By source') + 1, lines.indexOf('By source') + 3);
    // Measured by .length both labels are 5 wide and the Khmer number would stand a column left of the other.
    expect(bySource).toEqual(['  អនឡាញ   1', '  paper  2']);
  });

  it('prints a plain table: totals, rejects with source:row, countries most first', () => {
    const text = formatTally(sampleTally(), { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    const lines = text.split('\n');
    expect(lines).toContain('  Total           44  4 unique + 40 declared');
    expect(lines).toContain('    online.csv:5: bad-email (not an email: s***@example)');
    const countryLines = lines.slice(lines.indexOf('By country') + 1, lines.indexOf('By country') + 4);
    expect(countryLines).toEqual(['  KH  Cambodia   2', '  FR  France     1', '  ZZ  not given  1']);
    expect(lines.slice(lines.indexOf('By day (UTC)') + 1, lines.indexOf('By day (UTC)') + 3)).toEqual(['  2017-10-22  1', '  2017-10-23  2']);
    expect(text).not.toContain('secret.person@example');
  });

  it('colours only when asked', () => {
    expect(formatTally(sampleTally(), { color: true })).toMatch(/\u001b\[1m/);
  });
});

describe('tallyJson', () => {
  it('is the whole tally, its keys in snake_case, the maps keyed by data as they are', () => {
    const tally = sampleTally();
    expect(JSON.parse(JSON.stringify(tallyJson(tally)))).toEqual({
      kind: tally.kind,
      total: tally.total,
      unique: tally.unique,
      declared_total: tally.declaredTotal,
      countries: tally.countries,
      rows: tally.rows,
      valid: tally.valid,
      invalid: tally.invalid,
      duplicates: tally.duplicates,
      invalid_by_reason: tally.invalidByReason,
      by_country: tally.byCountry,
      by_source: tally.bySource,
      by_day: tally.byDay,
      declared: tally.declared,
      rejects: tally.rejects,
    });
    expect(tallyJson(tally).by_country).toEqual({ KH: 2, FR: 1, ZZ: 1 });
  });
});
