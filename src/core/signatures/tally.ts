import type { DeclaredTally, Reject, RejectReason, SignatureRow, SignatureTally } from '../types.js';
import { normalizeCountry } from './country.js';
import { isEmail, maskEmail, maskEmailsIn, normalizeEmail } from './email.js';
import { normalizeName } from './name.js';
import { parseSignedAt } from './signed-at.js';
import { hashHi, hashKey, hashLo, SignerSet } from './signer-set.js';
import { checkText, exceeds, ANY_REFUSED, TEXT_LIMITS } from '../text-policy.js';
import { cleanField, hasCrOrLf, hasReplacementChar } from './text.js';

/** Where a row came from. `source` names the file in rejects; `label` (default: `source`) is the key of `bySource`. */
export interface RowOrigin {
  source: string;
  /** Line where the record starts in the file; the header is line 1. */
  row: number;
  label?: string | undefined;
  /**
   * The caller has checked that no field holds CR, LF, U+FFFD or another character the text policy looks at
   * (`needsCheckPattern`; the fast CSV path knows this for whole chunks), so those per-field checks are skipped. Leave
   * unset when unsure: the result is the same, only slower.
   */
  plain?: boolean | undefined;
}

export type AddResult = { ok: true; duplicate: boolean } | { ok: false; reject: Reject };

export interface TallyAccumulator {
  /** Validates, normalizes and counts one row; the first failing rule (in the order documented on `createTally`) wins. */
  add(row: SignatureRow, where: RowOrigin): AddResult;
  /**
   * Counts valid rows checked elsewhere (`createRowChecker`, or the byte scanner, maybe in another thread) by their
   * signers' key hashes [0, count), in order; isNew[i] = 1 if signer i is new. Returns how many were. New signers are
   * then added to the counters with `addCounts`.
   */
  addCheckedAll(his: Uint32Array, los: Uint32Array, count: number, isNew: Uint8Array): number;
  /** Adds new signers (counted with `addCheckedAll`) by country, by UTC day and under a source label. */
  addCounts(countries: ReadonlyMap<string, number>, days: ReadonlyMap<string, number>, label: string, signers: number): void;
  /** Counts a row the parser could not even read (ragged, bad quoting) as read and invalid. */
  reject(r: Reject): void;
  /** The tally so far plus the declared counts; may be called more than once. */
  finish(declared: readonly DeclaredTally[]): SignatureTally;
}

export interface TallyOptions {
  /** Called with every reject, in order (the adapter writes them all to rejects.csv). */
  onReject?: ((r: Reject) => void) | undefined;
  /** How many rejects the tally keeps for reports (default 1000). */
  keepRejects?: number | undefined;
  /** A guess of how many signers will come, to size the dedup table once instead of growing it. */
  expectedSigners?: number | undefined;
}

export const UNSPECIFIED_COUNTRY = 'ZZ';
const DETAIL_MAX = 80;
const CACHE_MAX = 10_000;

/**
 * Counts signatures. A row is checked in this order, and the first rule it breaks is its reject reason:
 * 1. `bad-encoding` — a field holds U+FFFD (bytes that were not UTF-8, or a character an earlier tool already lost);
 * 2. `no-name` — the name is empty; `bad-name` — it holds a line break; `too-long` — it has more than
 *    TEXT_LIMITS.signerName characters;
 * 3. `bad-email` — a non-empty email fails `isEmail` (line breaks, controls, NUL and bidi controls included); an empty
 *    email is allowed;
 * 4. `bad-field` — region, city, postcode or source holds a line break (only `comment` may);
 * 5. `bad-text` — a cell breaks the text policy (core/text-policy.ts): a control character or NUL (a tab or line break
 *    only in `comment`), or a bidi embedding, override or isolate outside `comment`;
 * 6. `unknown-country` — a non-empty country `normalizeCountry` does not know; an empty one counts under "ZZ";
 * 7. `bad-date` — a non-empty `signed_at` `parseSignedAt` refuses.
 * Valid rows are deduplicated: the same normalized email is the same signer; without an email, the same normalized
 * name + country code + postcode (upper-cased, spaces removed). The first occurrence wins, later ones are `duplicates`;
 * unique signers are counted by country, by source label and by UTC day.
 */
