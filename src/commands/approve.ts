import { newApprovals, parseApprover, reviewText, type ApprovalRecord } from '../core/approval.js';
import { approveJson } from '../core/approval-json.js';
import { hasErrors, InputError, problem } from '../core/errors.js';
import type { Letter, Problem } from '../core/types.js';
import { approvalsFile, readApprovals, recordApprovals } from '../io/approvals.js';
import { loadPlans } from '../io/campaign.js';
import { selectLetters } from '../core/campaign.js';
import { displayPath } from '../io/project.js';
import { createTerminal, printProblems } from '../ui/terminal.js';
import { formatApproved } from '../ui/approvals-report.js';

export interface ApproveOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  /** `--follow-up`: the letters' reminders instead of the letters. */
  followUp?: boolean | undefined;
  only: string[];
  all: boolean;
  by: string;
  json: boolean;
  color?: boolean | undefined;
}

/** Records that a person approved the letters as they are now (their content hashes), in each petition's folder. */
export async function run(options: ApproveOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const approver = checkedApprover(options);
  const campaign = await loadPlans(options);
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);
  const chosen = selectLetters(campaign.plans, options.all ? [] : options.only);

  // Every petition's approvals are read (and a damaged file refused) before any is written.
  const at = new Date().toISOString();
  const problems: Problem[] = [];
  const writes = chosen.map(({ plan, letters }) => {
    const existing = readApprovals(plan.petition, options.cwd);
    problems.push(...existing.problems);
    return { plan, letters, records: newApprovals(letters, existing.records, approver, at) };
  });
  if (hasErrors(problems)) throw new InputError(problems);
  printProblems(term, problems);
  for (const w of writes) await recordApprovals(w.plan.petition, w.records, approvedTexts(w.letters, w.records));

  const approved = writes.flatMap((w) => w.records.map((r) => r.letter));
  const already = writes.flatMap((w) => w.letters.map((l) => l.id)).filter((id) => !approved.includes(id));
  const files = writes.filter((w) => w.records.length > 0).map((w) => displayPath(approvalsFile(w.plan.petition), options.cwd));
  if (options.json) term.json(approveJson(approver, at, approved, already, files));
  else term.out(formatApproved(approver, approved.length, already.length, files, term.paint));
  return 0;
}

function checkedApprover(options: ApproveOptions) {
  const problems: Problem[] = [];
  const approver = parseApprover(options.by);
  if (typeof approver === 'string')
    problems.push(problem('command line', undefined, '--by', approver, 'e.g. --by "Ada Reviewer <ada@example.org>": the name and email of the person who read the letters'));
  if (options.all === options.only.length > 0)
    problems.push(
      problem(
        'command line',
        undefined,
        '--only',
        options.all ? 'and --all were both given' : 'is missing',
        'name the letters with --only <letter-id|addressee-id> (repeatable), or approve every letter with --all',
      ),
    );
  if (typeof approver === 'string' || problems.length > 0) throw new InputError(problems);
  return approver;
}

/** The text of each letter approved now, kept for comparing a later version with. */
function approvedTexts(letters: readonly Letter[], records: readonly ApprovalRecord[]): Map<string, { letter: Letter; text: string }> {
  const approvedNow = new Set(records.map((r) => r.letter));
  return new Map(letters.filter((l) => approvedNow.has(l.id)).map((l) => [l.id, { letter: l, text: reviewText(l) }]));
}
