// A petition's print pack, one PDF: every print letter with its address in the envelope's window, each starting on a
// new sheet (on the front of one when printed duplex: a blank page before it if needed), each followed by its annex or
// the annex once at the end. The letters are laid out as `render` lays them out (letter.ts), in the same fonts.
import type { Envelope } from '../../core/print/envelopes.js';
import type { LetterDocument } from '../../core/types.js';
import { drawAnnex, type AnnexInput } from './annex.js';
import { Canvas, type RenderOptions } from './canvas.js';
import { loadFaces } from './fonts.js';
import { drawPrintLetter } from './letter.js';

export interface PackLetter {
  id: string;
  document: LetterDocument;
  addressLines: string[];
}

export interface PackInput {
  language: string;
  returnLine: string;
  envelope: Envelope;
  duplex: boolean;
  marginMm: number;
  letters: readonly PackLetter[];
  /** The signature annex: after each letter, or once after them all. */
  annex?: { input: AnnexInput; placement: 'each' | 'once' } | undefined;
}

/** Where each document of the pack lies: its first page in the file (1-based) and how many pages it has. */
export interface PackSection {
  /** A letter's id, or "annex" for the annex printed once. */
  id: string;
  firstPage: number;
  pages: number;
  /** Of those, the annex's (with --annex each). */
  annexPages: number;
}

export async function renderPrintPack(input: PackInput, opts: RenderOptions): Promise<{ pages: number; sections: PackSection[] }> {
  const faces = await loadFaces(opts.fontsDir);
  const contentKey = JSON.stringify({
    pack: { ...input, annex: input.annex && { ...input.annex, input: { ...input.annex.input, names: undefined } } },
    date: opts.creationDate.toISOString(),
    fonts: Object.values(faces).map((f) => f.sha256),
  });
  const canvas = await Canvas.open(faces, opts, input.language, contentKey);
  const sections: PackSection[] = [];
  try {
    for (const letter of input.letters) sections.push(await drawPackLetter(canvas, input, letter, opts, sections.length === 0));
    if (input.annex?.placement === 'once') {
      startSheet(canvas, input.duplex, false);
      const firstPage = canvas.filePages;
      await drawAnnex(canvas, input.annex.input);
      sections.push({ id: 'annex', firstPage, pages: canvas.filePages - firstPage + 1, annexPages: canvas.filePages - firstPage + 1 });
    }
  } catch (error) {
    await canvas.abandon();
    throw error;
  }
  const { pages } = await canvas.finish();
  return { pages, sections };
}

async function drawPackLetter(canvas: Canvas, input: PackInput, letter: PackLetter, opts: RenderOptions, first: boolean): Promise<PackSection> {
  startSheet(canvas, input.duplex, first);
  const firstPage = canvas.filePages;
  drawPrintLetter(canvas, letter.document, opts, { envelope: input.envelope, returnLine: input.returnLine, addressLines: letter.addressLines, marginMm: input.marginMm });
  let annexPages = 0;
  if (input.annex?.placement === 'each') {
    const before = canvas.filePages;
    canvas.newPage(); // the annex's pages go on with the letter's numbering: they travel in its envelope
    await drawAnnex(canvas, input.annex.input);
    annexPages = canvas.filePages - before;
  }
  return { id: letter.id, firstPage, pages: canvas.filePages - firstPage + 1, annexPages };
}

/** The canvas opens on a page of its own: the first document uses it; the next ones start a sheet. */
function startSheet(canvas: Canvas, duplex: boolean, first: boolean): void {
  if (first) return;
  if (duplex && canvas.filePages % 2 === 1) canvas.blankPage();
  canvas.startSection();
}
