// The print pack read back as a printer's software sees it: each word's box from poppler's `pdftotext -bbox`, and the
// fonts of a range of pages from `pdffonts`. The checks in core/print/checks.ts judge what is read here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError, problem } from '../../core/errors.js';
import type { PageWords, Word } from '../../core/print/checks.js';

const run = promisify(execFile);
const HINT = 'install poppler-utils (pdftotext, pdffonts): print checks every pack it writes';

/** Every page's size and words, in points from the top left corner. */
export async function readWordBoxes(file: string, shownAs: string): Promise<PageWords[]> {
  const { stdout } = await tool('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], shownAs);
  return parseBoxes(stdout);
}

export function parseBoxes(html: string): PageWords[] {
  const pages: PageWords[] = [];
  for (const page of html.split('<page ').slice(1)) {
    const size = /^width="([\d.]+)" height="([\d.]+)"/.exec(page);
    const words: Word[] = [];
    for (const m of page.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)) {
      words.push({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: unescapeHtml(m[5] ?? '') });
    }
    pages.push({ width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words });
  }
  return pages;
}

/** Names of the fonts used on pages `first`–`last` that are not embedded in the file. */
export async function fontsNotEmbedded(file: string, shownAs: string, first: number, last: number): Promise<string[]> {
  const { stdout } = await tool('pdffonts', ['-f', String(first), '-l', String(last), file], shownAs);
  return parseFonts(stdout)
    .filter((f) => !f.embedded)
    .map((f) => f.name);
}

/** pdffonts' table: name, type (one or more words), encoding, then emb, sub, uni as yes/no, and the object number. */
export function parseFonts(table: string): { name: string; embedded: boolean }[] {
  return table
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const flags = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      return { name: line.split(/\s+/)[0] ?? '', embedded: flags?.[1] === 'yes' };
    });
}

async function tool(command: string, args: string[], shownAs: string): Promise<{ stdout: string }> {
  try {
    return await run(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError([problem(shownAs, undefined, undefined, `cannot check the print pack: ${command} is not installed`, HINT)]);
    throw error;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeHtml = (text: string): string => text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? '')));
