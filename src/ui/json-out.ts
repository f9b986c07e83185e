// Every --json output is written here: the bytes of JSON.stringify(value, null, 2), but a top-level list one element
// at a time, so that the preview of 10,000 letters is written as it goes, never built as one 80 MB string.

/** Writes `value` through `out` (which ends each piece with a newline) as JSON.stringify(value, null, 2) would. */
export function writeJson(out: (text: string) => void, value: unknown): void {
  if (!isPlainObject(value)) return out(JSON.stringify(value, null, 2) ?? 'undefined');
  // What JSON.stringify keeps: an entry whose value writes as nothing (undefined, a function, a toJSON giving
  // undefined) is left out, so the commas are placed after that is known.
  const entries = Object.entries(value).flatMap(([key, v]): [string, unknown, string | undefined][] => {
    if (isStreamedList(v)) return [[key, v, undefined]];
    const json = JSON.stringify(v, null, 2) as string | undefined;
    return json === undefined ? [] : [[key, v, json]];
  });
  if (entries.length === 0) return out('{}');
  out('{');
  entries.forEach(([key, v, json], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const head = `  ${JSON.stringify(key)}: `;
    if (json !== undefined) return out(`${head}${indented(json, '  ')}${comma}`);
    const items = v as unknown[];
    out(`${head}[`);
    // Index by index, not forEach: a hole in the list is written as null, as JSON.stringify does.
    for (let j = 0; j < items.length; j++) out(`    ${indented(JSON.stringify([items[j]], null, 2).slice(2, -2).trim(), '  ')}${j < items.length - 1 ? ',' : ''}`);
    out(`  ]${comma}`);
  });
  out('}');
}

/** The lines after the first, indented: strings in JSON hold no raw line breaks, so every one is structure. */
const indented = (json: string, prefix: string): string => json.replace(/\n/g, `\n${prefix}`);

const isStreamedList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && !hasToJson(v);

const hasToJson = (v: object): boolean => typeof (v as { toJSON?: unknown }).toJSON === 'function';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasToJson(value);
}
