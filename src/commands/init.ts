import { basename, resolve } from 'node:path';
import { InputError, problem } from '../core/errors.js';
import { initJson } from '../core/json.js';
import { rosterOutline, scaffoldFiles, type BundledRoster } from '../core/scaffold.js';
import { slugFromFolderName } from '../core/slug.js';
import { displayPath } from '../io/project.js';
import { bundledRosterIds, folderProblems, packageSpec, readBundledRoster, readScaffoldTexts, targetProblems, writeScaffold } from '../io/scaffold.js';
import { formatInitReport, type InitReport } from '../ui/init-report.js';
import type { Problem } from '../core/types.js';
import { createTerminal } from '../ui/terminal.js';
import { todayUtc } from '../io/campaign.js';

export interface InitOptions {
  cwd: string;
  /** The campaign folder; the current one by default. */
  folder?: string | undefined;
  slug?: string | undefined;
  rosterFrom?: string | undefined;
  /** YYYY-MM-DD: the petition's date and the placeholder roster's; today (UTC) by default. */
  today?: string | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Scaffolds a campaign that validates at once. Every target is checked first; then all is written, or nothing. */
export async function run(options: InitOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const folder = resolve(options.cwd, options.folder ?? '.');
  const problems = folderProblems(folder, options.cwd);
  const bundledRoster = options.rosterFrom === undefined ? undefined : findBundledRoster(options.rosterFrom, problems);
  if (problems.length > 0) throw new InputError(problems);

  const slug = options.slug ?? slugFromFolderName(basename(folder));
  const { files, roster } = scaffoldFiles(readScaffoldTexts(), { slug, today: options.today ?? todayUtc(), packageSpec: packageSpec(), bundledRoster });
  const existing = targetProblems(folder, files, options.cwd);
  if (existing.length > 0) throw new InputError(existing);
  writeScaffold(folder, files, options.cwd);

  const report: InitReport = {
    folder: folder === options.cwd ? '.' : displayPath(folder, options.cwd),
    elsewhere: folder !== options.cwd,
    slug,
    files: files.map((f) => f.path),
    roster: { file: roster.path, placeholder: !bundledRoster, asOf: rosterOutline(roster.text).asOf },
  };
  if (options.json) term.json(initJson({ folder: report.folder, slug, roster: roster.path, files: [...report.files] }));
  else term.out(formatInitReport(report, term.paint));
  return 0;
}

function findBundledRoster(id: string, problems: Problem[]): BundledRoster | undefined {
  const ids = bundledRosterIds();
  if (ids.includes(id)) return { id, text: readBundledRoster(id) };
  problems.push(problem(id, undefined, '--roster-from', 'no such bundled roster', `bundled rosters: ${ids.join(', ') || 'none'}`));
  return undefined;
}
