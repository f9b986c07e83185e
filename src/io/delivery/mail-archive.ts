// mail/<petition>/<addressee>.<lang>.eml: each message exactly as it goes on the wire, so that the archive proves what
// may have been sent even when the ledger cannot (`petition ledger recover` reads it). Nothing is deleted: a message
// the server refused moves to refused/, an earlier version of a letter that is sent again to earlier/.
//
// The rule, with the ledger's (exactly-once): the end of a message's DATA leaves only once its .eml is on disk, whole,
// at its name, and its `sending` record is on disk after that. No file is fsync'd on its own for it:
//   1. write(): the message goes to a temporary file beside its name, not synced (the page cache takes it).
//   2. durable(): when a letter is about to go on the wire, every temporary file written so far is fsync'd (at once,
//      so that the file system commits them together), renamed to its name, and each folder that gained a name is
//      fsync'd once. A letter whose file went with an earlier batch waits for nothing.
//   3. The executor appends the letter's `sending` record (the ledger's fsync is the commit point) and the SMTP client
//      holds back the end of DATA until that record is on disk.
// A crash before 2 leaves temporary files (the next run removes them) and a letter the ledger has as queued, sent by
// the next run. After 2, the .eml is whole at its name, perhaps of a letter that never left (queued, or unknown once
// `sending` was written): whenever the ledger says `sending`, the .eml is there, and no .eml is ever half written.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Letter } from '../../core/types.js';
import type { OutgoingMessage } from '../../core/delivery/sender.js';
import { syncDirectory } from '../archive/atomic.js';
import { archivePaths, inArchive } from '../archive/layout.js';
import { ensureArchiveDir, openTemporary } from '../archive/safe-path.js';
import { removeStaleTemporaries } from '../archive/stale-temp.js';
import type { ManifestLetter } from '../archive/manifest.js';
import { writing } from '../archive/write-error.js';

/** A message written to its temporary file, not yet synced nor at its name. */
interface Unsynced {
  letter: Letter;
  temp: string;
  file: string;
  handle: fs.FileHandle;
  sha256: string;
}

export class MailArchive {
  /** Folders whose names changed since they were last synced. */
  private readonly dirs = new Set<string>();
  private readonly ready = new Map<string, Promise<void>>();
  /** File names in each mail folder: those there when the run first wrote to it, plus those written, less those set aside. */
  private readonly present = new Map<string, Set<string>>();
  /** Written, waiting for the next batch; by letter id. */
  private unsynced = new Map<string, Unsynced>();
  /** The batch each letter's file is in while it is synced. */
  private readonly inBatch = new Map<string, Promise<void>>();
  /** The batch under way. */
  private syncing: Promise<void> | undefined;
  /** A batch that failed: nothing written since can be trusted to be on disk, and the run stops. */
  private failure: unknown;

  constructor(
    private readonly out: string,
    private readonly entries: Map<string, ManifestLetter>,
    private readonly changed: () => void,
  ) {}

  /** Writes the message to a temporary file beside its .eml; `durable` puts it at its name. */
  async write(letter: Letter, message: OutgoingMessage): Promise<void> {
    const eml = archivePaths.eml(letter);
    const file = inArchive(this.out, eml);
    await writing(eml, async () => {
      await this.folder(letter.petition, path.dirname(file));
      // An earlier version (resent, retried after an unknown attempt) is kept: it may be what the addressee has.
      await this.keepAside(letter, 'earlier');
      // The temporary file is new (O_EXCL, O_NOFOLLOW), and a rename replaces a link rather than writing through
      // it: links in the archive were refused before the run (prepareArchiveFiles), none is followed now.
      const { temp, handle } = await openTemporary(file, 'tmp');
      try {
        for (let written = 0; written < message.raw.byteLength;) written += (await handle.write(message.raw, written, message.raw.byteLength - written, written)).bytesWritten;
      } catch (error) {
        await handle.close();
        await fs.rm(temp, { force: true });
        throw error;
      }
      this.unsynced.set(letter.id, { letter, temp, file, handle, sha256: sha256(message.raw) });
    });
  }

