import { isAlias, isCollection, isMap, isPair, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node } from 'yaml';
import { problem } from './errors.js';
import type { Problem } from './types.js';

/**
 * Values that aliases may copy, in all (each `*alias` counts everything its anchor holds, aliases inside included).
 * Thousands of aliases to a shared salutation are fine; an alias bomb ("billion laughs") copies millions.
 */
export const MAX_ALIAS_COPIES = 50_000;

/** A parsed YAML text that can tell the line of any value, so problems point at `file:line`. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Line (1-based) of the value at `path`, or of its nearest existing parent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** Line of the key at `path` (`un:` of `groups.un`), where its value is a map that starts on the next line. */
  keyLineOf(path: readonly (string | number)[]): number | undefined;
}

export function parseYaml(text: string, file: string, lineOffset = 0): { source?: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line + lineOffset);
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    return {
      ...problem(file, pos ? pos.line + lineOffset : undefined, undefined, `malformed YAML: ${firstLine(e.message, 'malformed YAML')}`, 'check indentation, quotes and colons'),
      column: pos?.col,
    };
  });
  if (problems.length > 0) return { problems };
  for (const w of doc.warnings) {
    const line = w.linePos?.[0] ? w.linePos[0].line + lineOffset : undefined;
    if (w.code === 'TAG_RESOLVE_FAILED') problems.push(unknownTag(file, line, w.message));
    else problems.push(problem(file, line, undefined, firstLine(w.message, 'YAML warning'), undefined, 'warning'));
  }
  problems.push(...aliasProblems(doc, file, lineAt));
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
      const offset = node?.range?.[0] ?? (depth === path.length ? keyOffset(doc, path) : undefined);
      if (offset !== undefined) return lineAt(offset);
    }
    return undefined;
  };
  // aliasProblems has bounded what aliases can copy, so the library's own (much lower) count is not needed.
  const keyLineOf = (path: readonly (string | number)[]): number | undefined => lineAt(keyOffset(doc, path)) ?? lineOf(path);
  return { source: { file, data: doc.toJS({ maxAliasCount: -1 }), lineOf, keyLineOf }, problems };
}

/** yaml's messages end with " at line L, column C:" and a code frame; our problems carry the place themselves. */
function firstLine(message: string, fallback: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') || fallback;
}

/** A tag asks for a type (`!!js/function`, `!custom`) that plain data has not: refused, never read as a string. */
function unknownTag(file: string, line: number | undefined, message: string): Problem {
  const tag = /Unresolved tag: (\S+)/.exec(firstLine(message, ''))?.[1]?.replace(/^tag:yaml\.org,2002:/, '!!') ?? 'tag';
  return problem(file, line, undefined, `unknown tag ${tag}`, 'remove the tag: only plain YAML values (text, numbers, lists, maps) are read');
}

/**
 * Measures what the aliases copy without copying anything (each node's expanded size is computed once), so an alias
 * bomb is refused before it is expanded; an alias inside its own anchor (a cycle) or without one is refused too.
 */
function aliasProblems(doc: Document, file: string, lineAt: (offset: number | undefined) => number | undefined): Problem[] {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let cycle: Node | undefined;
  let dangling: Alias | undefined;
  const expandedSize = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        dangling ??= node;
        return 1;
      }
      if (open.has(target)) {
        cycle ??= node;
        return 1;
      }
      return expandedSize(target);
    }
    if (!isCollection(node) && !isPair(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    const children: unknown[] = isPair(node) ? [node.key, node.value] : node.items;
    const size = children.reduce<number>((sum, child) => sum + (child === null || child === undefined ? 0 : expandedSize(child)), 1);
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  let copies = 0;
  const problems: Problem[] = [];
  const visitWritten = (node: unknown): void => {
    if (problems.length > 0) return;
    if (isAlias(node)) {
      copies += expandedSize(node);
      if (dangling) problems.push(problem(file, lineAt(dangling.range?.[0]), undefined, `alias *${dangling.source} has no anchor before it`, `write &${dangling.source} on a value above it`));
      else if (cycle) problems.push(problem(file, lineAt(cycle.range?.[0]), undefined, `alias *${node.source} is inside its own anchor`, 'an alias can only repeat a value that is complete'));
      else if (copies > MAX_ALIAS_COPIES)
        problems.push(problem(file, lineAt(node.range?.[0]), undefined, 'too many aliases', `aliases may copy at most ${MAX_ALIAS_COPIES} values in all; write the values out`));
      return;
    }
    if (isPair(node)) [node.key, node.value].forEach(visitWritten);
    else if (isCollection(node)) node.items.forEach(visitWritten);
  };
  visitWritten(doc.contents);
  return problems;
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
