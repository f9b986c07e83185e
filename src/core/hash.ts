// The one way a value is hashed: sorted-key JSON, sha256 in hex. A letter's content hash and the distribution
// annex's are made with it, so the same content always gives the same hash.
import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted (by UTF-16 code units), byte for byte what `JSON.stringify` writes for the
 * same value rebuilt with sorted keys — including its one quirk: keys that are array indexes ("0", "12") come first,
 * in numeric order, as JavaScript orders an object's own keys. Written directly: a letter is hashed in one pass,
 * without copying each of its objects to sort them.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false) ?? 'undefined';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Texts this long (a letter's text, HTML, body) are quoted once and the quoted form reused: the letters of a campaign
 *  share them (core/plan.ts), and escaping them again for every letter was most of hashing's time. */
const LONG_TEXT = 1024;
const QUOTED_CACHE_SIZE = 64;
const quoted = new Map<string, string>();

function quotedLong(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quoted.size >= QUOTED_CACHE_SIZE) quoted.clear();
    quoted.set(text, json);
  }
  return json;
}

/** The JSON of `value`, or undefined where JSON.stringify leaves a value out (undefined, a function, a symbol). */
function write(value: unknown, inArray: boolean): string | undefined {
  const v = hasToJson(value) ? value.toJSON() : value;
  switch (typeof v) {
    case 'string':
      return v.length < LONG_TEXT ? JSON.stringify(v) : quotedLong(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(v); // throws, as JSON.stringify does
    case 'object':
      if (v === null) return 'null';
      return Array.isArray(v) ? writeArray(v) : writeObject(v as Record<string, unknown>);
    default:
      return inArray ? 'null' : undefined;
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i > 0 ? ',' : '') + (write(items[i], true) ?? 'null');
  return `${out}]`;
}

function writeObject(object: Record<string, unknown>): string {
  let out = '{';
  let first = true;
  for (const key of sortedKeys(object)) {
    const json = write(object[key], false);
    if (json === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
    first = false;
  }
  return `${out}}`;
}

/** Array-index keys in numeric order, then the others sorted: the order of a sorted copy's own keys. */
function sortedKeys(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object);
  const indexes = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  const names = keys.filter((k) => !isArrayIndex(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return indexes.length === 0 ? names : [...indexes, ...names];
}

const isArrayIndex = (key: string): boolean => /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;

const hasToJson = (value: unknown): value is { toJSON: () => unknown } => typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
