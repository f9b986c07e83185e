import { hasErrors, InputError } from '../core/errors.js';
import { previewJson } from '../core/json.js';
import { formatLetter, formatSummary } from '../ui/letters.js';
import { createTerminal, printProblems } from '../ui/terminal.js';
import { loadCampaign } from '../io/campaign.js';

export interface PreviewOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  only: string[];
  json: boolean;
  color?: boolean | undefined;
}

/** The dry run: every letter that would go out, and a summary. Sends nothing, writes nothing. */
export async function run(options: PreviewOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const campaign = await loadCampaign({
    cwd: options.cwd,
    petitions: options.petition,
    roster: options.roster,
    only: options.only.length > 0 ? options.only : undefined,
  });
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);
  const letters = campaign.plans.flatMap((p) => p.letters);
  if (options.json) {
    term.json(previewJson(campaign.plans, campaign.problems));
    return 0;
  }
  letters.forEach((letter, i) => term.out(formatLetter(letter, i + 1, letters.length, term)));
  term.out(`${term.paint.bold('Summary')} — dry run: nothing was sent or written\n${formatSummary(campaign.plans, term)}`);
  return 0;
}
