import { hasErrors, InputError } from '../core/errors.js';
import { createTerminal, printProblems } from '../ui/terminal.js';
import { loadCampaign } from '../io/campaign.js';

export interface ValidateOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  color?: boolean | undefined;
}

/** Checks every input and trial-merges every letter; prints every problem. */
export async function run(options: ValidateOptions): Promise<number> {
  const term = createTerminal({ color: options.color });
  // The reminders too: a follow-up template that cannot be merged is found now, not on the day reminders are due.
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition, roster: options.roster, followUps: true });
  const errors = campaign.problems.filter((p) => p.severity === 'error');
  const warnings = campaign.problems.length - errors.length;
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);
  const letters = campaign.plans.reduce((n, p) => n + p.letters.length, 0);
  term.out(term.paint.green(`ok: ${campaign.plans.length} petition(s), ${letters} letter(s) merged without error`) + (warnings > 0 ? term.paint.yellow(`, ${warnings} warning(s)`) : ''));
  return 0;
}