  /** Resolves once the letter's .eml is on disk at its name (with every other message written so far). */
  async durable(letter: Letter): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const batch = this.inBatch.get(letter.id);
      if (batch) return batch;
      if (!this.unsynced.has(letter.id)) return; // went with an earlier batch
      if (!this.syncing) return this.startBatch();
      // The batch under way began before this file was written: the next one takes it, with all written meanwhile.
      await this.syncing.catch(() => undefined);
    }
  }

  async remove(letter: Letter): Promise<void> {
    const eml = archivePaths.eml(letter);
    await writing(eml, () => this.keepAside(letter, 'refused'));
    const entry = this.entries.get(letter.id);
    if (entry) entry.files = entry.files.filter((f) => f.path !== eml);
    this.changed();
  }

  /** At the end of a run: the messages written and not yet sent go to their names too, and every folder is synced. */
  async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.syncing || this.unsynced.size > 0) await (this.syncing ?? this.startBatch());
    await Promise.all([...this.dirs].map((dir) => syncDirectory(dir)));
    this.dirs.clear();
  }

  private startBatch(): Promise<void> {
    const batch = [...this.unsynced.values()];
    this.unsynced = new Map();
    const syncing = this.syncBatch(batch)
      .catch((error: unknown) => {
        this.failure ??= error;
        throw error;
      })
      .finally(() => {
        for (const u of batch) this.inBatch.delete(u.letter.id);
        if (this.syncing === syncing) this.syncing = undefined;
      });
    for (const u of batch) this.inBatch.set(u.letter.id, syncing);
    this.syncing = syncing;
    return syncing;
  }

  private async syncBatch(batch: readonly Unsynced[]): Promise<void> {
    const [first] = batch;
    if (!first) return;
    const eml = (u: Unsynced): string => archivePaths.eml(u.letter);
    await writing(eml(first), async () => {
      try {
        await Promise.all(batch.map((u) => u.handle.sync()));
      } finally {
        await Promise.all(batch.map((u) => u.handle.close().catch(() => undefined)));
      }
      await Promise.all(batch.map((u) => fs.rename(u.temp, u.file)));
      // The new names, and any earlier version set aside meanwhile: every folder changed so far, once.
      for (const u of batch) this.dirs.add(path.dirname(u.file));
      const dirs = [...this.dirs];
      this.dirs.clear();
      await Promise.all(dirs.map((dir) => syncDirectory(dir)));
    });
    for (const u of batch) {
      this.present.get(path.dirname(u.file))?.add(path.basename(u.file));
      const entry = this.entries.get(u.letter.id);
      if (entry) entry.files = [...entry.files.filter((f) => f.kind !== 'eml'), { path: eml(u), sha256: u.sha256, kind: 'eml' }];
    }
    this.changed();
  }

  /** Once per folder and run, shared by every lane: made without following a symbolic link, a killed run's temporary files removed, its files noted. */
  private folder(petition: string, dir: string): Promise<void> {
    let ready = this.ready.get(dir);
    if (!ready) {
      ready = (async () => {
        await ensureArchiveDir(this.out, archivePaths.mailDir(petition));
        await syncDirectory(path.dirname(dir));
        await removeStaleTemporaries([dir]);
        this.present.set(dir, new Set(await fs.readdir(dir)));
      })();
      this.ready.set(dir, ready);
    }
    return ready;
  }

  /** Moves the letter's current .eml, if any, to mail/<petition>/<folder>/<addressee>.<lang>.<time>.eml. Nothing is deleted. */
  private async keepAside(letter: Letter, folder: 'earlier' | 'refused'): Promise<void> {
    const eml = archivePaths.eml(letter);
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
    this.dirs.add(path.dirname(from));
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