export function createTally(kind: SignatureTally['kind'], options: TallyOptions = {}): TallyAccumulator {
  const counts = emptyCounts(options.expectedSigners);
  const keep = options.keepRejects ?? 1000;
  const recordReject = (r: Reject): Reject => countReject(counts, r, keep, options.onReject);
  const check = createRowChecker();

  return {
    add(row, where) {
      const checked = check(row, where.plain ?? false);
      if (!checked.ok) return { ok: false, reject: recordReject({ source: where.source, row: where.row, reason: checked.reason, detail: checked.detail }) };
      counts.rows++;
      if (!counts.signers.insert(checked.hi, checked.lo)) {
        counts.duplicates++;
        return { ok: true, duplicate: true };
      }
      increment(counts.byCountry, checked.country, 1);
      increment(counts.bySource, where.label ?? where.source, 1);
      if (checked.day !== undefined) increment(counts.byDay, checked.day, 1);
      return { ok: true, duplicate: false };
    },

    addCheckedAll(his, los, count, isNew) {
      counts.rows += count;
      const added = counts.signers.insertAll(his, los, count, isNew);
      counts.duplicates += count - added;
      return added;
    },

    addCounts(countries, days, label, signersCount) {
      for (const [country, n] of countries) increment(counts.byCountry, country, n);
      for (const [day, n] of days) increment(counts.byDay, day, n);
      if (signersCount > 0) increment(counts.bySource, label, signersCount);
    },

    reject(r) {
      recordReject(r);
    },

    finish(declared) {
      return tallyOf(counts, kind, declared);
    },
  };
}

/** What a tally has counted so far. */
interface TallyCounts {
  signers: SignerSet;
  /** The first rejects, for reports. */
  kept: Reject[];
  invalidByReason: Partial<Record<RejectReason, number>>;
  byCountry: Map<string, number>;
  bySource: Map<string, number>;
  byDay: Map<string, number>;
  rows: number;
  invalid: number;
  duplicates: number;
}

function emptyCounts(expectedSigners: number | undefined): TallyCounts {
  return {
    signers: new SignerSet(Math.min(expectedSigners ?? 0, 1 << 24)),
    kept: [],
    invalidByReason: {},
    byCountry: new Map(),
    bySource: new Map(),
    byDay: new Map(),
    rows: 0,
    invalid: 0,
    duplicates: 0,
  };
}

/** Counts a reject, its detail made safe to show, keeps it while fewer than `keep` are, and hands it on. */
function countReject(counts: TallyCounts, r: Reject, keep: number, onReject: TallyOptions['onReject']): Reject {
  const safe: Reject = { ...r, detail: safeDetail(r.detail) };
  counts.rows++;
  counts.invalid++;
  counts.invalidByReason[safe.reason] = (counts.invalidByReason[safe.reason] ?? 0) + 1;
  if (counts.kept.length < keep) counts.kept.push(safe);
  onReject?.(safe);
  return safe;
}

