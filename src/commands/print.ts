import { resolve } from 'node:path';
import { hasErrors, InputError, problem } from '../core/errors.js';
import { printJson, type PrintPackJson } from '../core/json.js';
import { envelopeFor, type EnvelopeName, type Paper } from '../core/print/envelopes.js';
import { enclosedByHand, envelopesByCountry } from '../core/print/pack.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { inArchive } from '../io/archive/layout.js';
import { loadCampaign } from '../io/campaign.js';
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
