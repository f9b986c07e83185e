// `petition count FILE --suggest-mapping`: a source's delimiter, encoding and columns guessed from its first bytes,
// header and first rows, each guess with the reason a person can check. Pure; the reading is in io/signatures/sample.ts.
import type { SignatureEncoding } from '../types.js';
import { SIGNATURE_FIELDS, visibleHeaderName, type SignatureField } from './columns.js';
import { normalizeCountry } from './country.js';
import { isEmail, normalizeEmail } from './email.js';
import { headerWords, roleOfHeader, type HeaderRole } from './header-names.js';
import { parseSignedAt } from './signed-at.js';

export interface Guess<T> {
  value: T;
  why: string;
}

export interface ColumnGuess {
  field: SignatureField;
  /** Header names as a person reads them; several for a name joined from columns. */
  columns: string[];
  why: string;
}

export interface ColumnsGuess {
  columns: ColumnGuess[];
  /** Header columns no field was given, with why when a field was considered and refused. */
  unplaced: { column: string; why?: string | undefined }[];
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter that splits the header line (outside quotes) into the most columns; a comma when none splits it. */
export function guessDelimiter(headerLine: string): Guess<string> {
  let best: { delimiter: string; columns: number } = { delimiter: ',', columns: 1 };
  for (const delimiter of DELIMITERS) {
    const columns = countOutsideQuotes(headerLine, delimiter) + 1;
    if (columns > best.columns) best = { delimiter, columns };
  }
  if (best.columns === 1) return { value: ',', why: 'no usual delimiter splits the header: one column, or check the file' };
  return { value: best.delimiter, why: `${describeDelimiter(best.delimiter)} splits the header into ${best.columns} columns` };
}

const describeDelimiter = (d: string): string => (d === '\t' ? 'a tab' : `"${d}"`);

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * UTF-8 when the bytes are UTF-8 (`truncated`: the sample stops inside the file, perhaps inside a character); else
 * Windows-1252, what Excel on Windows writes (and a superset of ISO-8859-1's letters).
 */
export function guessEncoding(bytes: Uint8Array, truncated: boolean): Guess<SignatureEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let at = 0; at <= bytes.length; at++) {
    if (at < bytes.length && bytes[at] !== 0x0a) continue;
    const last = at === bytes.length;
    try {
      decoder.decode(bytes.subarray(start, at), { stream: last && truncated });
    } catch {
      const high = bytes.subarray(start, at).find((b) => b >= 0x80) ?? 0;
      return { value: 'windows-1252', why: `line ${line} has bytes that are not UTF-8 (0x${high.toString(16).toUpperCase()}): text from Excel or Windows` };
    }
    line++;
    start = at + 1;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { value: 'utf-8', why: 'the file starts with a UTF-8 byte order mark' };
  if (bytes.every((b) => b < 0x80)) return { value: 'utf-8', why: 'the first rows are plain ASCII, read alike in every encoding' };
  return { value: 'utf-8', why: 'the text is valid UTF-8' };
}

/** What the values of a column look like, as the counting rules read them. */
const VALUE_CHECKS = {
  email: { test: (v: string) => isEmail(normalizeEmail(v)), look: 'look like emails' },
  signed_at: { test: (v: string) => parseSignedAt(v).ok, look: 'are ISO 8601 dates' },
  country: { test: (v: string) => normalizeCountry(v) !== undefined, look: 'are country codes or names' },
} as const;
type CheckedField = keyof typeof VALUE_CHECKS;
const isChecked = (field: string): field is CheckedField => field in VALUE_CHECKS;

/** Share of a column's non-empty sampled values that pass a field's check. */
function valueShare(rows: readonly (readonly string[])[], index: number, field: CheckedField): { good: number; of: number } {
  const values = rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
  return { good: values.filter(VALUE_CHECKS[field].test).length, of: values.length };
}

/**
 * Our fields placed on a header: by header name first (English, French, platforms' names: header-names.ts), the
 * value-checked fields only when most sampled values pass (else every row would be rejected); then, for fields still
 * unplaced, columns whose values look like emails, ISO dates or countries. A name is one column, or first + last name.
 */
export function guessColumns(header: readonly string[], rows: readonly (readonly string[])[]): ColumnsGuess {
  const shown = header.map(visibleHeaderName);
  const placed = new Map<number, string>(); // column index → field, for columns taken
  const refused = new Map<number, string>();
  const guesses: ColumnGuess[] = [];
  const roles = new Map<HeaderRole, number>();
  shown.forEach((name, i) => {
    const role = roleOfHeader(name);
    if (role && !roles.has(role)) roles.set(role, i);
  });

  const name = guessName(roles, shown);
  if (name) {
    guesses.push(name.guess);
    for (const i of name.indexes) placed.set(i, 'name');
  }
  for (const [role, i] of roles) {
    if (role === 'full_name' || role === 'first_name' || role === 'last_name' || placed.has(i)) continue;
    const why = `header "${shown[i]}" is a usual name for ${role}`;
    if (!isChecked(role)) {
      guesses.push({ field: role, columns: [shown[i]!], why });
      placed.set(i, role);
      continue;
    }
    const { good, of } = valueShare(rows, i, role);
    if (of > 0 && good * 2 < of) {
      refused.set(i, `${why}, but only ${good} of ${of} values ${VALUE_CHECKS[role].look}: rows would be rejected`);
      continue;
    }
    const rejected = good < of ? `: the rows of the other ${of - good} would be rejected` : '';
    const checked = of === 0 ? 'no values in the first rows to check' : `${good} of ${of} values ${VALUE_CHECKS[role].look}${rejected}`;
    guesses.push({ field: role, columns: [shown[i]!], why: `${why}; ${checked}` });
    placed.set(i, role);
  }
  for (const field of ['email', 'signed_at', 'country'] as const) {
    if (guesses.some((g) => g.field === field)) continue;
    const found = byValues(rows, shown, field, (i) => placed.has(i));
    if (found) {
      guesses.push(found.guess);
      placed.set(found.index, field);
      refused.delete(found.index);
    }
  }
  const unplaced = shown.flatMap((column, i) => (placed.has(i) || column === '' ? [] : [{ column, why: refused.get(i) }]));
  return { columns: sortByField(guesses), unplaced };
}

/** The name: a full-name column, else first + last name joined, else whichever part there is. */
function guessName(roles: ReadonlyMap<HeaderRole, number>, shown: readonly string[]): { guess: ColumnGuess; indexes: number[] } | undefined {
  const full = roles.get('full_name');
  const first = roles.get('first_name');
  const last = roles.get('last_name');
  if (full !== undefined) return { guess: { field: 'name', columns: [shown[full]!], why: `header "${shown[full]}" is a usual name for the signer's name` }, indexes: [full] };
  if (first !== undefined && last !== undefined)
    return { guess: { field: 'name', columns: [shown[first]!, shown[last]!], why: `"${shown[first]}" + "${shown[last]}": first and last name, joined by a space` }, indexes: [first, last] };
  // "Nom" alone is the whole name in French exports; a lone first or last name is better than no name at all.
  const part = last ?? first;
  if (part === undefined) return undefined;
  const why = headerIsNom(shown[part]!) ? `header "${shown[part]}" is the name` : `header "${shown[part]}" is the only part of a name there is`;
  return { guess: { field: 'name', columns: [shown[part]!], why }, indexes: [part] };
}

const headerIsNom = (name: string): boolean => headerWords(name) === 'nom';

/** The first free column whose values are mostly (80 %) what the field needs. */
function byValues(rows: readonly (readonly string[])[], shown: readonly string[], field: CheckedField, taken: (i: number) => boolean): { guess: ColumnGuess; index: number } | undefined {
  for (let i = 0; i < shown.length; i++) {
    if (taken(i)) continue;
    const { good, of } = valueShare(rows, i, field);
    if (of > 0 && good >= of * 0.8) return { guess: { field, columns: [shown[i]!], why: `values ${VALUE_CHECKS[field].look} (${good} of ${of})` }, index: i };
  }
  return undefined;
}

const sortByField = (guesses: ColumnGuess[]): ColumnGuess[] => guesses.sort((a, b) => SIGNATURE_FIELDS.indexOf(a.field) - SIGNATURE_FIELDS.indexOf(b.field));

/** A source label from a file name: "Export Signatures 2024.csv" → "export-signatures-2024". */
export function labelFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
  return (
    stem
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'signatures'
  );
}

/** Everything `--suggest-mapping` prints for one file. */
export interface SourceSuggestion {
  /** The file as the user named it. */
  file: string;
  /** Records read after the header. */
  rowsRead: number;
  path: Guess<string>;
  label: Guess<string>;
  delimiter: Guess<string>;
  encoding: Guess<SignatureEncoding>;
  columns: ColumnsGuess;
}
