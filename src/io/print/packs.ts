// `petition print`'s work: per petition, the checks that need the fonts (address widths, Khmer shaping), the pack PDF,
// the checks of the PDF read back, and the labels file. A pack that fails a check is removed with every other pack of
// the run (nothing half-checked is left to print), and all the problems are reported at once.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, InputError } from '../../core/errors.js';
import type { PetitionPlan } from '../../core/campaign.js';
import { packProblems, type PackedLetter } from '../../core/print/checks.js';
import type { Envelope } from '../../core/print/envelopes.js';
import { addressesCsv, packPlan, sheetsOf, windowLines, type PackPlan } from '../../core/print/pack.js';
import type { Problem } from '../../core/types.js';
import { writeFileAtomic } from '../archive/atomic.js';
import { archivePaths, inArchive } from '../archive/layout.js';
import { writing } from '../archive/write-error.js';
import { prepareArchiveFiles } from '../archive/safe-path.js';
import { removeStaleTemporaries } from '../archive/stale-temp.js';
import type { AnnexInput } from '../pdf/annex.js';
import { loadFaces } from '../pdf/fonts.js';
import { addressWidthProblems, khmerShapingProblems, type CheckedLetter } from '../pdf/print-checks.js';
import { renderPrintPack, type PackSection } from '../pdf/print-pack.js';
import { creationDate } from '../pdf/render-files.js';
import { fontsNotEmbedded, readWordBoxes } from './read-back.js';

export interface PrintOptions {
  out: string;
  /** A path as the user is shown it. */
  shown: (file: string) => string;
  envelope: Envelope;
  duplex: boolean;
  annex: 'each' | 'once';
  marginMm: number;
  maxPages: number;
  fontsDir: string;
  sourceDateEpoch?: Date | undefined;
  annexNames: number;
}

export interface PackResult {
  pack: PackPlan;
  /** Archive-relative; absent when no letter of the petition has a postal address. */
  pdf?: string | undefined;
  csv?: string | undefined;
  pages: number;
  sheets: number;
}

export async function printPacks(plans: readonly PetitionPlan[], options: PrintOptions): Promise<PackResult[]> {
  const packs = plans.map((plan) => ({ plan, pack: packPlan(plan) }));
  await checkBeforeDrawing(packs, options);
  const printing = packs.filter(({ pack }) => pack.printable.length > 0);
  const relatives = printing.flatMap(({ pack }) => [archivePaths.printPdf(pack.petition), archivePaths.addressesCsv(pack.petition)]);
  await prepareArchiveFiles(options.out, relatives);
  await removeStaleTemporaries([path.join(options.out, 'print')]);
  const remove = () => Promise.all(relatives.map((relative) => rm(inArchive(options.out, relative), { force: true })));
  const results: PackResult[] = [];
  const problems: Problem[] = [];
  try {
    for (const { plan, pack } of packs) results.push(await packOf(plan, pack, options, problems));
  } catch (error) {
    await remove(); // a pack drawn but not checked (poppler missing, a bad image) is not left to print
    throw error;
  }
  if (hasErrors(problems)) {
    await remove(); // nor one that failed, nor the labels of an earlier run beside it
    throw new InputError(problems, `${problems.length} problem(s) in the print pack(s): none was kept`);
  }
  for (const r of results) {
    const csv = r.csv;
    if (csv) await writing(csv, () => writeFileAtomic(inArchive(options.out, csv), addressesCsv(r.pack.printable), { archive: options.out }));
  }
  return results;
}

/** One petition's pack drawn and checked, its problems added to `problems`; nothing drawn without an address. */
async function packOf(plan: PetitionPlan, pack: PackPlan, options: PrintOptions, problems: Problem[]): Promise<PackResult> {
  if (pack.printable.length === 0) return { pack, pages: 0, sheets: 0 };
  const pdf = archivePaths.printPdf(pack.petition);
  const { pages, found } = await drawAndCheck(plan, pack, inArchive(options.out, pdf), options);
  problems.push(...found);
  return { pack, pdf, csv: archivePaths.addressesCsv(pack.petition), pages, sheets: sheetsOf(pages, options.duplex) };
}

