// manifest.json is read back to merge this run's letters with earlier ones: a file that is not what we wrote is
// refused (never replaced, which would lose the other petitions' entries), with the place that is wrong.

/** What is wrong with a parsed manifest's shape, or undefined if it is one this version reads. */
export function manifestShapeProblem(value: unknown): { field?: string; message: string } | undefined {
  if (!isRecord(value)) return { message: 'is not a JSON object' };
  if (value.version !== 1) return { field: 'version', message: `${JSON.stringify(value.version) ?? 'missing'}: this version of petition reads version 1` };
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

/** The 1-based line of a character offset, for JSON.parse's "at position N". */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
