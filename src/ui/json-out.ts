// Every --json output is written here: the bytes of JSON.stringify(value, null, 2), but a top-level list one element
// at a time, so that the preview of 10,000 letters is written as it goes, never built as one 80 MB string.

/** Writes `value` through `out` (which ends each piece with a newline) as JSON.stringify(value, null, 2) would. */
export function writeJson(out: (text: string) => void, value: unknown): void {
  const entries = isPlainObject(value) ? Object.entries(value).filter(([, v]) => isWritten(v)) : undefined;
  if (!entries || entries.length === 0) return out(JSON.stringify(value, null, 2));
  out('{');
  entries.forEach(([key, v], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const head = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(v) || v.length === 0 || hasToJson(v)) return out(`${head}${indented(JSON.stringify(v, null, 2), '  ')}${comma}`);
    out(`${head}[`);
    v.forEach((item, j) => out(`    ${indented(JSON.stringify(isWritten(item) ? item : null, null, 2), '    ')}${j < v.length - 1 ? ',' : ''}`));
    out(`  ]${comma}`);
  });
  out('}');
}

/** The lines after the first, indented: strings in JSON hold no raw line breaks, so every one is structure. */
const indented = (json: string, prefix: string): string => json.replace(/\n/g, `\n${prefix}`);

/** What JSON.stringify keeps as an object's value (it leaves out undefined, functions and symbols). */
const isWritten = (v: unknown): boolean => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

const hasToJson = (v: object): boolean => typeof (v as { toJSON?: unknown }).toJSON === 'function';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasToJson(value);
}
