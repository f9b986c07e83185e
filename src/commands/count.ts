import { resolve } from 'node:path';
import { hasErrors, InputError, problem } from '../core/errors.js';
import { countJson } from '../core/json.js';
import type { Problem, SignatureTally } from '../core/types.js';
import { displayPath } from '../io/display-path.js';
import { removeRejectsFile, tallyFiles } from '../io/signatures/index.js';
import { createProgress, type Progress } from '../ui/progress.js';
import { formatTally } from '../ui/tally-report.js';
import { createTerminal, printProblems } from '../ui/terminal.js';

export interface CountOptions {
  cwd: string;
  files: string[];
  petition: string[];
  json: boolean;
  strict: boolean;
  showRejects: boolean;
  /** Where every rejected row is written; false: nowhere. A file that would list none is not left behind. */
  rejects: string | false;
  color?: boolean | undefined;
}

interface Counted {
  name: string;
  tally: SignatureTally;
  rejectsFile?: string | undefined;
}

const isSourceError = (p: Problem): boolean => p.severity === 'error' && (p.field?.startsWith('signatures.sources') ?? false);

/**
 * The petitions' sources, each petition's in one tally. Loaded only here: reading petitions brings the YAML parser
 * and the schemas, which `count FILE` does not need.
 */
async function countPetitions(options: CountOptions, problems: Problem[], counted: Counted[], rejectsPath: (name: string, many: boolean) => string | undefined, progress: Progress): Promise<void> {
  const [{ parsePetition }, { projectPaths, readPetitionFiles, resolvePetitionDirs }, { tallyPetition }] = await Promise.all([
    import('../core/petition.js'),
    import('../io/project.js'),
    import('../io/signatures/tally-petition.js'),
  ]);
  const { dirs, problems: found } = resolvePetitionDirs(projectPaths(options.cwd), options.petition, options.cwd);
  problems.push(...found);
  for (const dir of dirs) {
    const read = readPetitionFiles(dir, options.cwd);
    problems.push(...read.problems);
    const petition = read.files ? parsePetition(read.files) : undefined;
    problems.push(...(petition?.problems ?? []));
    // Sources the petition does not describe rightly (an unknown encoding…) would be counted wrong: not at all, then.
    if (!petition?.value || petition.problems.some(isSourceError)) continue;
    const path = rejectsPath(petition.value.slug, dirs.length > 1);
    const result = await tallyPetition(petition.value, options.cwd, { rejectsPath: path, onProgress: (d, t) => progress.update(d, t) });
    problems.push(...result.problems);
    counted.push({ name: petition.value.slug, tally: result.tally, rejectsFile: path });
  }
}

/** Streams every signature source and reports the tally; rejected rows never stop the run. */
export async function run(options: CountOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const progress = createProgress('counting', { enabled: !options.json });
  const problems: Problem[] = [];
  const counted: Counted[] = [];
  const rejectsPath = (name: string, many: boolean) => (options.rejects ? resolve(options.cwd, many ? options.rejects.replace(/(\.csv)?$/i, `.${name}$1`) : options.rejects) : undefined);

  if (options.files.length > 0) {
    const path = rejectsPath('files', false);
    const result = await tallyFiles(
      options.files.map((f) => resolve(options.cwd, f)),
      { rejectsPath: path, shownAs: (file) => displayPath(file, options.cwd), onProgress: (d, t) => progress.update(d, t) },
    );
    problems.push(...result.problems);
    counted.push({ name: options.files.join(', '), tally: result.tally, rejectsFile: path });
  } else {
    await countPetitions(options, problems, counted, rejectsPath, progress);
  }
  progress.done();
  for (const c of counted)
    if (c.rejectsFile && c.tally.invalid === 0) {
      await removeRejectsFile(c.rejectsFile);
      c.rejectsFile = undefined;
    }
  if (counted.length === 0 && hasErrors(problems)) throw new InputError(problems);
  // Warnings now; errors once, at the end, by the error handler (after the tallies that could still be made).
  printProblems(
    term,
    problems.filter((p) => p.severity === 'warning'),
  );

  if (options.json) {
    term.json(countJson(counted));
  } else {
    for (const c of counted) {
      term.out(`${term.paint.bold(c.name)}\n${formatTally(c.tally, { color: term.color })}`);
      if (options.showRejects) {
        for (const r of c.tally.rejects) term.out(`  ${r.source}:${r.row}: ${r.reason} (${r.detail})`);
        if (c.tally.invalid > c.tally.rejects.length) term.out(`  … ${c.tally.invalid - c.tally.rejects.length} more${c.rejectsFile ? ` in ${displayPath(c.rejectsFile, options.cwd)}` : ''}`);
      }
      if (c.rejectsFile && c.tally.invalid > 0) term.out(`rejected rows written to ${displayPath(c.rejectsFile, options.cwd)}`);
    }
  }

  const strictProblems = options.strict
    ? counted.filter((c) => c.tally.invalid > 0).map((c) => problem(c.name, undefined, 'signatures', `${c.tally.invalid} row(s) rejected`, '--strict refuses any rejected row'))
    : [];
  const errors = [...problems.filter((p) => p.severity === 'error'), ...strictProblems];
  // The rejects files are the count's findings: written even when the run fails, and said so.
  const wrote = counted.flatMap((c) => (c.rejectsFile ? [displayPath(c.rejectsFile, options.cwd)] : []));
  if (errors.length > 0) throw new InputError(errors, undefined, wrote);
  return 0;
}
