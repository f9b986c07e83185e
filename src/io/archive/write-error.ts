// A file of the archive (ledger, .eml, manifest) could not be written: disk full, read-only, a quota. The run stops
// at once and reports what it did — a fault of the machine, not of the program: exit 1, never 70.
import { DeliveryError } from '../../core/errors.js';
export class ArchiveWriteError extends DeliveryError {
  constructor(
    readonly file: string,
    error: unknown,
  ) {
    const e = error as NodeJS.ErrnoException;
    super(`could not write ${file}: ${String(e?.message ?? error)}`);
    this.cause = error;
    this.name = 'ArchiveWriteError';
  }
}

/** Runs a write, turning a failure into an ArchiveWriteError naming the archive-relative file. */
export async function writing<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Bad input (a symbolic link in the archive) stays exit 2; an ArchiveWriteError already names its file.
    if (error instanceof ArchiveWriteError || (error as { exitCode?: unknown }).exitCode !== undefined) throw error;
    throw new ArchiveWriteError(file, error);
  }
}
