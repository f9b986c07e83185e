import path, { join } from 'node:path';
import { InputError, problem } from '../../core/errors.js';
import { parseSourceDateEpoch } from '../../core/option-values.js';
import type { Letter } from '../../core/types.js';
import { archivePaths, inArchive } from '../archive/layout.js';
import { prepareArchiveFiles } from '../archive/safe-path.js';
import { removeStaleTemporaries } from '../archive/stale-temp.js';
import { createPdfRenderer } from './index.js';
import type { PetitionPlan } from '../../core/campaign.js';

export interface RenderFilesOptions {
  out: string;
  paper: 'a4' | 'letter';
  fontsDir: string;
  /** SOURCE_DATE_EPOCH, for reproducible builds (see sourceDateEpoch); else each petition's own date. */
  sourceDateEpoch?: Date | undefined;
  /** Signers' names listed in the annex: a cap, Infinity for all, 0 for none. */
  annexNames?: number | undefined;
  /** Worker threads for typesetting; default one per core. */
  workers?: number | undefined;
}

/** SOURCE_DATE_EPOCH from the environment; malformed or out of range is bad input, checked before any work. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): Date | undefined {
  const parsed = parseSourceDateEpoch(env.SOURCE_DATE_EPOCH);
  if (parsed.ok) return parsed.value;
  throw new InputError([problem('environment', undefined, 'SOURCE_DATE_EPOCH', parsed.message, 'unset it to date each PDF with its petition')]);
}

/** The date written into a PDF: never "now", so the same inputs give the same bytes. */
export function creationDate(plan: PetitionPlan, sourceDateEpoch: Date | undefined): Date {
  return sourceDateEpoch ?? new Date(`${plan.petition.date}T00:00:00Z`);
}

/** Renders every letter's PDF and each petition's annexes into the archive; returns the files of each letter. */
export async function renderFiles(plans: readonly PetitionPlan[], letters: readonly Letter[], options: RenderFilesOptions): Promise<Map<string, string[]>> {
  const wanted = new Set(letters.map((l) => l.id));
  const files = new Map<string, string[]>();
  const jobs: (() => Promise<unknown>)[] = [];
  /** Archive-relative paths of every PDF to write. */
  const outputs: string[] = [];
  for (const plan of plans) {
    const own = plan.letters.filter((l) => wanted.has(l.id));
    if (own.length === 0) continue;
    const common = {
      paper: options.paper,
      creationDate: creationDate(plan, options.sourceDateEpoch),
      fontsDir: options.fontsDir,
      author: plan.petition.petitioner.name,
      source: plan.petition.file,
      assetsDir: plan.petition.dir,
    };
    let annex: string | undefined;
    if (own.some((l) => l.attachments.some((a) => a.kind === 'annex-pdf'))) {
      const labels = plan.annexLabels;
      if (!labels) throw new Error(`no annex labels for ${plan.petition.slug}`); // planLetters reports their absence
      const relative = archivePaths.annexPdf(plan.petition.slug);
      const output = inArchive(options.out, relative);
      annex = output;
      outputs.push(relative);
      const listNames = (options.annexNames ?? 0) > 0 && plan.signerNames.length > 0;
      const input = {
        title: plan.petition.title,
        language: plan.petition.language,
        labels,
        tally: plan.tally,
        generatedFor: plan.petition.title,
        ...(listNames ? { names: plan.signerNames, namesCap: options.annexNames, namesTotal: plan.tally.unique } : {}),
      };
      jobs.push(() => renderer.annex(input, { ...common, output, title: `${plan.petition.title} — ${labels.annex_title}` }));
    }
    let distribution: string | undefined;
    if (own.some((l) => l.attachments.some((a) => a.kind === 'distribution-pdf'))) {
      const list = plan.distributionAnnex;
      if (!list) throw new Error(`no distribution annex for ${plan.petition.slug}`); // planLetters makes it with the letters
      const relative = archivePaths.distributionPdf(plan.petition.slug);
      distribution = inArchive(options.out, relative);
      outputs.push(relative);
      const output = distribution;
      jobs.push(() => renderer.distribution(list, { ...common, output, title: `${plan.petition.title} — ${list.labels.title}` }));
    }
    for (const letter of own) {
      const relative = archivePaths.letterPdf(plan.petition.slug, letter.addresseeId, letter.language);
      const output = inArchive(options.out, relative);
      outputs.push(relative);
      jobs.push(() => renderer.letter(letter.document, { ...common, output, title: letter.subject }));
      const extra = letter.attachments.filter((a) => a.kind === 'file' && a.path).map((a) => join(plan.petition.dir, a.path!));
      const encloses = (kind: 'annex-pdf' | 'distribution-pdf') => letter.attachments.some((a) => a.kind === kind);
      files.set(letter.id, [output, ...(annex && encloses('annex-pdf') ? [annex] : []), ...(distribution && encloses('distribution-pdf') ? [distribution] : []), ...extra]);
    }
  }
  // Before the first PDF: a link in the archive stops the run while nothing has been written through it.
  await prepareArchiveFiles(options.out, outputs);
  await removeStaleTemporaries([options.out, ...outputs.map((relative) => path.join(options.out, path.posix.dirname(relative)))]);
  const renderer = await createPdfRenderer(jobs.length, { workers: options.workers });
  try {
    await runLimited(jobs, renderer.concurrency);
  } finally {
    await renderer.close();
  }
  return files;
}

/** Runs the jobs `limit` at a time; the first failure stops new ones from starting and is thrown. */
async function runLimited(jobs: readonly (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
  if (failure !== undefined) throw failure;
}
