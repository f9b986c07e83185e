// Where things live in an archive folder. Paths in the manifest are relative to it, with forward slashes.
import path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const LEDGER_FILE = 'ledger.jsonl';

/** File-name-safe form of an id segment (ids are slugs already; this keeps a stray one from leaving the folder). */
const segment = (value: string): string => value.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_');

export const archivePaths = {
  manifest: (): string => MANIFEST_FILE,
  ledger: (): string => LEDGER_FILE,
  letterPdf: (petition: string, addressee: string, lang: string): string =>
    `letters/${segment(petition)}/${segment(addressee)}.${segment(lang)}.pdf`,
  annexPdf: (petition: string): string => `annex/${segment(petition)}.annex.pdf`,
  eml: (petition: string, addressee: string, lang: string): string => `mail/${segment(petition)}/${segment(addressee)}.${segment(lang)}.eml`,
};

/** An archive-relative path as a path on this machine. */
export const inArchive = (out: string, relative: string): string => path.join(out, ...relative.split('/'));

/** A path on this machine as an archive-relative path (forward slashes), or the path itself when outside. */
export function relativeToArchive(out: string, file: string): string {
  const rel = path.relative(out, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
