// How ids become file names in the archive, and the rule that no two of them may share one. Two petitions (or two
// addressees of one petition) whose names met on disk would overwrite each other's PDFs, and a letter would go out
// with the other's attachment.
import { problem } from './errors.js';
import type { Problem } from './types.js';

/** File-name-safe form of an id: letters, digits, `.`, `_` and `-` stay; any other run becomes `_`; no leading dot. */
export const archiveSegment = (value: string): string =>
  value
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '_');

/** A letter's file name without its extension (`.pdf`, `.eml`): one per addressee and language. */
export const letterBaseName = (addressee: string, language: string): string => `${archiveSegment(addressee)}.${archiveSegment(language)}`;

/**
 * The form under which a file system that ignores case or Unicode normalisation (macOS, Windows) sees a name.
 * Upper- then lower-casing folds more than lower-casing alone (ß and SS, ς and σ meet); refusing a pair such a
 * file system would tell apart costs a rename, missing one costs a wrong attachment.
 */
export const archiveNameKey = (name: string): string => name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');

export interface ArchivedPetition {
  slug: string;
  /** petition.md as shown to the user, e.g. `petitions/p x/petition.md`. */
  file: string;
  /** Part of this run; the others only share the archive folder (a later run may write them there). */
  planned: boolean;
}

export interface ArchivedLetter {
  petition: string;
  addresseeId: string;
  language: string;
  /** Where the addressee is defined: the roster file and line. */
  file: string;
  line?: number | undefined;
}

/** One problem per petition or letter whose archive name another one already has. */
export function archiveNameProblems(petitions: readonly ArchivedPetition[], letters: readonly ArchivedLetter[]): Problem[] {
  return [...petitionCollisions(petitions), ...letterCollisions(letters)];
}

function petitionCollisions(petitions: readonly ArchivedPetition[]): Problem[] {
  const sorted = [...petitions].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return collisions(sorted, (p) => archiveSegment(p.slug)).flatMap(([first, other]) => {
    if (!first.planned && !other.planned) return [];
    const [own, earlier] = other.planned ? [other, first] : [first, other];
    const message = `its archive name ${sameName(archiveSegment(own.slug), archiveSegment(earlier.slug), `${folderOf(earlier.file)}/`)}`;
    return [problem(own.file, undefined, 'slug', message, 'rename one folder')];
  });
}

function letterCollisions(letters: readonly ArchivedLetter[]): Problem[] {
  const byPetition = new Map<string, ArchivedLetter[]>();
  for (const l of letters) byPetition.set(l.petition, [...(byPetition.get(l.petition) ?? []), l]);
  return [...byPetition.values()].flatMap((own) =>
    collisions(own, (l) => letterBaseName(l.addresseeId, l.language)).map(([first, other]) => {
      const name = sameName(letterBaseName(other.addresseeId, other.language), letterBaseName(first.addresseeId, first.language), `addressee "${first.addresseeId}"`);
      const message = `its letter's archive name ${name} (petition ${other.petition})`;
      return problem(other.file, other.line, `addressees.${other.addresseeId}.id`, message, 'rename one id');
    }),
  );
}

/** Every later item paired with the first one that has the same folded name. */
function collisions<T>(items: readonly T[], nameOf: (item: T) => string): [T, T][] {
  const first = new Map<string, T>();
  const pairs: [T, T][] = [];
  for (const item of items) {
    const key = archiveNameKey(nameOf(item));
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, item);
    else pairs.push([earlier, item]);
  }
  return pairs;
}

/** `"p_x" is also that of …`, and the other's own spelling when the two meet only once case and accents are folded. */
function sameName(own: string, other: string, whose: string): string {
  return `"${own}" is also that of ${whose}${own === other ? '' : ` ("${other}") where case and accents are not told apart`}`;
}

const folderOf = (file: string): string => file.replace(/[\\/][^\\/]*$/, '');
