// The layers as rules over the import graph of src/, and the README's architecture map as paths: checked by
// tests/architecture.test.ts, and tested here against small made-up graphs so that a broken rule is seen to fail.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/** One source file: its path from the repository root (forward slashes), what it imports, and its text. */
export interface SourceFile {
  path: string;
  imports: string[];
  text: string;
}

/** Every .ts file under `src`, with its imports as written (relative ones resolved to .ts paths). */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(sourceFile(root, full));
    }
  };
  walk(join(root, 'src'));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function sourceFile(root: string, full: string): SourceFile {
  const text = readFileSync(full, 'utf8');
  const path = relative(root, full).split('\\').join('/');
  const imports = ts.preProcessFile(text, true, true).importedFiles.map((i) => resolveImport(path, i.fileName));
  return { path, imports, text };
}

/** `./x.js` from `src/a/b.ts` is `src/a/x.ts`; a package or `node:` name stays as it is. */
export function resolveImport(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return normalize(join(dirname(from), specifier))
    .split('\\')
    .join('/')
    .replace(/\.js$/, '.ts');
}

const layerOf = (path: string): string | undefined => (path === 'src/cli.ts' ? 'cli' : /^src\/([^/]+)\//.exec(path)?.[1]);

/** What a layer may not import: packages and Node modules by name, and other layers. */
interface LayerRule {
  layer: string;
  packages?: RegExp;
  layers?: readonly string[];
  why: string;
}

const WORLD = /^(node:)?(fs|fs\/promises|process|child_process|worker_threads|net|tls|http|https|os)$|^(chalk|nodemailer|pdfkit)(\/|$)/;

export const LAYER_RULES: readonly LayerRule[] = [
  { layer: 'core', packages: WORLD, layers: ['io', 'commands', 'ui', 'cli'], why: 'core is pure: data in, data out' },
  { layer: 'ui', packages: /^(node:)?(fs|fs\/promises|child_process|net|tls)$|^(nodemailer|pdfkit)(\/|$)/, layers: ['io', 'commands', 'cli'], why: 'ui renders what it is given' },
  { layer: 'io', packages: /^chalk(\/|$)/, layers: ['commands', 'ui', 'cli'], why: 'io is the adapters; it reports through data, not the terminal' },
  { layer: 'commands', packages: /^(node:)?(fs|fs\/promises)$/, layers: ['cli'], why: 'commands wire core to io; file access is io' },
];

/** Every import that breaks a layer rule, a command importing another command, or `process` used in core. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path);
    for (const rule of LAYER_RULES.filter((r) => r.layer === layer))
      for (const target of file.imports) {
        const targetLayer = target.startsWith('src/') ? layerOf(target) : undefined;
        if ((targetLayer === undefined && rule.packages?.test(target)) || (targetLayer !== undefined && rule.layers?.includes(targetLayer))) found.push(`${file.path} imports ${target}: ${rule.why}`);
      }
    if (layer === 'commands') for (const target of file.imports.filter((t) => t.startsWith('src/commands/'))) found.push(`${file.path} imports ${target}: a command never imports another command`);
    if (layer === 'core' && /(^|[^.\w])process\./m.test(stripComments(file.text))) found.push(`${file.path} uses process: core is pure`);
    if (layer === 'io' && /(^|[^.\w])(process\.std(out|err)|console)\./m.test(stripComments(file.text))) found.push(`${file.path} prints: io reports through data, ui prints`);
  }
  return found;
}

// One pass, strings and comments together: a `//` inside a string (a link in a generated module's data) is not a
// comment, and a backslash inside a string is only ever an escape (were it also a character of its own, a long line
// with many escapes and no closing quote would backtrack for minutes).
const stripComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$|(['"`])(?:\\.|(?!\1)[^\\\n])*\1/gm, (_, quote?: string) => (quote ? '""' : ''));

/** Every import cycle among the files, each once, as `a → b → a`. */
export function importCycles(files: readonly SourceFile[]): string[] {
  const graph = new Map(files.map((f) => [f.path, f.imports.filter((i) => i.startsWith('src/'))]));
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.add([...rotated, rotated[0]].join(' → '));
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return [...cycles].sort();
}

/** The paths the README's architecture map names in its first column, resolved against the folder lines above them. */
export function mapPaths(readme: string): string[] {
  const section = /## Architecture\n+```\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!section) throw new Error('the README has no architecture map (## Architecture, then a ``` block)');
  const paths: string[] = [];
  const parents: { indent: number; path: string }[] = [];
  for (const line of section.split('\n')) {
    const indent = line.length - line.trimStart().length;
    // Entries sit at the margin or one step in; deeper lines continue a description.
    if (line.trim() === '' || indent > 4) continue;
    const names = (line.trim().split(/\s{2,}/)[0] ?? '').split(/\s+/).filter((n) => /^[\w.<>…/-]+$/.test(n) && /[./]/.test(n));
    while (parents.length > 0 && parents.at(-1)!.indent >= indent) parents.pop();
    const base = indent > 0 ? (parents.at(-1)?.path ?? '') : '';
    for (const name of names.filter((n) => !n.includes('<') && !n.includes('…'))) paths.push(base + name);
    const folder = names.length === 1 && names[0]!.endsWith('/') ? base + names[0]! : undefined;
    if (folder) parents.push({ indent, path: folder });
  }
  return paths;
}

/** The folders under src/ (as `src/x/`), for the rule that each is on the map. */
export function sourceFolders(root: string): string[] {
  const folders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) {
        folders.push(`${relative(root, join(dir, entry.name)).split('\\').join('/')}/`);
        walk(join(dir, entry.name));
      }
  };
  walk(join(root, 'src'));
  return folders.sort();
}