/** The tally so far plus the declared counts, as copies: counting may go on after. */
function tallyOf(counts: TallyCounts, kind: SignatureTally['kind'], declared: readonly DeclaredTally[]): SignatureTally {
  const { rows, invalid, duplicates, byCountry, bySource, byDay } = counts;
  const unique = counts.signers.size;
  const declaredTotal = declared.reduce((sum, d) => sum + d.count, 0);
  const countries = new Set([...byCountry.keys()].filter((c) => c !== UNSPECIFIED_COUNTRY));
  for (const d of declared) {
    const code = d.country ? normalizeCountry(d.country) : undefined;
    if (code) countries.add(code);
  }
  return {
    rows,
    valid: rows - invalid,
    invalid,
    duplicates,
    unique,
    invalidByReason: { ...counts.invalidByReason },
    byCountry: Object.fromEntries([...byCountry].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    bySource: Object.fromEntries(bySource),
    byDay: Object.fromEntries([...byDay].sort((a, b) => a[0].localeCompare(b[0]))),
    rejects: [...counts.kept],
    declared: declared.map((d) => ({ ...d })),
    declaredTotal,
    total: unique + declaredTotal,
    countries: countries.size,
    kind,
  };
}

/** A row's verdict: the first rule it breaks, or what counting it needs. Reused between rows (read it before the next). */
export type RowCheck = { ok: true; hi: number; lo: number; country: string; day: string | undefined } | { ok: false; reason: RejectReason; detail: string };

/**
 * Validates and normalizes rows by the rules documented on `createTally`, and hashes each valid row's dedup key
 * (`plain`: see RowOrigin). Pure apart from a cache of country spellings; one per tally or per thread.
 */
export function createRowChecker(): (row: SignatureRow, plain: boolean) => RowCheck {
  const countryCache = new Map<string, string | null>();
  const countryOf = (raw: string): string | null => {
    let code = countryCache.get(raw);
    if (code === undefined) {
      code = countryCodeOf(raw);
      if (countryCache.size < CACHE_MAX) countryCache.set(raw, code);
    }
    return code;
  };
  const valid = { ok: true as const, hi: 0, lo: 0, country: '', day: undefined as string | undefined };
  const fail = (reason: RejectReason, detail: string): RowCheck => ({ ok: false, reason, detail });

  return (row, plain) => {
    const damaged = plain ? undefined : firstDamagedField(row);
    if (damaged) return fail('bad-encoding', `${damaged} has bytes that are not UTF-8 (file saved in another encoding?)`);

    const name = cleanField(row.name);
    if (name === '') return fail('no-name', 'name is empty');
    if (!plain && hasCrOrLf(name)) return fail('bad-name', 'name holds a line break');
    if (exceeds(name, TEXT_LIMITS.signerName)) return fail('too-long', `name is longer than ${TEXT_LIMITS.signerName} characters`);

    const email = normalizeEmail(row.email);
    if (email !== '' && !isEmail(email)) return fail('bad-email', `not an email: ${maskEmail(email)}`);

    if (!plain) {
      for (const field of LINE_FIELDS) {
        if (hasCrOrLf(row[field])) return fail('bad-field', `${field} holds a line break`);
      }
      const refused = firstRefusedCell(row);
      if (refused) return fail('bad-text', refused);
    }

    const country = countryOf(row.country);
    if (country === null) return fail('unknown-country', `unknown country "${cleanField(row.country)}"`);

    const signedAt = parseSignedAt(row.signed_at);
    if (!signedAt.ok) return fail('bad-date', `not an ISO 8601 date "${cleanField(row.signed_at)}"`);

    if (email !== '') hashKey('e', email);
    else hashKey('n', normalizeName(name), country, normalizePostcode(row.postcode));
    valid.hi = hashHi;
    valid.lo = hashLo;
    valid.country = country;
    valid.day = signedAt.day;
    return valid;
  };
}

/** A country cell as written → its alpha-2 code; "ZZ" when empty; null when unknown. */
export function countryCodeOf(raw: string): string | null {
  const cleaned = cleanField(raw);
  return cleaned === '' ? UNSPECIFIED_COUNTRY : (normalizeCountry(cleaned) ?? null);
}

const LINE_FIELDS = ['region', 'city', 'postcode', 'source'] as const;
const ALL_FIELDS = ['name', 'email', 'country', 'region', 'city', 'postcode', 'signed_at', 'source', 'comment'] as const;

/** `<field> holds …` for the first cell the text policy refuses, else undefined. A regular expression per cell finds
 *  the candidates; only those are looked at closely. */
function firstRefusedCell(row: SignatureRow): string | undefined {
  for (const field of ALL_FIELDS) {
    const value = row[field];
    const multiline = field === 'comment';
    if (!ANY_REFUSED.test(value) && (multiline || !value.includes('\t'))) continue;
    const fault = checkText(value, multiline ? 'multiline' : 'header', Infinity);
    if (fault) return `${field} ${fault.message}`;
  }
  return undefined;
}

function firstDamagedField(row: SignatureRow): string | undefined {
  for (const field of ALL_FIELDS) if (hasReplacementChar(row[field])) return field;
  return undefined;
}

function normalizePostcode(text: string): string {
  return cleanField(text).toUpperCase().replace(/\s+/g, '');
}

function increment(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Details go to screens and rejects.csv: one line, short, and never a full email. */
function safeDetail(detail: string): string {
  const oneLine = maskEmailsIn(detail).replace(/[\r\n]+/g, ' ');
  return oneLine.length > DETAIL_MAX
    ? `${Array.from(oneLine)
        .slice(0, DETAIL_MAX - 1)
        .join('')}…`
    : oneLine;
}
