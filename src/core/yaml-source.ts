import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { problem } from './errors.js';
import type { Problem } from './types.js';

/** A parsed YAML text that can tell the line of any value, so problems point at `file:line`. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Line (1-based) of the value at `path`, or of its nearest existing parent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function parseYaml(text: string, file: string, lineOffset = 0): { source?: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const message = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'malformed YAML';
    return {
      ...problem(file, pos ? pos.line + lineOffset : undefined, undefined, `malformed YAML: ${message}`, 'check indentation, quotes and colons'),
      column: pos?.col,
    };
  });
  if (problems.length > 0) return { problems };
  for (const w of doc.warnings) {
    const pos = w.linePos?.[0];
    problems.push(problem(file, pos ? pos.line + lineOffset : undefined, undefined, w.message.split('\n')[0] ?? 'YAML warning', undefined, 'warning'));
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
      const offset = node?.range?.[0] ?? (depth === path.length ? keyOffset(doc, path) : undefined);
      if (offset !== undefined) return lineCounter.linePos(offset).line + lineOffset;
    }
    return undefined;
  };
  return { source: { file, data: doc.toJS({ maxAliasCount: 100 }), lineOf }, problems };
}

/** A key present with an empty value has no value node; point at the key instead. */
function keyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    return (pair?.key as Node | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] as Node | undefined)?.range?.[0];
  return undefined;
}
