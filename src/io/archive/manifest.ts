// manifest.json: what is in the archive folder and what became of each letter. The ledger is the record of truth;
// the manifest is its readable summary, rewritten whole (atomically) whenever it changes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Letter } from '../../core/types.js';
import type { LetterLedgerState } from '../../core/delivery/ledger.js';
import { formatProblem, InputError, problem } from '../../core/errors.js';
import { archivedLetterOf, type ArchivedLetter } from '../../core/delivery/status.js';
import { MANIFEST_VERSION, type Manifest, type ManifestDelivery, type ManifestFile, type ManifestFileKind, type ManifestLetter } from '../../core/json.js';
import { lineAtOffset, manifestFromJson, manifestShapeProblem } from '../../core/manifest-shape.js';
import { writeFileAtomic, sha256File } from './atomic.js';
import { MANIFEST_FILE, relativeToArchive } from './layout.js';

export type { Manifest, ManifestDelivery, ManifestFile, ManifestFileKind, ManifestLetter, ManifestPetition } from '../../core/json.js';

/**
 * The manifest on disk, or undefined if there is none yet. A damaged one (truncated, not JSON, not our shape) is bad
 * input naming the file: replacing it would lose the entries of letters rendered or sent by other runs.
 * `shownAs` is the archive folder as the user typed it.
 */
