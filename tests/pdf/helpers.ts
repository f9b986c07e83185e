// Shared helpers for the PDF tests: temp folders, text extraction with poppler's pdftotext, the vendored fonts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONTS_DIR = fileURLToPath(new URL('../../templates/fonts', import.meta.url));

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'petition-pdf-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Text of a PDF in content order (-raw), as copy-paste and search see it. Needs poppler-utils. */
export function extractText(file: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Line breaks and runs of spaces become one space; a word broken after its hyphen is joined again. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/-[ \t]*\n\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Khmer has no spaces between words, so a line break between two words adds one: compare without any spaces. */
export function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}
