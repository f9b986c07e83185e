import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problem } from '../core/errors.js';
import type { PetitionFiles } from '../core/petition.js';
import { optionalTemplateParts, templateParts, type TemplateSources } from '../core/templates.js';
import type { Problem } from '../core/types.js';
import { displayPath } from './display-path.js';

/** Paths in problems are shown relative to where the user stands (display-path.ts: `count FILE` needs it alone). */
export { displayPath };

/** The folder the package is installed in: bundled templates and schema live there. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProjectPaths {
  root: string;
  petitionsDir: string;
  recipientsDir: string;
  templatesDir: string;
}

export function projectPaths(root: string): ProjectPaths {
  const own = (sub: string) => (existsSync(join(root, sub)) ? join(root, sub) : join(packageRoot, sub));
  return {
    root,
    petitionsDir: join(root, 'petitions'),
    recipientsDir: join(root, 'recipients'),
    templatesDir: own('templates'),
  };
}

/** `--petition` takes a slug under petitions/ or a folder path; none means every petition folder. */
export function resolvePetitionDirs(paths: ProjectPaths, selectors: readonly string[], cwd: string): { dirs: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (selectors.length === 0) {
    if (!existsSync(paths.petitionsDir)) {
      problems.push(problem(displayPath(paths.petitionsDir, cwd), undefined, undefined, 'no petitions folder here', 'run petition in a project folder, or pass --petition <dir>'));
      return { dirs: [], problems };
    }
    const dirs = readdirSync(paths.petitionsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(paths.petitionsDir, d.name, 'petition.md')))
      .map((d) => join(paths.petitionsDir, d.name))
      .sort();
    if (dirs.length === 0) problems.push(problem(displayPath(paths.petitionsDir, cwd), undefined, undefined, 'no petition folders (each needs a petition.md)'));
    return { dirs, problems };
  }
  const dirs: string[] = [];
  for (const s of selectors) {
    const candidates = [resolve(cwd, s), join(paths.petitionsDir, s)];
    const dir = candidates.find((c) => existsSync(join(c, 'petition.md')));
    if (dir) dirs.push(dir);
    else problems.push(problem(s, undefined, '--petition', 'no such petition (no petition.md there)', `petitions here: ${listSlugs(paths).join(', ') || 'none'}`));
  }
  return { dirs: [...new Set(dirs)], problems };
}

function listSlugs(paths: ProjectPaths): string[] {
  if (!existsSync(paths.petitionsDir)) return [];
  return readdirSync(paths.petitionsDir).filter((n) => existsSync(join(paths.petitionsDir, n, 'petition.md')));
}

/** petition.<language>.md, the code in any case. */
const TRANSLATION_NAME = /^petition\.([a-z]{2,3})\.md$/i;

export function readPetitionFiles(dir: string, cwd: string): { files?: PetitionFiles; problems: Problem[] } {
  const problems: Problem[] = [];
  const main = readText(join(dir, 'petition.md'), cwd, problems);
  if (main === undefined) return { problems };
  const names = readdirSync(dir);
  // petition.FR.md is French, as petition.fr.md is (files come from systems that upper-case names); a name that looks
  // like a translation but names no language is refused, not silently left out.
  for (const name of names.filter((n) => /^petition\..+\.md$/i.test(n) && !TRANSLATION_NAME.test(n)))
    problems.push(
      problem(
        displayPath(join(dir, name), cwd),
        undefined,
        undefined,
        'is not a translation file name',
        'name translations petition.<language>.md with a two- or three-letter code, e.g. petition.fr.md',
      ),
    );
  const translations = names
    .map((name) => TRANSLATION_NAME.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .flatMap((m) => {
      const text = readText(join(dir, m[0]), cwd, problems);
      return text === undefined ? [] : [{ path: displayPath(join(dir, m[0]), cwd), text, language: m[1]!.toLowerCase() }];
    });
  return { files: { slug: basename(dir), dir, main: { path: displayPath(join(dir, 'petition.md'), cwd), text: main }, translations }, problems };
}

export function readTemplateSources(templatesDir: string, cwd: string): { sources: TemplateSources; problems: Problem[] } {
  const problems: Problem[] = [];
  const languages: TemplateSources['languages'] = {};
  if (!existsSync(templatesDir)) {
    problems.push(problem(displayPath(templatesDir, cwd), undefined, undefined, 'templates folder not found'));
    return { sources: { languages }, problems };
  }
  for (const entry of readdirSync(templatesDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^[a-z]{2,3}$/.test(entry.name)) continue;
    const dir = join(templatesDir, entry.name);
    const files: TemplateSources['languages'][string] = {};
    for (const part of [...templateParts, ...optionalTemplateParts]) {
      const path = join(dir, `${part}.hbs`);
      if (existsSync(path)) files[part] = { path: displayPath(path, cwd), text: readFileSync(path, 'utf8') };
    }
    const labels = join(dir, 'labels.yaml');
    if (existsSync(labels)) files.labels = { path: displayPath(labels, cwd), text: readFileSync(labels, 'utf8') };
    languages[entry.name] = files;
  }
  const layoutPath = join(templatesDir, 'layout.html.hbs');
  const layout = existsSync(layoutPath) ? { path: displayPath(layoutPath, cwd), text: readFileSync(layoutPath, 'utf8') } : undefined;
  return { sources: { languages, layout }, problems };
}

/** Reads UTF-8 text; undecodable bytes are a problem with the line they are on, not silent U+FFFD. */
export function readText(path: string, cwd: string, problems: Problem[]): string | undefined {
  return readTextFile(path, cwd, problems)?.text;
}

/** As `readText`, with the bytes it decoded: a caller that records the file's hash hashes what it read, in one read. */
export function readTextFile(path: string, cwd: string, problems: Problem[]): { text: string; bytes: Buffer } | undefined {
  const shown = displayPath(path, cwd);
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(problem(shown, undefined, undefined, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (err as Error).message})`));
    return undefined;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes };
  } catch {
    const text = bytes.toString('utf8');
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    problems.push(problem(shown, line, undefined, 'is not valid UTF-8', 'save the file as UTF-8'));
    return undefined;
  }
}

/** The campaign's own fonts (templates/fonts), else the package's. */
export function fontsDir(cwd: string): string {
  const own = join(projectPaths(cwd).templatesDir, 'fonts');
  return existsSync(own) ? own : join(packageRoot, 'templates', 'fonts');
}
