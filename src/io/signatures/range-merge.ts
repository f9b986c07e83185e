// Rows read by the byte scanner, in file order, into the one tally: the first occurrence of a signer wins and
// rejects keep their file order (parallel.ts merges ranges, byte-stream.ts the reads of one stream).
import type { TallyAccumulator } from '../../core/signatures/tally.js';
import type { RangeResult } from './byte-ranges.js';

/** The source the rows come from: its name in rejects and its label in the tally. */
export interface MergeSource {
  name: string;
  label: string;
}

/** The ranges merged so far, in file order, into the tally. */
export class Merge {
  /** Lines before the next range (the header counts). */
  lines = 1;
  records = 0;
  handoff: number | undefined;
  pending: number | undefined;

  constructor(
    private readonly tally: TallyAccumulator,
    private readonly source: MergeSource,
  ) {}

  add(result: RangeResult): void {
    mergeRange(result, this.tally, this.source, this.lines);
    this.lines += result.lines;
    this.records += result.records;
    this.handoff = result.handoff;
    this.pending = result.pending;
  }
}

/** A range into the tally, in its file order, after every range before it. */
function mergeRange(result: RangeResult, tally: TallyAccumulator, plan: MergeSource, linesBefore: number): void {
  const countryCounts = new Array<number>(result.countries.length).fill(0);
  const dayCounts = new Array<number>(result.days.length).fill(0);
  const { hi, lo, country, day, count } = result;
  const isNew = new Uint8Array(count);
  const signers = tally.addCheckedAll(hi, lo, count, isNew);
  for (let i = 0; i < count; i++) {
    if (isNew[i] === 0) continue;
    countryCounts[country[i]!]!++;
    dayCounts[day[i]!]!++;
  }
  addCounts(tally, plan.label, result.countries, countryCounts, result.days, dayCounts, signers);
  for (const r of result.rejects) tally.reject({ source: plan.name, row: linesBefore + r.line, reason: r.reason, detail: r.detail });
}

function addCounts(
  tally: TallyAccumulator,
  label: string,
  countries: readonly string[],
  countryCounts: readonly (number | undefined)[],
  days: readonly (string | undefined)[],
  dayCounts: readonly (number | undefined)[],
  signers: number,
): void {
  const byCountry = new Map<string, number>();
  countries.forEach((code, id) => {
    const n = countryCounts[id] ?? 0;
    if (n > 0) byCountry.set(code, n);
  });
  const byDay = new Map<string, number>();
  days.forEach((day, id) => {
    const n = dayCounts[id] ?? 0;
    if (day !== undefined && n > 0) byDay.set(day, n);
  });
  tally.addCounts(byCountry, byDay, label, signers);
}
