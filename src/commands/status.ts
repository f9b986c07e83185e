import { resolve } from 'node:path';
import { hasErrors } from '../core/errors.js';
import { statusReport } from '../core/delivery/status.js';
import { statusJson } from '../core/json.js';
import { hasLedger } from '../io/archive/layout.js';
import { archivedLetters } from '../io/archive/manifest.js';
import { readLedgerState } from '../io/delivery/index.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { displayPath } from '../io/project.js';
import { formatStatus } from '../ui/delivery-report.js';
import { createTerminal } from '../ui/terminal.js';
import { loadCampaign } from '../io/campaign.js';

export interface StatusOptions {
  cwd: string;
  out: string;
  petition: string[];
  json: boolean;
  color?: boolean | undefined;
}

/** What the archive says happened to each letter; letters of the current campaign never sent are listed too. */
export async function run(options: StatusOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const out = resolve(options.cwd, options.out);
  const shownAs = displayPath(out, options.cwd);
  await checkOutFolder(out, shownAs, 'read');
  // Read first: a damaged ledger, or a missing one beside archived messages, is an error, not "nothing sent".
  const state = await readLedgerState(out, { shownAs });
  if (!hasLedger(out)) term.err(term.paint.yellow(`note: no ledger in ${shownAs}/: nothing has been sent from this archive (is --out right?)`));
  const archived = await archivedLetters(out, shownAs, (warning) => state.warnings.push(warning));
  // The campaign is optional here: the archive alone is a full record, and a broken input must not hide it.
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition }).catch(() => undefined);
  const letters = campaign && !hasErrors(campaign.problems) ? campaign.plans.flatMap((p) => p.letters) : undefined;
  const report = statusReport(state, archived, letters);
  if (options.json) term.json(statusJson(report));
  else term.out(formatStatus(report, { color: term.color }));
  return 0;
}
