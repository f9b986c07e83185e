// `petition count FILE… --suggest-mapping`: reads each file's header and first rows and prints the source entry to
// paste into a petition. Counts nothing, writes nothing.
import { basename, relative, resolve, sep } from 'node:path';
import { InputError, problem } from '../core/errors.js';
import { guessColumns, labelFromFileName, type Guess, type SourceSuggestion } from '../core/signatures/suggest-mapping.js';
import type { Problem } from '../core/types.js';
import { projectPaths } from '../io/project.js';
import { readSourceSample } from '../io/signatures/sample.js';
import { suggestMappingJson } from '../core/json.js';
import { formatMappingSuggestions } from '../ui/mapping-report.js';
import { createTerminal } from '../ui/terminal.js';

/** Rows looked at after the header: enough to tell emails, dates and countries from other columns. */
const SAMPLE_ROWS = 200;

export interface SuggestOptions {
  cwd: string;
  files: string[];
  json: boolean;
  color?: boolean | undefined;
}

export async function suggestMappings(options: SuggestOptions): Promise<number> {
  if (options.files.length === 0) throw new InputError([problem('count', undefined, '--suggest-mapping', 'needs the CSV files to look at', 'petition count export.csv --suggest-mapping')]);
  const problems: Problem[] = [];
  const suggestions: SourceSuggestion[] = [];
  for (const file of options.files) {
    const path = resolve(options.cwd, file);
    const read = await readSourceSample(path, SAMPLE_ROWS).catch((caught: unknown) => {
      const error = caught as NodeJS.ErrnoException;
      return { message: `cannot be read (${error.code ?? error.message})`, hint: 'check the path' };
    });
    if (!('sample' in read)) {
      problems.push(problem(file, undefined, undefined, read.message, read.hint));
      continue;
    }
    const { header, rows, delimiter, encoding } = read.sample;
    if (header.length === 0) {
      problems.push(problem(file, undefined, undefined, 'is empty: no header to guess from', 'export the signatures with a header row'));
      continue;
    }
    const label = labelFromFileName(basename(path));
    const columns = guessColumns(header, rows);
    suggestions.push({ file, rowsRead: rows.length, path: sourcePath(path, options.cwd), label: { value: label, why: 'the name of this source in counts' }, delimiter, encoding, columns });
  }
  if (problems.length > 0) throw new InputError(problems);
  const term = createTerminal({ color: options.color, json: options.json });
  if (options.json) term.json(suggestMappingJson(suggestions));
  else term.out(formatMappingSuggestions(suggestions));
  return 0;
}

/** Relative to its petition's folder when the file is in one; else where to copy it, as a .csv. */
function sourcePath(file: string, cwd: string): Guess<string> {
  const fromPetitions = relative(projectPaths(cwd).petitionsDir, file).split(sep);
  const name = /\.csv(\.gz)?$/i.test(file) ? basename(file) : `${basename(file).replace(/\.[^.]*$/, '')}.csv`;
  if (fromPetitions.length > 2 && fromPetitions[0] !== '..' && name === basename(file))
    return { value: fromPetitions.slice(1).join('/'), why: `relative to the folder of petition ${fromPetitions[0]}` };
  return { value: `signatures/${name}`, why: `copy ${name === basename(file) ? 'the file' : `the file, saved as ${name},`} into the petition's folder here` };
}
