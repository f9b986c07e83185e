// Where things live in an archive folder. Paths in the manifest are relative to it, with forward slashes.
// Ids become names through core/archive-names.ts, whose rule `validate` applies: no two of a run share one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { archiveSegment as segment, letterBaseName } from '../../core/archive-names.js';
import { letterStem } from '../../core/follow-up.js';
import type { Letter } from '../../core/types.js';

export const MANIFEST_FILE = 'manifest.json';
export const LEDGER_FILE = 'ledger.jsonl';

export const archivePaths = {
  manifest: (): string => MANIFEST_FILE,
  ledger: (): string => LEDGER_FILE,
  letterPdf: (petition: string, addressee: string, lang: string): string => `letters/${segment(petition)}/${letterBaseName(addressee, lang)}.pdf`,
  annexPdf: (petition: string): string => `annex/${segment(petition)}.annex.pdf`,
  distributionPdf: (petition: string): string => `annex/${segment(petition)}.distribution.pdf`,
  /** A letter's sent message; a reminder's is beside it, named `<addressee>.follow-up.<lang>.eml`. */
  eml: (letter: Pick<Letter, 'petition' | 'addresseeId' | 'language' | 'followUp'>): string => `mail/${segment(letter.petition)}/${letterBaseName(letterStem(letter), letter.language)}.eml`,
  /** A petition's print pack, and its addresses for labels (petition print). */
  printPdf: (petition: string): string => `print/${segment(petition)}.print.pdf`,
  addressesCsv: (petition: string): string => `print/${segment(petition)}.addresses.csv`,
  /** The folder of a petition's .eml files. */
  mailDir: (petition: string): string => `mail/${segment(petition)}`,
};

/** An archive-relative path as a path on this machine. */
export const inArchive = (out: string, relative: string): string => path.join(out, ...relative.split('/'));

/** A path on this machine as an archive-relative path (forward slashes), or the path itself when outside. */
export function relativeToArchive(out: string, file: string): string {
  const rel = path.relative(out, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** Whether the archive has a ledger at all (a status of an archive without one is worth a note). */
export const hasLedger = (out: string): boolean => existsSync(path.join(out, LEDGER_FILE));
