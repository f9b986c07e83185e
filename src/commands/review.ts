import { resolve } from 'node:path';
import { hasErrors, InputError } from '../core/errors.js';
import { reviewJson } from '../core/json.js';
import { INDEX_PAGE } from '../core/review/index-page.js';
import { readApprovals } from '../io/approvals.js';
import { loadPlans } from '../io/campaign.js';
import { displayPath, fontsDir } from '../io/project.js';
import { discardSite, prepareSiteFolder, publishSite } from '../io/review/site-folder.js';
import { REVIEW_ANNEX_NAMES, renderSitePdfs, reviewLetters, reviewSite, writeSitePages } from '../io/review/site.js';
import { formatReviewReport } from '../ui/review-report.js';
import { createTerminal, printProblems } from '../ui/terminal.js';

export interface ReviewOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  out: string;
  /** `--follow-up`: the letters' reminders instead of the letters. */
  followUp?: boolean | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Writes the static review site: an index of every letter and a page per letter. Exit 0 whatever their approval. */
export async function run(options: ReviewOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const campaign = await loadPlans({ ...options, signerNames: REVIEW_ANNEX_NAMES });
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  const approvals = campaign.plans.map((plan) => readApprovals(plan.petition, options.cwd));
  const damaged = approvals.flatMap((a) => a.problems);
  if (hasErrors(damaged)) throw new InputError(damaged);
  printProblems(term, [...campaign.problems, ...damaged]);

  const out = resolve(options.cwd, options.out);
  const shown = displayPath(out, options.cwd);
  const fonts = fontsDir(options.cwd);
  const temp = await prepareSiteFolder(out, shown);
  let site;
  try {
    const pdfs = await renderSitePdfs(campaign.plans, temp, fonts);
    site = reviewSite(
      campaign,
      await reviewLetters(
        campaign,
        approvals.map((a) => a.records),
        pdfs,
      ),
    );
    await writeSitePages(temp, site, fonts);
    await publishSite(temp, out);
  } catch (error) {
    await discardSite(temp);
    throw error;
  }
  const index = displayPath(resolve(out, INDEX_PAGE), options.cwd);
  if (options.json) {
    term.json(
      reviewJson(
        shown,
        index,
        site.letters.map((l) => ({ ...l, page: displayPath(resolve(out, l.page), options.cwd) })),
      ),
    );
    return 0;
  }
  term.out(formatReviewReport(index, site.letters, term));
  return 0;
}
