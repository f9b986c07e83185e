import { problem } from '../errors.js';
import type { ColumnMapping, Problem, SignatureRow } from '../types.js';
import { trim } from './text.js';

export const SIGNATURE_FIELDS = ['name', 'email', 'country', 'region', 'city', 'postcode', 'signed_at', 'source', 'comment'] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

/**
 * For each of our fields, the index of its column in the header, or -1 when the source has no such column. When the
 * name joins several columns, `nameParts` holds their indexes in order and `name` is the first of them.
 */
export type ColumnIndexes = Record<SignatureField, number> & { nameParts?: readonly number[] };

/** Characters a spreadsheet or a web form leaves in a header that nobody can see: a BOM, zero-width spaces, marks. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
/** Spaces that look like a space: NBSP and its narrow form. */
const ODD_SPACE = /[\u00a0\u202f]/g;

/** A header name as a person reads it: without invisible characters, odd spaces as spaces, trimmed. */
export const visibleHeaderName = (text: string): string => text.replace(INVISIBLE, '').replace(ODD_SPACE, ' ').trim().normalize('NFC');

const headerKey = (text: string): string => visibleHeaderName(text).toLowerCase();

/** The header names a mapping gives for a field: none, one, or (a name that joins columns) several; blanks dropped. */
export function mappedColumns(mapping: ColumnMapping, field: SignatureField): string[] {
  const wanted = mapping[field];
  const names = typeof wanted === 'string' ? [wanted] : (wanted ?? []);
  return names.filter((name) => name.trim() !== '');
}

/**
 * Resolves a source's mapping against its header row. Header names match trimmed, case-insensitively and without
 * invisible characters; two columns of the same name are an error if the mapping uses that name (headerProblems). Every mapped column missing from the header is a problem on line 1,
 * field `columns.<field>`, and the source is not counted (rejecting every row one by one would hide the real mistake).
 * A mapping without `name` is a problem too: every row needs a name. A name that joins columns lists each column once.
 */
export function resolveColumns(header: readonly string[], mapping: ColumnMapping, file: string): { indexes?: ColumnIndexes; problems: Problem[] } {
  const positions = headerPositions(header);
  const problems: Problem[] = [];
  const indexes = {} as ColumnIndexes;
  for (const field of SIGNATURE_FIELDS) {
    const wanted = mappedColumns(mapping, field);
    if (wanted.length === 0 && field === 'name') problems.push(problem(file, 1, 'columns.name', 'no column is mapped to name', 'every signature needs a name'));
    const found: number[] = [];
    for (const [i, name] of wanted.entries()) {
      const index = positions.get(headerKey(name));
      if (index === undefined) problems.push(problem(file, 1, `columns.${field}`, `column "${name}" is not in the header`, `the header has: ${describeHeader(header)}`));
      else if (wanted.slice(0, i).some((before) => headerKey(before) === headerKey(name)))
        problems.push(problem(file, 1, `columns.${field}`, `column "${name}" is listed twice`, 'list each column of the name once'));
      else found.push(index);
    }
    indexes[field] = found[0] ?? -1;
    if (field === 'name' && Array.isArray(mapping.name)) indexes.nameParts = found;
  }
  problems.push(...headerProblems(header, mapping, file));
  return problems.some((p) => p.severity === 'error') ? { problems } : { indexes, problems };
}

/**
 * Invisible characters in a header name (warning: the name is read without them) and a name that appears twice
 * (an error when the mapping uses it: which of the two holds the emails is a guess; else a warning).
 */
export function headerProblems(header: readonly string[], mapping: ColumnMapping, file: string): Problem[] {
  const problems: Problem[] = [];
  header.forEach((name, i) => {
    const odd = [...name.matchAll(INVISIBLE), ...name.matchAll(ODD_SPACE)].map((m) => codePoint(m[0]));
    if (odd.length > 0)
      problems.push({
        ...problem(file, 1, 'header', `column ${i + 1} has invisible characters (${[...new Set(odd)].join(', ')}); read as "${headerKey(name)}"`, 'remove them from the header', 'warning'),
        column: i + 1,
      });
  });
  const used = new Map(SIGNATURE_FIELDS.flatMap((field) => mappedColumns(mapping, field).map((name) => [headerKey(name), field] as const)));
  const columnsOf = new Map<string, number[]>();
  header.forEach((name, i) => columnsOf.set(headerKey(name), [...(columnsOf.get(headerKey(name)) ?? []), i + 1]));
  for (const [key, columns] of columnsOf) {
    if (columns.length < 2 || key === '') continue;
    const field = used.get(key);
    const message = `column "${key}" appears ${columns.length} times in the header (columns ${columns.join(', ')})`;
    problems.push({
      ...(field
        ? problem(file, 1, `columns.${field}`, message, 'rename the other columns: which one holds the data is a guess')
        : problem(file, 1, 'header', `${message}; it is not used`, 'rename one of them', 'warning')),
      column: columns[1],
    });
  }
  return problems;
}

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The mapping `petition count FILE.csv` uses: each of our fields maps to a column of the same name when the header has
 * one (`full_name` is accepted for `name`); absent columns are simply not used.
 */
export function defaultMapping(header: readonly string[]): ColumnMapping {
  const positions = headerPositions(header);
  const mapping: ColumnMapping = {};
  for (const field of SIGNATURE_FIELDS) if (positions.has(field)) mapping[field] = field;
  if (mapping.name === undefined && positions.has('full_name')) mapping.name = 'full_name';
  return mapping;
}

/** Builds our row from a record's fields; unmapped fields are empty strings. */
export function recordToRow(fields: readonly string[], c: ColumnIndexes): SignatureRow {
  return {
    name: c.nameParts ? joinedName(fields, c.nameParts) : pick(fields, c.name),
    email: pick(fields, c.email),
    country: pick(fields, c.country),
    region: pick(fields, c.region),
    city: pick(fields, c.city),
    postcode: pick(fields, c.postcode),
    signed_at: pick(fields, c.signed_at),
    source: pick(fields, c.source),
    comment: pick(fields, c.comment),
  };
}

/** The name from several columns: their trimmed values joined by one space, empty ones skipped. */
function joinedName(fields: readonly string[], parts: readonly number[]): string {
  let name = '';
  for (const index of parts) {
    const part = trim(pick(fields, index));
    if (part !== '') name = name === '' ? part : `${name} ${part}`;
  }
  return name;
}

const pick = (fields: readonly string[], index: number): string => (index < 0 ? '' : (fields[index] ?? ''));

function headerPositions(header: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (!positions.has(key)) positions.set(key, i);
  });
  return positions;
}

function describeHeader(header: readonly string[]): string {
  const text = header.map((h) => h.trim()).join(', ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
