import { resolve } from 'node:path';
import { hasErrors } from '../core/errors.js';
import { statusReport } from '../core/delivery/status.js';
import { accountability, type CountedLetter } from '../core/inbox/accountability.js';
import { reportJson } from '../core/inbox/json.js';
import type { PetitionPlan } from '../core/campaign.js';
import { archivedLetters } from '../io/archive/manifest.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { readLedgerState } from '../io/delivery/index.js';
import { loadCampaign } from '../io/campaign.js';
import { displayPath } from '../io/project.js';
import { formatAccountability } from '../ui/inbox-report.js';
import { createTerminal } from '../ui/terminal.js';

export interface ReportOptions {
  cwd: string;
  out: string;
  petition: string[];
  year?: string | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Per petition and year, per state: delivered, bounced, acknowledged, replied, silent; and what to do about bounces. */
export async function run(options: ReportOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const out = resolve(options.cwd, options.out);
  const shownAs = displayPath(out, options.cwd);
  await checkOutFolder(out, shownAs, 'read');
  const state = await readLedgerState(out, { shownAs });
  // As status reads it: a damaged manifest is a warning, the ledger is the record.
  const archived = await archivedLetters(out, shownAs, (warning) => term.err(term.paint.yellow(`warning: ${warning}`)));
  // The campaign tells which state each addressee speaks for; without it, each addressee stands for itself.
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition }).catch(() => undefined);
  const plans = campaign && !hasErrors(campaign.problems) ? campaign.plans : [];
  const rows = statusReport(state, archived).letters;
  const wanted = new Set(options.petition.map((p) => p.split('/').filter(Boolean).pop() ?? p));
  const counted = rows.map((row) => countedLetter(row, plans)).filter((l) => wanted.size === 0 || wanted.has(l.petition));
  const reports = accountability(counted).filter((r) => options.year === undefined || r.year === options.year);
  const bounced = rows.filter((r) => r.deliveryReport?.state === 'bounced');
  if (options.json) term.json(reportJson(reports, bounced));
  else term.out(formatAccountability(reports, bounced, term.paint));
  return 0;
}

function countedLetter(row: CountedLetter['row'], plans: readonly PetitionPlan[]): CountedLetter {
  const [petition = row.id] = row.id.split('/');
  const addressee = plans.find((p) => p.petition.slug === petition)?.roster.addressees.find((a) => a.id === row.addressee);
  return { row, petition, state: addressee?.country ?? addressee?.organization ?? addressee?.group ?? row.addressee };
}
