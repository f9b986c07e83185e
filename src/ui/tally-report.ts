import { Chalk } from 'chalk';
import { countryName } from '../core/fields.js';
import type { SignatureTally } from '../core/types.js';
import { table, type TableOptions } from './terminal.js';

const REJECTS_SHOWN = 5;
const numberFormat = new Intl.NumberFormat('en');
const fmt = (n: number): string => numberFormat.format(n);

/**
 * The human report of a tally: totals, invalid rows by reason with the first rejects as `source:row: reason (detail)`,
 * declared counts, then unique signers by country (most first), by source and by day. Plain text unless `color`.
 * Reject details are already masked by the core, so no signer's email can appear here.
 */
export function formatTally(tally: SignatureTally, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const who = tally.kind === 'organisation' ? 'organisations' : 'signers';
  const out: string[] = [];
  const section = (title: string) => out.push('', c.bold(title));

  out.push(c.bold(`Signatures (${tally.kind === 'organisation' ? 'organisations' : 'persons'})`));
  out.push(
    ...numbers(
      [
        ['Total', fmt(tally.total), tally.declaredTotal > 0 ? `${fmt(tally.unique)} unique + ${fmt(tally.declaredTotal)} declared` : ''],
        [`Unique ${who}`, fmt(tally.unique), tally.countries > 0 ? `from ${fmt(tally.countries)} ${tally.countries === 1 ? 'country' : 'countries'}` : ''],
        ['Rows read', fmt(tally.rows), ''],
        ['Duplicates', fmt(tally.duplicates), 'same email, or same name + country + postcode'],
        ['Invalid', fmt(tally.invalid), tally.invalid > 0 ? 'not counted' : ''],
      ],
      (row, cell, i) => (i !== 1 ? cell : row[0] === 'Total' ? c.bold(cell) : row[0] === 'Invalid' && tally.invalid > 0 ? c.yellow(cell) : cell),
    ),
  );

  if (tally.invalid > 0) {
    section('Invalid rows by reason');
    const reasons = Object.entries(tally.invalidByReason).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || a[0].localeCompare(b[0]));
    out.push(...numbers(reasons.map(([reason, n]) => [reason, fmt(n ?? 0), ''])));
    const shown = tally.rejects.slice(0, REJECTS_SHOWN);
    if (shown.length > 0) {
      out.push(c.dim(`  first ${shown.length === 1 ? 'reject' : `${shown.length} rejects`}:`));
      for (const r of shown) out.push(`    ${r.source}:${r.row}: ${c.yellow(r.reason)} (${r.detail})`);
    }
  }

  if (tally.declared.length > 0) {
    section('Declared (counted elsewhere, e.g. on paper)');
    out.push(...numbers(tally.declared.map((d) => [d.source, fmt(d.count), [d.country, d.note].filter(Boolean).join(' — ')])));
  }

  const countries = Object.entries(tally.byCountry).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (countries.length > 0) {
    section(`By country`);
    out.push(...numbers(countries.map(([code, n]) => [`${code}  ${countryLabel(code)}`, fmt(n), ''])));
  }
  const sources = Object.entries(tally.bySource);
  if (sources.length > 0) {
    section('By source');
    out.push(...numbers(sources.map(([label, n]) => [label, fmt(n), ''])));
  }
  const days = Object.entries(tally.byDay).sort((a, b) => a[0].localeCompare(b[0]));
  if (days.length > 0) {
    section('By day (UTC)');
    out.push(...numbers(days.map(([day, n]) => [day, fmt(n), ''])));
  }
  return `${out.join('\n')}\n`;
}

const countryLabel = (code: string): string => (code === 'ZZ' ? 'not given' : countryName(code, 'en'));

/** Left-aligned label, right-aligned number, free note: the one table printer, by display width. */
function numbers(rows: [string, string, string][], style?: TableOptions['style']): string[] {
  return table(rows, { alignRight: [1], indent: '  ', style }).split('\n');
}
