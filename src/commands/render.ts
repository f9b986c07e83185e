import { resolve } from 'node:path';
import { hasErrors, InputError } from '../core/errors.js';
import { MANIFEST_VERSION, manifestPetition, renderJson } from '../core/json.js';
import { MANIFEST_FILE } from '../io/archive/layout.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { prepareArchiveFiles } from '../io/archive/safe-path.js';
import { describeFiles, manifestEntry, mergeManifest, readManifest, writeManifest, type Manifest } from '../io/archive/manifest.js';
import { displayPath, fontsDir } from '../io/project.js';
import { signatureSummary } from '../core/campaign.js';
import { table, createTerminal, printProblems } from '../ui/terminal.js';
import { loadCampaign, type PetitionPlan } from '../io/campaign.js';
import { renderFiles, sourceDateEpoch } from '../io/pdf/render-files.js';

export interface RenderOptions {
  cwd: string;
  petition: string[];
  roster?: string | undefined;
  only: string[];
  out: string;
  paper: 'a4' | 'letter';
  annexNames: number;
  jobs?: number | undefined;
  json: boolean;
  color?: boolean | undefined;
}

/** Writes one PDF per letter and an annex per petition into the archive folder, with a manifest of sha256 hashes. */
export async function run(options: RenderOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const epoch = sourceDateEpoch(process.env);
  const campaign = await loadCampaign({
    cwd: options.cwd,
    petitions: options.petition,
    roster: options.roster,
    only: options.only.length > 0 ? options.only : undefined,
    signerNames: options.annexNames,
  });
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  printProblems(term, campaign.problems);

  const out = resolve(options.cwd, options.out);
  await checkOutFolder(out, displayPath(out, options.cwd), 'write');
  const letters = campaign.plans.flatMap((p) => p.letters);
  await prepareArchiveFiles(out, [MANIFEST_FILE]); // refused before any PDF is written, not after them all
  const base = await readManifest(out, { shownAs: displayPath(out, options.cwd) }); // a damaged one too
  const files = await renderFiles(campaign.plans, letters, {
    out,
    paper: options.paper,
    fontsDir: fontsDir(options.cwd),
    sourceDateEpoch: epoch,
    annexNames: options.annexNames,
    workers: options.jobs,
  });
  const manifest = await buildManifest(out, campaign.plans, files);
  await writeManifest(out, mergeManifest(base, manifest));

  if (options.json) {
    term.json(renderJson(displayPath(out, options.cwd), manifest.letters));
    return 0;
  }
  const rows = [['Letter', 'Channel', 'Files', 'sha256 (letter PDF)'], ...manifest.letters.map((l) => [l.id, l.channel, String(l.files.length), l.files[0]?.sha256.slice(0, 16) ?? '—'])];
  term.out(table(rows, { header: true, paint: term.paint }));
  term.out(term.paint.green(`wrote ${letters.length} letter PDF(s) and ${campaign.plans.length} annex(es) to ${displayPath(out, options.cwd)}/ with manifest.json`));
  return 0;
}

export async function buildManifest(out: string, plans: readonly PetitionPlan[], files: Map<string, string[]>): Promise<Manifest> {
  const letters = [];
  for (const plan of plans) {
    const signatures = signatureSummary(plan);
    for (const letter of plan.letters) {
      const own = files.get(letter.id);
      if (own) letters.push(manifestEntry(letter, await describeFiles(out, letter, own), signatures));
    }
  }
  return {
    version: MANIFEST_VERSION,
    generated_at: new Date().toISOString(),
    petitions: plans.map(manifestPetition),
    letters,
  };
}
