// Files a reader may open at any moment are replaced whole: write a temporary file, fsync it, rename it over.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

export interface AtomicWriteOptions {
  /** fsync the folder after the rename (default). Off for many files in one folder: sync it once at the end. */
  syncDirectory?: boolean | undefined;
  /** The folder is known to exist. */
  dirExists?: boolean | undefined;
}

let sequence = 0;

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  if (!options.dirExists) await fs.mkdir(path.dirname(file), { recursive: true });
  sequence += 1;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${sequence}.tmp`);
  const handle = await fs.open(temp, 'w');
  try {
    // Plain writes: handle.writeFile's chunking and abort-signal plumbing cost more than the write for small files.
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let written = 0; written < bytes.byteLength; ) written += (await handle.write(bytes, written, bytes.byteLength - written, written)).bytesWritten;
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
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}
