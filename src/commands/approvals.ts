import { letterApprovals } from '../core/approval.js';
import { approvalsJson, approvalsLetterJson, approvalsSummaryJson } from '../core/approval-json.js';
import { hasErrors, InputError } from '../core/errors.js';
import type { Problem } from '../core/types.js';
import { readApprovals } from '../io/approvals.js';
import { loadPlans } from '../io/campaign.js';
import { formatApprovals } from '../ui/approvals-report.js';
import { createTerminal, printProblems } from '../ui/terminal.js';

export interface ApprovalsOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  /** `--follow-up`: the letters' reminders instead of the letters. */
  followUp?: boolean | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Who approved which letter as it is now, and what each letter still lacks before `send` will send it. */
export async function run(options: ApprovalsOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const campaign = await loadPlans(options);
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);
  const problems: Problem[] = [];
  const petitions = campaign.plans.map((plan) => {
    const { records, problems: damaged } = readApprovals(plan.petition, options.cwd);
    problems.push(...damaged);
    return { plan, approvals: letterApprovals(plan.letters, records, plan.petition.approvalsRequired) };
  });
  if (hasErrors(problems)) throw new InputError(problems);
  printProblems(term, problems);
  if (options.json) {
    const letters = petitions.flatMap(({ plan, approvals }) => plan.letters.map((l, i) => approvalsLetterJson(l, approvals[i]!)));
    term.json(
      approvalsJson(
        letters,
        petitions.map(({ plan, approvals }) => approvalsSummaryJson(plan.petition.slug, plan.petition.approvalsRequired, approvals)),
      ),
    );
  } else
    term.out(
      formatApprovals(
        petitions.map(({ plan, approvals }) => ({ petition: plan.petition.slug, required: plan.petition.approvalsRequired, approvals })),
        term.paint,
      ),
    );
  return 0;
}
