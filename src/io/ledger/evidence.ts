// What the archive folder proves about deliveries, besides the ledger: manifest.json's delivery facts, and the .eml
// files in mail/ (each written and fsync'd before its message went to the server).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UNKNOWN_CONTENT_HASH, type ArchiveEvidence } from '../../core/delivery/ledger-recovery.js';
import { inArchive } from '../archive/layout.js';
import { readManifest, type ManifestLetter } from '../archive/manifest.js';

const MAIL_DIR = 'mail';

/** `shownAs`: the archive folder as the user typed it, to name a damaged manifest. */
export async function archiveEvidence(out: string, shownAs?: string): Promise<ArchiveEvidence[]> {
  const letters = (await readManifest(out, { shownAs }))?.letters ?? [];
  return [...manifestEvidence(letters), ...(await emlEvidence(out, letters))];
}

function manifestEvidence(letters: readonly ManifestLetter[]): ArchiveEvidence[] {
  return letters.flatMap((entry): ArchiveEvidence[] => {
    const d = entry.delivery;
    if (d?.status === 'sent' && d.message_id) return [{ kind: 'manifest', letter: entry.id, contentHash: entry.content_hash, status: 'sent', at: d.at, messageId: d.message_id, response: d.response }];
    if (d?.status === 'unknown') return [{ kind: 'manifest', letter: entry.id, contentHash: entry.content_hash, status: 'unknown', at: d.at, messageId: d.message_id }];
    return [];
  });
}

/** One fact per .eml under mail/; its letter from the manifest entry that lists it, else from its path. */
async function emlEvidence(out: string, letters: readonly ManifestLetter[]): Promise<ArchiveEvidence[]> {
  const byFile = new Map<string, ManifestLetter>();
  for (const entry of letters) for (const f of entry.files) if (f.kind === 'eml') byFile.set(f.path, entry);
  const evidence: ArchiveEvidence[] = [];
  for (const file of await emlFiles(out)) {
    const entry = byFile.get(file);
    const letter = entry?.id ?? letterOfEmlPath(file);
    if (!letter) continue;
    const contentHash = entry?.content_hash ?? letters.find((l) => l.id === letter)?.content_hash ?? UNKNOWN_CONTENT_HASH;
    evidence.push({ kind: 'eml', letter, contentHash, at: await composedAt(inArchive(out, file)), file });
  }
  return evidence;
}

/**
 * When the message was composed: its Date header, which survives copies and checkouts (file times do not); the file's
 * time only when the header is missing.
 */
async function composedAt(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(16_384);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const headers =
      head
        .subarray(0, bytesRead)
        .toString('latin1')
        .split(/\r?\n\r?\n/)[0] ?? '';
    const date = /^Date:[ \t]*(.+)$/im.exec(headers.replace(/\r?\n[ \t]+/g, ' '))?.[1];
    const time = date ? Date.parse(date) : NaN;
    return new Date(Number.isFinite(time) ? time : (await handle.stat()).mtimeMs).toISOString();
  } finally {
    await handle.close();
  }
}

/** Archive-relative paths of the .eml files in mail/<petition>/ (temporary files of a cut write are not messages). */
async function emlFiles(out: string): Promise<string[]> {
  let petitions: string[];
  try {
    petitions = (await fs.readdir(path.join(out, MAIL_DIR), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    // No mail/ folder (or something else by that name): no message was ever archived here.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const files: string[] = [];
  for (const petition of petitions.sort()) {
    const names = await fs.readdir(path.join(out, MAIL_DIR, petition), { withFileTypes: true });
    for (const d of names) if (d.isFile() && d.name.endsWith('.eml') && !d.name.startsWith('.')) files.push(`${MAIL_DIR}/${petition}/${d.name}`);
  }
  return files.sort();
}

/** `mail/<petition>/<addressee>.<lang>.eml` → `<petition>/<addressee>/<lang>` (see archivePaths.eml). */
export function letterOfEmlPath(file: string): string | undefined {
  const match = /^mail\/([^/]+)\/(.+)\.([^./]+)\.eml$/.exec(file);
  return match ? `${match[1]}/${match[2]}/${match[3]}` : undefined;
}
