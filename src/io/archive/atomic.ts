// Files a reader may open at any moment are replaced whole: write a temporary file, fsync it, rename it over.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { relativeToArchive } from './layout.js';
import { ensureArchiveDir, openTemporary, refuseLink } from './safe-path.js';

export interface AtomicWriteOptions {
  /** fsync the folder after the rename (default). Off for many files in one folder: sync it once at the end. */
  syncDirectory?: boolean | undefined;
  /** The folder is known to exist (made with ensureArchiveDir, which refused links on the way). */
  dirExists?: boolean | undefined;
  /** The archive folder `file` is in: no folder below it may be a link, and problems name files relative to it. */
  archive?: string | undefined;
}

/**
 * Never writes through a link: the file itself is refused if it is one (InputError), and the temporary file is
 * created new (O_EXCL, O_NOFOLLOW). With `archive`, the folders below it are checked (and made) too.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const shownAs = await prepareFolder(file, options);
  await refuseLink(file, shownAs);
  const { temp, handle } = await openTemporary(file, 'tmp');
  try {
    // Plain writes: handle.writeFile's chunking and abort-signal plumbing cost more than the write for small files.
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let written = 0; written < bytes.byteLength;) written += (await handle.write(bytes, written, bytes.byteLength - written, written)).bytesWritten;
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  if (options.syncDirectory !== false) await syncDirectory(path.dirname(file));
}

/** Makes the file's folder unless known to exist; returns how problems name the file. */
async function prepareFolder(file: string, options: AtomicWriteOptions): Promise<string> {
  if (options.archive === undefined) {
    if (!options.dirExists) await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  }
  const relative = relativeToArchive(options.archive, file);
  if (relative === file) throw new Error(`not inside the archive folder: ${file}`);
  if (!options.dirExists) await ensureArchiveDir(options.archive, path.posix.dirname(relative));
  return relative;
}

/** Makes a rename durable. Not every platform can open a directory; there the rename is as durable as it gets. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse; nothing better to do.
  } finally {
    await handle?.close();
  }
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}
