// mail/<petition>/<addressee>.<lang>.eml: each message exactly as it goes on the wire, written (and fsync'd) before it
// is handed to the server, so that the archive proves what may have been sent even when the ledger cannot
// (`petition ledger recover` reads it). Nothing is deleted: a message the server refused moves to refused/, an earlier
// version of a letter that is sent again to earlier/.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Letter } from '../../core/types.js';
import type { OutgoingMessage } from '../../core/delivery/sender.js';
import { syncDirectory, writeFileAtomic } from '../archive/atomic.js';
import { archivePaths, inArchive } from '../archive/layout.js';
import { ensureArchiveDir } from '../archive/safe-path.js';
import type { ManifestLetter } from '../archive/manifest.js';
import { writing } from '../archive/write-error.js';

export class MailArchive {
  private readonly dirs = new Set<string>();
  private readonly ready = new Map<string, Promise<void>>();
  /** File names in each mail folder: those there when the run first wrote to it, plus those written, less those set aside. */
  private readonly present = new Map<string, Set<string>>();

  constructor(
    private readonly out: string,
    private readonly entries: Map<string, ManifestLetter>,
    private readonly changed: () => void,
  ) {}

  async write(letter: Letter, message: OutgoingMessage): Promise<void> {
    const eml = archivePaths.eml(letter.petition, letter.addresseeId, letter.language);
    const file = inArchive(this.out, eml);
    await writing(eml, async () => {
      const dir = path.dirname(file);
      await this.folder(letter.petition, dir);
      // An earlier version (resent, retried after an unknown attempt) is kept: it may be what the addressee has.
      await this.keepAside(letter, 'earlier');
      // The file is fsync'd before its `sending` record; the folders are synced at the end of the run (on journaling
      // file systems the ledger's own fsync, which follows, commits the rename with it).
      await writeFileAtomic(file, message.raw, { dirExists: true, syncDirectory: false });
      this.present.get(dir)?.add(path.basename(file));
    });
    const entry = this.entries.get(letter.id);
    if (entry) entry.files = [...entry.files.filter((f) => f.kind !== 'eml'), { path: eml, sha256: sha256(message.raw), kind: 'eml' }];
    this.changed();
  }

  async remove(letter: Letter): Promise<void> {
    const eml = archivePaths.eml(letter.petition, letter.addresseeId, letter.language);
    await writing(eml, () => this.keepAside(letter, 'refused'));
    const entry = this.entries.get(letter.id);
    if (entry) entry.files = entry.files.filter((f) => f.path !== eml);
    this.changed();
  }

  /** Once per folder and run, shared by every lane: made without following a symbolic link, its files noted. */
  private folder(petition: string, dir: string): Promise<void> {
    let ready = this.ready.get(dir);
    if (!ready) {
      ready = (async () => {
        await ensureArchiveDir(this.out, archivePaths.mailDir(petition));
        await syncDirectory(path.dirname(dir));
        this.dirs.add(dir);
        this.present.set(dir, new Set(await fs.readdir(dir)));
      })();
      this.ready.set(dir, ready);
    }
    return ready;
  }

  /** Moves the letter's current .eml, if any, to mail/<petition>/<folder>/<addressee>.<lang>.<time>.eml. Nothing is deleted. */
  private async keepAside(letter: Letter, folder: 'earlier' | 'refused'): Promise<void> {
    const eml = archivePaths.eml(letter.petition, letter.addresseeId, letter.language);
    const from = inArchive(this.out, eml);
    const present = this.present.get(path.dirname(from));
    if (present ? !present.delete(path.basename(from)) : !(await exists(from))) return; // nothing there
    const dir = await ensureArchiveDir(this.out, `${archivePaths.mailDir(letter.petition)}/${folder}`);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = path.basename(from, '.eml');
    let to = path.join(dir, `${base}.${stamp}.eml`);
    for (let n = 2; await exists(to); n++) to = path.join(dir, `${base}.${stamp}-${n}.eml`);
    await fs.rename(from, to);
    this.dirs.add(dir);
  }

  async sync(): Promise<void> {
    for (const dir of this.dirs) await syncDirectory(dir);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
