import type { ErrorObject } from 'ajv';
import { problem } from './errors.js';
import type { Problem } from './types.js';
import type { YamlSource } from './yaml-source.js';

/** Turns JSON Schema errors into `file:line: field: message (hint)` problems, one per real mistake. */
export function schemaProblems(errors: readonly ErrorObject[], source: YamlSource, label: (path: (string | number)[]) => string): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // anyOf reports each failed branch too; the summary line is enough.
    if (e.schemaPath.includes('/anyOf/')) continue;
    const path = e.instancePath.split('/').slice(1).map(decodePointer);
    let field = path;
    let message: string;
    let hint: string | undefined;
    switch (e.keyword) {
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        field = [...path, missing];
        message = 'is missing';
        hint = `add "${missing}:"`;
        break;
      }
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        field = [...path, extra];
        message = 'is not a known field';
        hint = suggest(extra, e.parentSchema) ?? 'remove it or check the spelling';
        break;
      }
      case 'anyOf':
        message = 'needs one of: organization, country';
        hint = 'an addressee speaks for an organisation or a state';
        break;
      case 'pattern':
        message = `"${String(e.data)}" has the wrong form`;
        hint = describePattern((e.params as { pattern: string }).pattern);
        break;
      case 'type':
        message = `must be ${(e.params as { type: string }).type}`;
        break;
      case 'minItems':
      case 'minProperties':
      case 'minLength':
        message = 'must not be empty';
        break;
      default:
        message = e.message ?? 'is not valid';
    }
    const key = `${field.join('.')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem(source.file, source.lineOf(field), label(field), message, hint));
  }
  return out;
}

function decodePointer(segment: string): string | number {
  const s = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(s) ? Number(s) : s;
}

function describePattern(pattern: string): string {
  if (pattern === '^[A-Z]{2}$') return 'a two-letter ISO 3166 code in capitals, e.g. FR';
  if (pattern.startsWith('^[a-z0-9]')) return 'lower-case letters, digits and dashes, e.g. un-secretary-general';
  if (pattern.includes('\\d{4}')) return 'a date as YYYY-MM-DD';
  if (pattern === '^[a-z]{2,3}$') return 'a language code such as en, fr, km';
  return `must match ${pattern}`;
}

function suggest(name: string, parentSchema: unknown): string | undefined {
  const props = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return undefined;
  const known = Object.keys(props);
  const close = known.find((k) => editDistance(k, name) <= 2);
  return close ? `did you mean "${close}"?` : `known fields: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
