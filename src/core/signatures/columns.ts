import { problem } from '../errors.js';
import type { ColumnMapping, Problem, SignatureRow } from '../types.js';

export const SIGNATURE_FIELDS = [
  'name',
  'email',
  'country',
  'region',
  'city',
  'postcode',
  'signed_at',
  'source',
  'comment',
] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

/** For each of our fields, the index of its column in the header, or -1 when the source has no such column. */
export type ColumnIndexes = Record<SignatureField, number>;

const headerKey = (text: string): string => text.trim().normalize('NFC').toLowerCase();

/**
 * Resolves a source's mapping against its header row. Header names match trimmed and case-insensitively; if two
 * columns have the same name the first one is used. Every mapped column missing from the header is a problem on line 1,
 * field `columns.<field>`, and the source is not counted (rejecting every row one by one would hide the real mistake).
 * A mapping without `name` is a problem too: every row needs a name.
 */
export function resolveColumns(header: readonly string[], mapping: ColumnMapping, file: string): { indexes?: ColumnIndexes; problems: Problem[] } {
  const positions = headerPositions(header);
  const problems: Problem[] = [];
  const indexes = {} as ColumnIndexes;
  for (const field of SIGNATURE_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined || wanted.trim() === '') {
      indexes[field] = -1;
      if (field === 'name') problems.push(problem(file, 1, 'columns.name', 'no column is mapped to name', 'every signature needs a name'));
      continue;
    }
    const index = positions.get(headerKey(wanted));
    if (index === undefined) {
      problems.push(problem(file, 1, `columns.${field}`, `column "${wanted}" is not in the header`, `the header has: ${describeHeader(header)}`));
      indexes[field] = -1;
    } else {
      indexes[field] = index;
    }
  }
  return problems.length > 0 ? { problems } : { indexes, problems };
}

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
    name: pick(fields, c.name),
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
