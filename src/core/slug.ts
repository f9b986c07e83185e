// A new petition's slug: its folder under petitions/, and the first part of each of its letters' ids in the ledger.
import type { Parsed } from './option-values.js';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const MAX_SLUG_LENGTH = 64;
export const DEFAULT_SLUG = 'my-petition';
const slugHint = 'lower-case letters, digits and dashes, e.g. 2025-free-elections: it names the petition folder and keys its letters in the ledger';

/** `--slug`: a petition folder name that is safe on every file system and in the ledger's letter ids. */
export function parseSlug(text: string): Parsed<string> {
  if (!SLUG.test(text)) return { ok: false, message: `"${text}" is not a petition slug (${slugHint})` };
  if (text.length > MAX_SLUG_LENGTH) return { ok: false, message: `"${text.slice(0, 20)}…" is longer than ${MAX_SLUG_LENGTH} characters` };
  return { ok: true, value: text };
}

/** The default slug: the campaign folder's name made safe ("Free Elections 2025" → free-elections-2025). */
export function slugFromFolderName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  return SLUG.test(slug) ? slug : DEFAULT_SLUG;
}
