// `petition init` on disk: the scaffold's texts from the package folder, the checks that nothing would be overwritten,
// and the writing, all or nothing.
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, problem } from '../core/errors.js';
import type { ScaffoldFile, ScaffoldTexts } from '../core/scaffold.js';
import type { Problem } from '../core/types.js';
import { displayPath, packageRoot } from './project.js';

const scaffoldDir = join(packageRoot, 'scaffold');
const bundledRostersDir = join(packageRoot, 'recipients');

export function readScaffoldTexts(): ScaffoldTexts {
  const read = (name: string) => readFileSync(join(scaffoldDir, name), 'utf8');
  return {
    petition: read('petition.md'),
    placeholderRoster: read('roster.yaml'),
    rosterSchema: readFileSync(join(bundledRostersDir, 'roster.schema.json'), 'utf8'),
    signaturesCsv: read('signatures.csv'),
    signaturesReadme: read('signatures-README.md'),
    // npm leaves a file named .gitignore out of a package, so the scaffold's is named without the dot.
    gitignore: read('gitignore'),
    workflow: read('send-on-anniversary.yml'),
  };
}

/** The ids `--roster-from` takes: the rosters shipped in the package's recipients/ folder. */
export function bundledRosterIds(): string[] {
  return readdirSync(bundledRostersDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

export function readBundledRoster(id: string): string {
  return readFileSync(join(bundledRostersDir, `${id}.yaml`), 'utf8');
}

/** `petition@0.1.0`: the package as the scheduled workflow installs it. */
export function packageSpec(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${manifest.name}@${manifest.version}`;
}

const lstatOrUndefined = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
};

/** The campaign folder: an existing folder, or a new one whose parent exists (init makes only the last folder). */
export function folderProblems(folder: string, cwd: string): Problem[] {
  const shown = displayPath(folder, cwd);
  const here = lstatOrUndefined(folder);
  if (here) {
    // The folder itself may be a symbolic link to a folder, as --out may be.
    const target = here.isSymbolicLink() ? statOrUndefined(folder) : here;
    if (!target) return [problem(shown, undefined, undefined, 'is a symbolic link to nothing', 'give a folder for the new campaign')];
    return target.isDirectory() ? [] : [problem(shown, undefined, undefined, 'is a file, not a folder', 'give a folder for the new campaign')];
  }
  const parent = statOrUndefined(dirname(folder));
  if (!parent) return [problem(shown, undefined, undefined, `its parent folder ${displayPath(dirname(folder), cwd)} does not exist`, 'create it first: init makes only the last folder')];
  if (!parent.isDirectory()) return [problem(shown, undefined, undefined, `its parent ${displayPath(dirname(folder), cwd)} is a file, not a folder`, 'give a folder for the new campaign')];
  return [];
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Every file init would overwrite, and every folder on the way that is a file or a symbolic link: all of them. */
export function targetProblems(folder: string, files: readonly ScaffoldFile[], cwd: string): Problem[] {
  const problems = new Map<string, Problem>();
  const report = (path: string, message: string, hint: string) => {
    const shown = displayPath(path, cwd);
    if (!problems.has(shown)) problems.set(shown, problem(shown, undefined, undefined, message, hint));
  };
  for (const file of files) {
    const segments = file.path.split('/');
    let path = folder;
    for (const [i, segment] of segments.entries()) {
      path = join(path, segment);
      const found = lstatOrUndefined(path);
      if (!found) break;
      if (i === segments.length - 1) report(path, 'already exists: init never overwrites a file', 'move it aside, or init another folder');
      else if (found.isSymbolicLink()) report(path, 'is a symbolic link: init writes only into real folders', 'move it aside, or init another folder');
      else if (!found.isDirectory()) report(path, 'is a file, but init needs a folder here', 'move it aside, or init another folder');
      else continue;
      break;
    }
  }
  return [...problems.values()];
}

/**
 * Writes every file, each created new (never over one that appeared since the checks). A failure removes what this
 * run made, files and folders, so a campaign folder is never left half-made.
 */
export function writeScaffold(folder: string, files: readonly ScaffoldFile[], cwd: string): void {
  const madeFiles: string[] = [];
  const madeDirs: string[] = [];
  const ensureDir = (dir: string) => {
    if (lstatOrUndefined(dir)) return;
    ensureDir(dirname(dir));
    mkdirSync(dir);
    madeDirs.push(dir);
  };
  let current = folder;
  try {
    ensureDir(folder);
    for (const file of files) {
      current = join(folder, ...file.path.split('/'));
      ensureDir(dirname(current));
      writeFileSync(current, file.text, { flag: 'wx' });
      madeFiles.push(current);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const undone = undo(madeFiles, madeDirs);
    const hint = undone ? 'nothing was left behind; check permissions and free space' : 'some files it made could not be removed';
    throw new InputError([problem(displayPath(current, cwd), undefined, undefined, code === 'EEXIST' ? 'appeared while init ran: never overwritten' : `cannot write (${code})`, hint)]);
  }
}

function undo(files: readonly string[], dirs: readonly string[]): boolean {
  try {
    for (const file of files) rmSync(file);
    for (const dir of [...dirs].reverse()) rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
