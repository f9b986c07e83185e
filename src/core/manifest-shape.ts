// manifest.json is read back to merge this run's letters with earlier ones: a file that is not what we wrote is
// refused (never replaced, which would lose the other petitions' entries), with the place that is wrong. A version 1
// manifest (an earlier release's) is read too, its camelCase letter fields renamed; the next write makes it version 2.
import { MANIFEST_VERSION, type Manifest, type ManifestLetter } from './json.js';

/** The manifest versions this release reads. */
const READABLE_VERSIONS: readonly unknown[] = [1, MANIFEST_VERSION];

/** Version 1's letter fields that version 2 renamed; every other field kept its name. */
const V1_LETTER_KEYS: Readonly<Record<string, string>> = { contentHash: 'content_hash' };
const V1_DELIVERY_KEYS: Readonly<Record<string, string>> = { messageId: 'message_id' };

/** What is wrong with a parsed manifest's shape, or undefined if it is one this version reads. */
export function manifestShapeProblem(value: unknown): { field?: string; message: string } | undefined {
  if (!isRecord(value)) return { message: 'is not a JSON object' };
  if (!READABLE_VERSIONS.includes(value.version))
    return { field: 'version', message: `${JSON.stringify(value.version) ?? 'missing'}: this version of petition reads versions ${READABLE_VERSIONS.join(' and ')}` };
  for (const [list, key] of [
    ['petitions', 'slug'],
    ['letters', 'id'],
  ] as const) {
    const items = value[list];
    if (!Array.isArray(items)) return { field: list, message: 'is not a list' };
    const bad = items.findIndex((item) => !isRecord(item) || typeof item[key] !== 'string');
    if (bad >= 0) return { field: `${list}[${bad}]`, message: `has no "${key}"` };
  }
  const letters = value.letters as Record<string, unknown>[];
  const badFiles = letters.findIndex((l) => !Array.isArray(l.files) || !l.files.every((f) => isRecord(f) && typeof f.path === 'string'));
  if (badFiles >= 0) return { field: `letters[${badFiles}].files`, message: 'is not a list of files with a path' };
  return undefined;
}

/** A manifest of a readable shape (see manifestShapeProblem) as this version writes it: version 1 is renamed. */
export function manifestFromJson(value: Record<string, unknown>): Manifest {
  if (value.version === MANIFEST_VERSION) return value as unknown as Manifest;
  const letters = (value.letters as Record<string, unknown>[]).map((letter) => {
    const renamed = renameKeys(letter, V1_LETTER_KEYS);
    if (isRecord(renamed.delivery)) renamed.delivery = renameKeys(renamed.delivery, V1_DELIVERY_KEYS);
    return renamed as unknown as ManifestLetter;
  });
  return { ...(value as unknown as Manifest), version: MANIFEST_VERSION, letters };
}

/** The same object with the named keys renamed, in the same order; nested values are not looked at. */
function renameKeys(record: Record<string, unknown>, names: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, v]) => [Object.hasOwn(names, key) ? names[key]! : key, v]));
}

/** The 1-based line of a character offset, for JSON.parse's "at position N". */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
