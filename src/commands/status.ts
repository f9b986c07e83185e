import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors } from '../core/errors.js';
import { LEDGER_FILE } from '../io/archive/layout.js';
import { readLedgerState } from '../io/delivery/index.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { displayPath } from '../io/project.js';
import { formatStatus, statusJson } from '../ui/delivery-report.js';
import { createTerminal } from '../ui/terminal.js';
import { loadCampaign } from './campaign.js';

export interface StatusOptions {
  cwd: string;
  out: string;
  petition: string[];
  json: boolean;
  color?: boolean | undefined;
}

/** What the ledger says happened to each letter; letters of the current campaign never sent are listed too. */
export async function run(options: StatusOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const out = resolve(options.cwd, options.out);
  await checkOutFolder(out, displayPath(out, options.cwd), 'read');
  // Read first: a damaged ledger, or a missing one beside archived messages, is an error, not "nothing sent".
  const state = await readLedgerState(out, { shownAs: displayPath(out, options.cwd) });
  if (!existsSync(join(out, LEDGER_FILE)))
    term.err(term.paint.yellow(`note: no ledger in ${displayPath(out, options.cwd)}/: nothing has been sent from this archive (is --out right?)`));
  // The campaign is optional here: the ledger alone is a full record, and a broken input must not hide it.
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition }).catch(() => undefined);
  const letters = campaign && !hasErrors(campaign.problems) ? campaign.plans.flatMap((p) => p.letters) : undefined;
  term.out(options.json ? JSON.stringify(statusJson(state, letters), null, 2) : formatStatus(state, letters, { color: term.color }));
  return 0;
}