/** Widths and shaping, from the fonts: before any PDF is drawn, every problem of every petition at once. */
async function checkBeforeDrawing(packs: readonly { pack: PackPlan }[], options: PrintOptions): Promise<void> {
  const faces = await loadFaces(options.fontsDir);
  const problems = packs.flatMap(({ pack }) =>
    pack.printable.flatMap((item) => {
      const letter: CheckedLetter = {
        id: item.letter.id,
        document: item.letter.document,
        addressLines: windowLines(item),
        roster: { file: item.addressee.source.file, line: item.addressee.source.line, field: `addressees.${item.addressee.id}.postal_address` },
      };
      return [...addressWidthProblems(faces, letter, options.envelope), ...khmerShapingProblems(faces, letter, item.addressee.source.file)];
    }),
  );
  if (hasErrors(problems)) throw new InputError(problems);
}

async function drawAndCheck(plan: PetitionPlan, pack: PackPlan, output: string, options: PrintOptions): Promise<{ pages: number; found: Problem[] }> {
  const annex = annexInput(plan, pack, options.annexNames);
  const { pages, sections } = await renderPrintPack(
    {
      language: plan.petition.language,
      returnLine: pack.returnLine,
      envelope: options.envelope,
      duplex: options.duplex,
      marginMm: options.marginMm,
      letters: pack.printable.map((item) => ({ id: item.letter.id, document: item.letter.document, addressLines: windowLines(item) })),
      annex: annex && { input: annex, placement: options.annex },
    },
    {
      paper: options.envelope.paper,
      creationDate: creationDate(plan, options.sourceDateEpoch),
      fontsDir: options.fontsDir,
      output,
      title: `${plan.petition.title} — print`,
      author: plan.petition.petitioner.name,
      source: plan.petition.file,
      assetsDir: plan.petition.dir,
      actualText: false,
    },
  );
  const shown = options.shown(output);
  // One pdffonts for the file; only when it finds a font not embedded is each letter's range asked for.
  const whole = await fontsNotEmbedded(output, shown, 1, pages);
  const letters = await Promise.all(sections.map((section) => packedLetter(section, pack, whole.length > 0 ? output : undefined, shown)));
  const found = packProblems({ file: shown, envelope: options.envelope, marginMm: options.marginMm, maxPages: options.maxPages, pages: await readWordBoxes(output, shown), letters });
  return { pages, found };
}

/** `file`: where to look for fonts not embedded on the letter's pages; undefined when the whole file has none. */
async function packedLetter(section: PackSection, pack: PackPlan, file: string | undefined, shown: string): Promise<PackedLetter> {
  const item = pack.printable.find((i) => i.letter.id === section.id);
  return {
    id: section.id,
    firstPage: section.firstPage,
    pages: section.pages,
    addressLines: item ? windowLines(item) : [],
    returnLine: pack.returnLine,
    fontsNotEmbedded: file ? await fontsNotEmbedded(file, shown, section.firstPage, section.firstPage + section.pages - 1) : [],
  };
}

/** The signature annex, when the petition's letters enclose one (as render makes it). */
function annexInput(plan: PetitionPlan, pack: PackPlan, names: number): AnnexInput | undefined {
  if (!pack.printable.some((i) => i.letter.attachments.some((a) => a.kind === 'annex-pdf')) || !plan.annexLabels) return undefined;
  const listNames = names > 0 && plan.signerNames.length > 0;
  return {
    title: plan.petition.title,
    language: plan.petition.language,
    labels: plan.annexLabels,
    tally: plan.tally,
    generatedFor: plan.petition.title,
    ...(listNames ? { names: plan.signerNames, namesCap: names, namesTotal: plan.tally.unique } : {}),
  };
}