export async function readManifest(out: string, options: { shownAs?: string | undefined } = {}): Promise<Manifest | undefined> {
  const file = options.shownAs ? `${options.shownAs.replace(/[\\/]+$/, '')}/${MANIFEST_FILE}` : MANIFEST_FILE;
  let text: string;
  try {
    text = await fs.readFile(path.join(out, MANIFEST_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM')
      throw new InputError([
        problem(file, undefined, undefined, `cannot be read (${code === 'EISDIR' ? 'it is a folder' : 'permission denied'})`, 'manifest.json must be a file petition can read and write'),
      ]);
    throw error;
  }
  const hint = 'it was not written by petition or was cut short: restore it from a backup, or move it aside and render again; the ledger keeps what was sent';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? lineAtOffset(text, text.length) : lineAtOffset(text, Number(position));
    throw new InputError([problem(file, line, undefined, `damaged manifest: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, hint)]);
  }
  const wrong = manifestShapeProblem(value);
  if (wrong) throw new InputError([problem(file, undefined, wrong.field, `damaged manifest: ${wrong.message}`, hint)]);
  return manifestFromJson(value as Record<string, unknown>); // an earlier release's version 1 as version 2
}

export async function writeManifest(out: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path.join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { archive: out });
}

/** The kind of a rendered file: from the letter's attachment plan when the names match, else from its name. */
export function fileKind(letter: Letter, file: string): ManifestFileKind {
  const base = path.basename(file);
  const planned = letter.attachments.find((a) => (a.path && path.resolve(a.path) === path.resolve(file)) || a.filename === base);
  if (planned) return planned.kind;
  if (base.endsWith('.annex.pdf')) return 'annex-pdf';
  if (base.endsWith('.distribution.pdf')) return 'distribution-pdf';
  if (base.endsWith('.eml')) return 'eml';
  if (base.endsWith('.pdf')) return 'letter-pdf';
  return 'file';
}

/**
 * Hashes files on disk for the manifest; paths inside `out` are made relative to it.
 * Pass one `cache` for a whole run: the annex is the same file for every letter of a petition.
 */
export async function describeFiles(out: string, letter: Letter, files: readonly string[], cache?: Map<string, Promise<string>>): Promise<ManifestFile[]> {
  const hash = (file: string): Promise<string> => {
    const key = path.resolve(file);
    let pending = cache?.get(key);
    if (!pending) {
      pending = sha256File(key);
      cache?.set(key, pending);
    }
    return pending;
  };
  return Promise.all(files.map(async (file) => ({ path: relativeToArchive(out, path.resolve(file)), sha256: await hash(file), kind: fileKind(letter, file) })));
}

export function manifestEntry(letter: Letter, files: ManifestFile[], signatures: Record<string, unknown> = {}): ManifestLetter {
  return {
    id: letter.id,
    petition: letter.petition,
    addressee: letter.addresseeId,
    name: letter.to[0]?.name || letter.document.addresseeBlock[0] || letter.addresseeId,
    language: letter.language,
    channel: letter.channel,
    subject: letter.subject,
    content_hash: letter.contentHash,
    roster: letter.roster,
    files,
    signatures,
  };
}

export function deliveryFromLedger(entry: LetterLedgerState | undefined): ManifestDelivery | undefined {
  if (!entry) return undefined;
  return {
    status: entry.status,
    message_id: entry.messageId,
    response: entry.response,
    reason: entry.reason,
    at: entry.sentAt ?? entry.at,
    attempts: entry.attempts,
  };
}

/** Entries of `update` replace those with the same id; letters only in `base` (another run's) are kept. */
export function mergeManifest(base: Manifest | undefined, update: Manifest): Manifest {
  if (!base) return update;
  const letters = new Map(base.letters.map((l) => [l.id, l]));
  for (const l of update.letters) letters.set(l.id, l);
  const petitions = new Map(base.petitions.map((p) => [p.slug, p]));
  for (const p of update.petitions) petitions.set(p.slug, { ...petitions.get(p.slug), ...p });
  return { version: MANIFEST_VERSION, generated_at: update.generated_at, petitions: [...petitions.values()], letters: [...letters.values()] };
}

/**
 * Rewrites the manifest after changes without rewriting it once per letter: a change marks it stale, and a write
 * follows at most every `minIntervalMs` (a thousand-letter run would otherwise spend its time serialising JSON), and
 * never sooner than 20 times the last write took: the manifest of 10,000 letters is megabytes, and rewriting it may take
 * no more than a twentieth of the run.
 * The ledger, fsync'd per record, is what a rerun trusts; `flush()` brings the manifest level with it.
 */
export class ManifestWriter {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stale = false;
  private lastWrite = 0;
  private lastDurationMs = 0;
  private failure: unknown;

  constructor(
    private readonly out: string,
    private readonly build: () => Manifest,
    private readonly minIntervalMs = 1_000,
  ) {}

  update(): void {
    this.stale = true;
    if (this.running || this.timer) return;
    const interval = Math.max(this.minIntervalMs, 20 * this.lastDurationMs);
    const wait = Math.max(0, this.lastWrite + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
    this.timer.unref();
  }

  /** Waits for the manifest to be on disk with every change so far; throws if a write failed. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.settled();
    this.stale = true;
    this.start();
    await this.settled();
    if (this.failure) throw this.failure;
  }

  // A method, not an inline loop: after the first loop TypeScript would take `running` as still undefined after start().
  private async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    if (this.running || !this.stale) return;
    this.running = this.write().finally(() => {
      this.running = undefined;
      if (this.stale && !this.timer) this.update();
    });
  }

  private async write(): Promise<void> {
    this.stale = false;
    this.lastWrite = Date.now();
    try {
      await writeManifest(this.out, this.build());
      this.lastDurationMs = Date.now() - this.lastWrite;
      this.failure = undefined; // a later write that succeeds makes up for an earlier one that failed
    } catch (error) {
      // Kept for flush(): a send is not stopped for the manifest, whose content the ledger can rebuild.
      this.failure = error;
    }
  }
}

/** The manifest's letters; a damaged manifest is said, not fatal: the ledger is the record of truth. */
export async function archivedLetters(out: string, shownAs: string, warn: (warning: string) => void): Promise<ArchivedLetter[]> {
  try {
    const manifest = await readManifest(out, { shownAs });
    return (manifest?.letters ?? []).flatMap((l) => archivedLetterOf(l as unknown as Record<string, unknown>) ?? []);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const p of error.problems) warn(`${formatProblem(p)}; status reads the ledger alone`);
    return [];
  }
}
