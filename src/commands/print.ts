import { resolve } from 'node:path';
import { approvalRefusal } from '../core/approval.js';
import type { PetitionPlan } from '../core/campaign.js';
import { hasErrors, InputError, problem, RefusedError } from '../core/errors.js';
import { printJson, type PrintPackJson } from '../core/json.js';
import { envelopeFor, type EnvelopeName, type Paper } from '../core/print/envelopes.js';
import { enclosedByHand, envelopesByCountry, packPlan } from '../core/print/pack.js';
import { approvalsOf } from '../io/approvals.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { inArchive } from '../io/archive/layout.js';
import { loadCampaign, todayUtc } from '../io/campaign.js';
import { placeholderRefusal } from '../core/placeholders.js';
import { staleRosterRefusal } from '../core/roster-age.js';
import { sourceDateEpoch } from '../io/pdf/render-files.js';
import { printPacks, type PackResult } from '../io/print/packs.js';
import { displayPath, fontsDir } from '../io/project.js';
import { formatPrint } from '../ui/print-report.js';
import { createTerminal, printProblems } from '../ui/terminal.js';

export interface PrintCommandOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  out: string;
  envelope?: EnvelopeName | undefined;
  paper: Paper;
  duplex: boolean;
  annex: 'each' | 'once';
  annexNames: number;
  margin: number;
  maxPages: number;
  /** `--roster-checked-on DATE`: a person checked every addressee on that date. */
  rosterCheckedOn?: string | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Writes a checked print pack per petition (print/<petition>.print.pdf and .addresses.csv) into the archive folder. */
export async function run(options: PrintCommandOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const chosen = envelopeFor(options.paper, options.envelope);
  if (!chosen.ok) throw new InputError([problem('command line', undefined, '--envelope', chosen.message, 'dl, c5 or c4 with --paper a4; us10 (the default) with --paper letter')]);
  const epoch = sourceDateEpoch(process.env);
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition, roster: options.roster, signerNames: options.annexNames });
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);
  refuseOldRosters(campaign.plans, options.rosterCheckedOn);
  refuseUnapproved(campaign.plans, options.cwd);

  const out = resolve(options.cwd, options.out);
  await checkOutFolder(out, displayPath(out, options.cwd), 'write');
  const results = await printPacks(campaign.plans, {
    out,
    shown: (file) => displayPath(file, options.cwd),
    envelope: chosen.envelope,
    duplex: options.duplex,
    annex: options.annex,
    marginMm: options.margin,
    maxPages: options.maxPages,
    fontsDir: fontsDir(options.cwd),
    sourceDateEpoch: epoch,
    annexNames: options.annexNames,
  });
  const packs = results.map((r) => packJson(r, (relative) => displayPath(inArchive(out, relative), options.cwd)));
  if (options.json) {
    const { paper, duplex, annex, margin, maxPages } = options;
    term.json(printJson({ out: displayPath(out, options.cwd), paper, envelope: chosen.envelope.name, duplex, annex, margin_mm: margin, max_pages: maxPages, packs }));
  } else term.out(formatPrint(packs, term.paint));
  return 0;
}

/** A letter goes into the post, as into the mail, only to an addressee the roster vouches for now: a placeholder or an
 *  addressee not checked within the roster's max_age_days is refused (exit 3), unless a person vouches for the roster. */
function refuseOldRosters(plans: readonly PetitionPlan[], checkedOn: string | undefined): void {
  for (const plan of plans) {
    const addressees = packPlan(plan).printable.map((i) => i.addressee);
    if (addressees.length === 0) continue;
    const refusal = placeholderRefusal(plan.roster, addressees) ?? staleRosterRefusal(plan.roster, addressees, todayUtc(), checkedOn);
    if (refusal) throw new RefusedError(`${plan.petition.slug}: ${refusal.message}`, refusal.hint);
  }
}

/** A letter goes into a pack, as into the post, only as it was approved (exit 3, every letter lacking it named). */
function refuseUnapproved(plans: readonly PetitionPlan[], cwd: string): void {
  const checked = plans.map((plan) =>
    approvalsOf(
      plan,
      packPlan(plan).printable.map((i) => i.letter),
      cwd,
    ),
  );
  const problems = checked.flatMap((c) => c.problems);
  if (hasErrors(problems)) throw new InputError(problems);
  const lacking = checked.flatMap((c) => c.approvals.filter((a) => a.lacking > 0));
  if (lacking.length === 0) return;
  const refusal = approvalRefusal(lacking, 'print');
  throw new RefusedError(refusal.message, refusal.hint);
}

function packJson(result: PackResult, shown: (relative: string) => string): PrintPackJson {
  const { pack } = result;
  return {
    petition: pack.petition,
    ...(result.pdf ? { pdf: shown(result.pdf) } : {}),
    ...(result.csv ? { addresses_csv: shown(result.csv) } : {}),
    letters: pack.printable.length,
    pages: result.pages,
    sheets: result.sheets,
    envelopes: { total: pack.printable.length, by_country: envelopesByCountry(pack.printable) },
    address_needed: pack.addressNeeded.map((i) => ({ id: i.letter.id, addressee: i.addressee.id, name: i.addressee.name })),
    enclose_by_hand: enclosedByHand(pack.printable),
  };
}
